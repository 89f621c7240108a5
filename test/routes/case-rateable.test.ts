import t from 'tap'
import { apiToken, browserGet, browserPost, signIn, startTestApp } from '../helpers/app.js'
import { casePackage } from '../helpers/case-packages.js'

/** Four levels deep: Cluster > Standard > Element > Detail, and a top-level Standard without children. */
const deep = (elementStatement = 'Item 3') =>
  casePackage([
    { n: 1, parent: 0, code: 'C1', type: 'Cluster' },
    { n: 2, parent: 1, code: 'S1', type: 'Standard' },
    { n: 3, parent: 2, code: 'E1', type: 'Element', statement: elementStatement },
    { n: 4, parent: 3, code: 'D1', type: 'Detail' },
    { n: 5, parent: 2, code: 'E2', type: 'Element' },
    { n: 6, parent: 1, code: 'S2', type: 'Standard' },
    { n: 7, parent: 0, code: 'S3', type: 'Standard' },
  ])

t.test('the admin chooses which items are rated; the next version is read the same way and carries the ratings', async (t) => {
  const { app, db } = await startTestApp(t)
  const admin = await signIn(app, 'admin@demo.test')
  await browserGet(app, admin, '/admin/frameworks')
  const text = JSON.stringify(deep())

  // A depth that is not one: 422, the form as it was, the problem said where it is, in each language.
  for (const [language, message] of [['en', 'Give a depth from 1 to 20.'], ['fr', 'Indiquez une profondeur de 1 à 20.'], ['zh', '请填写 1 到 20 之间的深度。']] as const) {
    admin.cookies['lang'] = language
    const refused = await browserPost(app, admin, '/admin/frameworks/import', { package: text, rated: 'depth', depth: '0' })
    t.equal(refused.statusCode, 422, language)
    t.match(refused.body, `<p class="field-error" id="package-rated-error">${message}</p>`, `${language}: the problem`)
    t.match(refused.body, /<input type="radio" name="rated" value="depth" checked>/, `${language}: the choice kept`)
    t.equal(refused.body.split('value="depth" checked').length, 2, `${language}: in the form sent only, the other one as it was`)
    t.match(refused.body, 'id="url-depth" name="depth" type="number" min="1" max="20" inputmode="numeric" value="2">', `${language}: the other form's depth untouched`)
    t.match(refused.body, /name="depth" type="number" min="1" max="20" inputmode="numeric" value="0" aria-invalid="true">/, `${language}: the depth kept`)
    t.match(refused.body, '&quot;C1&quot;', `${language}: the package kept`)
  }
  admin.cookies['lang'] = 'en'
  const noTypes = await browserPost(app, admin, '/admin/frameworks/import', { package: text, rated: 'types', itemTypes: ' , ' }, { 'hx-request': 'true' })
  t.equal(noTypes.statusCode, 422)
  t.match(noTypes.body, /^<div id="frameworks-admin">/, 'htmx: the fragment')
  t.match(noTypes.body, 'Give one or more item types, separated by commas')
  t.equal(await db.selectFrom('frameworks').select('id').where('case_identifier', '=', JSON.parse(text).CFDocument.identifier).executeTakeFirst(), undefined, 'nothing loaded')

  // Items at depth 3: the Elements, and the leaves above them (S2, S3).
  const loaded = await browserPost(app, admin, '/admin/frameworks/import', { package: text, rated: 'depth', depth: '3' })
  t.equal(loaded.statusCode, 201, 'the notes of the conversion are the answer')
  t.match(loaded.body, 'Imported edition-speciale version 2020-01-01. 4 competencies are rated; 3 domains group them and 1 indicator describes them.', 'what the package made, said at once')
  const first = await db.selectFrom('frameworks').select(['id', 'case_rateable']).where('slug', '=', 'edition-speciale').executeTakeFirstOrThrow()
  t.same(first.case_rateable, { depth: 3 }, 'the choice is kept with the version')
  const kinds = async (frameworkId: number) =>
    Object.fromEntries((await db.selectFrom('competencies').select(['code', 'kind', 'id']).where('framework_id', '=', frameworkId).orderBy('code').execute()).map((row) => [row.code, row.kind]))
  t.match((await browserGet(app, admin, `/admin/frameworks/${first.id}`)).body, '<p>People rate the items at depth 3 of its CASE package (and the leaves above them); its next versions from the same publisher are read the same way.</p>', 'the version says what was chosen')
  t.match((await browserGet(app, admin, `/admin/frameworks/${first.id}`)).body, '<p>4 competencies are rated; 3 domains group them and 1 indicator describes them.</p>', 'and what it made of the package')
  admin.cookies['lang'] = 'fr'
  const french = (await browserGet(app, admin, `/admin/frameworks/${first.id}`)).body
  t.match(french, 'On évalue les éléments de profondeur 3 de son paquet CASE')
  t.match(french, '4 compétences sont évaluées ; 3 domaines les regroupent et 1 indicateur les décrit.')
  admin.cookies['lang'] = 'en'
  t.same(await kinds(first.id), { C1: 'domain', D1: 'indicator', E1: 'competency', E2: 'competency', GEN: 'domain', S1: 'domain', S2: 'competency', S3: 'competency' })

  // A lecturer rates E1 on the framework page, which shows the nested domain S1 with its competencies.
  const hr = { authorization: `Bearer ${await apiToken(app, 'hr@demo.test')}` }
  const uses = (await app.inject({ method: 'GET', url: '/api/v1/institution/frameworks', headers: hr })).json<{ frameworkId: number }[]>()
  t.equal((await app.inject({ method: 'PUT', url: '/api/v1/institution/frameworks', headers: hr, payload: [...uses.map(({ frameworkId }) => ({ frameworkId })), { frameworkId: first.id }] })).statusCode, 200)
  const e1 = await db.selectFrom('competencies').select('id').where('framework_id', '=', first.id).where('code', '=', 'E1').executeTakeFirstOrThrow()
  const lecturer = await signIn(app, 'lecturer@demo.test')
  const page = (await browserGet(app, lecturer, `/framework?framework=${first.id}`)).body
  t.match(page, /<section class="subdomain" id="d-\d+" aria-labelledby="d-\d+-title">\s*<h3 id="d-\d+-title"><span class="code">S1<\/span>/, 'the nested domain has its heading')
  t.match(page, new RegExp(`id="c-${e1.id}"`), 'the competency at depth 3 has its card')
  t.match(page, /<span class="count" id="count-d-\d+">0 of 3 rated<\/span>/, 'C1 counts the competencies at every depth below it')
  const detail = (await browserGet(app, lecturer, `/framework/${e1.id}`)).body
  t.match(detail, /<ul class="indicators"><li><span class="code">D1<\/span>/, 'the indicator below')
  const lecturerApi = { authorization: `Bearer ${await apiToken(app, 'lecturer@demo.test')}` }
  t.equal((await app.inject({ method: 'PUT', url: `/api/v1/me/ratings/${e1.id}`, headers: lecturerApi, payload: { level: 2 } })).statusCode, 200)

  // The publisher rewords E1; the package comes back without a choice: read as chosen, E1 stays rated.
  const admins = { authorization: `Bearer ${await apiToken(app, 'admin@demo.test')}` }
  const next = deep('Item 3, reworded')
  next.CFDocument.lastChangeDateTime = '2021-01-01T00:00:00Z'
  const version = await app.inject({ method: 'POST', url: '/api/v1/frameworks/import', headers: admins, payload: next })
  t.equal(version.statusCode, 201, version.body)
  t.match(version.json(), { status: 'new-version', counts: { ratings: 1 } })
  const second = version.json<{ id: number }>().id
  t.same(await kinds(second), await kinds(first.id), 'the same kinds')
  t.match(await db.selectFrom('frameworks').select('case_rateable').where('id', '=', second).executeTakeFirstOrThrow(), { case_rateable: { depth: 3 } })
  const carried = await db.selectFrom('current_ratings').innerJoin('competencies', 'competencies.id', 'current_ratings.competency_id').select(['competencies.code', 'current_ratings.level']).where('competencies.framework_id', '=', second).execute()
  t.same(carried, [{ code: 'E1', level: 2 }], 'the rating stays with its item')

  // Chosen again: items of type Standard. A new version with other kinds; the Element's rating retires with its competency.
  const retyped = await app.inject({ method: 'POST', url: '/api/v1/frameworks/import?rateItemTypes=Standard', headers: admins, payload: next })
  t.equal(retyped.statusCode, 201, retyped.body)
  t.match((await browserGet(app, admin, `/admin/frameworks/${retyped.json<{ id: number }>().id}`)).body, 'People rate the items of type Standard of its CASE package')
  const retypedId = retyped.json<{ id: number }>().id
  t.same(await db.selectFrom('current_ratings').innerJoin('competencies', 'competencies.id', 'current_ratings.competency_id').select('competencies.code').where('competencies.framework_id', '=', retypedId).execute(), [], 'E1, now an indicator, takes its rating nowhere: it retires, never moves to another item')
  t.same(await kinds(retyped.json<{ id: number }>().id), { C1: 'domain', D1: 'indicator', E1: 'indicator', E2: 'indicator', GEN: 'domain', S1: 'competency', S2: 'competency', S3: 'competency' })
})

t.test('the API refuses a choice that says no rule, and two at once', async (t) => {
  const { app } = await startTestApp(t)
  const admin = { authorization: `Bearer ${await apiToken(app, 'admin@demo.test')}` }
  for (const query of ['rateDepth=3&rateItemTypes=Standard', 'rateDepth=0', 'rateDepth=x', 'rateItemTypes=%20,%20']) {
    const response = await app.inject({ method: 'POST', url: `/api/v1/frameworks/import?${query}`, headers: admin, payload: deep() })
    t.equal(response.statusCode, 400, query)
    t.match(response.json(), { error: { code: 'invalid_request', message: /\S/ } }, query)
  }
  const byUrl = await app.inject({ method: 'POST', url: '/api/v1/frameworks/import-url', headers: admin, payload: { url: 'https://case.example/x', rateable: { depth: 0 } } })
  t.equal(byUrl.statusCode, 400)
})
