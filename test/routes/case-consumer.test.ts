import { randomUUID } from 'node:crypto'
import type { AddressInfo } from 'node:net'
import t, { type Test } from 'tap'
import { apiToken, browserGet, browserPost, signIn, startTestApp } from '../helpers/app.js'

const AT = '2026-03-01T10:00:00Z'

/** A small CASE package: a document, a domain A and its competencies, with the given statements. */
function casePackage(doc: string, version: string, lastChange: string, items: readonly { identifier: string; code: string; statement: string; parent: string }[]) {
  const uri = (identifier: string) => `https://case.example/uri/${identifier}`
  return {
    CFDocument: { identifier: doc, uri: uri(doc), creator: 'Case Example', title: 'Subscribed Framework', version, adoptionStatus: 'Adopted', language: 'en', lastChangeDateTime: lastChange },
    CFItems: items.map((item) => ({ identifier: item.identifier, uri: uri(item.identifier), humanCodingScheme: item.code, fullStatement: item.statement, lastChangeDateTime: lastChange })),
    CFAssociations: items.map((item, index) => ({
      identifier: randomUUID(),
      uri: uri(`a-${item.identifier}`),
      associationType: 'isChildOf',
      originNodeURI: { title: item.code, identifier: item.identifier, uri: uri(item.identifier) },
      destinationNodeURI: { title: 'parent', identifier: item.parent, uri: uri(item.parent) },
      sequenceNumber: index + 1,
      lastChangeDateTime: AT,
    })),
  }
}

/** Another installation, listening on a loopback port: a CASE server whose frameworks are at /ims/case. */
async function startCaseServer(t: Test) {
  const source = await startTestApp(t)
  await source.app.listen({ port: 0, host: '127.0.0.1' })
  return { source, origin: `http://127.0.0.1:${(source.app.server.address() as AddressInfo).port}` }
}

t.test('a framework imported from a CASE server is re-synced from it: a preview of what changes, then the next version', async (t) => {
  // The publisher: another installation, serving its frameworks at /ims/case.
  const { source, origin } = await startCaseServer(t)
  const sourceAdmin = { authorization: `Bearer ${await apiToken(source.app, 'admin@demo.test')}` }
  const doc = randomUUID()
  const id = { a: randomUUID(), a1: randomUUID(), a2: randomUUID(), a3: randomUUID() }
  const items = [
    { identifier: id.a, code: 'A', statement: 'Area A', parent: doc },
    { identifier: id.a1, code: 'A.1', statement: 'Plans lessons', parent: id.a },
    { identifier: id.a2, code: 'A.2', statement: 'Reviews lessons', parent: id.a },
    { identifier: id.a3, code: 'A.3', statement: 'Keeps records', parent: id.a },
  ]
  t.equal((await source.app.inject({ method: 'POST', url: '/api/v1/frameworks/import', headers: sourceAdmin, payload: casePackage(doc, '1', AT, items) })).statusCode, 201)
  const url = `${origin}/ims/case/v1p1/CFPackages/${doc}`

  // The consumer imports it from the address.
  const { app, db } = await startTestApp(t)
  const admin = { authorization: `Bearer ${await apiToken(app, 'admin@demo.test')}` }
  const imported = await app.inject({ method: 'POST', url: '/api/v1/frameworks/import-url', headers: admin, payload: { url } })
  t.equal(imported.statusCode, 201, imported.body)
  const firstId = imported.json<{ id: number }>().id
  t.match(await db.selectFrom('frameworks').select(['case_source_url', 'case_identifier']).where('id', '=', firstId).executeTakeFirstOrThrow(), { case_source_url: url, case_identifier: doc })
  const hr = { authorization: `Bearer ${await apiToken(app, 'hr@demo.test')}` }
  const uses = (await app.inject({ method: 'GET', url: '/api/v1/institution/frameworks', headers: hr })).json<{ frameworkId: number }[]>()
  t.equal((await app.inject({ method: 'PUT', url: '/api/v1/institution/frameworks', headers: hr, payload: [...uses.map(({ frameworkId }) => ({ frameworkId })), { frameworkId: firstId }] })).statusCode, 200)
  const lecturer = { authorization: `Bearer ${await apiToken(app, 'lecturer@demo.test')}` }
  const nodes = new Map((await db.selectFrom('competencies').select(['id', 'case_identifier']).where('framework_id', '=', firstId).execute()).map((row) => [row.case_identifier, row.id]))
  for (const identifier of [id.a1, id.a2, id.a3]) t.equal((await app.inject({ method: 'PUT', url: `/api/v1/me/ratings/${nodes.get(identifier)}`, headers: lecturer, payload: { level: 2 } })).statusCode, 200)

  const unchanged = (await app.inject({ method: 'GET', url: `/api/v1/frameworks/${firstId}/resync`, headers: admin })).json()
  t.match(unchanged, { url, newer: false, changes: { added: [], removed: [], moved: [], reworded: [], recoded: [], kept: 4 } }, 'nothing new at the publisher')

  // The publisher rewords A.2, retires A.3 and adds A.4.
  const revised = casePackage(doc, '2', '2026-06-01T00:00:00Z', [
    ...items.slice(0, 2),
    { identifier: id.a2, code: 'A.2', statement: 'Reviews lessons with colleagues', parent: id.a },
    { identifier: randomUUID(), code: 'A.4', statement: 'Mentors new staff', parent: id.a },
  ])
  t.equal((await source.app.inject({ method: 'POST', url: '/api/v1/frameworks/import', headers: sourceAdmin, payload: revised })).statusCode, 201)
  const preview = await app.inject({ method: 'GET', url: `/api/v1/frameworks/${firstId}/resync`, headers: admin })
  t.equal(preview.statusCode, 200, preview.body)
  const shown = preview.json()
  t.match(shown, { newer: true, loaded: { id: firstId, version: '1', lastChange: '2026-03-01T10:00:00.000Z' }, fetched: { version: '2', lastChange: '2026-06-01T00:00:00Z' }, ratings: { carried: 2, retired: 1 } })
  t.same(shown.changes.added.map((node: { code: string }) => node.code), ['A.4'])
  t.same(shown.changes.removed.map((node: { code: string }) => node.code), ['A.3'])
  t.same(shown.changes.reworded.map((node: { code: string; before: string }) => [node.code, node.before]), [['A.2', 'Reviews lessons']])
  t.equal(await db.selectFrom('frameworks').select('id').where('slug', '=', 'subscribed-framework').execute().then((rows) => rows.length), 1, 'the preview loads nothing')

  const stale = await app.inject({ method: 'POST', url: `/api/v1/frameworks/${firstId}/resync`, headers: admin, payload: { digest: '0'.repeat(64) } })
  t.equal(stale.statusCode, 409, 'not what the preview showed')
  t.match(stale.json(), { error: { reason: 'caseChangedSincePreview' } })
  const loaded = await app.inject({ method: 'POST', url: `/api/v1/frameworks/${firstId}/resync`, headers: admin, payload: { digest: shown.digest } })
  t.equal(loaded.statusCode, 201, loaded.body)
  t.match(loaded.json(), { status: 'new-version', version: '2', from: { id: firstId }, counts: { ratings: 2, retired: 1 } })
  const secondId = loaded.json<{ id: number }>().id
  t.equal((await db.selectFrom('frameworks').select('case_source_url').where('id', '=', secondId).executeTakeFirstOrThrow()).case_source_url, url, 'the new version keeps the subscription')
  t.match((await app.inject({ method: 'GET', url: `/api/v1/frameworks/${secondId}/resync`, headers: admin })).json(), { newer: false, loaded: { id: secondId } }, 'up to date')
})

t.test('addresses that are not a CASE package are refused, saying why', async (t) => {
  const { source, origin } = await startCaseServer(t)
  const { app } = await startTestApp(t)
  const admin = { authorization: `Bearer ${await apiToken(app, 'admin@demo.test')}` }
  const cases: [string, RegExp][] = [
    ['ftp://case.example.org/package', /is not an address to fetch a CASE package from/],
    ['http://case.example.org/ims/case/v1p1/CFPackages/x', /is not an address to fetch a CASE package from/],
    ['https://user:secret@case.example.org/p', /is not an address to fetch a CASE package from/],
    ['not a url', /is not an address to fetch a CASE package from/],
    [`${origin}/ims/case/v1p1/CFPackages/${randomUUID()}`, /answered 404, not a CASE package/],
    [`${origin}/login`, /sent something that is not JSON/],
    [`${origin}/healthz`, /is neither a CASE 1.0 package/],
    ['http://127.0.0.1:9/nothing-listens-here', /did not answer/],
  ]
  for (const [url, message] of cases) {
    const refused = await app.inject({ method: 'POST', url: '/api/v1/frameworks/import-url', headers: admin, payload: { url } })
    t.equal(refused.statusCode, 422, url)
    t.match(refused.json().error.message, message, url)
  }
  const hew = (await app.inject({ method: 'GET', url: '/api/v1/frameworks', headers: admin })).json<{ id: number; slug: string }[]>().find((framework) => framework.slug === 'iioe-hew')!
  const notSubscribed = await app.inject({ method: 'GET', url: `/api/v1/frameworks/${hew.id}/resync`, headers: admin })
  t.equal(notSubscribed.statusCode, 422)
  t.match(notSubscribed.json().error.message, /was not imported from a CASE server/)
  const hr = { authorization: `Bearer ${await apiToken(app, 'hr@demo.test')}` }
  t.equal((await app.inject({ method: 'POST', url: '/api/v1/frameworks/import-url', headers: hr, payload: { url: `${origin}/x` } })).statusCode, 403, 'operators only')
})

t.test('an operator imports from a CASE server and re-syncs in the browser, without JavaScript and with htmx, in every language', async (t) => {
  const { source, origin } = await startCaseServer(t)
  const sourceAdmin = { authorization: `Bearer ${await apiToken(source.app, 'admin@demo.test')}` }
  const doc = randomUUID()
  const id = { a: randomUUID(), a1: randomUUID(), a2: randomUUID() }
  const items = [
    { identifier: id.a, code: 'A', statement: 'Area A', parent: doc },
    { identifier: id.a1, code: 'A.1', statement: 'Plans lessons', parent: id.a },
    { identifier: id.a2, code: 'A.2', statement: 'Reviews lessons', parent: id.a },
  ]
  t.equal((await source.app.inject({ method: 'POST', url: '/api/v1/frameworks/import', headers: sourceAdmin, payload: casePackage(doc, '1', AT, items) })).statusCode, 201)
  const url = `${origin}/ims/case/v1p1/CFPackages/${doc}`

  const { app, db } = await startTestApp(t)
  const session = await signIn(app, 'admin@demo.test')
  const list = await browserGet(app, session, '/admin/frameworks')
  t.match(list.body, 'action="/admin/frameworks/import-url"')
  const imported = await browserPost(app, session, '/admin/frameworks/import-url', { url })
  t.equal(imported.statusCode, 303)
  t.match((await browserGet(app, session, String(imported.headers.location))).body, 'Imported subscribed-framework version 1.')
  // A package without a rubric: the conversion says so, and the page shows it (a redirect would lose it).
  const other = randomUUID()
  const noted = await browserPost(app, session, '/admin/frameworks/import', { package: JSON.stringify({ ...casePackage(other, '1', AT, [{ ...items[0]!, identifier: randomUUID(), parent: other }]), CFDocument: { ...casePackage(other, '1', AT, []).CFDocument, title: 'Noted Framework' } }) })
  t.equal(noted.statusCode, 201)
  t.match(noted.body, 'Imported noted-framework version 1.')
  t.match(noted.body, 'no CFRubrics: the default scale')
  const refused = await browserPost(app, session, '/admin/frameworks/import-url', { url: 'ftp://case.example.org/x' })
  t.equal(refused.statusCode, 422)
  t.match(refused.body, 'is not an address to fetch a CASE package from')
  t.match(refused.body, 'value="ftp://case.example.org/x"', 'the address is kept in the form')

  const frameworkId = (await db.selectFrom('frameworks').select('id').where('case_identifier', '=', doc).executeTakeFirstOrThrow()).id
  const page = await browserGet(app, session, `/admin/frameworks/${frameworkId}`)
  t.match(page.body, `Kept up to date from <code>${url}</code>`)
  t.match((await browserGet(app, session, `/admin/frameworks/${frameworkId}/resync`)).body, 'The server has nothing new: this framework is up to date.')

  const revised = casePackage(doc, '2', '2026-06-01T00:00:00Z', [items[0]!, { ...items[2]!, statement: 'Reviews lessons with colleagues' }])
  t.equal((await source.app.inject({ method: 'POST', url: '/api/v1/frameworks/import', headers: sourceAdmin, payload: revised })).statusCode, 201)
  const preview = await browserGet(app, session, `/admin/frameworks/${frameworkId}/resync`)
  t.match(preview.body, 'The server has a newer framework.')
  t.match(preview.body, /<h2>Items removed \(their ratings are not carried\)<\/h2><ul><li><span class="code">A\.1<\/span> Plans lessons<\/li><\/ul>/)
  t.match(preview.body, /<h2>Items reworded<\/h2><ul><li><span class="code">A\.2<\/span> Reviews lessons with colleagues <span class="muted">\(before: Reviews lessons\)<\/span><\/li><\/ul>/)
  for (const [language, text] of [['fr', 'Éléments reformulés'], ['zh', '改写的条目']] as const) {
    const translated = await app.inject({ method: 'GET', url: `/admin/frameworks/${frameworkId}/resync`, cookies: { ...session.cookies, lang: language } })
    t.match(translated.body, text, language)
  }
  const digest = /name="digest" value="([0-9a-f]{64})"/.exec(preview.body)?.[1]
  t.ok(digest, 'the form carries what was shown')
  const loaded = await browserPost(app, session, `/admin/frameworks/${frameworkId}/resync`, { digest: digest! })
  t.equal(loaded.statusCode, 303)
  const after = await browserGet(app, session, String(loaded.headers.location))
  t.match(after.body, /Version 2 loaded; 0 institutions moved, 0 ratings carried\./)
  const again = await browserPost(app, session, `/admin/frameworks/${frameworkId}/resync`, { digest: digest! })
  t.equal(again.statusCode, 303, 'loading the same again changes nothing')

  // With htmx: the list comes back with the notice in place.
  const htmx = await browserPost(app, session, '/admin/frameworks/import-url', { url }, { 'hx-request': 'true' })
  t.equal(htmx.statusCode, 200)
  t.match(htmx.body, /^<div id="frameworks-admin">/)
  t.match(htmx.body, 'was already loaded with the same content')
})
