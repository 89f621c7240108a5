import { randomUUID } from 'node:crypto'
import { sql } from 'kysely'
import t from 'tap'
import { migrateTo, migrateToLatest } from '../../server/db/migrate.js'
import { mintedFrameworkIdentifier, mintedNodeIdentifier } from '../../server/domain/case-identity.js'
import { apiToken, startTestApp } from '../helpers/app.js'
import { createTestDatabase } from '../helpers/database.js'

const AT = '2026-03-01T10:00:00Z'

/** A small CASE package: a document, a domain and two competencies, with RFC 4122 identifiers. */
function casePackage() {
  const doc = randomUUID()
  const [domain, first, second] = [randomUUID(), randomUUID(), randomUUID()]
  const link = (identifier: string, title = identifier) => ({ title, identifier, uri: `https://case.example/uri/${identifier}` })
  const item = (identifier: string, code: string, statement: string) => ({ identifier, uri: `https://case.example/uri/${identifier}`, humanCodingScheme: code, fullStatement: statement, lastChangeDateTime: AT })
  const child = (of: string, parent: string, position: number) => ({
    identifier: randomUUID(),
    uri: `https://case.example/uri/a-${of}`,
    associationType: 'isChildOf',
    originNodeURI: link(of),
    destinationNodeURI: link(parent),
    sequenceNumber: position,
    lastChangeDateTime: AT,
  })
  return {
    ids: { doc, domain, first, second },
    pkg: {
      CFDocument: { identifier: doc, uri: `https://case.example/uri/${doc}`, creator: 'Case Example', title: 'Identity Framework', version: '1.0', adoptionStatus: 'Adopted', language: 'en', lastChangeDateTime: AT },
      CFItems: [item(domain, 'ID', 'Identity'), item(first, 'ID.1', 'Keeps its name'), item(second, 'ID.2', 'Keeps its place')],
      CFAssociations: [child(domain, doc, 1), child(first, domain, 1), child(second, domain, 2)],
    },
  }
}

t.test('CASE identifiers are kept from import to export, and a new version keeps them for the same items', async (t) => {
  const { app, db } = await startTestApp(t)
  const admin = { authorization: `Bearer ${await apiToken(app, 'admin@demo.test')}` }
  const { ids, pkg } = casePackage()
  const imported = await app.inject({ method: 'POST', url: '/api/v1/frameworks/import', headers: admin, payload: pkg })
  t.equal(imported.statusCode, 201)
  const id = imported.json<{ id: number }>().id

  const stored = await db.selectFrom('frameworks').select('case_identifier').where('id', '=', id).executeTakeFirstOrThrow()
  t.equal(stored.case_identifier, ids.doc, "the framework keeps the CFDocument's identifier")
  const nodes = await db.selectFrom('competencies').select(['code', 'case_identifier']).where('framework_id', '=', id).orderBy('code').execute()
  t.same(nodes, [{ code: 'ID', case_identifier: ids.domain }, { code: 'ID.1', case_identifier: ids.first }, { code: 'ID.2', case_identifier: ids.second }], 'each node keeps its item identifier')

  const exported = (await app.inject({ method: 'GET', url: `/api/v1/frameworks/${id}/case`, headers: admin })).json()
  t.equal(exported.CFDocument.identifier, ids.doc, 'our CASE export gives them back')
  t.same(exported.CFItems.map((item: { identifier: string }) => item.identifier), [ids.domain, ids.first, ids.second])
  const own = (await app.inject({ method: 'GET', url: `/api/v1/frameworks/${id}/export`, headers: admin })).json()
  t.equal(own.identifier, ids.doc, 'so does our own format')
  t.same(own.nodes[0].children.map((node: { identifier: string }) => node.identifier), [ids.first, ids.second])

  // A new version: ID.1 renamed ID.1A by the code map, a new item added with the freed code ID.1.
  const next = structuredClone(own)
  next.version = '2.0'
  delete next.identifier
  for (const node of [next.nodes[0], ...next.nodes[0].children]) delete node.identifier
  next.nodes[0].children[0].code = 'ID.1A'
  next.nodes[0].children.push({ code: 'ID.1', kind: 'competency', title: 'Something new', source: { title: 'Test' } })
  const loaded = await app.inject({ method: 'POST', url: `/api/v1/frameworks/${id}/versions`, headers: admin, payload: { framework: next, codeMap: { 'ID.1': 'ID.1A' } } })
  t.equal(loaded.statusCode, 201, loaded.body)
  const nextId = loaded.json<{ id: number }>().id
  t.equal((await db.selectFrom('frameworks').select('case_identifier').where('id', '=', nextId).executeTakeFirstOrThrow()).case_identifier, ids.doc, 'the new version is the same CASE document')
  const nextNodes = new Map((await db.selectFrom('competencies').select(['code', 'case_identifier']).where('framework_id', '=', nextId).execute()).map((row) => [row.code, row.case_identifier]))
  t.equal(nextNodes.get('ID.1A'), ids.first, 'the renamed item keeps its identifier')
  t.equal(nextNodes.get('ID.2'), ids.second, 'an unchanged item keeps its identifier')
  t.equal(nextNodes.get('ID'), ids.domain, 'so does the domain')
  t.notOk(([ids.doc, ids.domain, ids.first, ids.second] as string[]).includes(nextNodes.get('ID.1')!), 'the new item with a freed code gets an identifier of its own')
  const nextExport = (await app.inject({ method: 'GET', url: `/api/v1/frameworks/${nextId}/case`, headers: admin })).json()
  t.same(
    nextExport.CFItems.map((item: { humanCodingScheme: string; identifier: string }) => [item.humanCodingScheme, item.identifier]),
    [['ID', ids.domain], ['ID.1A', ids.first], ['ID.2', ids.second], ['ID.1', nextNodes.get('ID.1')]],
  )

  // A file of ours that gives one identifier twice is refused, saying where.
  const twice = structuredClone(own)
  twice.version = '3.0'
  twice.nodes[0].children[1].identifier = twice.nodes[0].children[0].identifier
  const refused = await app.inject({ method: 'POST', url: '/api/v1/frameworks/import', headers: admin, payload: twice })
  t.equal(refused.statusCode, 422)
  t.match(refused.body, `identifier \\"${ids.first}\\" is already used at /nodes/0/children/0/identifier`)
})

t.test('the shipped frameworks have the same identifiers on every installation', async (t) => {
  const { db } = await startTestApp(t)
  const hew = await db.selectFrom('frameworks').select(['id', 'case_identifier']).where('slug', '=', 'iioe-hew').executeTakeFirstOrThrow()
  t.equal(hew.case_identifier, mintedFrameworkIdentifier('iioe-hew'))
  const node = await db.selectFrom('competencies').select(['code', 'case_identifier']).where('framework_id', '=', hew.id).where('kind', '=', 'competency').orderBy('position').limit(1).executeTakeFirstOrThrow()
  t.equal(node.case_identifier, mintedNodeIdentifier('iioe-hew', node.code))
})

t.test('migration 0027 gives loaded versions the identifiers their CASE package gave, else minted ones', async (t) => {
  const database = await createTestDatabase({ empty: true })
  t.teardown(() => database.close())
  await migrateTo(database.db, '0026_institution_time_zone')
  const doc = randomUUID()
  const item = randomUUID()
  const json = (value: unknown) => JSON.stringify(value)
  const framework = await sql<{ id: number }>`
    insert into frameworks (slug, version, title, publisher, status, languages, scale, staff_groups, source, content_hash, translations)
    values ('imported', '1', 'Imported', 'P', 'official', ${json(['en'])}, ${json({ levels: [{ level: 1, label: 'One', description: 'One' }] })}, '[]', ${json([{ title: 'Imported', note: `CASE CFDocument ${doc}` }])}, 'x', '{}')
    returning id`.execute(database.db)
  const id = framework.rows[0]!.id
  for (const [code, note] of [['A', `CASE ${item}; isChildOf CASE ${doc}`], ['B', 'CASE not-a-uuid'], ['C', 'Groups the top-level CASE items that have no children']] as const) {
    await sql`insert into competencies (framework_id, parent_id, code, kind, position, title, level_descriptors, applies_to, translations, source)
      values (${id}, null, ${code}, 'domain', 0, ${code}, '{}', '[]', '{}', ${json({ title: 'Imported', note })})`.execute(database.db)
  }
  await migrateToLatest(database.db)
  t.equal((await database.db.selectFrom('frameworks').select('case_identifier').where('id', '=', id).executeTakeFirstOrThrow()).case_identifier, doc)
  const nodes = await database.db.selectFrom('competencies').select(['code', 'case_identifier']).where('framework_id', '=', id).orderBy('code').execute()
  t.same(nodes, [
    { code: 'A', case_identifier: item },
    { code: 'B', case_identifier: mintedNodeIdentifier('imported', 'B') },
    { code: 'C', case_identifier: mintedNodeIdentifier('imported', 'C') },
  ])
})
