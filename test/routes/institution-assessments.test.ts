import t from 'tap'
import { apiToken, browserGet, browserPost, createInstitutionWithUser, signIn, startTestApp } from '../helpers/app.js'

/**
 * The QA self-assessment of Demo University through the API and the pages: who may record and read,
 * what a judgement writes (once, appended, audited), what is refused, and the report's advice.
 */
t.test('the institution assessment', async (t) => {
  const { app, db } = await startTestApp(t)
  const [hr, lecturer, designer, admin, collegeHr] = (await Promise.all(['hr@demo.test', 'lecturer@demo.test', 'designer@demo.test', 'admin@demo.test', 'hr@college.test'].map((email) => apiToken(app, email)))) as [string, string, string, string, string]
  const qa = await db.selectFrom('frameworks').select(['id', 'scale']).where('slug', '=', 'iioe-qa').executeTakeFirstOrThrow()
  const areas = await db.selectFrom('competencies').select(['id', 'code']).where('framework_id', '=', qa.id).where('kind', '=', 'competency').orderBy('id').execute()
  const hew = await db.selectFrom('frameworks').select('id').where('slug', '=', 'iioe-hew').executeTakeFirstOrThrow()
  const hewCompetency = await db.selectFrom('competencies').select('id').where('framework_id', '=', hew.id).where('kind', '=', 'competency').orderBy('id').executeTakeFirstOrThrow()
  const call = (token: string, method: 'GET' | 'PUT', url: string, payload?: object) =>
    app.inject({ method, url: `/api/v1/institution/assessments/${url}`, headers: { authorization: `Bearer ${token}` }, ...(payload ? { payload } : {}) })
  const rows = () => db.selectFrom('subject_ratings').selectAll().where('framework_id', '=', qa.id).orderBy('id').execute()
  const top = Math.max(...qa.scale.levels.map((level) => level.level))

  await t.test('the shipped file: 6 components, 20 sub-components, 61 areas, about the institution, provisional', async (t) => {
    const row = await db.selectFrom('frameworks').select(['subject', 'status', 'languages']).where('id', '=', qa.id).executeTakeFirstOrThrow()
    t.same(row, { subject: 'institution', status: 'provisional', languages: ['en', 'fr', 'zh'] })
    const nodes = await db.selectFrom('competencies').select(['id', 'parent_id', 'kind', 'translations', 'source']).where('framework_id', '=', qa.id).execute()
    const roots = nodes.filter((node) => node.parent_id === null)
    const subComponents = nodes.filter((node) => node.kind === 'domain' && node.parent_id !== null)
    t.same([roots.length, subComponents.length, areas.length], [6, 20, 61])
    t.ok(roots.every((root) => root.kind === 'domain') && subComponents.every((sub) => roots.some((root) => root.id === sub.parent_id)), 'sub-components sit in components')
    t.ok(areas.every((area) => subComponents.some((sub) => sub.id === nodes.find((node) => node.id === area.id)!.parent_id)), 'areas sit in sub-components')
    t.same(nodes.filter((node) => !node.translations['fr']?.title || !node.translations['zh']?.title).length, 0, 'every node has a French and a Chinese title')
    t.same(nodes.filter((node) => !/modelled/i.test(node.source.note ?? '')).length, 0, 'every node says it is modelled')
  })

  await t.test('reading: HR and the panel; others 403 while the results are the panel’s; another institution 404', async (t) => {
    const seeded = await rows()
    t.equal(seeded.length, 14, 'the demo panel judged the first 14 areas')
    const read = await call(hr, 'GET', `${qa.id}`)
    t.equal(read.statusCode, 200)
    const body = read.json()
    t.same([body.subject, body.unitId, body.resultsVisibleTo, body.youAssessAs, body.areas, body.current.length, body.history.length], ['institution', null, 'panel', 'hr', 61, 14, 14])
    t.same(body.current.map((judgement: { code: string }) => judgement.code), areas.slice(0, 14).map((area) => area.code), 'current levels in tree order')
    t.equal((await call(lecturer, 'GET', `${qa.id}`)).json().youAssessAs, 'panel', 'the demo lecturer is on the panel')
    const refused = await call(designer, 'GET', `${qa.id}`)
    t.same([refused.statusCode, refused.json().error.message], [403, 'Your institution shows the results of this assessment to HR and its panel only'])
    t.equal((await call(admin, 'GET', `${qa.id}`)).statusCode, 403, 'the operator reads no institution’s assessment')
    const other = await call(collegeHr, 'GET', `${qa.id}`)
    t.same([other.statusCode, other.json().error.message], [404, `Your institution does not use framework ${qa.id} to assess a unit or the institution: choose one of its institution assessments`])
    const personal = await call(hr, 'GET', `${hew.id}`)
    t.equal(personal.statusCode, 404, 'a framework for people is not an institution assessment')
  })

  await t.test('recording: appended and audited once; a repeat and a double submit write nothing more', async (t) => {
    const area = areas[20]!
    const before = (await rows()).length
    const saved = await call(lecturer, 'PUT', `${qa.id}/ratings/${area.id}`, { level: 2, evidence: '  LMS report 2026 ', comment: 'Planned: a review' })
    t.equal(saved.statusCode, 200)
    t.match(saved.json(), { competencyId: area.id, code: area.code, level: 2, evidence: 'LMS report 2026', comment: 'Planned: a review', raterRole: 'panel', ratedBy: { name: 'Amina Okafor' }, changed: true })
    const again = await call(lecturer, 'PUT', `${qa.id}/ratings/${area.id}`, { level: 2, evidence: 'LMS report 2026', comment: 'Planned: a review' })
    t.same([again.statusCode, again.json().changed, again.json().id], [200, false, saved.json().id], 'the same judgement: the current one, nothing written')
    const twice = await Promise.all([0, 1].map(() => call(hr, 'PUT', `${qa.id}/ratings/${area.id}`, { level: 3, evidence: 'Senate minutes' })))
    t.same(twice.map((response) => response.statusCode), [200, 200])
    t.same(twice.map((response) => response.json().changed).sort(), [false, true], 'two submits at once: one writes, the other finds it')
    const after = await rows()
    t.equal(after.length, before + 2, 'two rows: the panel’s and HR’s')
    t.same(after.slice(-2).map((row) => [row.level, row.rater_role, row.unit_id]), [[2, 'panel', null], [3, 'hr', null]])
    const audit = await db.selectFrom('audit_log').select(['action', 'data']).where('action', '=', 'assessment.judge').where('entity_id', '=', String(area.id)).orderBy('id').execute()
    t.same(audit.map((entry) => [entry.data['level'], entry.data['as']]), [[2, 'panel'], [3, 'hr']], 'each write audited, the repeats not')
    const history = (await call(hr, 'GET', `${qa.id}`)).json().history.filter((judgement: { competencyId: number }) => judgement.competencyId === area.id)
    t.same(history.map((judgement: { level: number }) => judgement.level), [3, 2], 'history newest first, nothing overwritten')
  })

  await t.test('refused: off the scale, text too long, a unit for an institution, not on the panel, a node of another framework', async (t) => {
    const area = areas[30]!
    const before = (await rows()).length
    const off = await call(hr, 'PUT', `${qa.id}/ratings/${area.id}`, { level: top + 1 })
    t.same([off.statusCode, off.json().error.message], [400, `Level ${top + 1} is not on the scale of this framework (${[0, ...qa.scale.levels.map((level) => level.level)].join(', ')})`])
    t.equal((await call(hr, 'PUT', `${qa.id}/ratings/${area.id}`, { level: -1 })).statusCode, 400)
    t.equal((await call(hr, 'PUT', `${qa.id}/ratings/${area.id}`, { level: 1, evidence: 'x'.repeat(4001) })).statusCode, 400)
    const unit = await call(hr, 'PUT', `${qa.id}/ratings/${area.id}`, { level: 1, unitId: 1 })
    t.same([unit.statusCode, unit.json().error.message], [400, 'This framework assesses the whole institution: leave the unit out'])
    const notPanel = await call(designer, 'PUT', `${qa.id}/ratings/${area.id}`, { level: 1 })
    t.same([notPanel.statusCode, notPanel.json().error.message], [403, 'Only HR and the panel HR appointed record levels in this assessment'])
    t.equal((await call(hr, 'PUT', `${qa.id}/ratings/${hewCompetency.id}`, { level: 1 })).statusCode, 404, 'a staff competency is not an area of this assessment')
    t.equal((await call(collegeHr, 'PUT', `${qa.id}/ratings/${area.id}`, { level: 1 })).statusCode, 404)
    const asPerson = await app.inject({ method: 'PUT', url: `/api/v1/me/ratings/${area.id}`, headers: { authorization: `Bearer ${lecturer}` }, payload: { level: 1 } })
    t.equal(asPerson.statusCode, 404, 'nobody rates themselves on an area of the institution')
    t.equal((await rows()).length, before, 'nothing of it written')
    const zero = await call(hr, 'PUT', `${qa.id}/ratings/${area.id}`, { level: 0 })
    t.same([zero.statusCode, zero.json().level], [200, 0], 'level 0: not in place yet')
  })

  await t.test('the panel: HR appoint it and say who reads; a removed member records nothing more', async (t) => {
    const designerId = (await db.selectFrom('users').select('id').where('email', '=', 'designer@demo.test').executeTakeFirstOrThrow()).id
    const set = await call(hr, 'PUT', `${qa.id}/panel`, { members: [designerId], resultsVisibleTo: 'staff' })
    t.equal(set.statusCode, 200)
    t.same(set.json().members.map((member: { email: string }) => member.email), ['designer@demo.test'])
    t.equal(set.json().resultsVisibleTo, 'staff')
    t.equal((await call(designer, 'PUT', `${qa.id}/ratings/${areas[40]!.id}`, { level: 1 })).statusCode, 200, 'the new member records')
    t.equal((await call(lecturer, 'PUT', `${qa.id}/ratings/${areas[40]!.id}`, { level: 2 })).statusCode, 403, 'the removed one no longer does')
    const reads = await call(lecturer, 'GET', `${qa.id}`)
    t.same([reads.statusCode, reads.json().youAssessAs], [200, null], 'results for all staff: the lecturer reads them')
    const collegeStaff = await db.selectFrom('users').select('id').where('email', '=', 'lecturer@college.test').executeTakeFirstOrThrow()
    t.equal((await call(hr, 'PUT', `${qa.id}/panel`, { members: [collegeStaff.id] })).statusCode, 404, 'nobody of another institution')
    t.equal((await call(lecturer, 'PUT', `${qa.id}/panel`, { members: [] })).statusCode, 403, 'only HR appoint')
    const audit = await db.selectFrom('audit_log').select('data').where('action', '=', 'assessment.panel').orderBy('id', 'desc').executeTakeFirstOrThrow()
    t.same(audit.data['after'], [designerId])
    // HR save the list of frameworks again, unchanged: the panel and who reads stay.
    const uses = (await app.inject({ method: 'GET', url: '/api/v1/institution/frameworks', headers: { authorization: `Bearer ${hr}` } })).json()
    const resaved = await app.inject({ method: 'PUT', url: '/api/v1/institution/frameworks', headers: { authorization: `Bearer ${hr}` }, payload: uses.map((use: { frameworkId: number; purpose: string; audience: string[] }) => ({ frameworkId: use.frameworkId, purpose: use.purpose, audience: use.audience })) })
    t.equal(resaved.statusCode, 200)
    const kept = (await call(hr, 'GET', `${qa.id}/panel`)).json()
    t.same([kept.members.map((member: { email: string }) => member.email), kept.resultsVisibleTo], [['designer@demo.test'], 'staff'], 'saving the frameworks again keeps the panel and its readers')
    // Back as the demo has it, for the tests after.
    const lecturerId = (await db.selectFrom('users').select('id').where('email', '=', 'lecturer@demo.test').executeTakeFirstOrThrow()).id
    t.equal((await call(hr, 'PUT', `${qa.id}/panel`, { members: [lecturerId], resultsVisibleTo: 'panel' })).statusCode, 200)
  })

  await t.test('the report: per component level and weakest areas; advice from the crosswalk with programmes', async (t) => {
    const response = await call(hr, 'GET', `${qa.id}/report`)
    t.equal(response.statusCode, 200)
    const report = response.json()
    t.equal(report.components.length, 6)
    t.equal(report.areas, 61)
    const current = new Map((await call(hr, 'GET', `${qa.id}`)).json().current.map((judgement: { competencyId: number; level: number }) => [judgement.competencyId, judgement.level]))
    t.equal(report.judged, current.size)
    for (const component of report.components) {
      const levels = component.weakest.map((area: { level: number }) => area.level)
      t.same(levels, [...levels].sort((a, b) => a - b), `${component.code}: weakest first`)
      t.ok(component.weakest.every((area: { competencyId: number; level: number }) => current.get(area.competencyId) === area.level && area.level < top), `${component.code}: only judged areas below the top`)
    }
    const first = report.components[0]
    const judgedLevels = [...current.entries()].filter(([id]) => areas.findIndex((area) => area.id === id) < first.areas).map(([, level]) => level as number)
    t.equal(first.level, Math.round((judgedLevels.reduce((a, b) => a + b, 0) / judgedLevels.length) * 10) / 10, 'the mean of the judged areas')
    t.same(report.advice.map((area: { competencyId: number }) => area.competencyId), report.components.flatMap((component: { weakest: { competencyId: number }[] }) => component.weakest.map((area) => area.competencyId)), 'advice for every weak area')
    const links = await db.selectFrom('crosswalk_links').select(['from_code', 'to_code']).where('from_slug', '=', 'iioe-qa').where('to_slug', '=', 'iioe-hew').execute()
    for (const area of report.advice) {
      t.same(area.related.map((related: { code: string }) => related.code).sort(), links.filter((link) => link.from_code === area.code).map((link) => link.to_code).sort(), `${area.code}: the HEW competencies the crosswalk links`)
      for (const related of area.related) t.ok(related.programmes.length <= 2 && related.programmes.every((programme: { hours: number }) => programme.hours > 0), `${area.code} -> ${related.code}: at most two programmes`)
    }
    t.ok(report.advice.some((area: { related: { programmes: unknown[] }[] }) => area.related.some((related) => related.programmes.length > 0)), 'some advice names programmes')
    // HR see what the staff gap report says of each linked competency, the same figures as the report itself.
    const hewGaps = (await app.inject({ method: 'GET', url: `/api/v1/institution/gaps?by=competency&framework=${hew.id}`, headers: { authorization: `Bearer ${hr}` } })).json()
    const related = report.advice.flatMap((area: { related: { competencyId: number; staff: unknown }[] }) => area.related)
    t.ok(related.length > 0)
    for (const staff of related) {
      const cell = hewGaps.cells.find((each: { competencyId: number }) => each.competencyId === staff.competencyId)
      t.same(staff.staff, { suppressed: cell.suppressed, rated: cell.rated, meanGap: cell.meanGap, belowTarget: cell.belowTarget }, `${staff.competencyId}: the gap report's figures`)
    }
    t.ok(related.some((each: { staff: { meanGap: number | null } }) => each.staff.meanGap !== null), 'the demo has enough staff for some of them to show')
    const asPanel = (await call(lecturer, 'GET', `${qa.id}/report`)).json()
    t.ok(asPanel.advice.flatMap((area: { related: { staff: unknown }[] }) => area.related).every((each: { staff: unknown }) => each.staff === null), 'a panel member who is not HR sees no staff figures')
  })

  await t.test('the pages: a plain form that saves and goes on to the next area; htmx swaps the area; bad input kept', async (t) => {
    const session = await signIn(app, 'lecturer@demo.test')
    const home = await browserGet(app, session, '/')
    t.match(home.body, `href="/assessments/${qa.id}"`, 'the panel member finds it on their home page')
    const overview = await browserGet(app, session, `/assessments/${qa.id}`)
    t.equal(overview.statusCode, 200)
    const next = /href="\/assessments\/\d+\/areas\/(\d+)">Continue where you stopped/.exec(overview.body)
    t.ok(next, 'continue where the panel stopped')
    const areaId = Number(next![1])
    t.notOk((await rows()).some((row) => row.competency_id === areaId), 'at the first area nobody judged')
    const page = await browserGet(app, session, `/assessments/${qa.id}/areas/${areaId}`)
    t.match(page.body, /<input type="radio" name="level" value="0"/)
    t.match(page.body, 'Who reads what is recorded here: HR and the panel')
    const saved = await browserPost(app, session, `/assessments/${qa.id}/areas/${areaId}`, { level: '1', evidence: 'Form evidence', comment: '', then: 'next' })
    const following = areas[areas.findIndex((area) => area.id === areaId) + 1]!
    t.same([saved.statusCode, saved.headers.location], [303, `/assessments/${qa.id}/areas/${following.id}?outcome=saved&from=${areaId}`], 'save and next: to the next area')
    t.match((await browserGet(app, session, saved.headers.location as string)).body, new RegExp(`<p class="saved" role="status"><span class="code">${areas.find((area) => area.id === areaId)!.code}</span> Saved.</p>`), 'the next area says which one was saved')
    const bad = await browserPost(app, session, `/assessments/${qa.id}/areas/${following.id}`, { level: '', evidence: 'Kept <evidence>', comment: 'Kept comment', then: 'next' })
    t.equal(bad.statusCode, 422)
    t.match(bad.body, 'Choose a level for this area.')
    t.match(bad.body, 'Kept &lt;evidence&gt;</textarea>', 'the input kept, escaped')
    const swapped = await browserPost(app, session, `/assessments/${qa.id}/areas/${following.id}`, { level: '2', evidence: '', comment: '', then: 'next' }, { 'hx-request': 'true' })
    t.equal(swapped.statusCode, 200)
    t.match(swapped.body, /^<section id="assessment-area"/, 'htmx gets the next area alone')
    t.equal(swapped.headers['hx-push-url'], `/assessments/${qa.id}/areas/${areas[areas.findIndex((area) => area.id === following.id) + 1]!.id}`)
    const frenchSession = await signIn(app, 'hr@demo.test')
    await browserPost(app, frenchSession, '/language', { lang: 'fr', next: '/' })
    const french = await browserGet(app, frenchSession, `/assessments/${qa.id}/report`)
    t.match(french.body, 'Recommandations')
    await browserPost(app, frenchSession, '/language', { lang: 'zh', next: '/' })
    const chinese = await browserGet(app, frenchSession, `/assessments/${qa.id}`)
    t.match(chinese.body, '院校与单位评估')
    t.match(chinese.body, /已评估 \d+\/61 个领域/)
    const panelPage = await browserPost(app, frenchSession, `/assessments/${qa.id}/panel`, { members: 'lecturer@demo.test\nnobody@demo.test', visibility: 'panel' })
    t.equal(panelPage.statusCode, 422)
    t.match(panelPage.body, 'nobody@demo.test 不在您的教职工名单中')
    t.match(panelPage.body, 'lecturer@demo.test\nnobody@demo.test</textarea>', 'the addresses kept')
  })

  await t.test('a new version of the QA framework: the panel and the current judgements follow the code map', async (t) => {
    const operator = await apiToken(app, 'admin@demo.test')
    const file = (await app.inject({ method: 'GET', url: `/api/v1/frameworks/${qa.id}/export`, headers: { authorization: `Bearer ${operator}` } })).json()
    const [renamed, retired] = [areas[0]!, areas[1]!]
    file.version = '1.1-provisional'
    const area = (code: string) => file.nodes[0].children[0].children.find((node: { code: string }) => node.code === code)
    area(renamed.code).code = `${renamed.code}X`
    file.nodes[0].children[0].children = file.nodes[0].children[0].children.filter((node: { code: string }) => node.code !== retired.code)
    const demo = (await db.selectFrom('institutions').select('id').where('name', '=', 'Demo University').executeTakeFirstOrThrow()).id
    const current = (await call(hr, 'GET', `${qa.id}`)).json().current as { code: string; level: number; evidence: string; ratedBy: { id: number } }[]
    const moved = await app.inject({ method: 'POST', url: `/api/v1/frameworks/${qa.id}/versions`, headers: { authorization: `Bearer ${operator}` }, payload: { framework: file, codeMap: { [renamed.code]: `${renamed.code}X`, [retired.code]: null } } })
    t.equal(moved.statusCode, 201, moved.body)
    t.equal(moved.json().counts.judgements, current.length - 1, 'every current judgement but the retired area’s')
    t.same(moved.json().institutions, [demo], 'Demo University moved (the only institution using it)')
    const next = moved.json().id as number
    t.equal((await call(hr, 'GET', `${qa.id}`)).statusCode, 404, 'the old version is no longer in use')
    const after = (await call(lecturer, 'GET', `${next}`)).json()
    t.equal(after.youAssessAs, 'panel', 'the panel moved with the use')
    t.same(
      after.current.map((judgement: { code: string; level: number; evidence: string; ratedBy: { id: number } }) => [judgement.code, judgement.level, judgement.evidence, judgement.ratedBy.id]),
      current.filter((judgement) => judgement.code !== retired.code).map((judgement) => [judgement.code === renamed.code ? `${renamed.code}X` : judgement.code, judgement.level, judgement.evidence, judgement.ratedBy.id]),
      'the same levels, words and authors under the new codes',
    )
    t.equal(after.history.length, after.current.length, 'the new version’s history starts with the carried judgements')
  })

  await t.test('a framework about units: each department judged apart, the unit always named', async (t) => {
    const operator = await apiToken(app, 'admin@demo.test')
    const file = (await app.inject({ method: 'GET', url: `/api/v1/frameworks/${hew.id}/export`, headers: { authorization: `Bearer ${operator}` } })).json()
    // A framework of its own: without the CASE identifiers, which would make it a version of this one.
    const withoutIdentity = JSON.parse(JSON.stringify({ ...file, associations: undefined }, (key, value) => (key === 'identifier' ? undefined : value)))
    const unitFile = { ...withoutIdentity, id: 'department-review', version: '1', title: 'Department review', subject: 'unit', nodes: withoutIdentity.nodes.slice(0, 2) }
    const loaded = await app.inject({ method: 'POST', url: '/api/v1/frameworks/import', headers: { authorization: `Bearer ${operator}` }, payload: unitFile })
    t.equal(loaded.statusCode, 201, loaded.body)
    const unitFramework = loaded.json().id as number
    const uses = (await app.inject({ method: 'GET', url: '/api/v1/institution/frameworks', headers: { authorization: `Bearer ${hr}` } })).json()
    const choices = [...uses.map((use: { frameworkId: number; purpose: string; audience: string[] }) => ({ frameworkId: use.frameworkId, purpose: use.purpose, audience: use.audience })), { frameworkId: unitFramework, purpose: 'Yearly department review', audience: [] }]
    t.equal((await app.inject({ method: 'PUT', url: '/api/v1/institution/frameworks', headers: { authorization: `Bearer ${hr}` }, payload: choices })).statusCode, 200)
    const departments = await db.selectFrom('departments').innerJoin('institutions', 'institutions.id', 'departments.institution_id').select('departments.id').where('institutions.name', '=', 'Demo University').orderBy('departments.id').execute()
    const [first, second] = [departments[0]!.id, departments[1]!.id]
    const area = await db.selectFrom('competencies').select('id').where('framework_id', '=', unitFramework).where('kind', '=', 'competency').orderBy('id').executeTakeFirstOrThrow()
    const unnamed = await call(hr, 'PUT', `${unitFramework}/ratings/${area.id}`, { level: 2 })
    t.same([unnamed.statusCode, unnamed.json().error.message], [400, 'Choose the unit (department) this judgement is about'])
    const collegeDepartment = await db.selectFrom('departments').innerJoin('institutions', 'institutions.id', 'departments.institution_id').select('departments.id').where('institutions.name', '=', 'Demo College').executeTakeFirstOrThrow()
    t.equal((await call(hr, 'PUT', `${unitFramework}/ratings/${area.id}`, { level: 2, unitId: collegeDepartment.id })).statusCode, 404, 'not another institution’s department')
    t.equal((await call(hr, 'PUT', `${unitFramework}/ratings/${area.id}`, { level: 2, unitId: first })).statusCode, 200)
    t.equal((await call(hr, 'PUT', `${unitFramework}/ratings/${area.id}`, { level: 3, unitId: second })).statusCode, 200)
    const ofFirst = (await call(hr, 'GET', `${unitFramework}?unit=${first}`)).json()
    const ofSecond = (await call(hr, 'GET', `${unitFramework}?unit=${second}`)).json()
    t.same([ofFirst.subject, ofFirst.unitId, ofFirst.current.map((judgement: { level: number }) => judgement.level)], ['unit', first, [2]])
    t.same([ofSecond.unitId, ofSecond.current.map((judgement: { level: number }) => judgement.level)], [second, [3]], 'each department apart')
    t.equal((await call(hr, 'GET', `${unitFramework}`)).statusCode, 400, 'the unit is always named in the API')
    const session = await signIn(app, 'hr@demo.test')
    const page = await browserGet(app, session, `/assessments/${unitFramework}`)
    t.equal(page.statusCode, 200)
    const options = [...page.body.matchAll(/<option value="(\d+)"( selected)?>/g)].map((match) => [Number(match[1]), match[2] !== undefined])
    t.equal(options.length, departments.length, 'a choice of every department')
    t.same(options.filter(([, selected]) => selected).map(([id]) => id), [options[0]![0]], 'the first one shown')
    const posted = await browserPost(app, session, `/assessments/${unitFramework}/areas/${area.id}?unit=${second}`, { level: '1', evidence: '', comment: '', then: 'stay' })
    t.same([posted.statusCode, posted.headers.location], [303, `/assessments/${unitFramework}/areas/${area.id}?unit=${second}&outcome=saved&from=${area.id}`])
    t.same((await call(hr, 'GET', `${unitFramework}?unit=${second}`)).json().current.map((judgement: { level: number }) => judgement.level), [1], 'the page judged the department it named')
  })

  await t.test('another institution using the same framework sees none of Demo University’s judgements, nor its panel', async (t) => {
    const collegeUses = (await app.inject({ method: 'GET', url: '/api/v1/institution/frameworks', headers: { authorization: `Bearer ${collegeHr}` } })).json()
    const qaNow = (await db.selectFrom('frameworks').select('id').where('slug', '=', 'iioe-qa').orderBy('id', 'desc').executeTakeFirstOrThrow()).id
    const added = await app.inject({
      method: 'PUT',
      url: '/api/v1/institution/frameworks',
      headers: { authorization: `Bearer ${collegeHr}` },
      payload: [...collegeUses.map((use: { frameworkId: number; purpose: string; audience: string[] }) => ({ frameworkId: use.frameworkId, purpose: use.purpose, audience: use.audience })), { frameworkId: qaNow, purpose: 'QA', audience: [] }],
    })
    t.equal(added.statusCode, 200)
    const theirs = (await call(collegeHr, 'GET', `${qaNow}`)).json()
    t.same([theirs.current.length, theirs.history.length, theirs.youAssessAs], [0, 0, 'hr'], 'their own, empty assessment')
    t.same((await call(collegeHr, 'GET', `${qaNow}/panel`)).json().members, [], 'no panel of theirs yet')
    const report = (await call(collegeHr, 'GET', `${qaNow}/report`)).json()
    t.same([report.judged, report.advice.length], [0, 0], 'nothing judged, nothing weak')
    const area = await db.selectFrom('competencies').select('id').where('framework_id', '=', qaNow).where('kind', '=', 'competency').orderBy('id').executeTakeFirstOrThrow()
    t.equal((await call(collegeHr, 'PUT', `${qaNow}/ratings/${area.id}`, { level: 4 })).statusCode, 200)
    const demoCurrent = (await call(hr, 'GET', `${qaNow}`)).json().current.find((judgement: { competencyId: number }) => judgement.competencyId === area.id)
    t.not(demoCurrent?.level, 4, 'Demo University’s level of the area is its own')
  })

  await t.test('an institution that does not use it has no such page', async (t) => {
    await createInstitutionWithUser(db, { institution: 'Assessment-less University', email: 'hr@assessmentless.test', role: 'hr' })
    const session = await signIn(app, 'hr@assessmentless.test')
    t.equal((await browserGet(app, session, `/assessments/${qa.id}`)).statusCode, 404)
    t.match((await browserGet(app, session, '/assessments')).body, 'Your institution runs no institution or unit assessment')
  })
})
