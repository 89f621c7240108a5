import t from 'tap'
import { sql } from 'kysely'
import { DEMO_PASSWORD } from '../helpers/app.js'
import { createTestDatabase } from '../helpers/database.js'
import { skip, stop, token } from '../helpers/faults.js'
import { startAppProcess, type AppProcess } from '../helpers/processes.js'

/**
 * Where the rules say "one", twelve identical writes at once from two app processes give exactly one
 * row: one request succeeds and the eleven others answer 409 (never 500, never a second row). On a
 * real PostgreSQL server, where the requests truly run side by side.
 */
if (skip) t.comment(`skipped: ${skip}`)

const RACERS = 12

/** A browser's session on one app process: its cookies and the last page's CSRF token. */
class PageSession {
  private readonly cookies = new Map<string, string>()
  private csrf = ''
  constructor(readonly app: AppProcess) {}

  async get(path: string): Promise<Response> {
    return this.keep(await fetch(`${this.app.url}${path}`, { headers: { cookie: this.cookieHeader() }, redirect: 'manual' }))
  }

  async post(path: string, fields: Record<string, string>): Promise<Response> {
    const body = new URLSearchParams({ _csrf: this.csrf, ...fields }).toString()
    return this.keep(await fetch(`${this.app.url}${path}`, { method: 'POST', body, headers: { cookie: this.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded' }, redirect: 'manual' }))
  }

  static async signIn(app: AppProcess, email: string): Promise<PageSession> {
    const session = new PageSession(app)
    await session.get('/login')
    const signedIn = await session.post('/login', { email, password: DEMO_PASSWORD, next: '/' })
    if (signedIn.status !== 303) throw new Error(`sign-in of ${email} answered ${signedIn.status}`)
    return session
  }

  private cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ')
  }

  private async keep(response: Response): Promise<Response> {
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(';')
      const at = pair!.indexOf('=')
      this.cookies.set(pair!.slice(0, at), pair!.slice(at + 1))
    }
    const text = await response.clone().text()
    const token = /name="_csrf" value="([^"]+)"/.exec(text)?.[1]
    if (token !== undefined) this.csrf = token
    return response
  }
}

/** Answers counted by status, e.g. { 201: 1, 409: 11 }. */
function tally(statuses: readonly number[]): Record<number, number> {
  const counts: Record<number, number> = {}
  for (const status of statuses) counts[status] = (counts[status] ?? 0) + 1
  return counts
}

t.test('twelve identical writes at once from two processes: one succeeds, eleven answer 409, one row is stored', { skip }, async (t) => {
  const database = await createTestDatabase()
  const db = database.db
  const apps: AppProcess[] = []
  t.teardown(async () => {
    await Promise.all(apps.map(stop))
    await database.close()
  })
  apps.push(...(await Promise.all([startAppProcess(database.connectionString), startAppProcess(database.connectionString)])))
  const api = async (email: string) => Promise.all(apps.map((app) => token(app, email)))
  const send = (i: number, tokens: readonly string[], method: string, path: string, body: unknown) =>
    fetch(`${apps[i % 2]!.url}/api/v1${path}`, { method, headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens[i % 2]}` }, body: JSON.stringify(body) }).then(async (response) => {
      const text = await response.text()
      return { status: response.status, reason: response.status === 409 ? (JSON.parse(text) as { error: { reason?: string } }).error.reason : undefined }
    })
  const race = <T>(write: (i: number) => Promise<T>) => Promise.all(Array.from({ length: RACERS }, (_, i) => write(i)))

  await t.test('a lecturer logs one programme twelve times', async (t) => {
    const tokens = await api('lecturer@demo.test')
    const programme = await db.selectFrom('programmes').select('id').where('published', '=', true).orderBy('id', 'desc').executeTakeFirstOrThrow()
    const answers = await race((i) => send(i, tokens, 'POST', '/me/activities', { programmeId: programme.id, status: 'planned' }))
    t.same(tally(answers.map((answer) => answer.status)), { 201: 1, 409: RACERS - 1 })
    t.same(new Set(answers.filter((answer) => answer.status === 409).map((answer) => answer.reason)), new Set(['programmeInLog']))
    const open = await db.selectFrom('pd_activities').innerJoin('users', 'users.id', 'pd_activities.user_id').select('pd_activities.id').where('users.email', '=', 'lecturer@demo.test').where('programme_id', '=', programme.id).where('status', '!=', 'completed').execute()
    t.equal(open.length, 1, 'one open activity of the programme')
  })

  await t.test('HR adds one person twelve times, the email in different cases', async (t) => {
    const tokens = await api('hr@demo.test')
    const emails = Array.from({ length: RACERS }, (_, i) => (i % 3 === 0 ? 'race.person@demo.test' : i % 3 === 1 ? 'Race.Person@demo.test' : 'RACE.PERSON@DEMO.TEST'))
    const answers = await race((i) => send(i, tokens, 'POST', '/institution/staff', { email: emails[i], name: 'Race Person', role: 'lecturer' }))
    t.same(tally(answers.map((answer) => answer.status)), { 201: 1, 409: RACERS - 1 })
    const stored = await db.selectFrom('users').select('id').where(sql<string>`lower(email)`, '=', 'race.person@demo.test').execute()
    t.equal(stored.length, 1, 'one person')
  })

  await t.test('a designer renames twelve programmes to one code', async (t) => {
    const tokens = await api('designer@demo.test')
    const programmes = await db.selectFrom('programmes').select('id').orderBy('id').limit(RACERS).execute()
    const answers = await race((i) => send(i, tokens, 'PATCH', `/programmes/${programmes[i]!.id}`, { code: 'RACE-ONE' }))
    t.same(tally(answers.map((answer) => answer.status)), { 200: 1, 409: RACERS - 1 })
    t.same(new Set(answers.filter((answer) => answer.status === 409).map((answer) => answer.reason)), new Set(['programmeCodeTaken']))
    const stored = await db.selectFrom('programmes').select('id').where('code', '=', 'RACE-ONE').execute()
    t.equal(stored.length, 1, 'one programme has the code')
  })

  await t.test('HR creates one department twelve times, its name in different cases (the page form)', async (t) => {
    // One session per process (sign-ins are limited per address); its requests run side by side.
    const sessions = await Promise.all(apps.map((app) => PageSession.signIn(app, 'hr@demo.test')))
    await Promise.all(sessions.map((session) => session.get('/hr/departments')))
    const names = ['Case Dept X', 'CASE DEPT X', 'case dept x']
    const answers = await race((i) => sessions[i % 2]!.post('/hr/departments', { name: names[i % 3]! }))
    t.same(tally(answers.map((answer) => answer.status)), { 303: 1, 409: RACERS - 1 })
    const refused = await answers.find((answer) => answer.status === 409)!.text()
    t.match(refused, /already/, 'the form says why')
    const stored = await db.selectFrom('departments').select('name').where(sql<string>`lower(name)`, '=', 'case dept x').execute()
    t.equal(stored.length, 1, 'one department')
  })

  await t.test('the platform operator creates one institution twelve times (the page form)', async (t) => {
    const framework = await db.selectFrom('frameworks').select('id').where('slug', '=', 'iioe-hew').orderBy('id', 'desc').executeTakeFirstOrThrow()
    const sessions = await Promise.all(apps.map((app) => PageSession.signIn(app, 'admin@demo.test')))
    await Promise.all(sessions.map((session) => session.get('/admin/institutions')))
    const answers = await race((i) =>
      sessions[i % 2]!.post('/admin/institutions', { name: i % 2 === 0 ? 'Race University' : 'RACE UNIVERSITY', country: 'Kenya', hrName: 'Race HR', hrEmail: `race.hr${i}@race.test`, frameworkId: String(framework.id) }),
    )
    t.same(tally(answers.map((answer) => answer.status)), { 303: 1, 409: RACERS - 1 })
    const stored = await db.selectFrom('institutions').select('id').where(sql<string>`lower(name)`, '=', 'race university').execute()
    t.equal(stored.length, 1, 'one institution')
    const hr = await db.selectFrom('users').select('id').where('email', 'like', 'race.hr%@race.test').execute()
    t.equal(hr.length, 1, 'and one first HR account: the refused ones wrote nothing')
  })
})
