import t from 'tap'
import { hashPassword } from '../../server/services/passwords.js'
import { apiToken, browserGet, browserPost, rowCounts, signIn, startTestApp } from '../helpers/app.js'

interface CellJson { department: number | null; domain?: number; competencyId?: number; people: number | null; rated: number | null; meanLevel: number | null; meanGap: number | null; belowTarget: number | null; suppressed: boolean }

t.test('HR gap reports, exports and audit log', async (t) => {
  const { app, db } = await startTestApp(t)
  const hr = { authorization: `Bearer ${await apiToken(app, 'hr@demo.test')}` }
  const collegeHr = { authorization: `Bearer ${await apiToken(app, 'hr@college.test')}` }
  const demo = await db.selectFrom('institutions').select(['id', 'framework_id']).where('name', '=', 'Demo University').executeTakeFirstOrThrow()
  const demoDepartment = await db.selectFrom('departments').select('id').where('institution_id', '=', demo.id).orderBy('name').executeTakeFirstOrThrow()

  t.test('the institution figures per domain are exactly what the ratings and targets say', async (t) => {
    const response = await app.inject({ method: 'GET', url: '/api/v1/institution/gaps?by=domain', headers: hr })
    t.equal(response.statusCode, 200)
    const body = response.json<{ k: number; basis: string; cells: CellJson[] }>()
    t.equal(body.k, 5)
    t.equal(body.basis, 'self')
    // The same figures computed here from the raw rows, for one domain.
    const domain = await db.selectFrom('competencies').select(['id', 'code']).where('framework_id', '=', demo.framework_id).where('code', '=', 'CUR').executeTakeFirstOrThrow()
    const competencies = (await db.selectFrom('competencies').select('id').where('parent_id', '=', domain.id).where('kind', '=', 'competency').execute()).map((c) => c.id)
    const staff = await db.selectFrom('users').select(['id', 'role_profile_id']).where('institution_id', '=', demo.id).where('disabled_at', 'is', null).execute()
    const targets = await db.selectFrom('role_profile_targets').selectAll().execute()
    const current = await db.selectFrom('current_ratings').selectAll().where('institution_id', '=', demo.id).execute()
    let pairs = 0
    let gapSum = 0
    let below = 0
    const levels: number[] = []
    const raters = new Set<number>()
    for (const person of staff) {
      for (const competencyId of competencies) {
        const level = current.find((row) => row.user_id === person.id && row.competency_id === competencyId)?.level
        if (level !== undefined) {
          levels.push(level)
          raters.add(person.id)
        }
        const target = targets.find((row) => row.role_profile_id === person.role_profile_id && row.competency_id === competencyId)?.level
        // A target not rated is unknown: in no gap figure.
        if (target === undefined || level === undefined) continue
        pairs++
        gapSum += Math.max(0, target - level)
        if (level < target) below++
      }
    }
    const cell = body.cells.find((c) => c.domain === domain.id)!
    t.equal(cell.suppressed, false)
    t.equal(cell.people, staff.length)
    t.equal(cell.rated, raters.size)
    t.ok(Math.abs(cell.meanLevel! - levels.reduce((a, b) => a + b, 0) / levels.length) < 1e-9, 'mean level')
    t.ok(Math.abs(cell.meanGap! - gapSum / pairs) < 1e-9, 'mean gap')
    t.ok(Math.abs(cell.belowTarget! - below / pairs) < 1e-9, 'share below target')
  })

  t.test('lecturers and designers get 403; nobody signed in gets 401 or the sign-in page', async (t) => {
    for (const email of ['lecturer@demo.test', 'designer@demo.test']) {
      const auth = { authorization: `Bearer ${await apiToken(app, email)}` }
      for (const url of ['/api/v1/institution/gaps', '/api/v1/institution/gaps.csv', '/api/v1/institution/audit']) {
        t.equal((await app.inject({ method: 'GET', url, headers: auth })).statusCode, 403, `${email} ${url}`)
      }
      const session = await signIn(app, email)
      for (const url of ['/hr', `/hr/departments/${demoDepartment.id}`, '/hr/audit']) {
        const page = await browserGet(app, session, url)
        t.equal(page.statusCode, 403, `${email} ${url}`)
        t.match(page.body, 'Your role does not give access to this page')
      }
    }
    t.equal((await app.inject({ method: 'GET', url: '/api/v1/institution/gaps' })).statusCode, 401)
    t.equal((await app.inject({ method: 'GET', url: '/hr' })).statusCode, 303)
  })

  t.test("HR of another institution sees none of this one: its ids are not found", async (t) => {
    const own = (await app.inject({ method: 'GET', url: '/api/v1/institution/gaps', headers: collegeHr })).json<{ cells: CellJson[] }>()
    const collegeDepartments = (await db.selectFrom('departments').innerJoin('institutions', 'institutions.id', 'departments.institution_id').select('departments.id').where('institutions.name', '=', 'Demo College').execute()).map((d) => d.id)
    t.ok(own.cells.length > 0)
    t.ok(own.cells.every((cell) => collegeDepartments.includes(cell.department!)), 'only Demo College departments')
    t.equal((await app.inject({ method: 'GET', url: `/api/v1/institution/gaps?department=${demoDepartment.id}`, headers: collegeHr })).statusCode, 404)
    t.equal((await app.inject({ method: 'GET', url: `/api/v1/institution/gaps.csv?department=${demoDepartment.id}`, headers: collegeHr })).statusCode, 404)
    const demoProfile = await db.selectFrom('role_profiles').select('id').where('institution_id', '=', demo.id).executeTakeFirstOrThrow()
    t.equal((await app.inject({ method: 'GET', url: `/api/v1/institution/gaps?roleProfile=${demoProfile.id}`, headers: collegeHr })).statusCode, 404)
    const session = await signIn(app, 'hr@college.test')
    t.equal((await browserGet(app, session, `/hr/departments/${demoDepartment.id}`)).statusCode, 404)
    const dashboard = await browserGet(app, session, '/hr')
    t.notMatch(dashboard.body, 'Computer Science', "no Demo University department")
    // Columns say their domain's name under its code, in the reader's language (no tooltip to need on a phone).
    const domain = await db.selectFrom('competencies').select(['code', 'title', 'translations']).where('framework_id', '=', demo.framework_id).where('code', '=', 'CUR').executeTakeFirstOrThrow()
    t.match(dashboard.body, `<th scope="col"><span class="code">CUR</span> <span class="domain-name">${domain.title}</span></th>`)
    const french = await browserGet(app, session, '/hr', { 'accept-language': 'fr' })
    const frenchTitle = (domain.translations as { fr?: { title?: string } }).fr?.title
    t.ok(frenchTitle !== undefined && french.body.includes(`<span class="domain-name">${frenchTitle.replace(/'/g, '&#39;')}</span>`), 'in French too')
    const audit = (await app.inject({ method: 'GET', url: '/api/v1/institution/audit', headers: collegeHr })).json<{ entries: { data: unknown }[] }>()
    const demoLecturer = await apiToken(app, 'lecturer@demo.test')
    const competency = await db.selectFrom('competencies').select('id').where('framework_id', '=', demo.framework_id).where('kind', '=', 'competency').executeTakeFirstOrThrow()
    await app.inject({ method: 'PUT', url: `/api/v1/me/ratings/${competency.id}`, headers: { authorization: `Bearer ${demoLecturer}` }, payload: { level: 2 } })
    const after = (await app.inject({ method: 'GET', url: '/api/v1/institution/audit', headers: collegeHr })).json<{ entries: unknown[] }>()
    t.equal(after.entries.length, audit.entries.length, "a Demo University change is not in Demo College's log")
    const demoAudit = (await app.inject({ method: 'GET', url: '/api/v1/institution/audit?action=rating.self', headers: hr })).json<{ total: number; entries: { action: string; actor: string }[] }>()
    t.equal(demoAudit.entries[0]?.action, 'rating.self')
    t.equal(demoAudit.entries[0]?.actor, 'Amina Okafor')
  })

  t.test('bad queries are 400 with a message', async (t) => {
    for (const query of ['by=person', 'department=abc', 'basis=reviewer', 'surprise=1', 'roleProfile=-1']) {
      const response = await app.inject({ method: 'GET', url: `/api/v1/institution/gaps?${query}`, headers: hr })
      t.equal(response.statusCode, 400, query)
      t.type(response.json().error.message, 'string')
    }
    t.equal((await app.inject({ method: 'GET', url: '/api/v1/institution/audit?page=0', headers: hr })).statusCode, 400)
    const session = await signIn(app, 'hr@demo.test')
    t.equal((await browserGet(app, session, '/hr?department=abc')).statusCode, 400)
    t.equal((await browserGet(app, session, '/hr/audit?page=-2')).statusCode, 400)
  })

  t.test('pages: the heatmap links every cell to its drill-down; the CSV carries the same figures', async (t) => {
    const session = await signIn(app, 'hr@demo.test')
    const dashboard = await browserGet(app, session, '/hr')
    t.equal(dashboard.statusCode, 200)
    const link = /href="(\/hr\/departments\/(\d+)\?domain=(\d+)[^"]*)"/.exec(dashboard.body)
    t.ok(link, 'cells link to drill-downs')
    const drill = await browserGet(app, session, link![1]!.replace(/&amp;/g, '&'))
    t.equal(drill.statusCode, 200)
    t.match(drill.body, /<th scope="row"><span class="code">[A-Z]+\.\d<\/span>/)
    const csv = await app.inject({ method: 'GET', url: '/api/v1/institution/gaps.csv?by=department', headers: hr })
    t.equal(csv.statusCode, 200)
    t.match(csv.headers['content-type'], 'text/csv')
    const json = (await app.inject({ method: 'GET', url: '/api/v1/institution/gaps?by=department', headers: hr })).json<{ cells: CellJson[] }>()
    const lines = csv.body.trim().split('\r\n')
    t.equal(lines[0], 'department,domain_code,domain,suppressed,people,rated,mean_level,mean_gap,share_below_target')
    t.equal(lines.length - 1, json.cells.length, 'one row per cell')
    const audit = await browserGet(app, session, '/hr/audit')
    t.equal(audit.statusCode, 200)
    t.match(audit.body, '<h1>Audit log</h1>')
  })
})

t.test('suppression: a department of 6 with one support person cannot be worked out by subtraction', async (t) => {
  const { app, db } = await startTestApp(t)
  const framework = await db.selectFrom('frameworks').select('id').where('slug', '=', 'iioe-hew').executeTakeFirstOrThrow()
  const institution = await db.insertInto('institutions').values({ name: 'Tiny Institute', framework_id: framework.id }).returning('id').executeTakeFirstOrThrow()
  const [small, large] = await db.insertInto('departments').values([{ institution_id: institution.id, name: 'Small' }, { institution_id: institution.id, name: 'Large' }]).returning('id').execute()
  const [teacher, support] = await db
    .insertInto('role_profiles')
    .values([
      { institution_id: institution.id, framework_id: framework.id, code: 'teacher', name: 'Teacher' },
      { institution_id: institution.id, framework_id: framework.id, code: 'support', name: 'Support staff' },
    ])
    .returning('id')
    .execute()
  const competencies = await db.selectFrom('competencies').select('id').where('framework_id', '=', framework.id).where('kind', '=', 'competency').execute()
  await db.insertInto('role_profile_targets').values(competencies.flatMap((c) => [{ role_profile_id: teacher!.id, competency_id: c.id, level: 2 }, { role_profile_id: support!.id, competency_id: c.id, level: 3 }])).execute()
  const password = await hashPassword('demo-password')
  const people = [
    ...Array.from({ length: 5 }, (_, i) => ({ department: small!.id, profile: teacher!.id, email: `t${i}@tiny.test` })),
    { department: small!.id, profile: support!.id, email: 'only-support@tiny.test' },
    ...Array.from({ length: 7 }, (_, i) => ({ department: large!.id, profile: teacher!.id, email: `l${i}@tiny.test` })),
  ]
  const users = await db
    .insertInto('users')
    .values([
      ...people.map((p) => ({ institution_id: institution.id, email: p.email, name: p.email, role: 'lecturer' as const, department_id: p.department, role_profile_id: p.profile })),
      { institution_id: institution.id, email: 'hr@tiny.test', name: 'HR', role: 'hr' as const, password_hash: password, department_id: large!.id, role_profile_id: teacher!.id },
    ])
    .returning(['id', 'email'])
    .execute()
  for (const user of users) {
    const rating = await db.insertInto('ratings').values({ institution_id: institution.id, user_id: user.id, competency_id: competencies[0]!.id, level: user.email === 'only-support@tiny.test' ? 1 : 2, source: 'self' }).returning(['id', 'created_at']).executeTakeFirstOrThrow()
    await db.insertInto('current_ratings').values({ institution_id: institution.id, user_id: user.id, competency_id: competencies[0]!.id, level: user.email === 'only-support@tiny.test' ? 1 : 2, rating_id: rating.id, updated_at: rating.created_at }).execute()
  }
  const hr = { authorization: `Bearer ${await apiToken(app, 'hr@tiny.test')}` }
  const cellsOf = async (query: string) => {
    const response = await app.inject({ method: 'GET', url: `/api/v1/institution/gaps?${query}`, headers: hr })
    t.equal(response.statusCode, 200, query)
    return response.json<{ cells: CellJson[] }>().cells
  }
  const before = await rowCounts(db)

  const all = await cellsOf('by=department')
  t.ok(all.filter((cell) => cell.department === small!.id).every((cell) => !cell.suppressed && cell.people === 6), 'the department of 6 is shown')
  const supportOnly = await cellsOf(`by=department&roleProfile=${support!.id}`)
  t.ok(supportOnly.filter((cell) => cell.department === small!.id).every((cell) => cell.suppressed), 'the one support person is suppressed')
  const teachersOnly = await cellsOf(`by=department&roleProfile=${teacher!.id}`)
  const smallTeachers = teachersOnly.filter((cell) => cell.department === small!.id)
  t.ok(smallTeachers.length > 0 && smallTeachers.every((cell) => cell.suppressed), 'the 5 teachers are suppressed too: 6 - 5 would reveal the support person')
  for (const cell of [...supportOnly, ...teachersOnly].filter((c) => c.suppressed)) {
    t.same([cell.people, cell.rated, cell.meanLevel, cell.meanGap, cell.belowTarget], [null, null, null, null, null], 'a suppressed cell carries no figure')
  }
  const csv = await app.inject({ method: 'GET', url: `/api/v1/institution/gaps.csv?by=department&roleProfile=${teacher!.id}`, headers: hr })
  const smallRows = csv.body.split('\r\n').filter((line) => line.startsWith('Small,'))
  t.ok(smallRows.length > 0 && smallRows.every((line) => /^Small,[^,]+,[^,]*,suppressed,,,,,$/.test(line)), 'the CSV suppresses the same cells')
  const page = await browserGet(app, await signIn(app, 'hr@tiny.test'), `/hr?roleProfile=${teacher!.id}`)
  t.match(page.body, /<tr><th scope="row">Small<\/th>(<td class="heat-suppressed">[^]*?<\/td>)+<\/tr>/, 'the heatmap row is suppressed')
  t.same(await rowCounts(db), before, 'reports write nothing')
})

t.test('participation, level distribution, trend and top gaps, with small groups suppressed', async (t) => {
  const { app, db } = await startTestApp(t)
  const hr = await signIn(app, 'hr@demo.test')
  const page = await browserGet(app, hr, '/hr/insights')
  t.equal(page.statusCode, 200)
  t.match(page.body, '<h2>Participation</h2>')
  t.match(page.body, /<svg class="trend-chart"[^>]*role="img"/)
  t.match(page.body, /<title id="trend-title">Mean level at the end of each quarter: /)
  t.match(page.body, /Largest gaps, and the programmes that close them<\/h2>[\s\S]*?<a href="\/programmes\/\d+">/)
  const insights = app.services.insights
  const user = (await app.services.users.authenticate('hr@demo.test', 'demo-password'))!
  const { framework_id: frameworkId } = await db.selectFrom('institutions').select('framework_id').where('id', '=', user.institutionId).executeTakeFirstOrThrow()
  const participation = await insights.participation(user, frameworkId)
  const staffPerDepartment = await db
    .selectFrom('users')
    .select((eb) => ['department_id', eb.fn.countAll<number>().as('n')])
    .where('institution_id', '=', user.institutionId)
    .groupBy('department_id')
    .execute()
  for (const row of participation) {
    t.equal(row.people, Number(staffPerDepartment.find((d) => d.department_id === row.departmentId)!.n), 'people per department')
  }
  const distribution = await insights.distribution(user, frameworkId, 3)
  for (const row of distribution) {
    const shown = [row.notRated, ...row.counts].filter((count): count is number => count !== null)
    t.ok(shown.every((count) => count === 0 || count >= 5), 'no count under K is shown')
    const hiddenTotal = row.people - shown.reduce((a, b) => a + b, 0)
    t.ok(hiddenTotal === 0 || hiddenTotal >= 5, 'the hidden counts cannot be worked out as one small group')
  }
  const trend = await insights.trend(user, frameworkId, 6, new Date())
  t.equal(trend.by, 'quarter')
  t.equal(trend.points.length, 6)
  t.ok(trend.points.some((row) => row.meanLevel !== null), 'the two rating rounds show up')
  t.ok(trend.points.every((row) => row.suppressed || row.rated === 0 || (row.rated ?? 0) >= 5))
})

t.test('HR sets K and the stale period; K never goes below 3; every change is audited', async (t) => {
  const { app, db } = await startTestApp(t)
  const hr = await signIn(app, 'hr@demo.test')
  const page = await browserGet(app, hr, '/hr/settings')
  t.match(page.body, 'value="5"')
  const before = await rowCounts(db)
  for (const fields of [{ minGroupSize: '2', staleAfterMonths: '24', ratingVisibility: 'shared' }, { minGroupSize: 'five', staleAfterMonths: '24', ratingVisibility: 'shared' }, { minGroupSize: '5', staleAfterMonths: '0', ratingVisibility: 'shared' }]) {
    const refused = await browserPost(app, hr, '/hr/settings', fields)
    t.equal(refused.statusCode, 422, JSON.stringify(fields))
    t.match(refused.body, 'Nothing was saved')
    t.match(refused.body, `value="${fields.minGroupSize}"`, 'the input is kept')
  }
  t.same(await rowCounts(db), before)
  const saved = await browserPost(app, hr, '/hr/settings', { minGroupSize: '8', staleAfterMonths: '12', ratingVisibility: 'shared' })
  t.equal(saved.statusCode, 303)
  const token = await apiToken(app, 'hr@demo.test')
  const report = (await app.inject({ method: 'GET', url: '/api/v1/institution/gaps', headers: { authorization: `Bearer ${token}` } })).json<{ k: number; cells: { people: number | null; suppressed: boolean }[] }>()
  t.equal(report.k, 8)
  t.ok(report.cells.every((cell) => cell.suppressed || (cell.people ?? 0) >= 8), 'the new K applies at once')
  const audit = await db.selectFrom('audit_log').select('data').where('action', '=', 'settings.update').executeTakeFirstOrThrow()
  t.same(audit.data, { before: { min_group_size: 5, stale_after_months: 24, rating_visibility: 'shared', time_zone: 'UTC', review_reminder_days: 7 }, after: { minGroupSize: 8, staleAfterMonths: 12, ratingVisibility: 'shared', timeZone: 'UTC', reviewReminderDays: 7 } })
})

t.test('every insights view downloads as CSV with the same suppression', async (t) => {
  const { app } = await startTestApp(t)
  const hr = await signIn(app, 'hr@demo.test')
  const page = await browserGet(app, hr, '/hr/insights')
  for (const view of ['participation', 'distribution', 'trend']) {
    t.match(page.body, `href="/hr/insights/${view}.csv?framework=`)
    const csv = await browserGet(app, hr, `/hr/insights/${view}.csv`)
    t.equal(csv.statusCode, 200, view)
    t.match(csv.headers['content-type'], 'text/csv')
    t.ok(csv.body.split('\r\n').length > 2, `${view} has rows`)
  }
  const distribution = (await browserGet(app, hr, '/hr/insights/distribution.csv')).body.trim().split('\r\n')
  t.equal(distribution[0], 'competency_code,competency,people,not_rated,level_0,level_1,level_2,level_3,suppressed_levels')
  for (const line of distribution.slice(1)) {
    const cells = line.split(',')
    const counts = cells.slice(-6, -1)
    t.ok(counts.every((count) => count === '' || Number(count) === 0 || Number(count) >= 5), `no small count shown: ${cells[0]}`)
  }
  t.equal((await browserGet(app, hr, '/hr/insights/salaries.csv')).statusCode, 404)
  const lecturer = await signIn(app, 'lecturer@demo.test')
  t.equal((await browserGet(app, lecturer, '/hr/insights/trend.csv')).statusCode, 403)
})
