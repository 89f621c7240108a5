import t from 'tap'
import { escapeHtml } from '../../views/html.js'
import { CATALOGUES } from '../../views/messages/index.js'
import { browserGet, browserPost, signIn, startTestApp } from '../helpers/app.js'
import { makeScimToken, scimCaller, scimErrorOf } from '../helpers/scim.js'

const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp'
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group'

t.test('groups as Entra and Okta send them, and the department or role profile HR map them to', async (t) => {
  const { app, db } = await startTestApp(t)
  const scim = scimCaller(app, (await makeScimToken(app)).token)
  const person = async (userName: string) => (await scim('POST', '/Users', { userName, name: { givenName: 'Test', familyName: userName.split('@')[0] } })).json().id as string
  const ama = await person('ama@demo.test')
  const kofi = await person('kofi@demo.test')

  // Entra's "Create Group", then members added in a PATCH (as Entra always sends them), then read as Entra reads.
  const created = await scim('POST', '/Groups', { schemas: [GROUP, 'http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group'], externalId: '8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159', displayName: 'Physics staff', meta: { resourceType: 'Group' } })
  t.equal(created.statusCode, 201, created.body)
  const physics = created.json().id as string
  t.match(created.json(), { schemas: [GROUP], displayName: 'Physics staff', externalId: '8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159', members: [], meta: { resourceType: 'Group', location: `http://localhost/scim/v2/Groups/${physics}` } })
  const added = await scim('PATCH', `/Groups/${physics}`, { schemas: [PATCH], Operations: [{ op: 'Add', path: 'members', value: [{ $ref: null, value: ama }, { $ref: null, value: kofi }] }] })
  t.equal(added.statusCode, 200, added.body)
  t.same(added.json().members.map((member: { value: string }) => member.value), [ama, kofi])
  const withoutMembers = await scim('GET', `/Groups/${physics}?excludedAttributes=members`)
  t.notOk('members' in withoutMembers.json(), 'excludedAttributes=members leaves them out')
  const byName = await scim('GET', `/Groups?excludedAttributes=members&filter=${encodeURIComponent('displayName eq "Physics staff"')}`)
  t.match(byName.json(), { totalResults: 1, Resources: [{ id: physics }] })
  t.same((await scim('GET', `/Users/${ama}`)).json().groups.map((group: { value: string }) => group.value), [physics], 'a User lists their groups')

  // Okta's group: created with members, renamed by a pathless replace, a member removed by a filter.
  const okta = await scim('POST', '/Groups', { schemas: [GROUP], displayName: 'Test SCIMv2', members: [{ value: kofi, display: 'kofi@demo.test' }] })
  const chemistry = okta.json().id as string
  const renamed = await scim('PATCH', `/Groups/${chemistry}`, { schemas: [PATCH], Operations: [{ op: 'replace', value: { id: chemistry, displayName: 'Chemistry staff' } }] })
  t.equal(renamed.json().displayName, 'Chemistry staff')

  // HR map the groups: Physics to a department, Chemistry to another department and a role profile.
  const [dept1, dept2] = await db.selectFrom('departments').select(['id', 'name']).where('institution_id', '=', 1).where('disabled_at', 'is', null).orderBy('id').limit(2).execute()
  const profile = await db.selectFrom('role_profiles').select('id').where('institution_id', '=', 1).orderBy('id').executeTakeFirstOrThrow()
  const hr = await signIn(app, 'hr@demo.test')
  const page = await browserGet(app, hr, '/hr/provisioning')
  t.match(page.body, 'Physics staff')
  t.match(page.body, CATALOGUES.en.provisioning.members(2))
  const mapped = await browserPost(app, hr, `/hr/provisioning/groups/${physics}`, { departmentId: String(dept1!.id), roleProfileId: '' })
  t.equal(mapped.statusCode, 303)
  t.match((await browserGet(app, hr, mapped.headers.location as string)).body, escapeHtml(CATALOGUES.en.provisioning.mapped('Physics staff')))
  const placed = async (id: string) => db.selectFrom('users').select(['department_id', 'role_profile_id']).where('id', '=', Number(id)).executeTakeFirstOrThrow()
  t.same(await placed(ama), { department_id: dept1!.id, role_profile_id: null }, 'mapping a group places its members at once')
  t.equal((await browserPost(app, hr, `/hr/provisioning/groups/${chemistry}`, { departmentId: String(dept2!.id), roleProfileId: String(profile.id) })).statusCode, 303)
  t.same(await placed(kofi), { department_id: dept2!.id, role_profile_id: profile.id }, 'the group joined last places the person')

  // Kofi leaves Chemistry (Okta's remove by filter): Physics, the mapped group left, places him; the profile stays.
  const removed = await scim('PATCH', `/Groups/${chemistry}`, { schemas: [PATCH], Operations: [{ op: 'remove', path: `members[value eq "${kofi}"]` }] })
  t.same(removed.json().members, [])
  t.same(await placed(kofi), { department_id: dept1!.id, role_profile_id: profile.id })
  // Entra's older remove: the members named in the value. Then someone joins a mapped group later and is placed.
  t.equal((await scim('PATCH', `/Groups/${physics}`, { schemas: [PATCH], Operations: [{ op: 'Remove', path: 'members', value: [{ $ref: null, value: ama }] }] })).json().members.length, 1)
  const newcomer = await person('esi@demo.test')
  await scim('PATCH', `/Groups/${chemistry}`, { schemas: [PATCH], Operations: [{ op: 'add', path: 'members', value: [{ value: newcomer }] }] })
  t.same(await placed(newcomer), { department_id: dept2!.id, role_profile_id: profile.id })
  const put = await scim('PUT', `/Groups/${chemistry}`, { schemas: [GROUP], displayName: 'Chemistry', members: [{ value: ama }] })
  t.same(put.json().members.map((member: { value: string }) => member.value), [ama], 'PUT replaces the members')

  // Refusals: someone of another institution or the operator as a member, and HR mapping to another institution's department.
  const college = await db.selectFrom('users').select('id').where('email', '=', 'lecturer@college.test').executeTakeFirstOrThrow()
  const admin = await db.selectFrom('users').select('id').where('email', '=', 'admin@demo.test').executeTakeFirstOrThrow()
  for (const outsider of [college.id, admin.id, 999999]) {
    const refused = await scim('PATCH', `/Groups/${physics}`, { schemas: [PATCH], Operations: [{ op: 'Add', path: 'members', value: [{ value: String(outsider) }] }] })
    t.equal(refused.statusCode, 400)
    t.match(scimErrorOf(refused), { scimType: 'invalidValue', detail: `members: there is no User "${outsider}" here` }, 'the same answer for anyone not of the institution')
  }
  const collegeDept = await db.insertInto('departments').values({ institution_id: 2, name: 'College only' }).returning('id').executeTakeFirstOrThrow()
  const notOurs = await browserPost(app, hr, `/hr/provisioning/groups/${physics}`, { departmentId: String(collegeDept.id), roleProfileId: String(profile.id) }, { 'accept-language': 'fr' })
  t.equal(notOurs.statusCode, 400)
  t.match(notOurs.body, escapeHtml(CATALOGUES.fr.problems.notFound({ thing: 'department', id: collegeDept.id })))
  t.match(notOurs.body, `<option value="${profile.id}" selected>`, 'the choice made comes back')
  t.equal((await db.selectFrom('scim_groups').select('department_id').where('id', '=', Number(physics)).executeTakeFirstOrThrow()).department_id, dept1!.id, 'nothing refused was written')
  const collegeHr = await signIn(app, 'hr@college.test')
  await browserGet(app, collegeHr, '/hr/provisioning')
  t.equal((await browserPost(app, collegeHr, `/hr/provisioning/groups/${physics}`, { departmentId: '', roleProfileId: '' })).statusCode, 404, 'another institution’s group is not there')
  t.notMatch((await browserGet(app, collegeHr, '/hr/provisioning')).body, 'Physics staff')

  t.equal((await scim('DELETE', `/Groups/${chemistry}`)).statusCode, 204)
  t.equal((await scim('GET', `/Groups/${chemistry}`)).statusCode, 404)
  t.ok(await db.selectFrom('users').select('id').where('id', '=', Number(ama)).executeTakeFirst(), 'its members stay')
  const audit = await db.selectFrom('audit_log').select('action').where('action', 'like', 'scim.group%').orderBy('id').execute()
  t.same([...new Set(audit.map((entry) => entry.action))].sort(), ['scim.groupCreate', 'scim.groupDelete', 'scim.groupMap', 'scim.groupUpdate'])
})
