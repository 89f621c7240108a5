import t from 'tap'
import { apiToken, browserGet, browserPost, rowCounts, signIn, startTestApp } from '../helpers/app.js'

t.test('a designer closes a hole in the coverage and the lecturer with that gap gets the programme recommended', async (t) => {
  const { app, db } = await startTestApp(t)
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` })
  const designerToken = await apiToken(app, 'designer@demo.test')
  const lecturerToken = await apiToken(app, 'lecturer@demo.test')
  const eco3 = await db.selectFrom('competencies').innerJoin('frameworks', 'frameworks.id', 'competencies.framework_id').select('competencies.id').where('frameworks.slug', '=', 'iioe-hew').where('code', '=', 'ECO.3').executeTakeFirstOrThrow()

  // The lecturer is at level 2 on ECO.3 and aims at 3: no programme reaches level 3 of ECO.3.
  t.equal((await app.inject({ method: 'PUT', url: `/api/v1/me/ratings/${eco3.id}`, headers: bearer(lecturerToken), payload: { level: 2, evidence: 'ran the faculty budget review' } })).statusCode, 200)
  t.equal((await app.inject({ method: 'PUT', url: `/api/v1/me/targets/${eco3.id}`, headers: bearer(lecturerToken), payload: { level: 3 } })).statusCode, 200)
  const recommended = async () => (await app.inject({ url: '/api/v1/me/recommendations', headers: bearer(lecturerToken) })).json().map((r: { code: string }) => r.code)
  t.notOk((await recommended()).includes('IIOE-ECO-301'))

  const coverageOf = async () => (await app.inject({ url: '/api/v1/coverage', headers: bearer(designerToken) })).json().find((row: { code: string }) => row.code === 'ECO.3')
  const before = await coverageOf()
  t.same(before.programmesByLevel, [1, 2, 0], 'level 3 of ECO.3 is a hole')

  const designer = await signIn(app, 'designer@demo.test')
  const coveragePage = await browserGet(app, designer, '/design/coverage')
  t.equal(coveragePage.statusCode, 200)
  t.match(coveragePage.body, /<tr id="cov-ECO\.3">[\s\S]*?<td class="heat-1">1<\/td><td class="heat-0">2<\/td><td class="hole">hole<\/td>/)

  let id = 0
  t.test('creating: refused input is kept with a message per field; a taken code is a 409', async (t) => {
    const form = await browserGet(app, designer, '/design/programmes/new')
    t.equal(form.statusCode, 200)
    const bad = await browserPost(app, designer, '/design/programmes', { code: 'x', title: '<b>Budgets</b>', provider: 'IIOE', mode: 'by pigeon', hours: '-3', languages: 'english', url: 'ftp://x', description: '' })
    t.equal(bad.statusCode, 422)
    t.match(bad.body, 'Enter a code of 2 to 40 letters')
    t.match(bad.body, 'Choose online, blended or face to face.')
    t.match(bad.body, 'Enter the hours as a number above 0')
    t.match(bad.body, 'Enter one to ten language codes')
    t.match(bad.body, 'Enter a full web address starting with https://')
    t.match(bad.body, 'value="&lt;b&gt;Budgets&lt;/b&gt;"', 'input kept, escaped')
    const taken = await browserPost(app, designer, '/design/programmes', { code: 'IIOE-TPD-201', title: 'Copy', provider: 'IIOE', mode: 'online', hours: '4', languages: 'en' })
    t.equal(taken.statusCode, 409)
    t.match(taken.body, 'The code IIOE-TPD-201 is already used by another programme')
    const created = await browserPost(app, designer, '/design/programmes', { code: 'IIOE-ECO-301', title: 'Costing online programmes', provider: 'IIOE', mode: 'online', hours: '10', languages: 'en, fr', url: 'https://iioe.example/eco-301', description: 'Budgets & business cases.' })
    t.equal(created.statusCode, 303)
    id = Number(/\/design\/programmes\/(\d+)\?created=1$/.exec(created.headers.location as string)![1])
    const page = await browserGet(app, designer, created.headers.location as string)
    t.match(page.body, 'Draft created. Now link the competencies it develops, then publish it.')
    t.match(page.body, 'Draft: only designers see it.')
  })

  t.test('publishing needs a competency; links are checked and saved; the draft stays hidden from staff', async (t) => {
    const early = await browserPost(app, designer, `/design/programmes/${id}/publish`, { published: '1' })
    t.equal(early.statusCode, 409)
    t.match(early.body, 'IIOE-ECO-301 develops no competency yet')
    t.equal((await app.inject({ url: `/api/v1/programmes/${id}`, headers: bearer(lecturerToken) })).statusCode, 404, 'a draft is not shown to staff')

    const search = await browserGet(app, designer, `/design/programmes/${id}/competency-choices?q=eco`, { 'hx-request': 'true' })
    t.equal(search.statusCode, 200)
    t.match(search.body, /^<span id="lk-choices">/)
    t.match(search.body, '>ECO.3 ')
    t.notMatch(search.body, '>PED.1 ', 'only matches are offered')

    const backwards = await browserPost(app, designer, `/design/programmes/${id}/links`, { competencyId: String(eco3.id), fromLevel: '3', toLevel: '2' })
    t.equal(backwards.statusCode, 422)
    t.match(backwards.body, 'ECO.3: &quot;to&quot; level 2 must be above &quot;from&quot; level 3')
    const offScale = await browserPost(app, designer, `/design/programmes/${id}/links`, { competencyId: String(eco3.id), fromLevel: '2', toLevel: '9' }, { 'hx-request': 'true' })
    t.equal(offScale.statusCode, 422)
    t.match(offScale.body, /^<section id="links"/, 'htmx gets the links fragment back')
    t.match(offScale.body, '&quot;to&quot; level 9 is not on the scale (1 to 3)')
    const unknown = await browserPost(app, designer, `/design/programmes/${id}/links`, { competencyId: '999999', fromLevel: '1', toLevel: '2' })
    t.match(unknown.body, 'There is no competency 999999 to rate in this framework')
    const incomplete = await browserPost(app, designer, `/design/programmes/${id}/links`, { competencyId: String(eco3.id), fromLevel: '', toLevel: '3' })
    t.match(incomplete.body, 'Choose a competency, a &quot;from&quot; level and a &quot;to&quot; level.')
    t.equal(await db.selectFrom('programme_competencies').select('competency_id').where('programme_id', '=', id).execute().then((rows) => rows.length), 0, 'nothing saved so far')

    const linked = await browserPost(app, designer, `/design/programmes/${id}/links`, { competencyId: String(eco3.id), fromLevel: '2', toLevel: '3' })
    t.equal(linked.statusCode, 303)
    t.match(linked.headers.location, new RegExp(`^/design/programmes/${id}\\?framework=\\d+&links=saved#links$`))
    const fragment = await browserPost(app, designer, `/design/programmes/${id}/links`, { competencyId: String(eco3.id), fromLevel: '1', toLevel: '3' }, { 'hx-request': 'true' })
    t.equal(fragment.statusCode, 200)
    t.match(fragment.body, 'Link saved.')
    t.match(fragment.body, /<\/section>\n<div id="page-notice" hx-swap-oob="true"><\/div>$/, 'and clears the page notice above it out of band')
    t.same(await db.selectFrom('programme_competencies').select(['competency_id', 'from_level', 'to_level']).where('programme_id', '=', id).execute(), [{ competency_id: eco3.id, from_level: 1, to_level: 3 }], 'linking again changes the levels')

    const published = await browserPost(app, designer, `/design/programmes/${id}/publish`, { published: '1' })
    t.equal(published.headers.location, `/design/programmes/${id}?published=1`)
    t.match((await browserGet(app, designer, `/design/programmes/${id}`)).body, 'Published: staff see it and it can be recommended.')
  })

  t.test('the hole is closed and the lecturer gets the programme recommended, with the reason', async (t) => {
    const after = await coverageOf()
    t.same(after.programmesByLevel, [1, 3, 1])
    t.ok(after.uncoveredDemand === null || after.uncoveredDemand < (before.uncoveredDemand ?? 0) || before.uncoveredDemand === null, 'fewer people without a programme')
    const recommendations = (await app.inject({ url: '/api/v1/me/recommendations', headers: bearer(lecturerToken) })).json()
    const ours = recommendations.find((r: { code: string }) => r.code === 'IIOE-ECO-301')
    t.match(ours, { reasons: [{ code: 'ECO.3', fromLevel: 2, toLevel: 3 }] })
    const plan = await browserGet(app, await signIn(app, 'lecturer@demo.test'), '/plan')
    t.match(plan.body, 'Costing online programmes')
  })

  t.test('editing: saved with the form it was read with; a stale form is refused and nothing is lost silently', async (t) => {
    const page = await browserGet(app, designer, `/design/programmes/${id}`)
    const updatedAt = /name="updatedAt" value="([^"]+)"/.exec(page.body)![1]!
    const fields = { code: 'IIOE-ECO-301', title: 'Costing and funding online programmes', provider: 'IIOE', mode: 'blended', hours: '12.5', languages: 'en, fr, zh', url: '', description: '' }
    const saved = await browserPost(app, designer, `/design/programmes/${id}`, { ...fields, updatedAt })
    t.equal(saved.statusCode, 303)
    t.match(await db.selectFrom('programmes').select(['title', 'mode', 'hours', 'languages', 'url']).where('id', '=', id).executeTakeFirstOrThrow(), { title: 'Costing and funding online programmes', mode: 'blended', hours: 12.5, languages: ['en', 'fr', 'zh'], url: null })
    const stale = await browserPost(app, designer, `/design/programmes/${id}`, { ...fields, title: 'Overwrite', updatedAt })
    t.equal(stale.statusCode, 409)
    t.match(stale.body, 'Someone else saved this programme while you were editing it.')
    t.equal((await db.selectFrom('programmes').select('title').where('id', '=', id).executeTakeFirstOrThrow()).title, 'Costing and funding online programmes')
    const clash = await browserPost(app, designer, `/design/programmes/${id}`, { ...fields, code: 'IIOE-TPD-201' })
    t.equal(clash.statusCode, 409)
    t.match(clash.body, 'The code IIOE-TPD-201 is already used by another programme')
    const lastLink = await browserPost(app, designer, `/design/programmes/${id}/links/${eco3.id}/delete`, {})
    t.equal(lastLink.statusCode, 409, 'a published programme keeps at least one competency')
    t.match(lastLink.body, 'Unpublish it first')
  })

  t.test('the catalogue lists drafts and published programmes, searchable; the audit log has every change', async (t) => {
    const list = await browserGet(app, designer, '/design?q=costing&status=published')
    t.match(list.body, '1 programme')
    t.match(list.body, `<a href="/design/programmes/${id}">Costing and funding online programmes</a>`)
    t.match((await browserGet(app, designer, '/design?status=draft')).body, '2 programmes', 'the sample catalogue has two drafts')
    const actions = await db.selectFrom('audit_log').select('action').where('entity', '=', 'programme').where('entity_id', '=', String(id)).orderBy('id').execute()
    t.same(actions.map((row) => row.action), ['programme.create', 'programme.link', 'programme.link', 'programme.publish', 'programme.update'])
  })
})

t.test('the catalogue API: create, change, replace links all at once, coverage; designers only', async (t) => {
  const { app, db } = await startTestApp(t)
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` })
  const designer = bearer(await apiToken(app, 'designer@demo.test'))
  const competencies = await db.selectFrom('competencies').innerJoin('frameworks', 'frameworks.id', 'competencies.framework_id').select(['competencies.id', 'code']).where('frameworks.slug', '=', 'iioe-hew').where('kind', '=', 'competency').orderBy('competencies.position').execute()
  const [first, second] = competencies

  const body = { code: 'API-1', title: 'Through the API', provider: 'IIOE', mode: 'online', hours: 3, languages: ['en'], competencies: [{ competencyId: first!.id, fromLevel: 0, toLevel: 2 }], published: true }
  const created = await app.inject({ method: 'POST', url: '/api/v1/programmes', headers: designer, payload: body })
  t.equal(created.statusCode, 201)
  t.match(created.json(), { code: 'API-1', published: true, url: null, description: '', competencies: [{ competencyId: first!.id, code: first!.code, fromLevel: 0, toLevel: 2 }] })
  const id = created.json().id as number
  t.equal((await app.inject({ method: 'POST', url: '/api/v1/programmes', headers: designer, payload: body })).statusCode, 409)
  const unlinked = await app.inject({ method: 'POST', url: '/api/v1/programmes', headers: designer, payload: { ...body, code: 'API-2', competencies: [] } })
  t.equal(unlinked.statusCode, 409, 'published needs a competency')

  const counts = await rowCounts(db)
  const refused = await app.inject({
    method: 'PUT',
    url: `/api/v1/programmes/${id}/competencies`,
    headers: designer,
    payload: [
      { competencyId: second!.id, fromLevel: 2, toLevel: 2 },
      { competencyId: second!.id, fromLevel: 1, toLevel: 2 },
      { competencyId: 999999, fromLevel: 1, toLevel: 2 },
      { competencyId: first!.id, fromLevel: 1, toLevel: 7 },
    ],
  })
  t.equal(refused.statusCode, 422)
  t.match(refused.json().error, { code: 'unprocessable', message: '4 problems with the links; nothing was saved' })
  t.same(
    refused.json().error.details.map((detail: { field: string }) => detail.field),
    ['competencies.0.toLevel', 'competencies.1.competencyId', 'competencies.2.competencyId', 'competencies.3.toLevel'],
  )
  t.same(await rowCounts(db), counts, 'nothing written')
  t.same((await app.inject({ url: `/api/v1/programmes/${id}`, headers: designer })).json().competencies.length, 1)

  const replaced = await app.inject({ method: 'PUT', url: `/api/v1/programmes/${id}/competencies`, headers: designer, payload: [{ competencyId: second!.id, fromLevel: 1, toLevel: 3 }] })
  t.equal(replaced.statusCode, 200)
  t.same(replaced.json().competencies.map((link: { competencyId: number }) => link.competencyId), [second!.id], 'replaced, not added')
  t.equal((await app.inject({ method: 'PUT', url: `/api/v1/programmes/${id}/competencies`, headers: designer, payload: [] })).statusCode, 409, 'a published programme keeps one')

  const patched = await app.inject({ method: 'PATCH', url: `/api/v1/programmes/${id}`, headers: designer, payload: { hours: 4.5, published: false } })
  t.equal(patched.statusCode, 200)
  t.match(patched.json(), { hours: 4.5, published: false })
  const stale = await app.inject({ method: 'PATCH', url: `/api/v1/programmes/${id}`, headers: designer, payload: { title: 'x', updatedAt: created.json().updatedAt } })
  t.equal(stale.statusCode, 409)
  t.equal((await app.inject({ method: 'PATCH', url: `/api/v1/programmes/${id}`, headers: designer, payload: {} })).statusCode, 400)
  // Fields and publishing are one change: a refused publish leaves the fields as they were.
  await app.inject({ method: 'PUT', url: `/api/v1/programmes/${id}/competencies`, headers: designer, payload: [] })
  const draft = () => db.selectFrom('programmes').select(['title', 'published', 'updated_at']).where('id', '=', id).executeTakeFirstOrThrow()
  const beforeRefused = await draft()
  t.equal(beforeRefused.published, false)
  const refusedPublish = await app.inject({ method: 'PATCH', url: `/api/v1/programmes/${id}`, headers: designer, payload: { title: 'Not kept', published: true } })
  t.equal(refusedPublish.statusCode, 409, 'no competency: not published')
  t.same(await draft(), beforeRefused, 'and the title is not changed either')
  t.equal((await app.inject({ method: 'PATCH', url: '/api/v1/programmes/999999', headers: designer, payload: { hours: 2 } })).statusCode, 404)

  const coverage = await app.inject({ url: '/api/v1/coverage?sort=uncovered', headers: designer })
  t.equal(coverage.statusCode, 200)
  const rows = coverage.json() as { code: string; demand: number | null; demandSuppressed: boolean }[]
  t.equal(rows.length, competencies.length)
  for (const row of rows) t.ok(row.demandSuppressed ? row.demand === null : row.demand === 0 || row.demand! >= 5, `${row.code}: no count of 1-4 people`)
  t.equal((await app.inject({ url: '/api/v1/coverage?framework=999999', headers: designer })).statusCode, 404)

  for (const email of ['lecturer@demo.test', 'hr@demo.test', 'hr@college.test']) {
    const other = bearer(await apiToken(app, email))
    t.equal((await app.inject({ method: 'POST', url: '/api/v1/programmes', headers: other, payload: { ...body, code: 'NOPE' } })).statusCode, 403, `${email} cannot create`)
    t.equal((await app.inject({ method: 'PUT', url: `/api/v1/programmes/${id}/competencies`, headers: other, payload: [] })).statusCode, 403)
    t.equal((await app.inject({ url: '/api/v1/coverage', headers: other })).statusCode, 403)
  }
})

t.test('a designer rewriting a shipped programme in English drops the translations of the rewritten text only', async (t) => {
  const { app, db } = await startTestApp(t)
  const designer = { authorization: `Bearer ${await apiToken(app, 'designer@demo.test')}` }
  const programme = await db.selectFrom('programmes').select(['id', 'translations']).where('code', '=', 'IIOE-TPD-170').executeTakeFirstOrThrow()
  t.ok(programme.translations['fr']?.description && programme.translations['zh']?.description, 'shipped with its description translated')
  const patched = await app.inject({ method: 'PATCH', url: `/api/v1/programmes/${programme.id}`, headers: designer, payload: { description: 'Rewritten by the designer.' } })
  t.equal(patched.statusCode, 200)
  const after = await db.selectFrom('programmes').select('translations').where('id', '=', programme.id).executeTakeFirstOrThrow()
  t.same(after.translations, { fr: { title: programme.translations['fr']!.title }, zh: { title: programme.translations['zh']!.title } })

  const lecturer = await signIn(app, 'lecturer@demo.test')
  const page = await browserGet(app, lecturer, `/programmes/${programme.id}`, { 'accept-language': 'zh' })
  t.match(page.body, '<p><span lang="en">Rewritten by the designer.</span></p>', 'the new English text, marked, instead of a translation of the old one')
})

t.test('the catalogue goes out as JSON and CSV and comes back in: dry run, every error, all or nothing', async (t) => {
  const { app, db } = await startTestApp(t)
  const designer = await signIn(app, 'designer@demo.test')

  const json = await browserGet(app, designer, '/design/catalogue.json')
  t.equal(json.statusCode, 200)
  t.match(json.headers['content-disposition'], 'attachment; filename="catalogue-iioe-hew.json"')
  const file = json.json()
  t.match(file, { framework: { id: 'iioe-hew' }, sample: false })
  t.equal(file.programmes.length, 49)
  const csv = await browserGet(app, designer, '/design/catalogue.csv')
  t.equal(csv.statusCode, 200)
  t.match(csv.body, /^code,title,provider,mode,hours,languages,url,description,published,competency,from_level,to_level\n/)
  const linkCount = file.programmes.reduce((sum: number, programme: { competencies: unknown[] }) => sum + Math.max(1, programme.competencies.length), 0)
  t.equal(csv.body.trim().split('\n').length >= linkCount + 1, true, 'one row per programme and competency')

  // Re-importing the export changes nothing but the updated times: 49 updated, none added.
  await browserGet(app, designer, '/design/import')
  const again = await browserPost(app, designer, '/design/import', { format: 'json', text: json.body, mode: 'check' })
  t.equal(again.statusCode, 200)
  t.match(again.body, 'No problems found: you can import it. 0 to add, 49 to update.')
  const viaCsv = await browserPost(app, designer, '/design/import', { format: 'csv', text: csv.body, mode: 'check' })
  t.match(viaCsv.body, 'No problems found: you can import it. 0 to add, 49 to update.')

  const counts = await rowCounts(db)
  const bad = [
    'code,title,provider,mode,hours,languages,url,description,published,competency,from_level,to_level',
    'NEW-1,New one,IIOE,online,6,en fr,,,yes,PED.1,0,2',
    'NEW-1,New one,IIOE,online,6,en fr,,,yes,PED.9,1,2',
    'NEW-2,,IIOE,by post,-1,english,ftp://x,,yes,,,',
    'NEW-3,Backwards,IIOE,online,2,en,,,maybe,PED.2,3,1',
  ].join('\n')
  const checked = await browserPost(app, designer, '/design/import', { format: 'csv', text: bad, mode: 'check' })
  t.equal(checked.statusCode, 200)
  const refused = await browserPost(app, designer, '/design/import', { format: 'csv', text: bad, mode: 'import' })
  t.equal(refused.statusCode, 422)
  for (const expected of [
    '<td>3</td><td><code>competency</code></td><td>there is no competency &quot;PED.9&quot; in the framework</td>',
    '<td>4</td><td><code>title</code></td>',
    '<td>4</td><td><code>mode</code></td><td>expected online, blended or face_to_face</td>',
    '<td>4</td><td><code>hours</code></td>',
    '<td>4</td><td><code>languages</code></td>',
    '<td>4</td><td><code>url</code></td>',
    '<td>4</td><td><code>published</code></td><td>NEW-2 is published but develops no competency</td>',
    '<td>5</td><td><code>published</code></td><td>write yes or no</td>',
    '<td>5</td><td><code>to_level</code></td><td>PED.2: &quot;to&quot; level 1 must be above &quot;from&quot; level 3</td>',
  ]) {
    t.match(refused.body, expected)
  }
  t.match(refused.body, 'Nothing was imported: 9 problems to fix first.')
  const french = await browserPost(app, designer, '/design/import', { format: 'csv', text: bad, mode: 'check' }, { 'accept-language': 'fr' })
  t.match(french.body, '<td>le référentiel n’a pas de compétence « PED.9 »</td>', 'the problems are in the page’s language')
  t.match(french.body, '<td>PED.2 : le niveau d’arrivée 1 doit être supérieur au niveau de départ 3</td>')
  t.match(french.body, '<td>attendu : online, blended ou face_to_face</td>')
  const chinese = await browserPost(app, designer, '/design/import', { format: 'csv', text: bad, mode: 'check' }, { 'accept-language': 'zh' })
  t.match(chinese.body, '<td>框架中没有能力“PED.9”</td>')
  t.match(chinese.body, '<td>NEW-2 已发布，但未培养任何能力</td>')
  t.notMatch(chinese.body, /<td>[a-z][a-z ]+[a-z]<\/td>/, 'no problem left in English')
  t.same(await rowCounts(db), counts, 'nothing written')
  const badJson = await browserPost(app, designer, '/design/import', { format: 'json', text: '{"id": "x"', mode: 'import' })
  t.equal(badJson.statusCode, 422)
  t.match(badJson.body, 'not valid JSON')
  const wrongShape = await browserPost(app, designer, '/design/import', { format: 'json', text: JSON.stringify({ ...file, programmes: [{ ...file.programmes[0], hours: 'many' }] }), mode: 'import' })
  t.equal(wrongShape.statusCode, 422)
  t.match(wrongShape.body, '<code>/programmes/0/hours</code>')
  t.match(wrongShape.body, 'not as the catalogue format requires: must be number', 'the schema check’s English is introduced')
  const wrongShapeFrench = await browserPost(app, designer, '/design/import', { format: 'json', text: JSON.stringify({ ...file, programmes: [{ ...file.programmes[0], hours: 'many' }] }), mode: 'check' }, { 'accept-language': 'fr' })
  t.match(wrongShapeFrench.body, 'non conforme au format des catalogues (détail en anglais) : must be number')

  const good = 'code,title,provider,mode,hours,languages,url,description,published,competency,from_level,to_level\nNEW-1,New one,IIOE,online,6,en fr,,,yes,PED.1,0,2\nNEW-1,New one,IIOE,online,6,en fr,,,yes,PED.2,1,2\nIIOE-TPD-201,Blended course redesign studio (2027),IIOE,blended,40,en,,,yes,CUR.1,0,3\n'
  const done = await browserPost(app, designer, '/design/import', { format: 'csv', text: good, mode: 'import' })
  t.equal(done.statusCode, 303)
  t.match(done.headers.location, /^\/design\?framework=\d+&imported=1-1$/)
  t.match((await browserGet(app, designer, done.headers.location as string)).body, 'Imported: 1 added, 1 updated.')
  const created = await db.selectFrom('programmes').select(['id', 'published', 'languages']).where('code', '=', 'NEW-1').executeTakeFirstOrThrow()
  t.match(created, { published: true, languages: ['en', 'fr'] })
  t.equal((await db.selectFrom('programme_competencies').select('competency_id').where('programme_id', '=', created.id).execute()).length, 2)
  const updated = await db.selectFrom('programmes').select(['id', 'title', 'hours']).where('code', '=', 'IIOE-TPD-201').executeTakeFirstOrThrow()
  t.match(updated, { title: 'Blended course redesign studio (2027)', hours: 40 })
  t.equal((await db.selectFrom('programme_competencies').select('competency_id').where('programme_id', '=', updated.id).execute()).length, 1, 'links replaced')
  t.equal((await app.inject({ url: '/design/catalogue.csv', headers: { authorization: `Bearer ${await apiToken(app, 'lecturer@demo.test')}` } })).statusCode, 403)

  // The same through the API: CSV or JSON bodies, a dry run by default, 422 with the errors otherwise.
  const designerApi = { authorization: `Bearer ${await apiToken(app, 'designer@demo.test')}` }
  const apiCounts = await rowCounts(db)
  const apiRefused = await app.inject({ method: 'POST', url: '/api/v1/programmes/import?dryRun=0', headers: { ...designerApi, 'content-type': 'text/csv' }, payload: bad })
  t.equal(apiRefused.statusCode, 422)
  t.match(apiRefused.json(), { applied: false, errors: [{ row: 3, column: 'competency', code: 'competencyUnknown', message: 'there is no competency "PED.9" in the framework' }], error: { code: 'import_refused' } })
  t.equal(apiRefused.json().errors.length, 9)
  t.same(await rowCounts(db), apiCounts, 'nothing written')
  const apiDry = await app.inject({ method: 'POST', url: '/api/v1/programmes/import', headers: designerApi, payload: file })
  t.match(apiDry.json(), { dryRun: true, applied: false, created: 0, updated: 49, errors: [] })
  const apiApplied = await app.inject({ method: 'POST', url: '/api/v1/programmes/import?dryRun=0', headers: { ...designerApi, 'content-type': 'text/csv' }, payload: good.replace(/NEW-1/g, 'NEW-API') })
  t.match(apiApplied.json(), { applied: true, created: 1, updated: 1 })
})
