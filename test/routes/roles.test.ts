import type { Kysely } from 'kysely'
import type { LightMyRequestResponse } from 'fastify'
import t, { type Test } from 'tap'
import type { Database } from '../../server/db/schema.js'
import { ROLES, type Role } from '../../server/domain/roles.js'
import { hashPassword } from '../../server/services/passwords.js'
import { apiToken, browserGet, browserPost, DEMO_PASSWORD, rowCounts, signIn, startTestApp, type BrowserSession } from '../helpers/app.js'

/**
 * The role matrix: every actor role (lecturer, designer, hr, operator) x every role it might give, to a
 * new person, to another person, to themself and to an operator, through the staff form, the staff API
 * and the staff CSV import. A refusal has its exact status and writes nothing: no user, no role
 * changed, no token version moved, no audit entry.
 */
const ACTORS = { lecturer: 'lecturer@demo.test', designer: 'designer@demo.test', hr: 'hr@demo.test', admin: 'admin@demo.test' } as const satisfies Record<Role, string>

/** Every count the app may write to, and every Demo University person's role, token version and status. */
async function snapshot(db: Kysely<Database>) {
  const users = await db.selectFrom('users').select(['id', 'role', 'token_version', 'disabled_at', 'password_hash']).orderBy('id').execute()
  return { counts: await rowCounts(db), users: JSON.stringify(users) }
}

let serial = 0
/** A new Demo University lecturer with the demo password, to change without disturbing the others. */
async function newPerson(db: Kysely<Database>, role: Role = 'lecturer'): Promise<{ id: number; email: string }> {
  const demo = await db.selectFrom('institutions').select('id').where('name', '=', 'Demo University').executeTakeFirstOrThrow()
  const email = `matrix-${++serial}@demo.test`
  const { id } = await db.insertInto('users').values({ institution_id: demo.id, email, name: `Matrix ${serial}`, role, password_hash: await hashPassword(DEMO_PASSWORD) }).returning('id').executeTakeFirstOrThrow()
  return { id, email }
}

t.test('the role matrix', async (t) => {
  const { app, db } = await startTestApp(t)
  const idOf = async (email: string) => (await db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id
  const tokens = Object.fromEntries(await Promise.all(Object.entries(ACTORS).map(async ([role, email]) => [role, await apiToken(app, email)]))) as Record<Role, string>
  const sessions = {} as Record<Role, BrowserSession>
  for (const [role, email] of Object.entries(ACTORS)) sessions[role as Role] = await signIn(app, email)
  const operatorId = await idOf(ACTORS.admin)
  const api = (actor: Role, method: 'POST' | 'PATCH', url: string, payload: unknown, contentType = 'application/json') =>
    app.inject({ method, url, headers: { authorization: `Bearer ${tokens[actor]}`, 'content-type': contentType }, payload: typeof payload === 'string' ? payload : JSON.stringify(payload) })
  const roleOf = async (id: number) => (await db.selectFrom('users').select('role').where('id', '=', id).executeTakeFirstOrThrow()).role

  /** Runs a request that must be refused with `status`, and checks that it wrote nothing. */
  async function refused(t: Test, what: string, status: number, send: () => Promise<LightMyRequestResponse>) {
    const before = await snapshot(db)
    const response = await send()
    t.equal(response.statusCode, status, `${what}: ${status}`)
    t.same(await snapshot(db), before, `${what}: nothing written`)
    return response
  }

  t.test('adding a person with each role, as each actor', async (t) => {
    for (const actor of ROLES) {
      for (const role of ROLES) {
        const email = `new-${actor}-${role}@demo.test`
        const allowed = actor === 'hr' && role !== 'admin'
        // Non-HR callers are stopped by the route's role guard (403), HR naming the operator role by the rule (403 too).
        const status = 403
        if (allowed) {
          const viaApi = await api(actor, 'POST', '/api/v1/institution/staff', { email, name: 'New', role })
          t.equal(viaApi.statusCode, 201, `API: ${actor} adds a ${role}`)
          t.equal(await roleOf(viaApi.json().id), role)
          const viaPage = await browserPost(app, sessions[actor], '/hr/staff', { email: `page-${email}`, name: 'New', role })
          t.equal(viaPage.statusCode, 303, `page: ${actor} adds a ${role}`)
          t.equal(await roleOf(await idOf(`page-${email}`)), role)
          continue
        }
        const viaApi = await refused(t, `API: ${actor} adds a ${role}`, status, () => api(actor, 'POST', '/api/v1/institution/staff', { email, name: 'New', role }))
        if (actor === 'hr') t.match(viaApi.json(), { error: { code: 'forbidden', reason: 'roleNotGrantable', message: 'You cannot give the role admin: the roles you can give are lecturer, designer, hr' } })
        const viaPage = await refused(t, `page: ${actor} adds a ${role}`, status, () => browserPost(app, sessions[actor], '/hr/staff', { email, name: 'New Person', role }))
        if (actor === 'hr') {
          t.match(viaPage.body, 'id="sf-role-error">You cannot give the role admin', 'the form says why, at the role field')
          t.match(viaPage.body, 'value="New Person"', 'the input is kept')
        }
      }
    }
  })

  t.test('changing another person to each role, as each actor', async (t) => {
    for (const actor of ROLES) {
      for (const role of ROLES) {
        const person = await newPerson(db, role === 'lecturer' ? 'designer' : 'lecturer')
        const allowed = actor === 'hr' && role !== 'admin'
        if (!allowed) {
          await refused(t, `API: ${actor} makes another person ${role}`, 403, () => api(actor, 'PATCH', `/api/v1/institution/staff/${person.id}`, { role }))
          await refused(t, `page: ${actor} makes another person ${role}`, 403, () => browserPost(app, sessions[actor], `/hr/staff/${person.id}`, { name: 'Matrix', role, activeShown: '1', active: '1' }))
          continue
        }
        const viaApi = await api(actor, 'PATCH', `/api/v1/institution/staff/${person.id}`, { role })
        t.equal(viaApi.statusCode, 200, `API: HR makes another person ${role}`)
        t.equal(await roleOf(person.id), role)
        const other = await newPerson(db, role === 'lecturer' ? 'designer' : 'lecturer')
        const viaPage = await browserPost(app, sessions[actor], `/hr/staff/${other.id}`, { name: 'Matrix', role, activeShown: '1', active: '1' })
        t.equal(viaPage.statusCode, 303, `page: HR makes another person ${role}`)
        t.equal(await roleOf(other.id), role)
      }
    }
  })

  t.test('nobody changes their own role, through the API or the form', async (t) => {
    const hrId = await idOf(ACTORS.hr)
    for (const role of ROLES.filter((role) => role !== 'hr')) {
      const viaApi = await refused(t, `API: HR makes themself ${role}`, 409, () => api('hr', 'PATCH', `/api/v1/institution/staff/${hrId}`, { role }))
      t.match(viaApi.json(), { error: { code: 'conflict', reason: 'ownAccount' } })
      const viaPage = await refused(t, `page: HR makes themself ${role}`, 409, () => browserPost(app, sessions.hr, `/hr/staff/${hrId}`, { name: 'Farid Rahman', role, activeShown: '1', active: '1' }))
      t.match(viaPage.body, 'id="sf-role-error">You cannot disable your own account or change your own role')
    }
    const form = await browserGet(app, sessions.hr, `/hr/staff/${hrId}`)
    t.same([...form.body.matchAll(/<option value="(\w+)"[^>]*>[^<]*<\/option>/g)].map((match) => match[1]).filter((value) => ROLES.includes(value as Role)), ['hr'], 'their own form offers only the role they have')
  })

  t.test("an operator's account is out of HR's reach: not listed, not changed, not disabled, not invited", async (t) => {
    for (const role of ROLES) {
      await refused(t, `API: HR makes the operator ${role}`, 404, () => api('hr', 'PATCH', `/api/v1/institution/staff/${operatorId}`, { role }))
      await refused(t, `page: HR makes the operator ${role}`, 404, () => browserPost(app, sessions.hr, `/hr/staff/${operatorId}`, { name: 'Kwame Mensah', role, activeShown: '1', active: '1' }))
    }
    await refused(t, 'API: HR disables the operator', 404, () => api('hr', 'PATCH', `/api/v1/institution/staff/${operatorId}`, { active: false }))
    await refused(t, 'page: HR disables the operator', 404, () => browserPost(app, sessions.hr, `/hr/staff/${operatorId}`, { name: 'Kwame Mensah', role: 'admin', activeShown: '1' }))
    await refused(t, 'page: HR re-invites (signs out) the operator', 404, () => browserPost(app, sessions.hr, `/hr/staff/${operatorId}/invitation`, {}))
    t.equal((await browserGet(app, sessions.hr, `/hr/staff/${operatorId}`)).statusCode, 404)
    const listed = await app.inject({ url: '/api/v1/institution/staff?q=admin%40demo', headers: { authorization: `Bearer ${tokens.hr}` } })
    t.same(listed.json().staff, [], 'the staff API does not list the operator')
    t.notMatch((await browserGet(app, sessions.hr, '/hr/staff?q=Kwame')).body, 'Kwame Mensah', 'nor does the staff page')
    t.notMatch((await browserGet(app, sessions.hr, '/hr/staff/new')).body, 'Kwame Mensah', 'nor the reviewer choices')
    t.notMatch((await browserGet(app, sessions.hr, '/hr/staff/new')).body, 'value="admin"', 'the form never offers the operator role')
    const lecturerId = await idOf(ACTORS.lecturer)
    await refused(t, 'API: HR makes the operator a reviewer', 404, () => api('hr', 'PATCH', `/api/v1/institution/staff/${lecturerId}`, { reviewerId: operatorId }))
    t.equal((await browserGet(app, sessions.hr, `/people/${operatorId}/ratings`)).statusCode, 404, "HR do not review the operator's ratings")
  })

  t.test('the CSV import applies the same rule to every row, all or nothing', async (t) => {
    const person = await newPerson(db)
    const notGrantable = { column: 'role', message: 'you cannot give the role admin (the roles you can give are lecturer, designer, hr)' }
    const ownRole = (role: string) => ({ column: 'role', message: `you cannot change your own role (to ${role}); ask another HR colleague` })
    const operator = { column: 'email', message: "admin@demo.test is a platform operator's account, which is not on a staff list" }
    const rows: [string, { column: string; message: string }[]][] = [
      ['brand-new@demo.test,Brand New,admin', [notGrantable]],
      [`${person.email},Matrix,admin`, [notGrantable]],
      ['hr@demo.test,Farid Rahman,lecturer', [ownRole('lecturer')]],
      ['hr@demo.test,Farid Rahman,admin', [ownRole('admin')]],
      ['admin@demo.test,Kwame Mensah,lecturer', [operator]],
      ['admin@demo.test,Kwame Mensah,admin', [operator, notGrantable]],
    ]
    for (const [row, errors] of rows) {
      // A valid row beside the refused one: all or nothing, so it is not written either.
      const csv = `email,name,role\nfine-${serial++}@demo.test,Fine,lecturer\n${row}\n`
      const viaApi = await refused(t, `API import: ${row}`, 422, () => api('hr', 'POST', '/api/v1/institution/staff/import?dryRun=0', csv, 'text/csv'))
      t.same(viaApi.json().errors, errors.map((error) => ({ row: 3, ...error })), `API import: ${row}: the row and column`)
      const viaPage = await refused(t, `page import: ${row}`, 422, () => browserPost(app, sessions.hr, '/hr/staff/import', { csv, mode: 'import' }))
      for (const error of errors) t.match(viaPage.body, error.message.replace(/'/g, '&#39;'))
    }
    for (const actor of ['lecturer', 'designer', 'admin'] as const) {
      const csv = `email,name,role\n${person.email},Matrix,hr\n`
      await refused(t, `API import as ${actor}`, 403, () => api(actor, 'POST', '/api/v1/institution/staff/import?dryRun=0', csv, 'text/csv'))
      await refused(t, `page import as ${actor}`, 403, () => browserPost(app, sessions[actor], '/hr/staff/import', { csv, mode: 'import' }))
    }
    const oldToken = await apiToken(app, person.email)
    const applied = await api('hr', 'POST', '/api/v1/institution/staff/import?dryRun=0', `email,name,role\n${person.email},Matrix,designer\n`, 'text/csv')
    t.equal(applied.statusCode, 200)
    t.equal(await roleOf(person.id), 'designer', 'a role HR may give is imported')
    const audit = await db.selectFrom('audit_log').select(['action', 'data']).where('entity', '=', 'staff').where('entity_id', '=', String(person.id)).where('action', '=', 'staff.role').execute()
    t.match(audit, [{ action: 'staff.role', data: { from: 'lecturer', to: 'designer', import: true } }])
    t.equal((await app.inject({ url: '/api/v1/me/ratings', headers: { authorization: `Bearer ${oldToken}` } })).statusCode, 401, 'and the person is signed out')
  })

  t.test('a role change is audited and signs the person out', async (t) => {
    const person = await newPerson(db)
    const oldToken = await apiToken(app, person.email)
    const browser = await signIn(app, person.email)
    const changed = await api('hr', 'PATCH', `/api/v1/institution/staff/${person.id}`, { role: 'designer' })
    t.equal(changed.statusCode, 200)
    const audit = await db.selectFrom('audit_log').select(['action', 'actor_id', 'data']).where('entity', '=', 'staff').where('entity_id', '=', String(person.id)).orderBy('id').execute()
    t.match(audit, [{ action: 'staff.update', actor_id: await idOf(ACTORS.hr) }, { action: 'staff.role', data: { from: 'lecturer', to: 'designer' } }])
    t.equal((await app.inject({ url: '/api/v1/me/ratings', headers: { authorization: `Bearer ${oldToken}` } })).statusCode, 401, 'the old API token stops working')
    t.equal((await browserGet(app, browser, '/')).statusCode, 303, 'the browser is sent to sign in')
    t.equal((await app.inject({ url: '/design', headers: { authorization: `Bearer ${await apiToken(app, person.email)}` } })).statusCode, 200, 'a new sign-in has the new role')
    const renamed = await api('hr', 'PATCH', `/api/v1/institution/staff/${person.id}`, { name: 'Only Renamed' })
    t.equal(renamed.statusCode, 200)
    t.equal((await app.inject({ url: '/api/v1/me/ratings', headers: { authorization: `Bearer ${await apiToken(app, person.email)}` } })).statusCode, 200, 'a change that is not a role leaves sessions alone')
  })

  t.test('operators make operators; nobody else can', async (t) => {
    for (const actor of ['lecturer', 'designer', 'hr'] as const) {
      await refused(t, `${actor} opens the operators page`, 403, () => browserGet(app, sessions[actor], '/admin/operators'))
      await refused(t, `${actor} makes an operator`, 403, () => browserPost(app, sessions[actor], '/admin/operators', { name: 'Sneaky', email: `sneaky-${actor}@demo.test` }))
    }
    await refused(t, 'an operator reuses an email', 409, () => browserPost(app, sessions.admin, '/admin/operators', { name: 'Again', email: 'lecturer@college.test' }))
    const bad = await refused(t, 'an operator sends no name', 422, () => browserPost(app, sessions.admin, '/admin/operators', { name: '', email: 'not-an-email' }))
    t.match(bad.body, 'value="not-an-email"')
    const made = await browserPost(app, sessions.admin, '/admin/operators', { name: 'Second Operator', email: 'ops2@iioe.test' })
    t.equal(made.statusCode, 303)
    const created = await db.selectFrom('users').select(['id', 'role', 'institution_id', 'password_hash']).where('email', '=', 'ops2@iioe.test').executeTakeFirstOrThrow()
    t.match(created, { role: 'admin', password_hash: null })
    const page = await browserGet(app, sessions.admin, String(made.headers.location))
    t.match(page.body, 'Second Operator is now a platform operator.')
    t.match(page.body, /\/invite\/[\w.-]+/, 'with the one-time link')
    const audit = await db.selectFrom('audit_log').select(['action', 'actor_id']).where('entity', '=', 'staff').where('entity_id', '=', String(created.id)).execute()
    t.same(audit, [{ action: 'operator.create', actor_id: operatorId }])
  })

  t.test("the operator is not HR: no institution's staff, reports or audit", async (t) => {
    for (const url of ['/api/v1/institution/staff', '/api/v1/institution/gaps', '/api/v1/institution/audit']) {
      t.equal((await app.inject({ url, headers: { authorization: `Bearer ${tokens.admin}` } })).statusCode, 403, url)
    }
    for (const url of ['/hr', '/hr/staff', '/hr/audit', '/hr/insights']) t.equal((await browserGet(app, sessions.admin, url)).statusCode, 403, url)
  })
})
