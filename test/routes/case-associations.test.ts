import { randomUUID } from 'node:crypto'
import t from 'tap'
import { apiToken, signIn, browserGet, startTestApp } from '../helpers/app.js'
import { packageProblems, responseProblems } from '../helpers/case-schemas.js'

const AT = '2026-03-01T10:00:00Z'
const ORIGIN = 'https://tracker.example'

/** A CASE 1.1 package whose items are linked besides the tree in every way a publisher links them. */
function linkedPackage() {
  const id = { doc: randomUUID(), a: randomUUID(), a1: randomUUID(), a2: randomUUID(), b: randomUUID(), b1: randomUUID(), elsewhere: randomUUID(), french: randomUUID() }
  const uri = (identifier: string) => `https://case.example/uri/${identifier}`
  const link = (identifier: string, title: string) => ({ title, identifier, uri: uri(identifier) })
  const item = (identifier: string, code: string, statement: string) => ({ identifier, uri: uri(identifier), humanCodingScheme: code, fullStatement: statement, lastChangeDateTime: AT })
  const association = (identifier: string, type: string, origin: ReturnType<typeof link>, destination: ReturnType<typeof link>, extra: object = {}) => ({
    identifier,
    uri: uri(identifier),
    associationType: type,
    originNodeURI: origin,
    destinationNodeURI: destination,
    lastChangeDateTime: AT,
    ...extra,
  })
  const links = {
    exact: randomUUID() as string,
    precedes: randomUUID() as string,
    translation: randomUUID() as string,
    extension: randomUUID() as string,
    secondParent: randomUUID() as string,
  }
  const pkg = {
    CFDocument: { identifier: id.doc, uri: uri(id.doc), creator: 'Case Example', title: 'Linked Framework', version: '1.0', adoptionStatus: 'Adopted', language: 'en', lastChangeDateTime: AT },
    CFItems: [item(id.a, 'A', 'Area A'), item(id.a1, 'A.1', 'Plans lessons'), item(id.a2, 'A.2', 'Reviews lessons'), item(id.b, 'B', 'Area B'), item(id.b1, 'B.1', 'Shares practice')],
    CFAssociations: [
      association(randomUUID(), 'isChildOf', link(id.a, 'A'), link(id.doc, 'Linked Framework'), { sequenceNumber: 1 }),
      association(randomUUID(), 'isChildOf', link(id.a1, 'A.1'), link(id.a, 'A'), { sequenceNumber: 1 }),
      association(randomUUID(), 'isChildOf', link(id.a2, 'A.2'), link(id.a, 'A'), { sequenceNumber: 2 }),
      association(randomUUID(), 'isChildOf', link(id.b, 'B'), link(id.doc, 'Linked Framework'), { sequenceNumber: 2 }),
      association(randomUUID(), 'isChildOf', link(id.b1, 'B.1'), link(id.b, 'B'), { sequenceNumber: 1 }),
      // Besides the tree:
      association(links.exact, 'exactMatchOf', link(id.a1, 'A.1'), { title: 'Lesson planning elsewhere', identifier: id.elsewhere, uri: 'https://other.example/items/planning' }),
      association(links.precedes, 'precedes', link(id.a1, 'A.1'), link(id.a2, 'A.2'), { notes: 'Plan before you review' }),
      association(links.translation, 'isTranslationOf', link(id.b1, 'B.1'), { title: 'Partager sa pratique', identifier: id.french, uri: 'https://other.example/fr/partager' }),
      association(links.extension, 'ext:alignsWith', link(id.b1, 'B.1'), link(id.doc, 'Linked Framework')),
      association(links.secondParent, 'isChildOf', link(id.a2, 'A.2'), link(id.b, 'B'), { sequenceNumber: 2 }),
    ],
  }
  return { id, links, pkg }
}

t.test('associations besides the tree are kept, shown on their items, and exported again', async (t) => {
  const { app, db } = await startTestApp(t, { publicUrl: ORIGIN })
  const admin = { authorization: `Bearer ${await apiToken(app, 'admin@demo.test')}` }
  const { id, links, pkg } = linkedPackage()
  const imported = await app.inject({ method: 'POST', url: '/api/v1/frameworks/import', headers: admin, payload: pkg })
  t.equal(imported.statusCode, 201, imported.body)
  const { id: frameworkId, warnings } = imported.json<{ id: number; warnings: string[] }>()
  t.ok(warnings.some((warning) => warning.includes('4 associations other than isChildOf kept beside the tree')), 'the import says what it kept')
  t.ok(warnings.some((warning) => warning.includes('isChildOf kept as an association beside the tree, because the item already has a parent')))

  const stored = (await db.selectFrom('frameworks').select('associations').where('id', '=', frameworkId).executeTakeFirstOrThrow()).associations
  t.same(stored, [
    { identifier: links.exact, type: 'exactMatchOf', origin: { code: 'A.1' }, destination: { identifier: id.elsewhere, uri: 'https://other.example/items/planning', title: 'Lesson planning elsewhere' } },
    { identifier: links.precedes, type: 'precedes', origin: { code: 'A.1' }, destination: { code: 'A.2' }, notes: 'Plan before you review' },
    { identifier: links.translation, type: 'isTranslationOf', origin: { code: 'B.1' }, destination: { identifier: id.french, uri: 'https://other.example/fr/partager', title: 'Partager sa pratique' } },
    { identifier: links.extension, type: 'ext:alignsWith', origin: { code: 'B.1' }, destination: { identifier: id.doc } },
    { identifier: links.secondParent, type: 'isChildOf', origin: { code: 'A.2' }, destination: { code: 'B' }, sequenceNumber: 2 },
  ], 'every association, with its identifier, type, ends, sequence and notes')

  // CASE 1.1: every one, as the package said it; CASE 1.0: those of 1.0's types, and a valid package.
  const exported11 = (await app.inject({ method: 'GET', url: `/api/v1/frameworks/${frameworkId}/case?version=1.1`, headers: admin })).json()
  const besides = (pkgJson: { CFAssociations: any[] }): any[] => pkgJson.CFAssociations.filter((association) => Object.values(links).includes(association.identifier))
  const given = new Map(pkg.CFAssociations.map((association) => [association.identifier, association]))
  const ends = (association: any) => [association.associationType, association.originNodeURI.identifier, association.destinationNodeURI.identifier, association.sequenceNumber, association.notes]
  t.same(besides(exported11).map(ends), Object.values(links).map((identifier) => ends(given.get(identifier))), 'the 1.1 export gives every association back, ends by their identifiers')
  t.equal(besides(exported11).find((association: any) => association.identifier === links.extension)!.destinationNodeURI.uri, `${ORIGIN}/ims/case/v1p1/CFDocuments/${id.doc}`, 'an end that is the document is our document')
  t.same(responseProblems('v1p1', '/CFPackages/{sourcedId}', 200, exported11), [], 'valid CASE 1.1')
  const exported10 = (await app.inject({ method: 'GET', url: `/api/v1/frameworks/${frameworkId}/case`, headers: admin })).json()
  t.same(besides(exported10).map((association: any) => association.associationType), ['exactMatchOf', 'precedes', 'isChildOf'], 'the 1.0 export keeps those of 1.0 types')
  t.same(packageProblems(exported10), [], 'valid against OpenSALT and 1EdTech CASE 1.0 and 1.1')
  t.notOk(JSON.stringify(exported10).includes('"notes"'), 'and no association notes, which 1.0 has no field for')

  // The provider: each resolves where its version can say it.
  t.equal((await app.inject({ method: 'GET', url: `/ims/case/v1p1/CFAssociations/${links.extension}` })).statusCode, 200)
  t.equal((await app.inject({ method: 'GET', url: `/ims/case/v1p0/CFAssociations/${links.extension}` })).statusCode, 404, 'an ext: association is not a CASE 1.0 one')
  const itemAssociations = (await app.inject({ method: 'GET', url: `/ims/case/v1p1/CFItemAssociations/${id.a1}` })).json()
  t.same(itemAssociations.CFAssociations.map((association: { identifier: string }) => association.identifier).filter((identifier: string) => Object.values(links).includes(identifier)).sort(), [links.exact, links.precedes].sort())

  // Our own format carries them too, and imports back unchanged.
  const own = (await app.inject({ method: 'GET', url: `/api/v1/frameworks/${frameworkId}/export`, headers: admin })).json()
  t.equal(own.associations.length, 5)
  const again = await app.inject({ method: 'POST', url: '/api/v1/frameworks/import', headers: admin, payload: own })
  t.equal(again.statusCode, 200, again.body)
  t.equal(again.json().status, 'unchanged')

  // A competency's page says how it is linked, in the reader's language; links only to web addresses.
  const hr = { authorization: `Bearer ${await apiToken(app, 'hr@demo.test')}` }
  const uses = (await app.inject({ method: 'GET', url: '/api/v1/institution/frameworks', headers: hr })).json<{ frameworkId: number }[]>()
  const put = await app.inject({ method: 'PUT', url: '/api/v1/institution/frameworks', headers: hr, payload: [...uses.map(({ frameworkId: used }) => ({ frameworkId: used })), { frameworkId }] })
  t.equal(put.statusCode, 200, put.body)
  const nodes = new Map((await db.selectFrom('competencies').select(['id', 'code']).where('framework_id', '=', frameworkId).execute()).map((row) => [row.code, row.id]))
  const session = await signIn(app, 'lecturer@demo.test')
  const a1 = (await browserGet(app, session, `/framework/${nodes.get('A.1')}`)).body
  t.match(a1, 'Linked in the framework’s CASE data')
  t.match(a1, 'Exact match of <a href="https://other.example/items/planning" rel="noopener noreferrer">Lesson planning elsewhere</a>')
  t.match(a1, new RegExp(`Comes before <a href="/framework/${nodes.get('A.2')}"><span class="code">A.2</span> Reviews lessons</a><br><span class="small-text">Plan before you review</span>`))
  const a2 = (await browserGet(app, session, `/framework/${nodes.get('A.2')}`)).body
  t.match(a2, new RegExp(`Comes after <a href="/framework/${nodes.get('A.1')}">`))
  t.match(a2, 'Also part of <span class="code">B</span> Area B', 'a second parent, not rated: named, not linked')
  const b1 = (await browserGet(app, session, `/framework/${nodes.get('B.1')}`)).body
  t.match(b1, 'Translation of <a href="https://other.example/fr/partager"')
  t.match(b1, 'ext:alignsWith: Linked Framework', 'an extension type is said as written; the end that is the framework, by its title')
  for (const [language, text] of [['fr', 'Correspondance exacte de'], ['zh', '完全对应']] as const) {
    const page = await app.inject({ method: 'GET', url: `/framework/${nodes.get('A.1')}`, cookies: { ...session.cookies, lang: language } })
    t.match(page.body, text, `in ${language}`)
  }
})

t.test('a file whose associations name no node, or lead to no web address, is refused with every problem', async (t) => {
  const { app } = await startTestApp(t)
  const admin = { authorization: `Bearer ${await apiToken(app, 'admin@demo.test')}` }
  const hew = (await app.inject({ method: 'GET', url: '/api/v1/frameworks', headers: admin })).json<{ id: number; slug: string }[]>().find((framework) => framework.slug === 'iioe-hew')!
  const file = (await app.inject({ method: 'GET', url: `/api/v1/frameworks/${hew.id}/export`, headers: admin })).json()
  file.version = 'linked'
  const code = file.nodes[0].children[0].code
  file.associations = [
    { type: 'exactMatchOf', origin: { code: 'NOPE' }, destination: { code } },
    { type: 'isRelatedTo', origin: { code }, destination: { identifier: 'x', uri: 'javascript:alert(1)', title: 'Click' } },
    { type: 'madeUpType', origin: { code }, destination: { code } },
  ]
  const refused = await app.inject({ method: 'POST', url: '/api/v1/frameworks/import', headers: admin, payload: file })
  t.equal(refused.statusCode, 422)
  const pointers = refused.json().error.details.map((detail: { pointer: string }) => detail.pointer)
  t.ok(pointers.includes('/associations/2/type'), 'an unknown type')
  const rules = await app.inject({ method: 'POST', url: '/api/v1/frameworks/import', headers: admin, payload: { ...file, associations: file.associations.slice(0, 2) } })
  t.equal(rules.statusCode, 422)
  t.match(rules.body, '\\"NOPE\\" is not a code of this framework')
  t.match(rules.body, 'is not a web address')
})
