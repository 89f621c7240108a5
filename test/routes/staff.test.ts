import t from 'tap'
import { apiToken, browserGet, browserPost, rowCounts, signIn, startTestApp, type BrowserSession } from '../helpers/app.js'

t.test('HR keeps staff and departments; new staff set their password from an invitation', async (t) => {
  const { app, db } = await startTestApp(t)
  const hr = await signIn(app, 'hr@demo.test')
  const demo = await db.selectFrom('institutions').select(['id', 'framework_id']).where('name', '=', 'Demo University').executeTakeFirstOrThrow()
  const department = await db.selectFrom('departments').select(['id', 'name']).where('institution_id', '=', demo.id).orderBy('name').executeTakeFirstOrThrow()
  const profile = await db.selectFrom('role_profiles').select(['id', 'name']).where('institution_id', '=', demo.id).where('framework_id', '=', demo.framework_id).where('code', '=', 'teacher').executeTakeFirstOrThrow()

  let personId = 0
  let invitation = ''
  t.test('adding a person: refused input is kept; then an invitation link is shown', async (t) => {
    const before = await rowCounts(db)
    const bad = await browserPost(app, hr, '/hr/staff', { email: 'not-an-email', name: '', role: 'lecturer' })
    t.equal(bad.statusCode, 422)
    t.match(bad.body, 'Enter an email address such as name@university.edu.')
    t.match(bad.body, 'value="not-an-email"')
    const taken = await browserPost(app, hr, '/hr/staff', { email: 'lecturer@college.test', name: 'Someone', role: 'lecturer' })
    t.equal(taken.statusCode, 409)
    t.match(taken.body, 'already used by an account in another institution')
    t.notMatch(taken.body, 'Demo College', 'the other institution is not named')
    t.same(await rowCounts(db), before)
    const created = await browserPost(app, hr, '/hr/staff', {
      email: 'New.Person@Demo.test',
      name: 'Nguyễn Thị Lan',
      role: 'lecturer',
      departmentId: String(department.id),
      roleProfileId: String(profile.id),
    })
    t.equal(created.statusCode, 303)
    personId = Number(/\/hr\/staff\/(\d+)\?created=1/.exec(String(created.headers.location))![1])
    const page = await browserGet(app, hr, `/hr/staff/${personId}?created=1`)
    t.match(page.body, 'Added. Send them the invitation link below')
    invitation = /\/invite\/([\w.-]+)/.exec(page.body)![1]!
    const stored = await db.selectFrom('users').selectAll().where('id', '=', personId).executeTakeFirstOrThrow()
    t.match(stored, { email: 'new.person@demo.test', name: 'Nguyễn Thị Lan', role: 'lecturer', department_id: department.id, role_profile_id: profile.id, password_hash: null })
    const list = await browserGet(app, hr, '/hr/staff?q=nguy')
    t.match(list.body, 'Nguyễn Thị Lan')
    t.match(list.body, 'Invited: no password yet')
  })

  t.test('the invitation link sets a password once and signs the person in', async (t) => {
    const browser: BrowserSession = { cookies: {}, csrf: '' }
    const form = await browserGet(app, browser, `/invite/${invitation}`)
    t.equal(form.statusCode, 200)
    t.match(form.body, 'Welcome, Nguyễn Thị Lan.')
    const short = await browserPost(app, browser, `/invite/${invitation}`, { password: 'short', confirm: 'short' })
    t.equal(short.statusCode, 422)
    t.match(short.body, 'The password has 5 characters: use at least 8.')
    const mismatch = await browserPost(app, browser, `/invite/${invitation}`, { password: 'a long passphrase', confirm: 'another passphrase' })
    t.match(mismatch.body, 'The new password and its repetition are not the same.')
    const set = await browserPost(app, browser, `/invite/${invitation}`, { password: 'a long passphrase', confirm: 'a long passphrase' })
    t.equal(set.statusCode, 303)
    t.ok(browser.cookies['session'], 'signed in')
    t.match((await browserGet(app, browser, '/')).body, 'Signed in as Nguyễn Thị Lan')
    const again = await browserGet(app, browser, `/invite/${invitation}`)
    t.equal(again.statusCode, 404, 'the link works once')
    t.match(again.body, 'not valid')
    t.ok(await apiToken(app, 'new.person@demo.test', 'a long passphrase'), 'the password works for the API too')
    const asBearer = await app.inject({ method: 'GET', url: '/api/v1/me/ratings', headers: { authorization: `Bearer ${invitation}` } })
    t.equal(asBearer.statusCode, 401, 'an invitation never signs anyone in')
  })

  t.test('editing: department, profile, reviewer; disabling ends the sessions', async (t) => {
    const reviewer = await db.selectFrom('users').select('id').where('email', '=', 'lecturer@demo.test').executeTakeFirstOrThrow()
    const saved = await browserPost(app, hr, `/hr/staff/${personId}`, { name: 'Nguyễn Thị Lan', role: 'lecturer', departmentId: '', roleProfileId: String(profile.id), reviewerId: String(reviewer.id), activeShown: '1', active: '1' })
    t.equal(saved.statusCode, 303)
    t.match(await db.selectFrom('users').select(['department_id', 'reviewer_id']).where('id', '=', personId).executeTakeFirstOrThrow(), { department_id: null, reviewer_id: reviewer.id })
    const self = await browserPost(app, hr, `/hr/staff/${personId}`, { name: 'X', role: 'lecturer', reviewerId: String(personId), activeShown: '1', active: '1' })
    t.equal(self.statusCode, 400, 'nobody reviews themselves')
    const token = await apiToken(app, 'new.person@demo.test', 'a long passphrase')
    const disabled = await browserPost(app, hr, `/hr/staff/${personId}`, { name: 'Nguyễn Thị Lan', role: 'lecturer', activeShown: '1' })
    t.equal(disabled.statusCode, 303)
    t.equal((await app.inject({ method: 'GET', url: '/api/v1/me/ratings', headers: { authorization: `Bearer ${token}` } })).statusCode, 401, 'the disabled person is signed out')
    const hrSelf = await db.selectFrom('users').select('id').where('email', '=', 'hr@demo.test').executeTakeFirstOrThrow()
    const lockout = await browserPost(app, hr, `/hr/staff/${hrSelf.id}`, { name: 'Farid Rahman', role: 'hr', activeShown: '1' })
    t.equal(lockout.statusCode, 409, 'HR cannot disable themselves')
    const audit = await db.selectFrom('audit_log').select('action').where('entity', '=', 'staff').where('entity_id', '=', String(personId)).orderBy('id').execute()
    t.same(
      audit.map((entry) => entry.action),
      ['staff.create', 'staff.password', 'staff.update', 'staff.update'],
    )
  })

  t.test('departments: add and rename; duplicates are refused', async (t) => {
    t.equal((await browserPost(app, hr, '/hr/departments', { name: 'Agriculture' })).statusCode, 303)
    const duplicate = await browserPost(app, hr, '/hr/departments', { name: 'agriculture' })
    t.equal(duplicate.statusCode, 409)
    t.match(duplicate.body, 'There is already a department')
    const empty = await browserPost(app, hr, '/hr/departments', { name: ' ' })
    t.equal(empty.statusCode, 422)
    t.equal((await browserPost(app, hr, `/hr/departments/${department.id}`, { name: 'Education and Pedagogy' })).statusCode, 303)
    t.match((await browserGet(app, hr, '/hr/departments')).body, 'value="Education and Pedagogy"')
    const busy = await browserPost(app, hr, `/hr/departments/${department.id}/archive`, { archived: '1' })
    t.equal(busy.statusCode, 409, 'a department with active people cannot be archived')
    t.match(busy.body, 'still has')
    const agriculture = await db.selectFrom('departments').select('id').where('name', '=', 'Agriculture').executeTakeFirstOrThrow()
    t.equal((await browserPost(app, hr, `/hr/departments/${agriculture.id}/archive`, { archived: '1' })).statusCode, 303)
    const listed = await browserGet(app, hr, '/hr/departments')
    t.match(listed.body, /<h2>Archived departments<\/h2><ul><li>Agriculture/)
    t.notMatch((await browserGet(app, hr, '/hr/staff/new')).body, '>Agriculture<', 'not offered for new staff')
    const assign = await browserPost(app, hr, '/hr/staff', { email: 'farmer@demo.test', name: 'Farmer', role: 'lecturer', departmentId: String(agriculture.id) })
    t.equal(assign.statusCode, 404, 'an archived department cannot take people')
    t.equal((await browserPost(app, hr, `/hr/departments/${agriculture.id}/archive`, { archived: '0' })).statusCode, 303)
    t.match((await browserGet(app, hr, '/hr/departments')).body, 'value="Agriculture"', 'restored')
  })

  t.test("another institution's HR cannot read or change these people", async (t) => {
    const college = await signIn(app, 'hr@college.test')
    t.equal((await browserGet(app, college, `/hr/staff/${personId}`)).statusCode, 404)
    t.equal((await browserPost(app, college, `/hr/staff/${personId}`, { name: 'Taken over', role: 'admin' })).statusCode, 404)
    t.equal((await browserPost(app, college, `/hr/departments/${department.id}`, { name: 'Taken over' })).statusCode, 404)
    t.notMatch((await browserGet(app, college, '/hr/staff')).body, 'Nguyễn Thị Lan')
    const assignElsewhere = await browserPost(app, college, '/hr/staff', { email: 'c1@college.test', name: 'C', role: 'lecturer', departmentId: String(department.id) })
    t.equal(assignElsewhere.statusCode, 404, "a department of another institution is not found")
  })
})

t.test('the staff API', async (t) => {
  const { app, db } = await startTestApp(t)
  const hr = { authorization: `Bearer ${await apiToken(app, 'hr@demo.test')}` }
  const list = await app.inject({ method: 'GET', url: '/api/v1/institution/staff?q=okafor', headers: hr })
  t.equal(list.statusCode, 200)
  t.match(list.json(), { total: 1, staff: [{ email: 'lecturer@demo.test', name: 'Amina Okafor', role: 'lecturer', active: true, hasPassword: true }] })
  const created = await app.inject({ method: 'POST', url: '/api/v1/institution/staff', headers: hr, payload: { email: 'api.person@demo.test', name: 'API Person' } })
  t.equal(created.statusCode, 201)
  t.match(created.json(), { email: 'api.person@demo.test', role: 'lecturer', hasPassword: false, invitationUrl: /\/invite\/[\w.-]+$/ })
  const id = created.json().id
  const before = await rowCounts(db)
  for (const [payload, status] of [
    [{ email: 'api.person@demo.test', name: 'Again' }, 409],
    [{ email: 'no', name: 'Bad' }, 400],
    [{ email: 'x@demo.test', name: 'Bad', role: 'king' }, 400],
    [{ email: 'x@demo.test', name: 'Bad', departmentId: 999999 }, 404],
    [{ email: 'x@demo.test', name: 'x'.repeat(201) }, 400],
  ] as const) {
    const response = await app.inject({ method: 'POST', url: '/api/v1/institution/staff', headers: hr, payload })
    t.equal(response.statusCode, status, JSON.stringify(payload).slice(0, 60))
  }
  t.same(await rowCounts(db), before, 'refused requests wrote nothing')
  const patched = await app.inject({ method: 'PATCH', url: `/api/v1/institution/staff/${id}`, headers: hr, payload: { role: 'designer', active: false } })
  t.equal(patched.statusCode, 200)
  t.match(patched.json(), { role: 'designer', active: false })
  const collegeHr = { authorization: `Bearer ${await apiToken(app, 'hr@college.test')}` }
  t.equal((await app.inject({ method: 'PATCH', url: `/api/v1/institution/staff/${id}`, headers: collegeHr, payload: { name: 'Mine' } })).statusCode, 404)
})
