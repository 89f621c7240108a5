import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import t from 'tap'
import { CASE_ITEM_TYPES, exportCasePackage } from '../../server/domain/case-export.js'
import type { CasePackage, ExportedCasePackage } from '../../server/domain/case-package.js'
import { createCaseImporter } from '../../server/domain/case-import.js'
import { formatDataFileErrors } from '../../server/domain/data-file.js'
import { createFrameworkChecker, type FrameworkFile, type FrameworkFileNode } from '../../server/domain/framework-file.js'
import { FRAMEWORK_DATA_DIR } from '../../server/services/data-files.js'
import { CASE_DIR, openSaltPackageSchema, packageProblems, readJson, validateOpenSaltPackage } from '../helpers/case-schemas.js'
import { AT, casePackage, DOC, hasWarnings, outline, uuid } from '../helpers/case-packages.js'

const check = createFrameworkChecker(await readJson(path.join(FRAMEWORK_DATA_DIR, 'schema/framework.schema.json')))
const importCasePackage = createCaseImporter(openSaltPackageSchema)
const validateCase = validateOpenSaltPackage

const OPTIONS = { baseUri: 'https://tracker.example/ims/case/v1p0/', lastChangeDateTime: '2024-05-01T12:00:00Z' }
const SHIPPED = ['digcompedu.json', 'iioe-hew.json', 'unesco-ict-cft-v3.json']
const PACKAGES = (await readdir(new URL('packages/', CASE_DIR))).filter((name) => name.endsWith('.json')).sort()

async function shipped(name: string): Promise<FrameworkFile> {
  const result = check(await readJson(path.join(FRAMEWORK_DATA_DIR, 'frameworks', name)), name)
  if (!result.ok) throw new Error(formatDataFileErrors(result.errors))
  return result.value
}

async function imported(name: string) {
  const result = importCasePackage(await readJson(new URL(`packages/${name}`, CASE_DIR)), name)
  if (!result.ok) throw new Error(formatDataFileErrors(result.errors))
  return result
}

const flat = (nodes: readonly FrameworkFileNode[]): FrameworkFileNode[] => nodes.flatMap((node) => [node, ...flat(node.children ?? [])])
const codes = (nodes: readonly FrameworkFileNode[] | undefined): string[] => (nodes ?? []).map((node) => node.code)
const find = (nodes: readonly FrameworkFileNode[], code: string): FrameworkFileNode | undefined => flat(nodes).find((node) => node.code === code)

/** The identifiers of everything the package defines (not the links that repeat them). */
function ownIdentifiers(pkg: ExportedCasePackage): string[] {
  const criteria = pkg.CFRubrics.flatMap((rubric) => rubric.CFRubricCriteria ?? [])
  const itemTypes = Array.isArray(pkg.CFDefinitions) ? [] : (pkg.CFDefinitions.CFItemTypes ?? [])
  return [
    pkg.CFDocument.identifier,
    ...pkg.CFItems.map((item) => item.identifier),
    ...pkg.CFAssociations.map((association) => association.identifier),
    ...itemTypes.map((type) => type.identifier),
    ...pkg.CFRubrics.map((rubric) => rubric.identifier),
    ...criteria.map((criterion) => criterion.identifier),
    ...criteria.flatMap((criterion) => (criterion.CFRubricCriterionLevels ?? []).map((level) => level.identifier)),
  ]
}

t.test('each shipped framework exports to a valid CASE package, with the same identifiers every time', async (t) => {
  for (const name of SHIPPED) {
    const framework = await shipped(name)
    const pkg = exportCasePackage(framework, OPTIONS)
    t.same(packageProblems(pkg), [], `${name}: valid against OpenSALT's schema and 1EdTech's three`)
    const nodes = flat(framework.nodes)
    t.equal(pkg.CFItems.length, nodes.length, `${name}: one CFItem per node`)
    t.equal(pkg.CFAssociations.filter((association) => association.associationType === 'isChildOf').length, nodes.length, `${name}: one isChildOf per node`)
    t.same(pkg.CFItems.map((item) => item.humanCodingScheme), nodes.map((node) => node.code), `${name}: codes in tree order`)
    t.same(pkg.CFItems.map((item) => item.CFItemType), nodes.map((node) => CASE_ITEM_TYPES[node.kind]), `${name}: item types by kind`)
    const ids = ownIdentifiers(pkg)
    t.equal(new Set(ids).size, ids.length, `${name}: ${ids.length} identifiers, all different`)
    t.ok(pkg.CFItems.every((item) => item.uri === `https://tracker.example/ims/case/v1p0/CFItems/${item.identifier}`), `${name}: uris under baseUri`)
    // OpenSALT's importer looks up the item of every rubric criterion, and fails on one without.
    const itemIds = new Set(pkg.CFItems.map((item) => item.identifier))
    const criteria = pkg.CFRubrics.flatMap((rubric) => rubric.CFRubricCriteria ?? [])
    t.same(criteria.filter((criterion) => !itemIds.has(criterion.CFItemURI?.identifier ?? '')).map((criterion) => criterion.identifier), [], `${name}: every rubric criterion names an item of the package`)
    t.equal(criteria.length, nodes.filter((node) => node.kind === 'domain' || Object.keys(node.levelDescriptors ?? {}).length > 0).length, `${name}: one criterion per domain and per node with descriptors`)
    t.ok(criteria.every((criterion) => criterion.CFRubricCriterionLevels?.length === framework.scale.levels.length), `${name}: each with every level of the scale`)

    const again = exportCasePackage(structuredClone(framework), { ...OPTIONS, lastChangeDateTime: '2025-02-03T04:05:06+01:00' })
    t.same(ownIdentifiers(again), ids, `${name}: exporting again gives the same identifiers`)
    t.ok(validateCase(again), `${name}: valid with a time zone offset too`)
    const nextVersion = exportCasePackage({ ...framework, version: `${framework.version}-next` }, OPTIONS)
    t.same(ownIdentifiers(nextVersion), ids, `${name}: another version keeps the identifiers (CASE identity stays with the framework and its items)`)
  }
  const framework = await shipped('digcompedu.json')
  t.throws(() => exportCasePackage(framework, { ...OPTIONS, lastChangeDateTime: '2024-05-01T12:00:00' }), RangeError, 'a date-time without time zone is refused')
})

t.test('export then import gives back the same tree, levels and scale', async (t) => {
  for (const name of SHIPPED) {
    const framework = await shipped(name)
    const result = importCasePackage(JSON.parse(JSON.stringify(exportCasePackage(framework, OPTIONS))), name)
    t.ok(result.ok, `${name}: imports`)
    if (!result.ok) continue
    t.ok(check(result.framework, name).ok, `${name}: passes our framework checker`)
    t.same(outline(result.framework.nodes), outline(framework.nodes), `${name}: same nodes, node by node and in order`)
    const { translations: _, ...scale } = framework.scale
    t.same(result.framework.scale, { ...scale, levels: scale.levels.map(({ translations: __, ...level }) => level) }, `${name}: same scale`)
    t.same(result.warnings, [], `${name}: no warnings`)
    t.same(result.crosswalks, [], `${name}: no crosswalks`)
    // A package is the publisher's text (official); a framework we modelled says so as its adoption status.
    t.match(result.framework, { title: framework.title, publisher: framework.publisher, version: framework.version, status: 'official', languages: [framework.languages[0]] })
    t.equal(result.framework.case?.adoptionStatus, framework.status === 'official' ? undefined : 'Draft', `${name}: adoption status kept where it is not "Adopted"`)
  }
})

t.test('every conformance package imports, passes our checker and keeps its items', async (t) => {
  t.equal(PACKAGES.length, 9, 'nine packages')
  for (const name of PACKAGES) {
    const data = await readJson(new URL(`packages/${name}`, CASE_DIR))
    const result = importCasePackage(data, name)
    t.ok(result.ok, `${name}: imports`)
    if (!result.ok) continue
    const checked = check(result.framework, name)
    t.ok(checked.ok, `${name}: passes our framework checker`, { errors: checked.ok ? [] : checked.errors })
    if (checked.ok) t.same(packageProblems(exportCasePackage(checked.value, OPTIONS)), [], `${name}: exported again, valid against OpenSALT's schema and 1EdTech's three`)
    const nodes = flat(result.framework.nodes)
    const synthetic = result.framework.nodes.filter((node) => !node.source.note?.startsWith('CASE ')).length
    t.equal(nodes.length, data.CFItems.length + synthetic, `${name}: ${data.CFItems.length} items (+${synthetic} synthetic domain)`)
    t.same(
      nodes.flatMap((node) => (node.source.note?.startsWith('CASE ') ? [node.source.note.slice(5, 41)] : [])).sort(),
      data.CFItems.map((item: { identifier: string }) => item.identifier).sort(),
      `${name}: every CASE identifier kept in source.note`,
    )
  }
})

t.test('Ordering.json: the tree is kept at every depth, siblings in the order of their codes', async (t) => {
  const { framework, warnings } = await imported('Ordering.json')
  t.same(codes(framework.nodes), ['H.A.MATH.GM'])
  t.same(codes(framework.nodes[0]?.children), ['H.A.MATH.GM.PF'])
  const competency = framework.nodes[0]?.children?.[0]
  t.equal(competency?.kind, 'competency')
  t.same(codes(competency?.children), ['H.A.MATH.GM.PF.2DFP'])
  t.same(codes(competency?.children?.[0]?.children), ['H.A.MATH.GM.PF.2DFP.L1'])
  t.same(codes(competency?.children?.[0]?.children?.[0]?.children), Array.from({ length: 24 }, (_, index) => `H.A.MATH.GM.PF.2DFP.L1.${index + 1}`))
  t.same([...new Set(flat(competency?.children ?? []).map((node) => node.kind))], ['indicator'], 'everything below the rated item is its indicators')
  t.equal(find(framework.nodes, 'H.A.MATH.GM.PF.2DFP.L1.1')?.source.note, 'CASE caa3c8f2-14ea-4b3f-853e-68b61f9befd5')
  const domain = find(framework.nodes, 'H.A.MATH.GM')
  t.same([domain?.title, domain?.description], ['Geometry and Measurement', undefined], 'the abbreviatedStatement is the title')
  t.match(domain?.case, { abbreviatedStatement: 'Geometry and Measurement', fullStatement: /^\S/ }, 'both statements kept')
  t.not(domain?.case?.fullStatement, domain?.title)
  t.match(find(framework.nodes, 'H.A.MATH.GM.PF.2DFP.L1.12')?.description, /^The number of sides a shape has/, 'notes as description')
  t.notOk(warnings.some((warning) => /deeper|flatten/.test(warning)), 'nothing is flattened')
  t.equal(framework.id, 'act-holistic-framework-math')
})

t.test('SequenceNumberFramework.json: sequenceNumber orders siblings', async (t) => {
  const { framework, warnings } = await imported('SequenceNumberFramework.json')
  t.same(codes(framework.nodes), ['GEN'])
  t.equal(framework.nodes[0]?.title, 'Sequence Number Test')
  t.same(framework.nodes[0]?.children?.map((node) => [node.code, node.title]), [
    ['SNT.2', 'Second added item, but should be first'],
    ['SNT.1', 'First Added Item'],
  ])
  hasWarnings(t, warnings, [/^no CFRubrics: the default scale Emerging, Developing, Proficient was used$/, /^2 top-level items are rated themselves: they became competencies of the domain "GEN"/])
  t.same(framework.scale.levels.map((level) => level.level), [1, 2, 3])
})

t.test('markdown is kept verbatim with a plain-text title, and UTF-8 text as it is', async (t) => {
  const markdown = (await imported('MarkdownFramework.json')).framework
  t.same(codes(markdown.nodes[0]?.children), ['MD.Math', 'MD.Table'], 'ordered by code when nothing else orders them')
  const table = find(markdown.nodes, 'MD.Table')
  const written = 'This contains a _table_ in markdown:\r\n\r\n| Column 1 | Column 2 |\r\n| --- | --- |\r\n| data 1 | data 2|\r\n\r\n Here is a math equation $x = {-b \\pm \\sqrt{b^2-4ac} \\over 2a}$'
  t.equal(table?.title, 'This contains a table in markdown: Column 1 Column 2 data 1 data 2 Here is a math equation $x = {-b \\pm \\sqrt{b^2-4ac} \\over 2a}$', 'the title: its words, without markup')
  t.equal(table?.case?.fullStatement, written, 'the statement as written, kept')
  t.equal(find(markdown.nodes, 'MD.Math')?.title, 'This contains math markdown: $x^2$')
  const utf8 = (await imported('Utf8TestFramework.json')).framework
  t.equal(utf8.title, 'UTF8 𝑑 Test')
  t.equal(utf8.nodes[0]?.title, 'UTF8 𝑑 Test')
  t.equal(utf8.nodes[0]?.children?.[0]?.title, 'Item 𝑑 1')
  t.equal(utf8.nodes[0]?.children?.[0]?.code, '1', 'no humanCodingScheme: code from the position')
  t.equal(utf8.id, 'utf8-d-test')
})

t.test('OpenSaltSampleFramework.json: 16 items, 39 associations, date-times without time zone', async (t) => {
  const data = await readJson(new URL('packages/OpenSaltSampleFramework.json', CASE_DIR))
  t.equal(data.CFItems.length, 16)
  t.equal(data.CFAssociations.length, 39)
  const { framework, crosswalks, warnings } = await imported('OpenSaltSampleFramework.json')
  t.same(codes(framework.nodes), ['CCSS.Math.Content.6.RP.A', 'CCSS.Math.Content.7.RP.A'], 'clusters by sequenceNumber')
  t.same(codes(framework.nodes[0]?.children), ['CCSS.Math.Content.6.RP.A.1', 'CCSS.Math.Content.6.RP.A.2', 'CCSS.Math.Content.6.RP.A.3'])
  t.same(codes(find(framework.nodes, 'CCSS.Math.Content.6.RP.A.3')?.children), ['a', 'b', 'c', 'd'].map((letter) => `CCSS.Math.Content.6.RP.A.3${letter}`))
  t.same(codes(find(framework.nodes, 'CCSS.Math.Content.7.RP.A.2')?.children), ['a', 'b', 'c', 'd'].map((letter) => `CCSS.Math.Content.7.RP.A.2${letter}`))
  t.same(flat(framework.nodes).map((node) => node.kind).filter((kind) => kind === 'indicator').length, 8)
  t.equal(flat(framework.nodes).length, 16)

  t.equal(crosswalks.length, 39 - 16, 'every association but the 16 isChildOf is a crosswalk')
  const byType: Record<string, number> = {}
  for (const association of crosswalks) byType[association.associationType] = (byType[association.associationType] ?? 0) + 1
  t.same(byType, { exactMatchOf: 16, precedes: 3, exemplar: 2, isRelatedTo: 2 })
  t.match(crosswalks.find((association) => association.associationType === 'precedes' && association.destinationNodeURI.identifier === 'eceec0fb-e4de-4ef3-a48f-0987b366c9ae'), {
    originNodeURI: { identifier: 'b6f61076-aa12-450b-8f9d-b86bc071f85e' },
    lastChangeDateTime: '2017-06-06T19:42:03Z',
  })
  t.ok(warnings.includes("23 associations other than isChildOf kept beside the tree (shown on their items' pages, exported again): 16 exactMatchOf, 3 precedes, 2 exemplar, 2 isRelatedTo"))
  // Kept with the framework: each with its identifier, its ends by code where they are items of the package.
  t.equal(framework.associations?.length, 23, 'the framework keeps every one')
  t.same(
    framework.associations?.map((association) => association.identifier),
    crosswalks.map((association) => association.identifier.toLowerCase()),
    'with their identifiers, in the order of the file',
  )
  const precedes = framework.associations?.find((association) => association.type === 'precedes' && 'code' in association.destination)
  t.ok(precedes !== undefined && 'code' in precedes.origin, 'an association between two items of the package names both by code')
  hasWarnings(t, warnings, [/^\d+ date-times without a time zone were read as UTC$/, /^2 sequenceNumbers written as strings/, /^3 null properties/])
  t.match(framework, { version: '2017-05-25', status: 'official', publisher: 'Brandon Dorman', languages: ['en'] })
  t.match(find(framework.nodes, 'CCSS.Math.Content.6.RP.A.1')?.description, /^For example, "The ratio of wings/)
})

t.test('SmartLevelFramework.json: two levels become domains and competencies', async (t) => {
  const { framework } = await imported('SmartLevelFramework.json')
  t.same(
    framework.nodes.map((domain) => [domain.kind, domain.code, domain.title, (domain.children ?? []).map((child) => [child.kind, child.code, child.title])]),
    [
      ['domain', '1', 'Item 1', Array.from({ length: 10 }, (_, index) => ['competency', `1.${index + 1}`, `Item 1.${index + 1}`])],
      ['domain', '2', 'Item 2', [['competency', '2.1', 'Item 2.1'], ['competency', '2.2', 'Item 2.2']]],
    ],
  )
})

t.test('small packages: adoption status, item types, an empty framework', async (t) => {
  const adopted = (await imported('AdoptedTestFramework.json')).framework
  t.equal(adopted.status, 'official')
  t.same(adopted.nodes.map((node) => [node.code, node.kind, codes(node.children)]), [['GEN', 'domain', ['1']]])
  const itemType = (await imported('ItemTypeTestFramework.json')).framework
  t.equal(itemType.status, 'official', 'a draft of the publisher is still their text, not one we modelled')
  t.equal(itemType.case?.adoptionStatus, 'Draft', 'its adoption status is kept')
  t.equal(itemType.nodes[0]?.children?.[0]?.kind, 'competency', 'depth, not CFItemType "Standard", gives the kind')
  const empty = await imported('EmptyExternalFramework.json')
  t.same(empty.framework.nodes, [])
  t.equal(empty.framework.id, 'test-framework-external-empty')
  t.equal(empty.framework.sources[0]?.url, 'https://remote.server.com/ims/case/v1p0/CFDocuments/d0000000-0000-0000-0000-000000000000')
})

t.test('a package the CASE schema refuses comes back as errors with JSON pointers', async (t) => {
  const bad = await readJson(new URL('packages/AdoptedTestFramework.json', CASE_DIR))
  delete bad.CFDocument.title
  delete bad.CFItems[0].identifier
  bad.CFAssociations[0].associationType = 'isParentOf'
  const result = importCasePackage(bad, 'bad.json')
  t.notOk(result.ok)
  if (result.ok) return
  t.ok(result.errors.every((error) => error.file === 'bad.json'))
  t.ok(result.errors.some((error) => error.pointer === '/CFDocument' && /required property 'title'/.test(error.message)), 'document without title')
  t.ok(result.errors.some((error) => error.pointer === '/CFItems/0' && /required property 'identifier'/.test(error.message)), 'item without identifier')
  t.ok(result.errors.some((error) => error.pointer === '/CFAssociations/0/associationType' && /allowed values.*isChildOf/.test(error.message)), 'unknown association type')
  const notAnObject = importCasePackage([], 'list.json')
  t.match(notAnObject, { ok: false, errors: [{ file: 'list.json', pointer: '', message: 'must be object' }] })

  const twice = await readJson(new URL('packages/SmartLevelFramework.json', CASE_DIR))
  twice.CFItems[1].identifier = twice.CFItems[0].identifier
  t.match(importCasePackage(twice, 'twice.json'), { ok: false, errors: [{ pointer: '/CFItems/1/identifier', message: /already used at \/CFItems\/0/ }] })
})

t.test('edge cases: childless roots beside domains, bad codes, orphans, long statements, foreign rubrics', async (t) => {
  const long = 'x'.repeat(320)
  const data = casePackage([
    { n: 1, parent: 0, code: 'A' },
    { n: 2, parent: 1, code: 'A' },
    { n: 3, parent: 0, code: 'has space' },
    { n: 4, parent: 0, code: 'B', statement: long, notes: 'More.' },
    { n: 5, parent: 4, code: '1' },
    { n: 6, parent: null, code: 'ORPHAN' },
    { n: 7, parent: 99 },
  ])
  const result = importCasePackage(data, 'edge.json')
  t.ok(result.ok)
  if (!result.ok) return
  const { framework, warnings, crosswalks } = result
  t.ok(check(framework, 'edge.json').ok, 'passes our checker')
  t.same(
    framework.nodes.map((node) => [node.code, codes(node.children)]),
    [['A', ['1.1']], ['B', ['1']], ['GEN', ['3', 'ORPHAN', '5']]],
    'roots by code (A, B, "has space"), then the orphans; the childless ones in GEN, where the first of them was',
  )
  t.equal(find(framework.nodes, 'GEN')?.title, 'Édition spéciale')
  t.equal(framework.id, 'edition-speciale')
  t.same(framework.languages, ['fr-ca'])
  t.equal(find(framework.nodes, 'B')?.title, `${'x'.repeat(299)}…`, 'one word longer than the title: cut at 300 characters')
  t.same([find(framework.nodes, 'B')?.description, find(framework.nodes, 'B')?.case?.fullStatement], ['More.', long], 'the notes describe; the full statement is kept once')
  t.equal(crosswalks.length, 1, 'the isChildOf to an unknown parent is kept beside the tree')
  t.match(framework.associations, [{ type: 'isChildOf', destination: { identifier: crosswalks[0]?.destinationNodeURI.identifier } }])
  hasWarnings(t, warnings, [
    /^\/CFAssociations\/5: isChildOf kept as an association beside the tree, because its destination is neither/,
    /^2 items are not reachable from the document/,
    /^no CFRubrics/,
    /^3 top-level items are rated themselves/,
    /humanCodingScheme "A" is already used; code "1.1" used$/,
    /humanCodingScheme "has space" does not fit our code pattern; code "3" used$/,
    /fullStatement longer than 300 characters/,
  ])

  const level = (score: number, quality: string, description?: string) => ({ identifier: uuid(2000 + score), uri: `https://case.example/l${score}`, quality, score, ...(description ? { description } : {}), lastChangeDateTime: AT })
  const rubric = (levels: object[]) => ({
    CFRubrics: [{ identifier: uuid(3000), uri: 'https://case.example/r', lastChangeDateTime: AT, CFRubricCriteria: [
      { identifier: uuid(3001), uri: 'https://case.example/c1', lastChangeDateTime: AT, CFRubricCriterionLevels: levels },
      { identifier: uuid(3002), uri: 'https://case.example/c2', lastChangeDateTime: AT, CFItemURI: { title: 'A', identifier: uuid(1), uri: 'https://case.example/i1' }, CFRubricCriterionLevels: [level(10, 'Low', 'Does it sometimes'), level(30, 'High')] },
    ] }],
  })
  const foreign = importCasePackage(casePackage([{ n: 1, parent: 0, code: 'A' }, { n: 2, parent: 1 }], rubric([level(30, 'High', 'Always'), level(10, 'Low'), level(20, 'Mid', 'Often')])), 'rubric.json')
  t.ok(foreign.ok && check(foreign.framework, 'rubric.json').ok)
  if (foreign.ok) {
    t.same(foreign.framework.scale.levels, [
      { level: 1, label: 'Low', description: 'Low' },
      { level: 2, label: 'Mid', description: 'Often' },
      { level: 3, label: 'High', description: 'Always' },
    ], 'levels ordered by score')
    t.same(foreign.framework.nodes[0]?.levelDescriptors, { 1: { description: 'Does it sometimes' } })
    t.same(foreign.warnings, ['1 rubric levels without a description or a matching scale level were left out'])
  }
  const oneLevel = importCasePackage(casePackage([], rubric([level(1, 'Only')])), 'one.json')
  t.match(oneLevel, { ok: true, framework: { nodes: [], scale: { levels: [{ label: 'Emerging' }, { label: 'Developing' }, { label: 'Proficient' }] } } })
  if (oneLevel.ok) hasWarnings(t, oneLevel.warnings, [/^the rubric's scale has 1 levels, not 2 to 10: the default scale/])
})

t.test('a framework without optional parts exports and comes back the same', async (t) => {
  const full = await shipped('unesco-ict-cft-v3.json')
  const { description: _, ...rest } = full
  const framework: FrameworkFile = {
    ...rest,
    status: 'official',
    sources: [{ title: 'Our own notes' }],
    scale: { levels: full.scale.levels.map(({ level, label, description }) => ({ level, label, description })) },
    nodes: full.nodes.slice(0, 1),
  }
  const pkg = exportCasePackage(framework, OPTIONS)
  t.ok(validateCase(pkg), 'valid against the CASE schema', { errors: validateCase.errors })
  t.equal(pkg.CFDocument.adoptionStatus, 'Adopted')
  const result = importCasePackage(pkg, 'minimal.json')
  t.ok(result.ok)
  if (!result.ok) return
  t.same(result.framework.scale, framework.scale, 'no scale title stays no scale title')
  t.same(outline(result.framework.nodes), outline(framework.nodes))
  t.equal(result.framework.status, 'official')
  t.equal(result.framework.description, undefined)

  const data = casePackage([{ n: 1, parent: 0 }])
  data.CFDocument.language = 'English'
  const english = importCasePackage(data, 'language.json')
  t.match(english, { ok: true, framework: { languages: ['en'] } })
  if (english.ok) hasWarnings(t, english.warnings, [/^language "English" is not a language tag we read: "en" used$/])
})

t.test('the fixture copy matches shared/conformance when the shared folder is beside the checkout', async (t) => {
  const shared = new URL('../../../shared/conformance/case/', import.meta.url)
  const names = await readdir(new URL('packages/', shared)).catch(() => undefined)
  if (names === undefined) {
    t.pass('no shared/ folder beside this checkout: nothing to compare')
    return
  }
  for (const name of ['case-v1p0-cfpackage-schema.json', ...names.map((file) => `packages/${file}`)]) {
    t.equal(await readFile(new URL(name, CASE_DIR), 'utf8'), await readFile(new URL(name, shared), 'utf8'), name)
  }
})
