import { brotliCompressSync, brotliDecompressSync, gunzipSync } from 'node:zlib'
import t from 'tap'
import { browserGet, browserPost, signIn, startTestApp, type BrowserSession } from '../helpers/app.js'

const FIRST_LOAD_BUDGET = 60 * 1024
const FRAGMENT_BUDGET = 8 * 1024

/** Bytes on the wire: what the server sends with `accept-encoding: br, gzip` (small bodies go as they are). */
function wireBytes(response: { rawPayload: Buffer; headers: Record<string, unknown>; body: string }): number {
  const encoding = response.headers['content-encoding']
  return encoding === 'br' || encoding === 'gzip' ? response.rawPayload.length : brotliCompressSync(Buffer.from(response.body)).length
}

/** The text of a response, whatever its encoding. */
function text(response: { rawPayload: Buffer; headers: Record<string, unknown>; body: string }): string {
  const encoding = response.headers['content-encoding']
  return encoding === 'br' ? brotliDecompressSync(response.rawPayload).toString() : encoding === 'gzip' ? gunzipSync(response.rawPayload).toString() : response.body
}

/**
 * Our users pay for every byte: the first load of any page (HTML, CSS and JS together, compressed)
 * stays within 60 KB, and each htmx fragment within 8 KB. Sizes, not times: they do not depend on
 * the machine.
 */
t.test('first loads stay within 60 KB and htmx fragments within 8 KB, compressed', async (t) => {
  const { app, db } = await startTestApp(t)
  const compressed = { 'accept-encoding': 'br, gzip' }
  const competency = await db.selectFrom('competencies').innerJoin('frameworks', 'frameworks.id', 'competencies.framework_id').select('competencies.id').where('frameworks.slug', '=', 'iioe-hew').where('kind', '=', 'competency').orderBy('position').executeTakeFirstOrThrow()
  const programme = await db.selectFrom('programmes').select('id').where('published', '=', true).orderBy('code').executeTakeFirstOrThrow()

  const home = await browserGet(app, await signIn(app, 'lecturer@demo.test'), '/')
  const css = /href="(\/assets\/app\.[^"]+\.css)"/.exec(home.body)![1]!
  const js = /src="(\/assets\/htmx\.[^"]+\.js)"/.exec(home.body)![1]!
  const assets = (await Promise.all([css, js].map((url) => app.inject({ url, headers: compressed })))).map((response) => {
    t.match(response.headers['cache-control'], /immutable/, 'assets are cached for good (their names change with their content)')
    return wireBytes(response)
  })
  const assetBytes = assets.reduce((sum, bytes) => sum + bytes, 0)
  t.ok(assets[1]! < 20 * 1024, `htmx is ${assets[1]} bytes compressed`)

  const pages: Record<string, readonly string[]> = {
    'lecturer@demo.test': ['/', '/framework', `/framework/${competency.id}`, '/plan?all=1', '/programmes', `/programmes/${programme.id}`, '/activities'],
    'hr@demo.test': ['/hr', '/hr/insights', '/hr/staff', '/hr/audit'],
    'designer@demo.test': ['/design', '/design/coverage', `/design/programmes/${programme.id}`],
    'admin@demo.test': ['/admin/frameworks', '/admin/institutions'],
  }
  let heaviest = { url: '', bytes: 0 }
  for (const [email, urls] of Object.entries(pages)) {
    const session = await signIn(app, email)
    for (const url of urls) {
      const response = await browserGet(app, session, url, compressed)
      t.equal(response.statusCode, 200, url)
      const bytes = wireBytes(response) + assetBytes
      if (bytes > heaviest.bytes) heaviest = { url, bytes }
      t.ok(bytes <= FIRST_LOAD_BUDGET, `${url}: first load ${bytes} bytes (budget ${FIRST_LOAD_BUDGET})`)
    }
  }
  t.comment(`heaviest first load: ${heaviest.url}, ${heaviest.bytes} bytes compressed (HTML + CSS ${assets[0]} + JS ${assets[1]})`)

  // The fragments htmx swaps: rating a competency, planning, changing a programme's links, searching.
  const htmx = { ...compressed, 'hx-request': 'true' }
  const lecturer: BrowserSession = await signIn(app, 'lecturer@demo.test')
  await browserGet(app, lecturer, '/framework')
  const designer = await signIn(app, 'designer@demo.test')
  await browserGet(app, designer, `/design/programmes/${programme.id}`)
  const fragments = [
    await browserPost(app, lecturer, `/framework/${competency.id}/rating`, { level: '2', evidence: 'Ran the online course', returnTo: 'tree' }, htmx),
    await browserPost(app, lecturer, `/framework/${competency.id}/rating`, { level: '2', evidence: 'Ran it again', returnTo: 'detail' }, htmx),
    await browserPost(app, lecturer, '/activities', { programmeId: String(programme.id), title: 'Planned', status: 'planned' }, htmx),
    await browserPost(app, designer, `/design/programmes/${programme.id}/links`, { competencyId: String(competency.id), fromLevel: '1', toLevel: '2' }, htmx),
    await browserGet(app, designer, `/design/programmes/${programme.id}/competency-choices?q=`, htmx),
  ]
  for (const [index, fragment] of fragments.entries()) {
    t.ok(fragment.statusCode < 400, `fragment ${index + 1}: ${fragment.statusCode}`)
    t.notMatch(text(fragment), '<html', `fragment ${index + 1} is a fragment, not a page`)
    t.ok(wireBytes(fragment) <= FRAGMENT_BUDGET, `fragment ${index + 1}: ${wireBytes(fragment)} bytes (budget ${FRAGMENT_BUDGET})`)
  }
})
