import t from 'tap'
import { apiToken, browserGet, browserPost, signIn, startTestApp } from '../helpers/app.js'

interface UseJson { frameworkId: number; slug: string; version: string; purpose: string; subject: string; audience: string[]; primary: boolean }

t.test('an institution uses several frameworks, each for a purpose and an audience', async (t) => {
  const { app, db } = await startTestApp(t)
  const college = await db.selectFrom('institutions').select(['id', 'framework_id']).where('name', '=', 'Demo College').executeTakeFirstOrThrow()
  const ict = await db.selectFrom('frameworks').select(['id', 'version']).where('slug', '=', 'unesco-ict-cft').executeTakeFirstOrThrow()
  const digcompedu = await db.selectFrom('frameworks').select('id').where('slug', '=', 'digcompedu').executeTakeFirstOrThrow()
  const hr = { authorization: `Bearer ${await apiToken(app, 'hr@college.test')}` }
  const lecturer = { authorization: `Bearer ${await apiToken(app, 'lecturer@college.test')}` }
  const admin = { authorization: `Bearer ${await apiToken(app, 'admin@demo.test')}` }
  const usesOf = async () => (await app.inject({ method: 'GET', url: '/api/v1/institution/frameworks', headers: hr })).json<UseJson[]>()
  const auditCount = async () => Number((await db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).where('action', '=', 'institution.frameworks').executeTakeFirstOrThrow()).n)

  t.test('HR read the list: the primary framework, for everyone', async (t) => {
    const uses = await usesOf()
    t.same(uses.map(({ frameworkId, slug, subject, audience, primary }) => ({ frameworkId, slug, subject, audience, primary })), [
      { frameworkId: college.framework_id, slug: 'iioe-hew', subject: 'person', audience: [], primary: true },
    ])
    t.equal((await app.inject({ method: 'GET', url: '/api/v1/institution/frameworks', headers: lecturer })).statusCode, 403, 'a lecturer may not')
    const withoutInstitution = await app.inject({ method: 'GET', url: '/api/v1/institution/frameworks', headers: admin })
    t.equal(withoutInstitution.statusCode, 400, 'an operator names the institution')
    t.match(withoutInstitution.json(), { error: { reason: 'frameworkUseInstitutionMissing' } })
    t.equal((await app.inject({ method: 'GET', url: `/api/v1/institution/frameworks?institution=${college.id}`, headers: admin })).json<UseJson[]>().length, 1)
    const demo = await db.selectFrom('institutions').select('id').where('name', '=', 'Demo University').executeTakeFirstOrThrow()
    t.equal((await app.inject({ method: 'GET', url: `/api/v1/institution/frameworks?institution=${demo.id}`, headers: hr })).statusCode, 404, "HR never reach another institution's list")
  })

  t.test('refused lists change nothing and say why', async (t) => {
    const before = await auditCount()
    const cases: [Record<string, unknown>[], string][] = [
      [[{ frameworkId: ict.id }], 'frameworkUsePrimaryMissing'],
      [[{ frameworkId: college.framework_id }, { frameworkId: 999_999 }], 'frameworkUseUnknown'],
      [[{ frameworkId: college.framework_id }, { frameworkId: college.framework_id }], 'frameworkUseTwice'],
      [[{ frameworkId: college.framework_id }, { frameworkId: ict.id, audience: ['dean'] }], 'frameworkUseAudienceUnknown'],
    ]
    for (const [payload, reason] of cases) {
      const response = await app.inject({ method: 'PUT', url: '/api/v1/institution/frameworks', headers: hr, payload })
      t.equal(response.statusCode, 400, reason)
      t.match(response.json(), { error: { reason } }, reason)
    }
    t.equal((await app.inject({ method: 'PUT', url: '/api/v1/institution/frameworks', headers: hr, payload: [{ frameworkId: college.framework_id, purpose: 'x'.repeat(201) }] })).statusCode, 400, 'a purpose too long')
    t.equal((await app.inject({ method: 'PUT', url: '/api/v1/institution/frameworks', headers: hr, payload: [] })).statusCode, 400, 'an empty list')
    t.equal((await app.inject({ method: 'PUT', url: '/api/v1/institution/frameworks', headers: lecturer, payload: [{ frameworkId: college.framework_id }] })).statusCode, 403)
    t.equal(await auditCount(), before, 'nothing audited')
    t.equal((await usesOf()).length, 1, 'the list is as it was')
  })

  t.test('HR add ICT-CFT for teachers: profiles with targets come with it, audited', async (t) => {
    const response = await app.inject({
      method: 'PUT',
      url: '/api/v1/institution/frameworks',
      headers: hr,
      payload: [{ frameworkId: college.framework_id, purpose: 'Everyone' }, { frameworkId: ict.id, purpose: "Teachers' ICT competency", audience: ['teacher'] }],
    })
    t.equal(response.statusCode, 200, response.body)
    t.same(response.json<UseJson[]>().map(({ slug, purpose, audience, primary }) => ({ slug, purpose, audience, primary })), [
      { slug: 'iioe-hew', purpose: 'Everyone', audience: [], primary: true },
      { slug: 'unesco-ict-cft', purpose: "Teachers' ICT competency", audience: ['teacher'], primary: false },
    ])
    const teacher = await db.selectFrom('role_profiles').select('id').where('institution_id', '=', college.id).where('framework_id', '=', ict.id).where('code', '=', 'teacher').executeTakeFirstOrThrow()
    const targets = await db.selectFrom('role_profile_targets').select('level').where('role_profile_id', '=', teacher.id).execute()
    t.equal(targets.length, 6, 'the shipped ICT-CFT teacher profile: a target per aspect')
    const entry = await db.selectFrom('audit_log').select(['data', 'actor_id']).where('action', '=', 'institution.frameworks').orderBy('id', 'desc').executeTakeFirstOrThrow()
    t.match(entry.data, { before: [{ frameworkId: college.framework_id }], after: [{ frameworkId: college.framework_id }, { frameworkId: ict.id, audience: ['teacher'] }] })
  })

  t.test('a teacher rates themselves on both; each framework keeps its own ratings, targets and plan', async (t) => {
    const ictCompetency = await db.selectFrom('competencies').select(['id', 'code']).where('framework_id', '=', ict.id).where('kind', '=', 'competency').orderBy('code').executeTakeFirstOrThrow()
    const saved = await app.inject({ method: 'PUT', url: `/api/v1/me/ratings/${ictCompetency.id}`, headers: lecturer, payload: { level: 1, evidence: 'Used the national ICT policy in my course plan' } })
    t.equal(saved.statusCode, 200, saved.body)
    const hew = (await app.inject({ method: 'GET', url: '/api/v1/me/ratings', headers: lecturer })).json<{ competencyId: number }[]>()
    t.notOk(hew.some((rating) => rating.competencyId === ictCompetency.id), 'the default list is the primary framework’s')
    const inIct = (await app.inject({ method: 'GET', url: `/api/v1/me/ratings?framework=${ict.id}`, headers: lecturer })).json<{ competencyId: number; level: number }[]>()
    t.same(inIct.map(({ competencyId, level }) => ({ competencyId, level })), [{ competencyId: ictCompetency.id, level: 1 }])
    const gaps = (await app.inject({ method: 'GET', url: `/api/v1/me/gaps?framework=${ict.id}`, headers: lecturer })).json<{ code: string; current: number; target: number | null }[]>()
    t.equal(gaps.length, 6, 'the six ICT-CFT aspects')
    t.ok(gaps.every((gap) => gap.target !== null), "the teacher profile's ICT-CFT targets apply")
    t.equal(gaps.find((gap) => gap.code === ictCompetency.code)?.current, 1)
    const recommendations = await app.inject({ method: 'GET', url: `/api/v1/me/recommendations?framework=${ict.id}`, headers: lecturer })
    t.equal(recommendations.statusCode, 200)
    for (const item of recommendations.json<{ framework: { slug: string } }[]>()) t.equal(item.framework.slug, 'unesco-ict-cft', 'each names its framework')
    t.match((await app.inject({ method: 'GET', url: `/api/v1/me/learning-path?framework=${ict.id}`, headers: lecturer })).json(), { framework: { id: ict.id, slug: 'unesco-ict-cft' } })
  })

  t.test('a framework the institution does not use is not found, for reading and rating', async (t) => {
    for (const url of [`/api/v1/me/ratings?framework=${digcompedu.id}`, `/api/v1/me/gaps?framework=${digcompedu.id}`, `/api/v1/framework?framework=${digcompedu.id}`, `/api/v1/programmes?framework=${digcompedu.id}`]) {
      const response = await app.inject({ method: 'GET', url, headers: lecturer })
      t.equal(response.statusCode, 404, url)
      t.match(response.json(), { error: { reason: 'frameworkNotInUse' } }, url)
    }
    t.equal((await app.inject({ method: 'GET', url: '/api/v1/me/gaps?framework=abc', headers: lecturer })).statusCode, 400)
    const foreign = await db.selectFrom('competencies').select('id').where('framework_id', '=', digcompedu.id).where('kind', '=', 'competency').executeTakeFirstOrThrow()
    const before = await db.selectFrom('ratings').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
    t.equal((await app.inject({ method: 'PUT', url: `/api/v1/me/ratings/${foreign.id}`, headers: lecturer, payload: { level: 1 } })).statusCode, 404)
    t.same(await db.selectFrom('ratings').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(), before, 'nothing written')
  })

  t.test('HR report each framework, in JSON, CSV and pages', async (t) => {
    const report = (await app.inject({ method: 'GET', url: `/api/v1/institution/gaps?by=domain&framework=${ict.id}`, headers: hr })).json<{ framework: { slug: string }; cells: { domain: number }[] }>()
    t.equal(report.framework.slug, 'unesco-ict-cft')
    const ictDomains = new Set((await db.selectFrom('competencies').select('id').where('framework_id', '=', ict.id).where('kind', '=', 'domain').execute()).map((row) => row.id))
    t.ok(report.cells.length > 0 && report.cells.every((cell) => ictDomains.has(cell.domain)), 'cells are ICT-CFT aspects')
    const csv = await app.inject({ method: 'GET', url: `/api/v1/institution/gaps.csv?by=domain&framework=${ict.id}`, headers: hr })
    t.match(csv.headers['content-disposition'], 'gaps-unesco-ict-cft-by-domain-self.csv')
    const session = await signIn(app, 'hr@college.test')
    const page = await browserGet(app, session, `/hr?framework=${ict.id}`)
    t.equal(page.statusCode, 200)
    t.match(page.body, new RegExp(`<a href="/hr\\?framework=${ict.id}" aria-current="page">`), 'the switcher marks the framework shown')
    t.match(page.body, `<a href="/hr?framework=${college.framework_id}">`)
    t.match(page.body, `<input type="hidden" name="framework" value="${ict.id}">`, 'the filters keep the framework')
    t.equal((await browserGet(app, session, `/hr?framework=${digcompedu.id}`)).statusCode, 404)
    t.equal((await browserGet(app, session, `/hr/insights?framework=${ict.id}`)).statusCode, 200)
  })

  t.test('pages: the teacher switches framework on the tree and the plan, JS or not', async (t) => {
    const session = await signIn(app, 'lecturer@college.test')
    const tree = await browserGet(app, session, `/framework?framework=${ict.id}`)
    t.equal(tree.statusCode, 200)
    t.match(tree.body, 'UNESCO ICT Competency Framework for Teachers')
    t.match(tree.body, new RegExp(`<a href="/framework\\?framework=${ict.id}" aria-current="page">`))
    const competency = await db.selectFrom('competencies').select('id').where('framework_id', '=', ict.id).where('kind', '=', 'competency').orderBy('code', 'desc').executeTakeFirstOrThrow()
    const saved = await browserPost(app, session, `/framework/${competency.id}/rating`, { level: '2', evidence: 'Ran a project with learners', returnTo: 'tree' })
    t.equal(saved.statusCode, 303)
    const back = await browserGet(app, session, saved.headers.location as string)
    t.match(back.body, new RegExp(`<a href="/framework\\?framework=${ict.id}" aria-current="page">`), 'after a save the tree shows the framework of the competency saved')
    const plan = await browserGet(app, session, `/plan?framework=${ict.id}`)
    t.equal(plan.statusCode, 200)
    t.match(plan.body, new RegExp(`<a href="/plan\\?framework=${ict.id}" aria-current="page">`))
    t.equal((await browserGet(app, session, '/plan?framework=x')).statusCode, 404)
  })

  t.test('a new version of a framework used beside the primary carries its ratings, in its place in the list', async (t) => {
    const teacher = await db.selectFrom('users').select(['id', 'role_profile_id']).where('email', '=', 'lecturer@college.test').executeTakeFirstOrThrow()
    const file = (await app.inject({ method: 'GET', url: `/api/v1/frameworks/${ict.id}/export`, headers: admin })).json<{ version: string }>()
    const loaded = await app.inject({ method: 'POST', url: `/api/v1/frameworks/${ict.id}/versions`, headers: admin, payload: { framework: { ...file, version: '3.1-test' }, codeMap: {} } })
    t.equal(loaded.statusCode, 201, loaded.body)
    const newId = loaded.json<{ id: number }>().id
    t.same((await usesOf()).map(({ frameworkId, purpose, audience }) => ({ frameworkId, purpose, audience })), [
      { frameworkId: college.framework_id, purpose: 'Everyone', audience: [] },
      { frameworkId: newId, purpose: "Teachers' ICT competency", audience: ['teacher'] },
    ])
    const carried = await db
      .selectFrom('current_ratings')
      .innerJoin('ratings', 'ratings.id', 'current_ratings.rating_id')
      .innerJoin('competencies', 'competencies.id', 'current_ratings.competency_id')
      .select(['competencies.code', 'ratings.level', 'ratings.carried_from'])
      .where('current_ratings.user_id', '=', teacher.id)
      .where('competencies.framework_id', '=', newId)
      .orderBy('competencies.code')
      .execute()
    t.equal(carried.length, 2, 'both ICT-CFT ratings of the teacher are carried')
    t.ok(carried.every((row) => row.carried_from !== null), 'each names the rating it came from')
    const after = await db.selectFrom('users').select('role_profile_id').where('id', '=', teacher.id).executeTakeFirstOrThrow()
    t.equal(after.role_profile_id, teacher.role_profile_id, 'people keep their profile of the primary framework')
    const institution = await db.selectFrom('institutions').select('framework_id').where('id', '=', college.id).executeTakeFirstOrThrow()
    t.equal(institution.framework_id, college.framework_id, 'the primary is untouched')
    const gaps = (await app.inject({ method: 'GET', url: `/api/v1/me/gaps?framework=${newId}`, headers: lecturer })).json<{ target: number | null }[]>()
    t.ok(gaps.length === 6 && gaps.every((gap) => gap.target !== null), 'the teacher profile of the new version has the targets')
    t.equal((await app.inject({ method: 'GET', url: `/api/v1/me/gaps?framework=${ict.id}`, headers: lecturer })).statusCode, 404, 'the old version is no longer in use')
  })

  t.test('moving the primary to another framework keeps the list whole', async (t) => {
    const adminSession = await signIn(app, 'admin@demo.test')
    const moved = await browserPost(app, adminSession, `/admin/institutions/${college.id}/framework`, { frameworkId: String(digcompedu.id) })
    t.equal(moved.statusCode, 303)
    t.same((await usesOf()).map(({ slug, primary, purpose }) => ({ slug, primary, purpose })), [
      { slug: 'digcompedu', primary: true, purpose: 'Everyone' },
      { slug: 'unesco-ict-cft', primary: false, purpose: "Teachers' ICT competency" },
    ], 'the new primary takes the old one’s place, purpose and all')
    const created = await db.insertInto('institutions').values({ name: 'Trigger Test College', framework_id: ict.id }).returning('id').executeTakeFirstOrThrow()
    t.same(await db.selectFrom('institution_frameworks').select(['framework_id', 'position']).where('institution_id', '=', created.id).execute(), [{ framework_id: ict.id, position: 0 }], 'a new institution uses its primary')
  })
})

t.test('HR set the frameworks in a plain form, kept when refused', async (t) => {
  const { app, db } = await startTestApp(t)
  const ict = await db.selectFrom('frameworks').select('id').where('slug', '=', 'unesco-ict-cft').executeTakeFirstOrThrow()
  const college = await db.selectFrom('institutions').select(['id', 'framework_id']).where('name', '=', 'Demo College').executeTakeFirstOrThrow()
  const session = await signIn(app, 'hr@college.test')
  const page = await browserGet(app, session, '/hr/frameworks')
  t.equal(page.statusCode, 200)
  t.match(page.body, `<option value="${ict.id}">`)
  const refused = await browserPost(app, session, '/hr/frameworks', { framework: String(college.framework_id), [`purpose-${college.framework_id}`]: 'y'.repeat(250), add: String(ict.id) })
  t.equal(refused.statusCode, 422)
  t.match(refused.body, 'y'.repeat(250), 'the input is kept')
  t.match(refused.body, 'Keep each purpose under 200 characters')
  const saved = await browserPost(app, session, '/hr/frameworks', { framework: String(college.framework_id), [`purpose-${college.framework_id}`]: 'For everyone', add: String(ict.id) })
  t.equal(saved.statusCode, 303)
  t.equal(saved.headers.location, '/hr/frameworks?saved=1')
  const uses = await db.selectFrom('institution_frameworks').select(['framework_id', 'purpose', 'position']).where('institution_id', '=', college.id).orderBy('position').execute()
  t.same(uses, [{ framework_id: college.framework_id, purpose: 'For everyone', position: 0 }, { framework_id: ict.id, purpose: '', position: 1 }])
  const french = await browserGet(app, session, '/hr/frameworks', { 'accept-language': 'fr' })
  t.match(french.body, 'Référentiels utilisés')
})

t.test('the demo: Demo University uses IIOE HEW for everyone, ICT-CFT for teachers, who have rated both, and the QA self-assessment', async (t) => {
  const { app, db } = await startTestApp(t)
  const ict = await db.selectFrom('frameworks').select('id').where('slug', '=', 'unesco-ict-cft').executeTakeFirstOrThrow()
  const hr = { authorization: `Bearer ${await apiToken(app, 'hr@demo.test')}` }
  const uses = (await app.inject({ method: 'GET', url: '/api/v1/institution/frameworks', headers: hr })).json<UseJson[]>()
  t.same(uses.map(({ slug, audience, primary }) => ({ slug, audience, primary })), [
    { slug: 'iioe-hew', audience: [], primary: true },
    { slug: 'unesco-ict-cft', audience: ['teacher'], primary: false },
    { slug: 'iioe-qa', audience: [], primary: false },
  ])
  t.same(uses.map((use) => use.subject), ['person', 'person', 'institution'], 'the QA framework is about the institution')
  t.ok(uses.every((use) => use.purpose !== ''), 'each says what it is for')
  const lecturer = { authorization: `Bearer ${await apiToken(app, 'lecturer@demo.test')}` }
  t.ok((await app.inject({ method: 'GET', url: `/api/v1/me/ratings?framework=${ict.id}`, headers: lecturer })).json<unknown[]>().length > 0, 'the demo teacher has ICT-CFT ratings')
  // The report's targets in ICT-CFT are those of each person's role in it (the teacher profile there):
  // with the primary framework's profile instead, nobody would have a target and every gap would be empty.
  const report = (await app.inject({ method: 'GET', url: `/api/v1/institution/gaps?by=domain&framework=${ict.id}`, headers: hr })).json<{ cells: { meanGap: number | null; rated: number | null }[] }>()
  t.equal(report.cells.length, 6)
  t.ok(report.cells.every((cell) => cell.meanGap !== null && cell.meanGap > 0), 'every aspect has a gap figure')
  t.ok(report.cells.every((cell) => cell.rated !== null && cell.rated >= 5), 'and enough raters to show it')
  const designer = { authorization: `Bearer ${await apiToken(app, 'designer@demo.test')}` }
  const coverage = (await app.inject({ method: 'GET', url: `/api/v1/coverage?framework=${ict.id}`, headers: designer })).json<{ demand: number | null }[]>()
  t.ok(coverage.some((row) => (row.demand ?? 0) >= 5), 'teachers below their ICT-CFT targets are demand for programmes')
  const session = await signIn(app, 'lecturer@demo.test')
  for (const locale of ['en', 'fr', 'zh']) {
    const home = await browserGet(app, session, '/', { 'accept-language': locale })
    t.match(home.body, new RegExp(`<a href="/\\?framework=${ict.id}">`), `${locale}: the home page switches to ICT-CFT`)
  }
  const french = await browserGet(app, session, `/framework?framework=${ict.id}`, { 'accept-language': 'fr' })
  t.match(french.body, 'Référentiel UNESCO de compétences TIC pour les enseignants')
  t.notMatch(french.body, /<span lang="en">/, 'nothing of ICT-CFT falls back to English')
})
