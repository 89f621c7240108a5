import t from 'tap'
import { apiToken, browserGet, browserPost, rowCounts, signIn, startTestApp } from '../helpers/app.js'

const csvHeader = 'email,name,department,role_profile,role'

t.test('staff CSV import: a dry run shows every row and error; a real run is all or nothing', async (t) => {
  const { app, db } = await startTestApp(t)
  const hr = { authorization: `Bearer ${await apiToken(app, 'hr@demo.test')}` }
  const post = (query: string, body: string) => app.inject({ method: 'POST', url: `/api/v1/institution/staff/import?${query}`, headers: { ...hr, 'content-type': 'text/csv' }, payload: body })
  const bad = [
    csvHeader,
    'ok.one@demo.test,Okay One,Education,teacher,lecturer',
    'not-an-email,Bad Email,Education,teacher,lecturer',
    'ok.one@demo.test,Duplicate,Education,teacher,lecturer',
    'ok.two@demo.test,Unknown Dept,Astrology,teacher,lecturer',
    'lecturer@college.test,Elsewhere,Education,teacher,lecturer',
    'ok.three@demo.test,Bad Role,Education,teacher,king',
  ].join('\n')
  const before = await rowCounts(db)

  const dry = await post('dryRun=1', bad)
  t.equal(dry.statusCode, 200)
  const errors = dry.json<{ errors: { row: number; column: string; message: string }[] }>().errors
  t.same(
    errors.map((error) => [error.row, error.column]),
    [
      [3, 'email'],
      [4, 'email'],
      [5, 'department'],
      [6, 'email'],
      [7, 'role'],
    ],
  )
  t.match(errors.find((error) => error.row === 4)?.message, 'also on row 2')
  t.notMatch(JSON.stringify(errors), 'Demo College', 'the other institution is not named')

  const refused = await post('dryRun=0', bad)
  t.equal(refused.statusCode, 422)
  t.equal(refused.json().error.code, 'import_refused')
  t.equal(refused.json().errors.length, 5, 'the same error list')
  t.same(await rowCounts(db), before, 'nothing written by the dry run or the refused import')

  const good = [csvHeader, 'ok.one@demo.test,Okay One,Education,teacher,lecturer', 'ok.two@demo.test,"Two, With Comma",Astrology,Support staff,', 'lecturer@demo.test,Amina Okafor,Computer Science,teacher,lecturer'].join('\r\n')
  const withoutCreate = await post('dryRun=0', good)
  t.equal(withoutCreate.statusCode, 422, 'an unknown department is an error unless creating them is asked for')
  const applied = await post('dryRun=0&createDepartments=1', good)
  t.equal(applied.statusCode, 200)
  t.match(applied.json(), { applied: true, created: 2, updated: 1, newDepartments: ['Astrology'] })
  const two = await db
    .selectFrom('users')
    .innerJoin('departments', 'departments.id', 'users.department_id')
    .innerJoin('role_profiles', 'role_profiles.id', 'users.role_profile_id')
    .select(['users.name', 'departments.name as department', 'role_profiles.code as profile', 'users.role', 'users.password_hash'])
    .where('users.email', '=', 'ok.two@demo.test')
    .executeTakeFirstOrThrow()
  t.same(two, { name: 'Two, With Comma', department: 'Astrology', profile: 'support', role: 'lecturer', password_hash: null })
  const amina = await db.selectFrom('users').innerJoin('departments', 'departments.id', 'users.department_id').select('departments.name').where('users.email', '=', 'lecturer@demo.test').executeTakeFirstOrThrow()
  t.equal(amina.name, 'Computer Science', 'an existing person is updated')
  const audit = await db.selectFrom('audit_log').select(['action', 'data']).where('action', '=', 'staff.import').execute()
  t.same(audit.map((entry) => entry.data), [{ created: 2, updated: 1, newDepartments: ['Astrology'] }])
  t.equal((await app.inject({ method: 'POST', url: '/api/v1/institution/staff/import', headers: { ...hr, 'content-type': 'application/json' }, payload: { csv: 'x' } })).statusCode, 400)
})

t.test('the import page: check, fix, import', async (t) => {
  const { app, db } = await startTestApp(t)
  const hr = await signIn(app, 'hr@demo.test')
  const page = await browserGet(app, hr, '/hr/staff/import')
  t.equal(page.statusCode, 200)
  const before = await rowCounts(db)
  const checked = await browserPost(app, hr, '/hr/staff/import', { csv: `${csvHeader}\nnew.one@demo.test,New One,Education,teacher,lecturer\nbroken,,Education,,`, mode: 'check' })
  t.equal(checked.statusCode, 200)
  t.match(checked.body, '2 problems to fix')
  t.match(checked.body, 'new.one@demo.test', 'the input is kept')
  t.match(checked.body, '<td>&quot;broken&quot; is not a valid email address</td>')
  const french = await browserPost(app, hr, '/hr/staff/import', { csv: `${csvHeader}\nbroken,,Education,,`, mode: 'check' }, { 'accept-language': 'fr' })
  t.match(french.body, '<td>« broken » n’est pas une adresse électronique valide</td>', 'the problems are in the page’s language')
  t.match(french.body, '<td>un nom est obligatoire</td>')
  const chinese = await browserPost(app, hr, '/hr/staff/import', { csv: `${csvHeader}\nbroken,,Education,,`, mode: 'check' }, { 'accept-language': 'zh' })
  t.match(chinese.body, '<td>“broken”不是有效的邮箱地址</td>')
  const api = await app.inject({ method: 'POST', url: '/api/v1/institution/staff/import?dryRun=1', headers: { authorization: `Bearer ${await apiToken(app, 'hr@demo.test')}`, 'content-type': 'text/csv', 'accept-language': 'fr' }, payload: `${csvHeader}\nbroken,,Education,,` })
  t.same(api.json().errors[0], { row: 2, column: 'email', message: '"broken" is not a valid email address' }, 'the API stays English, without the code')
  const refused = await browserPost(app, hr, '/hr/staff/import', { csv: `${csvHeader}\nbroken,,Education,,`, mode: 'import' })
  t.equal(refused.statusCode, 422)
  t.match(refused.body, 'Nothing was saved')
  t.same(await rowCounts(db), before)
  const many = Array.from({ length: 1500 }, (_, i) => `bulk.${i}@demo.test,Bulk Person ${i},Education,teacher,lecturer`)
  const imported = await browserPost(app, hr, '/hr/staff/import', { csv: [csvHeader, ...many].join('\n'), mode: 'import' })
  t.equal(imported.statusCode, 303, 'a file of 1,500 rows (over 64 KB) goes through')
  t.equal(imported.headers.location, '/hr/staff?imported=1500-0')
  t.match((await browserGet(app, hr, '/hr/staff?imported=1500-0')).body, 'Imported: 1500 added, 0 updated.')
})

t.test('an import that names an archived department brings it back instead of clashing', async (t) => {
  const { app, db } = await startTestApp(t)
  const hr = { authorization: `Bearer ${await apiToken(app, 'hr@demo.test')}` }
  const demo = await db.selectFrom('institutions').select('id').where('name', '=', 'Demo University').executeTakeFirstOrThrow()
  const archived = await db.insertInto('departments').values({ institution_id: demo.id, name: 'Archive Studies', disabled_at: new Date() }).returning('id').executeTakeFirstOrThrow()
  const csv = `${csvHeader}\nreturner@demo.test,Returner,Archive Studies,teacher,lecturer\n`
  const refused = await app.inject({ method: 'POST', url: '/api/v1/institution/staff/import?dryRun=0', headers: { ...hr, 'content-type': 'text/csv' }, payload: csv })
  t.equal(refused.statusCode, 422, 'an archived department is not offered')
  const applied = await app.inject({ method: 'POST', url: '/api/v1/institution/staff/import?dryRun=0&createDepartments=1', headers: { ...hr, 'content-type': 'text/csv' }, payload: csv })
  t.equal(applied.statusCode, 200)
  const department = await db.selectFrom('departments').select(['id', 'disabled_at']).where('name', '=', 'Archive Studies').execute()
  t.same(department, [{ id: archived.id, disabled_at: null }], 'the same department, restored')
})
