import { randomUUID } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import t, { type Test } from 'tap'
import { buildApp } from '../../server/app.js'
import { apiToken, startTestApp, TEST_JWT_SECRET } from '../helpers/app.js'
import { packageProblems, responseProblems } from '../helpers/case-schemas.js'
import { casePackage, uuid } from '../helpers/case-packages.js'

const ORIGIN = 'https://tracker.example'
type Version = 'v1p0' | 'v1p1'
interface Link {
  title: string
  identifier: string
  uri: string
}

/** Every link object (title, identifier, uri) and every object with its own uri, anywhere in a value. */
function uris(value: unknown, found = new Map<string, string>()): Map<string, string> {
  if (Array.isArray(value)) for (const entry of value) uris(entry, found)
  else if (typeof value === 'object' && value !== null) {
    const { uri, identifier } = value as { uri?: unknown; identifier?: unknown }
    if (typeof uri === 'string' && typeof identifier === 'string') found.set(uri, identifier)
    for (const entry of Object.values(value)) uris(entry, found)
  }
  return found
}

/** The identifier an answer of the service is about: the object's own, or the one object of a set. */
function identifierOf(body: any): string | undefined {
  if (typeof body.identifier === 'string') return body.identifier
  if (body.CFDocument !== undefined) return body.CFDocument.identifier
  if (body.CFItem !== undefined) return body.CFItem.identifier
  const set = Object.values(body).find(Array.isArray) as { identifier: string }[] | undefined
  return set?.length === 1 ? set[0]!.identifier : undefined
}

async function get(app: FastifyInstance, url: string, host = 'evil.example') {
  return app.inject({ method: 'GET', url, headers: { host } })
}

/**
 * Walks the service as a CASE consumer does: the list of documents, each document's package, then
 * every uri anywhere in it. Each answer must validate against 1EdTech's definition of the call and
 * be the object its uri names. Returns how many uris resolved.
 */
async function crawl(t: Test, app: FastifyInstance, version: Version): Promise<number> {
  const prefix = `${ORIGIN}/ims/case/${version}`
  const list = await get(app, `/ims/case/${version}/CFDocuments`)
  t.equal(list.statusCode, 200)
  t.same(responseProblems(version, '/CFDocuments', 200, list.json()), [], `${version}: the list of documents validates`)
  const documents: (Link & { CFPackageURI: Link })[] = list.json().CFDocuments
  t.ok(documents.length >= 3, `${version}: every framework is listed (${documents.length})`)
  let resolved = 0
  for (const document of documents) {
    t.equal(document.uri, `${prefix}/CFDocuments/${document.identifier}`, 'a document uri is under PUBLIC_URL, whatever Host said')
    const pkgResponse = await get(app, document.CFPackageURI.uri.slice(ORIGIN.length))
    t.equal(pkgResponse.statusCode, 200, `${document.title}: its package resolves`)
    const pkg = pkgResponse.json()
    t.same(packageProblems(pkg), [], `${document.title}: the package validates against OpenSALT's schema and 1EdTech's three`)
    t.same(responseProblems(version, '/CFPackages/{sourcedId}', 200, pkg), [], `${document.title}: and as getCFPackage's answer`)
    const failures: string[] = []
    for (const [uri, identifier] of uris({ document, pkg })) {
      if (!uri.startsWith(`${prefix}/`)) {
        failures.push(`${uri}: not under ${prefix}`)
        continue
      }
      const path = uri.slice(ORIGIN.length)
      const response = await get(app, path)
      const collection = path.split('/')[4]!
      if (response.statusCode !== 200) failures.push(`${uri}: ${response.statusCode}`)
      else if (identifierOf(response.json()) !== identifier) failures.push(`${uri}: answers ${identifierOf(response.json())}`)
      else failures.push(...responseProblems(version, `/${collection}/{sourcedId}`, 200, response.json()).map((problem) => `${uri}: ${problem}`))
      resolved++
    }
    t.same(failures.slice(0, 5), [], `${document.title}: every uri resolves to its object, valid for its call`)
    // getCFItemAssociations: an item with every association it is an end of.
    const item = pkg.CFItems.find((candidate: { CFItemType: string }) => candidate.CFItemType === 'Competency')
    const associations = await get(app, `/ims/case/${version}/CFItemAssociations/${item.identifier}`)
    t.same(responseProblems(version, '/CFItemAssociations/{sourcedId}', 200, associations.json()), [])
    const expected = pkg.CFAssociations.filter((association: { originNodeURI: Link; destinationNodeURI: Link }) => [association.originNodeURI.identifier, association.destinationNodeURI.identifier].includes(item.identifier))
    t.same(
      associations.json().CFAssociations.map((association: { identifier: string }) => association.identifier).sort(),
      expected.map((association: { identifier: string }) => association.identifier).sort(),
      `${document.title}: an item's associations are those it is an end of (${expected.length})`,
    )
    t.equal(associations.json().CFItem.CFDocumentURI.identifier, document.identifier, 'an item alone names its document')
  }
  return resolved
}

t.test('every uri the CASE service publishes resolves, under PUBLIC_URL, and every answer validates against 1EdTech CASE 1.0 and 1.1', async (t) => {
  const { app } = await startTestApp(t, { publicUrl: `${ORIGIN}/` })
  // Besides the shipped frameworks, one imported four levels deep with a rubric of its own: its
  // nested indicators and its rubric, criteria and levels (kept identifiers) are published too.
  const level = (n: number) => ({ identifier: randomUUID(), uri: `https://case.example/levels/${n}`, quality: `Q${n}`, score: n, description: `At level ${n}`, lastChangeDateTime: '2020-01-01T00:00:00Z' })
  const deep = casePackage([{ n: 1, parent: 0, code: 'P' }, { n: 2, parent: 1, code: 'P.1' }, { n: 3, parent: 2, code: 'P.1.a' }, { n: 4, parent: 3, code: 'P.1.a.i' }], {
    CFRubrics: [{ identifier: randomUUID(), uri: 'https://case.example/rubric', title: 'Levels', lastChangeDateTime: '2020-01-01T00:00:00Z', CFRubricCriteria: [
      { identifier: randomUUID(), uri: 'https://case.example/criterion', CFItemURI: { title: 'P.1.a', identifier: uuid(3), uri: 'https://case.example/i3' }, lastChangeDateTime: '2020-01-01T00:00:00Z', CFRubricCriterionLevels: [level(1), level(2), level(3)] },
    ] }],
  })
  const operator = { authorization: `Bearer ${await apiToken(app, 'admin@demo.test')}` }
  t.equal((await app.inject({ method: 'POST', url: '/api/v1/frameworks/import?rateDepth=3', headers: operator, payload: deep })).statusCode, 201)
  const rubric = deep.CFRubrics[0]!
  for (const [collection, identifier] of [['CFRubrics', rubric.identifier], ['CFRubricCriteria', rubric.CFRubricCriteria[0]!.identifier], ['CFRubricCriterionLevels', rubric.CFRubricCriteria[0]!.CFRubricCriterionLevels[2]!.identifier], ['CFItems', uuid(4)]] as const) {
    const kept = await get(app, `/ims/case/v1p1/${collection}/${identifier}`)
    t.same([kept.statusCode, identifierOf(kept.json())], [200, identifier], `${collection}: the package's own identifier is served`)
  }
  for (const version of ['v1p0', 'v1p1'] as const) {
    const resolved = await crawl(t, app, version)
    t.ok(resolved > 500, `${version}: ${resolved} uris resolved`)
  }
  // Our export names the same objects, under the 1.0 service.
  const admin = { authorization: `Bearer ${await apiToken(app, 'admin@demo.test')}` }
  const [framework] = (await app.inject({ method: 'GET', url: '/api/v1/frameworks', headers: admin })).json<{ id: number }[]>()
  const exported = await app.inject({ method: 'GET', url: `/api/v1/frameworks/${framework!.id}/case`, headers: { ...admin, host: 'evil.example' } })
  t.match(exported.json().CFDocument.uri, new RegExp(`^${ORIGIN}/ims/case/v1p0/CFDocuments/`), 'the export download is under PUBLIC_URL too')
  const served = await get(app, exported.json().CFDocument.uri.slice(ORIGIN.length).replace('/CFDocuments/', '/CFPackages/'))
  t.same(served.json(), exported.json(), 'and is the package the service serves')
})

t.test('the CASE service answers bad calls with imsx_StatusInfo, and pages the list of documents', async (t) => {
  const { app } = await startTestApp(t, { publicUrl: ORIGIN })
  const base = '/ims/case/v1p1'
  const unknown = await get(app, `${base}/CFItems/00000000-0000-4000-8000-000000000000`)
  t.equal(unknown.statusCode, 404)
  t.same(responseProblems('v1p1', '/CFItems/{sourcedId}', 404, unknown.json()), [])
  t.equal(unknown.json().imsx_codeMinor.imsx_codeMinorField[0].imsx_codeMinorFieldValue, 'unknownobject')
  const notUuid = await get(app, `${base}/CFItems/not-a-uuid`)
  t.equal(notUuid.statusCode, 400)
  t.equal(notUuid.json().imsx_codeMinor.imsx_codeMinorField[0].imsx_codeMinorFieldValue, 'invalid_uuid')
  t.same(responseProblems('v1p0', '/CFItems/{sourcedId}', 400, (await get(app, '/ims/case/v1p0/CFItems/x')).json()), [])
  const noCall = await get(app, `${base}/CFWidgets/00000000-0000-4000-8000-000000000000`)
  t.equal(noCall.statusCode, 404)
  t.match(noCall.json().imsx_description, 'no call GET /ims/case/v1p1/CFWidgets')
  const posted = await app.inject({ method: 'POST', url: `${base}/CFDocuments`, payload: {} })
  // Refused by the CSRF guard every unsafe request meets first, or as an unknown call: either way in the service's shape.
  t.ok([403, 404].includes(posted.statusCode), `the service is read only: ${posted.statusCode}`)
  t.equal(posted.json().imsx_codeMajor, 'failure')
  t.equal(unknown.headers['access-control-allow-origin'], '*')

  const all = (await get(app, `${base}/CFDocuments`)).json().CFDocuments as Link[]
  const titles = all.map((document) => document.title)
  t.same(titles, [...titles].sort((a, b) => a.localeCompare(b, 'en')), 'listed by title')
  const page = await get(app, `${base}/CFDocuments?limit=2&offset=1&sort=title&orderBy=desc`)
  t.equal(page.headers['x-total-count'], String(all.length))
  t.same(page.json().CFDocuments.map((document: Link) => document.title), [...titles].reverse().slice(1, 3))
  const fields = await get(app, `${base}/CFDocuments?fields=identifier,title`)
  t.same(Object.keys(fields.json().CFDocuments[0]), ['identifier', 'title'])
  for (const [query, minor] of [
    ['sort=colour', 'invalid_sort_field'],
    ['orderBy=sideways', 'invalid_sort_field'],
    ['fields=title,colour', 'invalid_selection_field'],
    ["filter=title%3D'x'", 'invalid_selection_field'],
  ] as const) {
    const refused = await get(app, `${base}/CFDocuments?${query}`)
    t.equal(refused.statusCode, 400, query)
    t.equal(refused.json().imsx_codeMinor.imsx_codeMinorField[0].imsx_codeMinorFieldValue, minor, query)
    t.same(responseProblems('v1p1', '/CFDocuments', 400, refused.json()), [], `${query}: a valid imsx_StatusInfo`)
  }
  for (const query of ['limit=0', 'limit=x', 'offset=-1']) t.equal((await get(app, `${base}/CFDocuments?${query}`)).statusCode, 400, query)
})

t.test('an identifier names the newest version that holds it, in every process, and uris fall back to where the app listens', async (t) => {
  const { app, db } = await startTestApp(t, { listenUrl: 'http://localhost:3999' })
  const other = await buildApp({ db, jwtSecret: TEST_JWT_SECRET, sessionHours: 1, listenUrl: 'http://localhost:3999' })
  t.teardown(() => other.close())
  const admin = { authorization: `Bearer ${await apiToken(app, 'admin@demo.test')}` }
  const hew = await db.selectFrom('frameworks').select(['id', 'case_identifier']).where('slug', '=', 'iioe-hew').executeTakeFirstOrThrow()
  const before = (await get(other, `/ims/case/v1p1/CFDocuments/${hew.case_identifier}`)).json()
  t.equal(before.uri, `http://localhost:3999/ims/case/v1p1/CFDocuments/${hew.case_identifier}`, 'without PUBLIC_URL: where the app listens, not the Host header')

  // A new version loaded through the first process: one competency retired, one reworded.
  const file = (await app.inject({ method: 'GET', url: `/api/v1/frameworks/${hew.id}/export`, headers: admin })).json()
  const [domain] = file.nodes
  const [retired, reworded] = domain.children
  domain.children = domain.children.filter((node: { code: string }) => node.code !== retired.code)
  reworded.title = `${reworded.title} (reworded)`
  file.version = `${file.version}-next`
  const loaded = await app.inject({ method: 'POST', url: `/api/v1/frameworks/${hew.id}/versions`, headers: admin, payload: { framework: file, codeMap: { [retired.code]: null } } })
  t.equal(loaded.statusCode, 201, loaded.body)

  const after = (await get(other, `/ims/case/v1p1/CFDocuments/${hew.case_identifier}`)).json()
  t.equal(after.version, file.version, 'the other process serves the new version of the document')
  t.equal((await get(other, `/ims/case/v1p1/CFItems/${reworded.identifier}`)).json().fullStatement, reworded.title, 'and its items')
  const old = await get(other, `/ims/case/v1p1/CFItems/${retired.identifier}`)
  t.equal(old.statusCode, 200, 'an item the new version retired still resolves, from the version that had it')
  t.equal(old.json().fullStatement, retired.title)
  // A process started after the new version loaded indexes both at once, and the newer wins there too.
  const fresh = await buildApp({ db, jwtSecret: TEST_JWT_SECRET, sessionHours: 1 })
  t.teardown(() => fresh.close())
  t.equal((await get(fresh, `/ims/case/v1p1/CFDocuments/${hew.case_identifier}`)).json().version, file.version, 'a fresh process serves the new version')
  t.equal((await get(fresh, `/ims/case/v1p1/CFItems/${reworded.identifier}`)).json().fullStatement, reworded.title)
  t.equal((await get(fresh, `/ims/case/v1p1/CFItems/${retired.identifier}`)).json().fullStatement, retired.title)
  const listed = (await get(other, '/ims/case/v1p1/CFDocuments')).json().CFDocuments.filter((document: Link) => document.identifier === hew.case_identifier)
  t.same(listed.map((document: { version: string }) => document.version), [file.version], 'a document is listed once, as its newest version')
})
