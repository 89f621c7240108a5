import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { sql, type Kysely } from 'kysely'
import t from 'tap'
import type { Database } from '../../server/db/schema.js'
import { en } from '../../views/messages/en.js'
import { DEMO_PASSWORD, rowCounts } from '../helpers/app.js'
import { createTestDatabase, testServerUrl, type TestDatabase } from '../helpers/database.js'
import { runNode, startAppProcess, waitFor, type AppProcess } from '../helpers/processes.js'
import { startTcpProxy, targetOf, throughProxy } from '../helpers/tcp-proxy.js'

/**
 * Faults with real app processes on a real PostgreSQL server (TEST_DATABASE_URL): concurrent writers
 * in two processes, SIGKILL in the middle of a staff import and of a framework load, the database
 * going away and coming back, and SIGTERM with a request in flight. The embedded database can be
 * opened by one process only, so these need a server.
 */
const skip = testServerUrl === undefined ? 'needs a PostgreSQL server: set TEST_DATABASE_URL (e.g. postgresql://postgres@127.0.0.1:5432/postgres)' : false
if (skip) t.comment(`faults with app processes skipped: ${skip}`)

const USERS = ['lecturer@demo.test', 'hr@demo.test', 'designer@demo.test', 'admin@demo.test'] as const

async function token(app: AppProcess, email: string): Promise<string> {
  const response = await fetch(`${app.url}/api/v1/auth/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: DEMO_PASSWORD }) })
  if (response.status !== 200) throw new Error(`token for ${email}: ${response.status}`)
  return ((await response.json()) as { token: string }).token
}

/** Backends of this database (other than ours) inside a transaction that has written. */
async function writersInFlight(db: Kysely<Database>): Promise<number> {
  const row = await sql<{ n: number }>`select count(*)::int as n from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid() and backend_xid is not null`.execute(db)
  return row.rows[0]!.n
}

async function counts(db: Kysely<Database>): Promise<Record<string, number>> {
  const departments = await db.selectFrom('departments').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
  return { ...(await rowCounts(db)), departments: Number(departments.n) }
}

async function demoCompetency(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom('competencies')
    .innerJoin('institutions', 'institutions.framework_id', 'competencies.framework_id')
    .select('competencies.id')
    .where('institutions.name', '=', 'Demo University')
    .where('competencies.kind', '=', 'competency')
    .orderBy('competencies.id')
    .executeTakeFirstOrThrow()
  return row.id
}

function stop(app: AppProcess | undefined): Promise<unknown> {
  if (app === undefined || app.child.exitCode !== null || app.child.signalCode !== null) return Promise.resolve()
  app.child.kill('SIGKILL')
  return app.exited
}

t.test('two app processes, 50 concurrent rating writes on one competency: none lost, current_ratings holds the newest', { skip }, async (t) => {
  const database = await createTestDatabase()
  const apps: AppProcess[] = []
  t.teardown(async () => {
    await Promise.all(apps.map(stop))
    await database.close()
  })
  apps.push(...(await Promise.all([startAppProcess(database.connectionString), startAppProcess(database.connectionString)])))
  const tokens = await Promise.all(USERS.map((email) => token(apps[0]!, email)))
  const competencyId = await demoCompetency(database.db)
  const before = await counts(database.db)

  const WRITES = 50
  const responses = await Promise.all(
    Array.from({ length: WRITES }, async (_, i) => {
      const app = apps[i % 2]!
      const response = await fetch(`${app.url}/api/v1/me/ratings/${competencyId}`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens[i % USERS.length]}` },
        body: JSON.stringify({ level: 1 + (i % 3), evidence: `concurrent write ${i}` }),
      })
      return { i, status: response.status }
    }),
  )
  t.same(responses.filter((response) => response.status !== 200), [], `all ${WRITES} writes answered 200 (no 5xx, no deadlock)`)

  const written = await database.db.selectFrom('ratings').select(['evidence']).where('evidence', 'like', 'concurrent write %').execute()
  t.equal(written.length, WRITES, 'every write is in the ratings history')
  t.same(new Set(written.map((row) => row.evidence)), new Set(Array.from({ length: WRITES }, (_, i) => `concurrent write ${i}`)), 'each exactly once')
  const after = await counts(database.db)
  t.equal(after['ratings']! - before['ratings']!, WRITES, 'and nothing else was added to the history')
  t.equal(after['audit_log']! - before['audit_log']!, WRITES, 'one audit entry each')

  for (const email of USERS) {
    const user = await database.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow()
    const newest = await database.db
      .selectFrom('ratings')
      .select(['id', 'level'])
      .where('user_id', '=', user.id)
      .where('competency_id', '=', competencyId)
      .where('source', '=', 'self')
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow()
    const current = await database.db.selectFrom('current_ratings').select(['rating_id', 'level']).where('user_id', '=', user.id).where('competency_id', '=', competencyId).execute()
    t.same(current, [{ rating_id: newest.id, level: newest.level }], `${email}: current_ratings holds the newest rating (by created_at, id)`)
  }
  t.comment(`concurrency: ${WRITES} writes by ${USERS.length} users over 2 processes; lost: ${WRITES - written.length}`)
})

t.test('SIGKILL in the middle of a 5,000-row staff import leaves nothing behind; the app restarts cleanly', { skip }, async (t) => {
  const database = await createTestDatabase()
  let app: AppProcess | undefined
  t.teardown(async () => {
    await stop(app)
    await database.close()
  })
  app = await startAppProcess(database.connectionString)
  const hr = await token(app, 'hr@demo.test')
  const before = await counts(database.db)
  const ROWS = 5000
  const csv = 'email,name,department\n' + Array.from({ length: ROWS }, (_, i) => `bulk-${i}@demo.test,Bulk Person ${i},Bulk Department ${i % 25}`).join('\n') + '\n'

  const importing = fetch(`${app.url}/api/v1/institution/staff/import?dryRun=0&createDepartments=1`, { method: 'POST', headers: { 'content-type': 'text/csv', authorization: `Bearer ${hr}` }, body: csv }).then(
    (response) => `answered ${response.status}`,
    () => 'cut off',
  )
  await waitFor('the import transaction to start writing', async () => (await writersInFlight(database.db)) > 0)
  app.child.kill('SIGKILL')
  const exit = await app.exited
  t.equal(exit.signal, 'SIGKILL', 'the process was killed mid-import')
  t.equal(await importing, 'cut off', 'the request never got an answer')
  await waitFor('the server to roll the import back', async () => (await writersInFlight(database.db)) === 0)
  t.same(await counts(database.db), before, 'no partial import: every table count unchanged')
  t.equal((await database.db.selectFrom('users').select('id').where('email', 'like', 'bulk-%').execute()).length, 0, 'no imported person')

  app = await startAppProcess(database.connectionString)
  t.equal((await fetch(`${app.url}/healthz`)).status, 200, 'a new process starts on the same database and is healthy')
  const dryRun = await fetch(`${app.url}/api/v1/institution/staff/import?dryRun=1&createDepartments=1`, { method: 'POST', headers: { 'content-type': 'text/csv', authorization: `Bearer ${await token(app, 'hr@demo.test')}` }, body: csv })
  const plan = (await dryRun.json()) as { created: number; errors: unknown[] }
  t.same([dryRun.status, plan.created, plan.errors.length], [200, ROWS, 0], 'the same file would now create all 5,000 people: none was half-imported')
})

t.test('SIGKILL in the middle of a framework load leaves nothing behind; the load then succeeds', { skip }, async (t) => {
  const database = await createTestDatabase()
  const dir = await mkdtemp(path.join(tmpdir(), 'ct-faults-'))
  t.teardown(async () => {
    await rm(dir, { recursive: true, force: true })
    await database.close()
  })
  const file = path.join(dir, 'big-framework.json')
  const template = JSON.parse(await readFile(new URL('../../framework-data/frameworks/digcompedu.json', import.meta.url), 'utf8')) as { nodes: Array<{ children: unknown[] }> } & Record<string, unknown>
  const domain = template.nodes[0]! as Record<string, unknown> & { children: Array<Record<string, unknown>> }
  const DOMAINS = 60
  const PER_DOMAIN = 40
  const nodes = Array.from({ length: DOMAINS }, (_, d) => ({
    ...domain,
    code: `BIG.${d + 1}`,
    title: `Big domain ${d + 1}`,
    children: Array.from({ length: PER_DOMAIN }, (_, c) => ({ ...domain.children[0]!, code: `BIG.${d + 1}.${c + 1}`, title: `Big competency ${d + 1}.${c + 1}` })),
  }))
  await writeFile(file, JSON.stringify({ ...template, id: 'big-fault-test', version: '1', title: 'A big framework for the fault test', nodes }))
  const before = await counts(database.db)
  const env = { DATABASE_URL: database.connectionString, JWT_SECRET: 'x'.repeat(40), SEED_DEMO: '0' }

  const load = runNode('server/cli/framework-load.ts', [file], env)
  await waitFor('the framework load to start writing', async () => (await writersInFlight(database.db)) > 0 || load.child.exitCode !== null)
  load.child.kill('SIGKILL')
  const exit = await load.exited
  t.equal(exit.signal, 'SIGKILL', `the load was killed mid-way (${load.output().slice(0, 200)})`)
  await waitFor('the server to roll the load back', async () => (await writersInFlight(database.db)) === 0)
  t.same(await counts(database.db), before, 'no partial framework: counts unchanged')
  t.equal((await database.db.selectFrom('frameworks').select('id').where('slug', '=', 'big-fault-test').execute()).length, 0, 'the framework is not there')

  const again = runNode('server/cli/framework-load.ts', [file], env)
  const done = await again.exited
  t.equal(done.code, 0, `loading again succeeds: ${again.output().trim().split('\n').at(-1)}`)
  const loaded = await database.db
    .selectFrom('competencies')
    .innerJoin('frameworks', 'frameworks.id', 'competencies.framework_id')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('frameworks.slug', '=', 'big-fault-test')
    .executeTakeFirstOrThrow()
  t.ok(Number(loaded.n) >= DOMAINS * (PER_DOMAIN + 1), `all ${loaded.n} nodes are there`)
})

t.test('database away and back under a running process; SIGTERM lets a slow request finish, then exits 0', { skip }, async (t) => {
  const database: TestDatabase = await createTestDatabase()
  const proxy = await startTcpProxy(targetOf(database.connectionString))
  let app: AppProcess | undefined
  t.teardown(async () => {
    await stop(app)
    await proxy.close()
    await database.close()
  })
  app = await startAppProcess(throughProxy(database.connectionString, proxy))
  const lecturer = await token(app, 'lecturer@demo.test')
  t.equal((await fetch(`${app.url}/healthz`)).status, 200, 'healthy')

  await proxy.close()
  const health = await fetch(`${app.url}/healthz`)
  t.equal(health.status, 503, '/healthz: 503 with the database away')
  // The bearer token is also what the session cookie holds.
  const page = await fetch(`${app.url}/framework`, { headers: { cookie: `session=${lecturer}` } })
  const html = await page.text()
  t.equal(page.status, 503, 'a page: 503')
  t.ok(html.includes(`<h1>${en.errors.unavailable}</h1>`), 'the 503 page, not a stack trace')
  t.notMatch(html, /ECONNREFUSED|\bat .*:\d+:\d+/)
  const api = await fetch(`${app.url}/api/v1/me/ratings`, { headers: { authorization: `Bearer ${lecturer}` } })
  t.equal(api.status, 503, 'the API: 503')
  t.equal(((await api.json()) as { error: { code: string } }).error.code, 'database_unavailable')
  await proxy.open()
  await waitFor('/healthz to be 200 again', async () => (await fetch(`${app!.url}/healthz`)).status === 200)
  t.pass('/healthz is 200 again without a restart')
  t.equal((await fetch(`${app.url}/api/v1/me/ratings`, { headers: { authorization: `Bearer ${lecturer}` } })).status, 200, 'the API answers again')

  proxy.delayMs = 700
  const sentBefore = proxy.queriesSent
  const slow = fetch(`${app.url}/api/v1/me/ratings`, { headers: { authorization: `Bearer ${lecturer}` } }).then(async (response) => ({ status: response.status, body: (await response.json()) as unknown[], at: performance.now() }))
  await waitFor('the slow request to reach the database', async () => proxy.queriesSent > sentBefore)
  app.child.kill('SIGTERM')
  const [answer, exit] = await Promise.all([slow, app.exited])
  t.equal(answer.status, 200, 'the request in flight completes')
  t.ok(Array.isArray(answer.body) && answer.body.length > 0, 'with its ratings')
  t.equal(exit.code, 0, `then the process exits 0 (${exit.code ?? exit.signal})`, { output: app.output().slice(-1500) })
  t.ok(exit.at >= answer.at - 50, 'after the answer was sent')
  t.comment(`faults: database cut once and restored; SIGTERM with a request held ${proxy.delayMs} ms per answer`)
})
