import { readFile } from 'node:fs/promises'
import path from 'node:path'
import t from 'tap'
import { FRAMEWORK_DATA_DIR } from '../../server/services/data-files.js'
import { apiToken, browserGet, browserPost, rowCounts, signIn, startTestApp } from '../helpers/app.js'

const readJson = async (file: URL | string): Promise<any> => JSON.parse(await readFile(file, 'utf8'))
const HOSTILE = 'javascript:alert(document.cookie)'

t.test('only http(s) addresses are stored and shown as links', async (t) => {
  const { app, db } = await startTestApp(t)
  const admin = await apiToken(app, 'admin@demo.test')
  const post = (body: unknown) => app.inject({ method: 'POST', url: '/api/v1/frameworks/import', headers: { authorization: `Bearer ${admin}` }, payload: body as object })
  const before = await rowCounts(db)

  t.test('a framework file of ours with a javascript: or data: source is refused, each problem at its place', async (t) => {
    const ours = await readJson(path.join(FRAMEWORK_DATA_DIR, 'frameworks', 'digcompedu.json'))
    ours.version = 'hostile-1'
    ours.sources[0].url = 'JavaScript:alert(1)'
    ours.nodes[0].source.url = HOSTILE
    ours.nodes[0].children[0].source.url = 'data:text/html,hello'
    const response = await post(ours)
    t.equal(response.statusCode, 422)
    const details = response.json().error.details as { pointer: string; message: string }[]
    t.same(
      details.map((detail) => [detail.pointer, detail.message]),
      [
        ['/sources/0/url', '"JavaScript:alert(1)" is not a web address: only http:// and https:// links are accepted'],
        ['/nodes/0/source/url', `"${HOSTILE}" is not a web address: only http:// and https:// links are accepted`],
        ['/nodes/0/children/0/source/url', '"data:text/html,hello" is not a web address: only http:// and https:// links are accepted'],
      ],
    )
  })

  t.test('a CASE package with a javascript: uri or official source is refused', async (t) => {
    const pkg = await readJson(new URL('../fixtures/case/packages/SequenceNumberFramework.json', import.meta.url))
    pkg.CFItems[0].uri = HOSTILE
    pkg.CFDocument.officialSourceURL = 'javascript:void(0)'
    const response = await post(pkg)
    t.equal(response.statusCode, 422)
    const details = response.json().error.details as { pointer: string; message: string }[]
    t.same(details.map((detail) => detail.pointer).sort(), ['/CFDocument/officialSourceURL', '/CFItems/0/uri'])
    t.match(details.find((detail) => detail.pointer === '/CFItems/0/uri')?.message, 'is not a web address')
  })

  t.test('the import page says the problem in French and Chinese', async (t) => {
    const ours = await readJson(path.join(FRAMEWORK_DATA_DIR, 'frameworks', 'digcompedu.json'))
    ours.version = 'hostile-2'
    ours.nodes[0].source.url = HOSTILE
    const session = await signIn(app, 'admin@demo.test')
    for (const [lang, sentence] of [
      ['fr', `« ${HOSTILE} » n’est pas une adresse web : seuls les liens http:// et https:// sont acceptés`],
      ['zh', `“${HOSTILE}”不是网址：只接受 http:// 和 https:// 链接`],
    ] as const) {
      await browserPost(app, session, '/language', { lang, next: '/admin/frameworks' })
      await browserGet(app, session, '/admin/frameworks')
      const page = await browserPost(app, session, '/admin/frameworks/import', { package: JSON.stringify(ours) })
      t.equal(page.statusCode, 422, lang)
      t.match(page.body, sentence.replaceAll('“', '“').replaceAll('”', '”'), lang)
      t.notMatch(page.body, `href="${HOSTILE}"`)
    }
    await browserPost(app, session, '/language', { lang: 'en', next: '/' })
  })

  t.test('nothing was stored', async (t) => {
    t.same(await rowCounts(db), before)
  })

  t.test('programme, evidence and certificate addresses take http(s) only', async (t) => {
    const designer = await apiToken(app, 'designer@demo.test')
    const programme = await app.inject({
      method: 'POST', url: '/api/v1/programmes', headers: { authorization: `Bearer ${designer}` },
      payload: { code: 'X-1', title: 'X', provider: 'P', mode: 'online', hours: 1, languages: ['en'], url: HOSTILE, description: '' },
    })
    t.equal(programme.statusCode, 400, 'programme url')
    const lecturer = await apiToken(app, 'lecturer@demo.test')
    const competency = await db.selectFrom('competencies').innerJoin('frameworks', 'frameworks.id', 'competencies.framework_id').select('competencies.id').where('frameworks.slug', '=', 'iioe-hew').where('kind', '=', 'competency').executeTakeFirstOrThrow()
    const rating = await app.inject({ method: 'PUT', url: `/api/v1/me/ratings/${competency.id}`, headers: { authorization: `Bearer ${lecturer}` }, payload: { level: 1, evidenceUrl: HOSTILE } })
    t.equal(rating.statusCode, 400, 'evidence url')
    const activity = await app.inject({ method: 'POST', url: '/api/v1/me/activities', headers: { authorization: `Bearer ${lecturer}` }, payload: { title: 'A', certificateUrl: HOSTILE } })
    t.equal(activity.statusCode, 400, 'certificate url')
  })

  t.test('a source stored before the rule is shown as text, not as a link', async (t) => {
    const competency = await db.selectFrom('competencies').innerJoin('frameworks', 'frameworks.id', 'competencies.framework_id').select(['competencies.id', 'competencies.framework_id']).where('frameworks.slug', '=', 'iioe-hew').where('kind', '=', 'competency').orderBy('competencies.position').executeTakeFirstOrThrow()
    // The framework's tree is cached per process: a fresh app reads the changed source.
    await db.updateTable('competencies').set({ source: JSON.stringify({ title: 'Hostile source', url: HOSTILE }) }).where('id', '=', competency.id).execute()
    const { buildApp } = await import('../../server/app.js')
    const { TEST_JWT_SECRET } = await import('../helpers/app.js')
    const fresh = await buildApp({ db, jwtSecret: TEST_JWT_SECRET, sessionHours: 1 })
    t.teardown(() => fresh.close())
    const lecturer = await signIn(fresh, 'lecturer@demo.test')
    const page = await browserGet(fresh, lecturer, `/framework/${competency.id}`)
    t.equal(page.statusCode, 200)
    t.match(page.body, 'Hostile source')
    t.notMatch(page.body, 'javascript:')
  })
})
