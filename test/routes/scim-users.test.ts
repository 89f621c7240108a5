import t from 'tap'
import { hashPassword } from '../../server/services/passwords.js'
import { apiToken, browserGet, competencyOf, DEMO_PASSWORD, signIn, startTestApp } from '../helpers/app.js'
import { makeScimToken, scimCaller, scimErrorOf } from '../helpers/scim.js'
import { apiSignIn } from '../helpers/sign-in.js'

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User'
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp'

t.test('a person’s whole life through SCIM: created, changed, deactivated (signed out everywhere, history kept), reactivated', async (t) => {
  const { app, db } = await startTestApp(t)
  const { token } = await makeScimToken(app)
  const scim = scimCaller(app, token)
  const demo = await db.selectFrom('institutions').select('id').where('name', '=', 'Demo University').executeTakeFirstOrThrow()

  const created = await scim('POST', '/Users', { schemas: [USER], userName: 'Ama.Mensah@demo.test', name: { givenName: 'Ama', familyName: 'Mensah' }, emails: [{ value: 'ama.mensah@demo.test', type: 'work', primary: true }], active: true, externalId: 'entra-0001' })
  t.equal(created.statusCode, 201, created.body)
  t.match(created.headers['content-type'], /^application\/scim\+json/)
  const user = created.json()
  t.match(user, { schemas: [USER], userName: 'Ama.Mensah@demo.test', externalId: 'entra-0001', name: { givenName: 'Ama', familyName: 'Mensah' }, displayName: 'Ama Mensah', active: true, emails: [{ value: 'ama.mensah@demo.test', primary: true }], meta: { resourceType: 'User' } })
  t.equal(created.headers.location, `http://localhost/scim/v2/Users/${user.id}`)
  t.equal(user.meta.location, created.headers.location)
  const row = await db.selectFrom('users').selectAll().where('id', '=', Number(user.id)).executeTakeFirstOrThrow()
  t.match(row, { institution_id: demo.id, email: 'ama.mensah@demo.test', name: 'Ama Mensah', role: 'lecturer', password_hash: null, disabled_at: null }, 'a lecturer of the token’s institution, without a password')
  t.same((await scim('GET', `/Users/${user.id}`)).json(), user, 'read back as made')

  // The person gets a password (as from an invitation), rates themselves, and has a browser session.
  await db.updateTable('users').set({ password_hash: await hashPassword(DEMO_PASSWORD) }).where('id', '=', row.id).execute()
  const personToken = await apiToken(app, 'ama.mensah@demo.test')
  const session = await signIn(app, 'ama.mensah@demo.test')
  const competency = await competencyOf(db, 'iioe-hew', 'PED.3')
  const rated = await app.inject({ method: 'PUT', url: `/api/v1/me/ratings/${competency.id}`, headers: { authorization: `Bearer ${personToken}` }, payload: { level: 2, evidence: 'Ran a workshop' } })
  t.equal(rated.statusCode, 200, rated.body)

  const renamed = await scim('PATCH', `/Users/${user.id}`, { schemas: [PATCH], Operations: [{ op: 'Replace', path: 'name.familyName', value: 'Mensah-Owusu' }, { op: 'Replace', path: 'displayName', value: 'Ama Mensah-Owusu' }] })
  t.equal(renamed.statusCode, 200, renamed.body)
  t.match(renamed.json(), { name: { givenName: 'Ama', familyName: 'Mensah-Owusu' }, displayName: 'Ama Mensah-Owusu' })
  t.equal((await db.selectFrom('users').select('name').where('id', '=', row.id).executeTakeFirstOrThrow()).name, 'Ama Mensah-Owusu')
  t.equal((await browserGet(app, session, '/')).statusCode, 200, 'a change of name ends no session')

  const deactivated = await scim('PATCH', `/Users/${user.id}`, { schemas: [PATCH], Operations: [{ op: 'Replace', path: 'active', value: 'False' }] })
  t.equal(deactivated.statusCode, 200, deactivated.body)
  t.equal(deactivated.json().active, false)
  t.equal((await browserGet(app, session, '/')).statusCode, 303, 'the browser session has ended')
  t.equal((await app.inject({ method: 'GET', url: '/api/v1/me/ratings', headers: { authorization: `Bearer ${personToken}` } })).statusCode, 401, 'and the API token')
  t.equal((await apiSignIn(app, '10.0.0.7', 'ama.mensah@demo.test', DEMO_PASSWORD)).statusCode, 401, 'their password opens nothing')
  t.equal((await db.selectFrom('ratings').select('id').where('user_id', '=', row.id).execute()).length, 1, 'their ratings stay')
  t.equal((await scim('GET', `/Users/${user.id}`)).json().active, false)

  t.equal((await scim('DELETE', `/Users/${user.id}`)).statusCode, 204, 'DELETE deactivates (already so)')
  t.ok(await db.selectFrom('users').select('id').where('id', '=', row.id).executeTakeFirst(), 'nobody is deleted')

  const back = await scim('PATCH', `/Users/${user.id}`, { schemas: [PATCH], Operations: [{ op: 'replace', value: { active: true } }] })
  t.equal(back.json().active, true)
  t.equal((await apiSignIn(app, '10.0.0.7', 'ama.mensah@demo.test', DEMO_PASSWORD)).statusCode, 200, 'reactivated: their password works again')

  const actions = await db.selectFrom('audit_log').select(['action', 'actor_id', 'data']).where('entity', '=', 'staff').where('entity_id', '=', String(row.id)).where('action', 'like', 'scim.%').orderBy('id').execute()
  t.same(actions.map((entry) => entry.action), ['scim.userCreate', 'scim.userUpdate', 'scim.userDeactivate', 'scim.userReactivate'], 'every change audited, the DELETE of someone already inactive changing nothing')
  t.ok(actions.every((entry) => entry.actor_id === null && (entry.data as { scimToken?: number }).scimToken !== undefined), 'the token is named as who acted')
})

t.test('Microsoft Entra ID’s documented requests, verbatim', async (t) => {
  const { app, db } = await startTestApp(t)
  const scim = scimCaller(app, (await makeScimToken(app)).token)
  // "Create User" of Microsoft's "Tutorial: Develop and plan provisioning for a SCIM endpoint": a userName that is no email.
  const created = await scim('POST', '/Users', {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'],
    externalId: '0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef',
    userName: 'Test_User_ab6490ee-1e48-479e-a20b-2d77186b5dd1',
    active: true,
    emails: [{ primary: true, type: 'work', value: 'Test_User_fd0ea19b-0777-472c-9f96-4f70d2226f2e@testuser.com' }],
    meta: { resourceType: 'User' },
    name: { formatted: 'givenName familyName', familyName: 'familyName', givenName: 'givenName' },
    roles: [],
  })
  t.equal(created.statusCode, 201, created.body)
  const id = created.json().id as string
  t.equal((await db.selectFrom('users').select('email').where('id', '=', Number(id)).executeTakeFirstOrThrow()).email, 'test_user_fd0ea19b-0777-472c-9f96-4f70d2226f2e@testuser.com', 'the primary email is the person’s')

  const found = await scim('GET', `/Users?filter=${encodeURIComponent('userName eq "Test_User_ab6490ee-1e48-479e-a20b-2d77186b5dd1"')}`)
  t.match(found.json(), { schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'], totalResults: 1, startIndex: 1, itemsPerPage: 1, Resources: [{ id }] })
  const none = await scim('GET', `/Users?filter=${encodeURIComponent('userName eq "non-existent user"')}`)
  t.same(none.json(), { schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'], totalResults: 0, startIndex: 1, itemsPerPage: 0, Resources: [] })
  t.equal((await scim('GET', `/Users?filter=${encodeURIComponent('externalId eq "0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef"')}`)).json().totalResults, 1)

  // "Update User [Multi-valued properties]", then "[Single-valued properties]", then "Disable User".
  const multi = await scim('PATCH', `/Users/${id}`, { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'Replace', path: 'emails[type eq "work"].value', value: 'updatedEmail@microsoft.com' }, { op: 'Replace', path: 'name.familyName', value: 'updatedFamilyName' }] })
  t.equal(multi.statusCode, 200, multi.body)
  t.match(multi.json(), { emails: [{ value: 'updatedemail@microsoft.com' }], name: { familyName: 'updatedFamilyName' } })
  const single = await scim('PATCH', `/Users/${id}`, { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'Replace', path: 'userName', value: '5b50642d-79fc-4410-9e90-4c077cdd1a59@testuser.com' }] })
  t.equal(single.json().userName, '5b50642d-79fc-4410-9e90-4c077cdd1a59@testuser.com')
  t.equal((await db.selectFrom('users').select('email').where('id', '=', Number(id)).executeTakeFirstOrThrow()).email, '5b50642d-79fc-4410-9e90-4c077cdd1a59@testuser.com', 'a userName that is an email is the person’s email')
  const disabled = await scim('PATCH', `/Users/${id}`, { Operations: [{ op: 'Replace', path: 'active', value: false }], schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'] })
  t.equal(disabled.json().active, false)
  // Entra's default mappings also send attributes the app does not keep, and the enterprise extension.
  const extras = await scim('PATCH', `/Users/${id}`, { schemas: [PATCH], Operations: [{ op: 'Add', path: 'title', value: 'Lecturer' }, { op: 'Replace', path: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department', value: 'Physics' }, { op: 'Add', path: 'externalId', value: 'ext-2' }, { op: 'Replace', path: 'name.givenName', value: 'Given' }, { op: 'Replace', path: 'displayName', value: 'Given Name' }] })
  t.equal(extras.statusCode, 200, extras.body)
  t.match(extras.json(), { externalId: 'ext-2', name: { givenName: 'Given' }, displayName: 'Given Name' })
  t.equal((await scim('DELETE', `/Users/${id}`)).statusCode, 204, '"Delete User"')
})

t.test('Okta’s documented requests, verbatim: the connection test, lookup, create, PUT and pathless PATCH', async (t) => {
  const { app, db } = await startTestApp(t)
  const scim = scimCaller(app, (await makeScimToken(app, 'hr@demo.test', 'Okta')).token)
  const probe = await scim('GET', '/Users?startIndex=1&count=2')
  t.equal(probe.statusCode, 200)
  t.match(probe.json(), { startIndex: 1, itemsPerPage: 2 })
  t.ok(probe.json().totalResults > 2, 'the demo institution’s people are listed')
  t.equal((await scim('GET', `/Users?filter=${encodeURIComponent('userName eq "test.user@okta.local"')}&startIndex=1&count=100`)).json().totalResults, 0)
  const body = { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'test.user@okta.local', name: { givenName: 'Test', familyName: 'User' }, emails: [{ primary: true, value: 'test.user@okta.local', type: 'work' }], displayName: 'Test User', locale: 'en-US', externalId: '00ujl29u0le5T6Aj10h7', groups: [], password: '1mz050nq', active: true }
  const created = await scim('POST', '/Users', body, 'application/json')
  t.equal(created.statusCode, 201, created.body)
  const id = created.json().id as string
  t.equal((await db.selectFrom('users').select('password_hash').where('id', '=', Number(id)).executeTakeFirstOrThrow()).password_hash, null, 'a password from the directory is never kept')
  const again = await scim('POST', '/Users', body)
  t.equal(again.statusCode, 409)
  t.match(scimErrorOf(again), { schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '409', scimType: 'uniqueness' })

  const put = await scim('PUT', `/Users/${id}`, { ...body, id, name: { givenName: 'Another', familyName: 'User' }, displayName: 'Another User', password: undefined, meta: { resourceType: 'User' } })
  t.equal(put.statusCode, 200, put.body)
  t.match(put.json(), { name: { givenName: 'Another', familyName: 'User' }, displayName: 'Another User', active: true })
  const off = await scim('PATCH', `/Users/${id}`, { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'replace', value: { active: false } }] })
  t.equal(off.json().active, false)
  t.ok((await db.selectFrom('users').select('disabled_at').where('id', '=', Number(id)).executeTakeFirstOrThrow()).disabled_at)
  const putKeepsInactive = await scim('PUT', `/Users/${id}`, { ...body, active: undefined, password: undefined })
  t.equal(putKeepsInactive.json().active, false, 'a PUT without active leaves it as it is')

  // A person HR added before the directory came: found by their email, and taken over, not made twice.
  const existing = await scim('GET', `/Users?filter=${encodeURIComponent('userName eq "LECTURER@demo.test"')}`)
  t.equal(existing.json().totalResults, 1)
  const lecturerId = existing.json().Resources[0].id as string
  const linked = await scim('PATCH', `/Users/${lecturerId}`, { schemas: [PATCH], Operations: [{ op: 'replace', value: { externalId: '00u-lecturer', name: { givenName: 'Amina', familyName: 'Okafor' } } }] })
  t.equal(linked.statusCode, 200, linked.body)
  t.equal((await scim('GET', `/Users?filter=${encodeURIComponent('externalId eq "00u-lecturer"')}`)).json().Resources[0].id, lecturerId)
  t.equal((await db.selectFrom('users').select('role').where('id', '=', Number(lecturerId)).executeTakeFirstOrThrow()).role, 'lecturer')
})

t.test('paging and filters', async (t) => {
  const { app } = await startTestApp(t)
  const scim = scimCaller(app, (await makeScimToken(app)).token)
  const all = (await scim('GET', '/Users')).json()
  t.ok(all.totalResults >= 3 && all.Resources.length === all.totalResults, 'everyone, up to 200')
  t.notOk(all.Resources.some((user: { userName: string }) => user.userName === 'admin@demo.test'), 'the platform operator is nobody’s to provision')
  t.notOk(all.Resources.some((user: { userName: string }) => user.userName.endsWith('@college.test')), 'nor another institution’s people')
  const second = (await scim('GET', '/Users?startIndex=2&count=1')).json()
  t.same([second.startIndex, second.itemsPerPage, second.totalResults, second.Resources[0].id], [2, 1, all.totalResults, all.Resources[1].id])
  t.equal((await scim('GET', '/Users?count=0')).json().Resources.length, 0, 'count=0: the total alone')
  t.equal((await scim('GET', '/Users?startIndex=0&count=500')).json().startIndex, 1, 'a startIndex below 1 is 1')
  for (const filter of ['userName ne "x"', 'userName eq "a" and active eq true', 'title eq "x"', 'userName eq x', 'userName eq "unterminated']) {
    const refused = await scim('GET', `/Users?filter=${encodeURIComponent(filter)}`)
    t.equal(refused.statusCode, 400, filter)
    t.equal(scimErrorOf(refused).scimType, 'invalidFilter', filter)
  }
  t.equal((await scim('GET', '/Users?count=many')).statusCode, 400)
  t.equal((await scim('GET', `/Users?filter=${encodeURIComponent('USERNAME EQ "hr@demo.test"')}`)).json().totalResults, 1, 'attribute names and operators in any case')
})
