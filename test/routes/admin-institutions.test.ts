import t from 'tap'
import { browserGet, browserPost, rowCounts, signIn, startTestApp, type BrowserSession } from '../helpers/app.js'

t.test('institutions for the admin: counts only, a new institution with its first HR account, a change of framework', async (t) => {
  const { app, db } = await startTestApp(t)
  const admin = await signIn(app, 'admin@demo.test')

  const list = await browserGet(app, admin, '/admin/institutions')
  t.equal(list.statusCode, 200)
  const staff = await db.selectFrom('users').innerJoin('institutions', 'institutions.id', 'users.institution_id').select(['users.name', 'users.email', 'institutions.name as institution']).execute()
  for (const name of ['Demo University', 'Demo College']) {
    const count = staff.filter((person) => person.institution === name).length
    t.match(list.body, new RegExp(`<td>${name}</td>[\\s\\S]*?<td>${count}</td>`), `${name}: ${count} staff counted`)
  }
  const college = staff.filter((person) => person.institution === 'Demo College')
  t.same(
    college.filter((person) => list.body.includes(person.email) || list.body.includes(person.name)),
    [],
    "no person of another institution is shown to the admin, by name or email",
  )

  // Bad input: every field reported, the input kept, nothing stored.
  const counts = await rowCounts(db)
  const bad = await browserPost(app, admin, '/admin/institutions', { name: 'Lakeside Polytechnic', country: '', frameworkId: '', hrName: 'Grace Mwangi', hrEmail: 'not-an-email' })
  t.equal(bad.statusCode, 422)
  t.match(bad.body, 'value="Lakeside Polytechnic"')
  t.match(bad.body, 'Enter an email address.')
  t.match(bad.body, 'Choose a framework version.')
  t.match(bad.body, 'Fill this in.')
  const takenName = await browserPost(app, admin, '/admin/institutions', { name: 'demo college', country: 'Ghana', frameworkId: '1', hrName: 'X', hrEmail: 'x@new.test' })
  t.equal(takenName.statusCode, 409)
  t.match(takenName.body, 'An institution with this name exists already.')
  const takenEmail = await browserPost(app, admin, '/admin/institutions', { name: 'Lakeside Polytechnic', country: 'Kenya', frameworkId: '1', hrName: 'X', hrEmail: 'HR@college.test' })
  t.equal(takenEmail.statusCode, 409)
  t.match(takenEmail.body, 'This email address already has an account.')
  t.same(await rowCounts(db), counts, 'nothing stored')

  const framework = await db.selectFrom('frameworks').select('id').where('slug', '=', 'iioe-hew').executeTakeFirstOrThrow()
  const created = await browserPost(app, admin, '/admin/institutions', { name: 'Lakeside Polytechnic', country: 'Kenya', frameworkId: String(framework.id), hrName: 'Grace Mwangi', hrEmail: 'grace@lakeside.test' })
  t.equal(created.statusCode, 303)
  t.match(created.headers.location, /^\/admin\/institutions\?created=\d+$/)
  const shown = await browserGet(app, admin, created.headers.location as string)
  t.match(shown.body, 'Lakeside Polytechnic created.')
  const link = /<code>(https?:\/\/[^<]+\/invite\/[^<]+)<\/code>/.exec(shown.body)?.[1]
  t.ok(link, 'the invitation link is shown (no mail configured)')
  const institution = await db.selectFrom('institutions').selectAll().where('name', '=', 'Lakeside Polytechnic').executeTakeFirstOrThrow()
  t.match(institution, { country: 'Kenya', framework_id: framework.id })
  const profiles = await db.selectFrom('role_profiles').select('code').where('institution_id', '=', institution.id).orderBy('code').execute()
  t.same(profiles.map((profile) => profile.code), ['leader', 'support', 'teacher'], 'the default role profiles of the framework')
  const audit = await db.selectFrom('audit_log').select(['action', 'institution_id']).where('action', '=', 'institution.create').execute()
  t.same(audit, [{ action: 'institution.create', institution_id: institution.id }])

  // The HR person sets a password from the link and lands in their own, empty institution.
  const path = new URL(link!).pathname
  const hr: BrowserSession = { cookies: {}, csrf: '' }
  t.equal((await browserGet(app, hr, path)).statusCode, 200)
  const accepted = await browserPost(app, hr, path, { password: 'a-long-enough-password', confirm: 'a-long-enough-password' })
  t.equal(accepted.statusCode, 303)
  const staffPage = await browserGet(app, hr, '/hr/staff')
  t.equal(staffPage.statusCode, 200)
  t.match(staffPage.body, 'Grace Mwangi')
  t.notMatch(staffPage.body, 'lecturer@demo.test')
  const after = await browserGet(app, admin, '/admin/institutions')
  t.notMatch(after.body, '/invite/', 'the link is gone once used')

  // Moving Demo College to another framework, and back: nothing of the old version is lost.
  const collegeRow = await db.selectFrom('institutions').select(['id', 'framework_id']).where('name', '=', 'Demo College').executeTakeFirstOrThrow()
  const digcompedu = await db.selectFrom('frameworks').select('id').where('slug', '=', 'digcompedu').executeTakeFirstOrThrow()
  const lecturer = await signIn(app, 'lecturer@college.test')
  const ratedBefore = (await browserGet(app, lecturer, '/framework')).body.match(/level-badge/g)?.length ?? 0
  const moved = await browserPost(app, admin, `/admin/institutions/${collegeRow.id}/framework`, { frameworkId: String(digcompedu.id) })
  t.equal(moved.statusCode, 303)
  t.match((await browserGet(app, admin, moved.headers.location as string)).body, 'Demo College now rates against the chosen framework version.')
  t.match((await browserGet(app, lecturer, '/framework')).body, 'DigCompEdu', 'the lecturer now sees DigCompEdu')
  const back = await browserPost(app, admin, `/admin/institutions/${collegeRow.id}/framework`, { frameworkId: String(collegeRow.framework_id) }, { 'hx-request': 'true' })
  t.equal(back.statusCode, 200)
  t.match(back.body, /^<div id="institutions-admin">/, 'htmx gets the fragment')
  t.equal((await browserGet(app, lecturer, '/framework')).body.match(/level-badge/g)?.length ?? 0, ratedBefore, 'back on IIOE, the ratings are there again')
  const withProfile = await db.selectFrom('users').select('id').where('institution_id', '=', collegeRow.id).where('role_profile_id', 'is not', null).execute()
  t.ok(withProfile.length > 0, 'role profiles come back with the framework')
  const noFramework = await browserPost(app, admin, `/admin/institutions/${collegeRow.id}/framework`, { frameworkId: 'x' })
  t.equal(noFramework.statusCode, 422)
  t.match(noFramework.body, /<p class="form-error" role="alert">[^<]+<\/p>/, 'a refused move is an alert')
  t.notMatch(noFramework.body, 'class="saved"', 'not a success notice')

  const hrDemo = await signIn(app, 'hr@demo.test')
  t.equal((await browserGet(app, hrDemo, '/admin/institutions')).statusCode, 403, 'HR is not an admin')
})
