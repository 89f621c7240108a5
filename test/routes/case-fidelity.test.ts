import { randomUUID } from 'node:crypto'
import { readdir } from 'node:fs/promises'
import t from 'tap'
import { mintedFor } from '../../server/domain/case-import.js'
import { apiToken, browserGet, signIn, startTestApp } from '../helpers/app.js'
import { CASE_DIR, packageProblems, readJson, responseProblems } from '../helpers/case-schemas.js'

/**
 * Nothing a CASE file says is silently dropped: every field of every document, item, association and
 * definition of each package comes back from the database in our CASE 1.1 export, or is named in a
 * warning of the import. What may differ, and why: `uri` (ours now, and it resolves), an item's or
 * association's `CFDocumentURI` (1EdTech's package schemas refuse it inside a package), the
 * document's `CFPackageURI` (ours) and `caseVersion` (the version of CASE it is served in, left out so
 * that our 1.1 packages stay valid against CASE 1.0 too), an isChildOf's `sequenceNumber` (renumbered 1..n, the order
 * kept), identifiers that are not RFC 4122 UUIDs (given new ones within the framework, as the warnings say), and
 * date-times, compared as instants (one without a zone is read as UTC, as the warnings say).
 */

const AT = '2026-04-02T08:30:00Z'
const ORIGIN = 'https://tracker.example'

/** A CASE 1.1 package that uses every field CASE 1.1 defines for its documents, items, associations and definitions. */
function everyFieldPackage() {
  const uri = (identifier: string) => `https://case.example/uri/${identifier}`
  const link = (identifier: string, title: string) => ({ title, identifier, uri: uri(identifier) })
  const id = Object.fromEntries(['doc', 'a', 'a1', 'a2', 'type', 'concept', 'subject', 'licence', 'grouping', 'elsewhere', 'rubric', 'c1', 'c2'].map((name) => [name, randomUUID()]))
  const criterion = (identifier: string, item: object, texts: string[]) => ({
    identifier,
    uri: uri(identifier),
    category: 'Compétence',
    description: `Critère ${texts[0]}`,
    CFItemURI: item,
    weight: 2,
    position: identifier === id.c1 ? 1 : 2,
    rubricId: id.rubric,
    lastChangeDateTime: '2025-03-01T00:00:00Z',
    CFRubricCriterionLevels: ['Débutant', 'Confirmé', 'Expert'].map((quality, index) => ({
      identifier: randomUUID(),
      uri: `https://case.example/levels/${identifier}/${index}`,
      description: texts[index],
      quality,
      score: (index + 1) * 10,
      feedback: quality[0],
      position: index + 1,
      rubricCriterionId: identifier,
      lastChangeDateTime: '2025-03-02T00:00:00Z',
    })),
  })
  const definition = (identifier: string, title: string, extra: object) => ({ identifier, uri: uri(identifier), title, lastChangeDateTime: '2025-01-01T00:00:00Z', ...extra })
  const association = (type: string, origin: object, destination: object, extra: object = {}) => ({
    identifier: randomUUID(),
    uri: `https://case.example/associations/${randomUUID()}`,
    associationType: type,
    originNodeURI: origin,
    destinationNodeURI: destination,
    lastChangeDateTime: AT,
    ...extra,
  })
  return {
    CFDocument: {
      identifier: id.doc,
      uri: uri(id.doc!),
      frameworkType: 'Competency framework',
      caseVersion: '1.1',
      creator: 'Ministère de l’Éducation',
      title: 'Référentiel des compétences numériques',
      lastChangeDateTime: AT,
      officialSourceURL: 'https://publisher.example/referentiel',
      publisher: 'Office des publications',
      description: 'Un référentiel pour tout le personnel',
      subject: ['Numérique', 'Pédagogie'],
      subjectURI: [link(id.subject!, 'Numérique')],
      language: 'fr',
      version: '2.3',
      adoptionStatus: 'Private Draft',
      statusStartDate: '2026-01-01',
      statusEndDate: '2030-12-31',
      licenseURI: link(id.licence!, 'CC BY 4.0'),
      notes: 'Version de travail',
      extensions: { 'ext:reviewCycle': 'yearly' },
    },
    CFItems: [
      {
        identifier: id.a,
        uri: uri(id.a!),
        fullStatement: 'Enseigner avec le numérique : concevoir, animer et évaluer des activités d’apprentissage qui tirent parti des outils numériques',
        alternativeLabel: 'Pédagogie numérique',
        CFItemType: 'Strand',
        CFItemTypeURI: link(id.type!, 'Strand'),
        humanCodingScheme: 'PN',
        listEnumeration: 'A',
        abbreviatedStatement: 'Enseigner avec le numérique',
        conceptKeywords: ['enseignement', 'numérique'],
        conceptKeywordsURI: link(id.concept!, 'Enseignement'),
        notes: '*Domaine* principal',
        language: 'fr',
        educationLevel: ['HE'],
        licenseURI: link(id.licence!, 'CC BY 4.0'),
        statusStartDate: '2026-01-01',
        statusEndDate: '2030-12-31',
        lastChangeDateTime: '2025-11-30T09:00:00+01:00',
        subject: ['Pédagogie'],
        subjectURI: [link(id.subject!, 'Numérique')],
        extensions: { 'ext:weight': 2 },
      },
      { identifier: id.a1, uri: uri(id.a1!), fullStatement: 'Plans lessons with digital tools', abbreviatedStatement: 'Plans lessons', humanCodingScheme: 'PN.1', language: 'en', educationLevel: ['HE', 'VET'], lastChangeDateTime: AT },
      { identifier: id.a2, uri: uri(id.a2!), fullStatement: 'Évalue avec des outils numériques', humanCodingScheme: 'PN 2', lastChangeDateTime: AT, conceptKeywords: ['évaluation'] },
    ],
    CFAssociations: [
      association('isChildOf', link(id.a!, 'PN'), link(id.doc!, 'Référentiel'), { sequenceNumber: 1, CFAssociationGroupingURI: link(id.grouping!, 'Arbre') }),
      association('isChildOf', link(id.a1!, 'PN.1'), link(id.a!, 'PN'), { sequenceNumber: 10, lastChangeDateTime: '2025-12-01T00:00:00Z' }),
      association('isChildOf', link(id.a2!, 'PN 2'), link(id.a!, 'PN'), { sequenceNumber: 20 }),
      association('exactMatchOf', link(id.a1!, 'PN.1'), link(id.elsewhere!, 'Lesson planning elsewhere'), { sequenceNumber: 3, notes: 'Même compétence', CFAssociationGroupingURI: link(id.grouping!, 'Arbre'), extensions: { 'ext:confidence': 'high' } }),
      association('isTranslationOf', link(id.a2!, 'PN 2'), link(id.elsewhere!, 'Assesses with digital tools')),
      association('ext:alignsWith', link(id.a!, 'PN'), link(id.doc!, 'Référentiel'), { lastChangeDateTime: '2025-06-01T00:00:00Z' }),
    ],
    CFDefinitions: {
      CFConcepts: [definition(id.concept!, 'Enseignement', { keywords: 'enseigner', hierarchyCode: '1', description: 'Faire apprendre', extensions: { 'ext:x': 1 } })],
      CFSubjects: [definition(id.subject!, 'Numérique', { hierarchyCode: '2', description: 'Le numérique' })],
      CFLicenses: [definition(id.licence!, 'CC BY 4.0', { description: 'Attribution', licenseText: 'https://creativecommons.org/licenses/by/4.0/' })],
      CFItemTypes: [definition(id.type!, 'Strand', { description: 'A strand of the framework', hierarchyCode: '1', typeCode: 'strand' })],
      CFAssociationGroupings: [definition(id.grouping!, 'Arbre', { description: 'Le classement principal' })],
    },
    CFRubrics: [
      {
        identifier: id.rubric,
        uri: uri(id.rubric!),
        title: 'Niveaux de maîtrise',
        description: 'Ce que chaque niveau veut dire pour chaque compétence',
        lastChangeDateTime: '2025-02-01T00:00:00Z',
        CFRubricCriteria: [
          criterion(id.c1!, link(id.a1!, 'PN.1'), ['Planifie avec de l’aide', 'Planifie seul', 'Planifie et forme les autres']),
          criterion(id.c2!, link(id.a2!, 'PN 2'), ['Évalue avec de l’aide', 'Évalue seul', 'Conçoit les évaluations des autres']),
        ],
      },
    ],
    extensions: { 'ext:packagedBy': 'case.example' },
  }
}

type Json = Record<string, any>

const DATE_TIMES = new Set(['lastChangeDateTime'])
const RFC_4122 = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i
/** Fields our export says again in its own way, as the module comment lists them. */
const OURS = { item: new Set(['uri', 'CFDocumentURI']), document: new Set(['uri', 'CFPackageURI', 'caseVersion']), association: new Set(['uri', 'CFDocumentURI']), definition: new Set(['uri']) }

/**
 * The fields of `given` that `exported` does not say the same way: links by title and identifier
 * (identifiers mapped by `same`), date-times as instants, the rest exactly.
 */
function differences(given: Json, exported: Json | undefined, ours: Set<string>, same: (a: string, b: string) => boolean, notKept: Set<string>): string[] {
  if (exported === undefined) return ['missing']
  const equal = (key: string, a: unknown, b: unknown): boolean => {
    if (DATE_TIMES.has(key) && typeof a === 'string' && typeof b === 'string') return Date.parse(/[zZ]|[+-]\d\d:\d\d$/.test(a) ? a : `${a}Z`) === Date.parse(b)
    if (key === 'identifier' && typeof a === 'string' && typeof b === 'string') return same(a, b)
    if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((entry, index) => equal(key, entry, b[index]))
    if (a !== null && typeof a === 'object' && typeof b === 'object' && b !== null) {
      const link = 'identifier' in a && 'uri' in a && 'title' in a && Object.keys(a).length === 3
      return Object.entries(a).every(([name, entry]) => (link && name === 'uri') || equal(name, entry, (b as Json)[name]))
    }
    return a === b
  }
  return Object.entries(given)
    // Null and empty properties are read as absent, as a warning of the import says.
    .filter(([key, value]) => value !== null && value !== '' && !ours.has(key) && !notKept.has(key))
    .filter(([key, value]) => !equal(key, value, exported[key]))
    .map(([key, value]) => `${key}: ${JSON.stringify(value)} became ${JSON.stringify(exported[key])}`)
}

t.test('every field of every package comes back in the export, or a warning names it', async (t) => {
  const { app } = await startTestApp(t, { publicUrl: ORIGIN })
  const admin = { authorization: `Bearer ${await apiToken(app, 'admin@demo.test')}` }
  const files = (await readdir(new URL('packages/', CASE_DIR))).filter((name) => name.endsWith('.json')).sort()
  t.equal(files.length, 9)
  const packages: [string, Json][] = [...(await Promise.all(files.map(async (name) => [name, await readJson(new URL(`packages/${name}`, CASE_DIR))] as [string, Json]))), ['every field (CASE 1.1)', everyFieldPackage()]]
  for (const [name, pkg] of packages) {
    const imported = await app.inject({ method: 'POST', url: '/api/v1/frameworks/import', headers: admin, payload: pkg })
    t.equal(imported.statusCode, 201, `${name}: ${imported.body.slice(0, 300)}`)
    const { id, slug, warnings } = imported.json<{ id: number; slug: string; warnings: string[] }>()
    const notKept = new Set(Array.from((warnings.find((warning) => warning.startsWith('fields CASE does not define were not kept: ')) ?? '').matchAll(/(\w+) \(\d+ /g), (match) => match[1]!))
    // An identifier that is not an RFC 4122 UUID is given a new one (v5 of it), and a warning names it.
    const warned = warnings.join('\n')
    const ours = (identifier: string) => (RFC_4122.test(identifier) ? identifier.toLowerCase() : mintedFor(slug, identifier))
    const same = (a: string, b: string) => ours(a) === b.toLowerCase() && (RFC_4122.test(a) || warned.includes(a) || /identifiers of definitions and links are not RFC 4122 UUIDs/.test(warned))
    const exported = (await app.inject({ method: 'GET', url: `/api/v1/frameworks/${id}/case?version=1.1`, headers: admin })).json<Json>()
    t.same(responseProblems('v1p1', '/CFPackages/{sourcedId}', 200, exported), [], `${name}: the export is valid CASE 1.1`)

    t.same(differences(pkg.CFDocument, exported.CFDocument, OURS.document, same, notKept), [], `${name}: every field of the CFDocument`)
    const items = new Map((exported.CFItems as Json[]).map((item) => [item.identifier.toLowerCase(), item]))
    const itemProblems = (pkg.CFItems ?? []).flatMap((item: Json) =>
      differences({ ...item, ...('educationalLevel' in item ? { educationalLevel: null, educationLevel: [item.educationalLevel] } : {}) }, items.get(ours(item.identifier)), OURS.item, same, notKept).map((problem) => `${item.identifier} ${problem}`),
    )
    t.same(itemProblems, [], `${name}: every field of its ${pkg.CFItems?.length ?? 0} items`)

    // Associations: each by its identifier, except the isChildOf of a top-level item rated itself
    // (gathered into GEN), which a warning counts; the tree is otherwise kept whole, at any depth.
    const associations = new Map((exported.CFAssociations as Json[]).map((association) => [association.identifier.toLowerCase(), association]))
    const parentOf = new Map((exported.CFAssociations as Json[]).filter((association) => association.associationType === 'isChildOf').map((association) => [association.originNodeURI.identifier.toLowerCase(), association.destinationNodeURI.identifier.toLowerCase()]))
    // An end that is an item of the package or its document is ours once loaded: its title and uri are what we say of it.
    const inPackage = new Set([pkg.CFDocument, ...(pkg.CFItems ?? [])].map((object: Json) => ours(object.identifier)))
    const endsByIdentifier = (association: Json): Json => {
      const end = (link: Json) => (inPackage.has(ours(link.identifier)) ? { identifier: link.identifier } : link)
      return { ...association, originNodeURI: end(association.originNodeURI), destinationNodeURI: end(association.destinationNodeURI) }
    }
    let moved = 0
    const associationProblems = (pkg.CFAssociations ?? []).flatMap((association: Json) => {
      const found = associations.get(ours(association.identifier))
      const tree = association.associationType === 'isChildOf' && found === undefined && parentOf.get(ours(association.originNodeURI.identifier)) !== ours(association.destinationNodeURI.identifier)
      if (tree) return void moved++, []
      const fields = association.associationType === 'isChildOf' ? new Set([...OURS.association, 'sequenceNumber']) : OURS.association
      return differences(endsByIdentifier(association), found, fields, same, notKept).map((problem) => `${association.identifier} ${problem}`)
    })
    t.same(associationProblems, [], `${name}: every field of its ${pkg.CFAssociations?.length ?? 0} associations`)
    if (moved > 0) t.ok(warnings.some((warning) => new RegExp(`^${moved} top-level items are rated themselves`).test(warning)), `${name}: the ${moved} items placed elsewhere in the tree are in a warning`)

    const definitions = pkg.CFDefinitions && !Array.isArray(pkg.CFDefinitions) ? pkg.CFDefinitions : {}
    for (const [collection, entries] of Object.entries(definitions) as [string, Json[]][]) {
      const exportedEntries = exported.CFDefinitions[collection] as Json[]
      const problems = entries.flatMap((entry) => differences(entry, exportedEntries.find((candidate) => same(entry.identifier, candidate.identifier) && candidate.title === entry.title), OURS.definition, same, notKept).map((problem) => `${entry.identifier} ${problem}`))
      t.same(problems, [], `${name}: every field of its ${entries.length} ${collection}`)
    }
    t.same(differences(pkg.extensions ? { extensions: pkg.extensions } : {}, exported, new Set(), same, notKept), [], `${name}: the package's extensions`)
    // Rubrics: each rubric, criterion and level by its identifier, every field as the package gave it.
    const exportedRubrics = exported.CFRubrics as Json[]
    const byIdentifier = (list: Json[] | undefined, identifier: string) => (list ?? []).find((entry) => same(identifier, entry.identifier))
    const rubricProblems = (pkg.CFRubrics ?? []).flatMap(({ CFRubricCriteria, ...rubric }: Json) => {
      const found = byIdentifier(exportedRubrics, rubric.identifier)
      return [
        ...differences(rubric, found, OURS.definition, same, notKept).map((problem) => `rubric ${rubric.identifier} ${problem}`),
        ...(CFRubricCriteria ?? []).flatMap(({ CFRubricCriterionLevels, ...criterion }: Json) => {
          const foundCriterion = byIdentifier(found?.CFRubricCriteria, criterion.identifier)
          return [
            // Its item is ours once loaded: the link's title is what we say of it, as for associations.
            ...differences({ ...criterion, CFItemURI: { identifier: criterion.CFItemURI.identifier } }, foundCriterion, OURS.definition, same, notKept).map((problem) => `criterion ${criterion.identifier} ${problem}`),
            ...(CFRubricCriterionLevels ?? []).flatMap((level: Json) => differences(level, byIdentifier(foundCriterion?.CFRubricCriterionLevels, level.identifier), OURS.definition, same, notKept).map((problem) => `level ${level.identifier} ${problem}`)),
          ]
        }),
      ]
    })
    t.same(rubricProblems, [], `${name}: every field of its ${(pkg.CFRubrics ?? []).length} rubrics, their criteria and levels`)
  }
})

t.test('what was kept is shown, exported in CASE 1.0 as far as 1.0 can say it, resolves, and re-imports unchanged', async (t) => {
  const { app, db } = await startTestApp(t, { publicUrl: ORIGIN })
  const admin = { authorization: `Bearer ${await apiToken(app, 'admin@demo.test')}` }
  const pkg = everyFieldPackage()
  const imported = await app.inject({ method: 'POST', url: '/api/v1/frameworks/import', headers: admin, payload: pkg })
  t.equal(imported.statusCode, 201, imported.body)
  const { id } = imported.json<{ id: number }>()

  const exported10 = (await app.inject({ method: 'GET', url: `/api/v1/frameworks/${id}/case`, headers: admin })).json<Json>()
  t.same(packageProblems(exported10), [], 'the 1.0 export is valid against OpenSALT and 1EdTech CASE 1.0 and 1.1')
  const strand = exported10.CFItems.find((item: Json) => item.identifier === pkg.CFItems[0]!.identifier)
  t.same([strand.subject, strand.extensions, exported10.extensions, exported10.CFDocument.extensions], [undefined, undefined, undefined, undefined], 'without what only CASE 1.1 says')
  t.same([strand.abbreviatedStatement, strand.educationLevel, strand.conceptKeywords, strand.CFItemType], ['Enseigner avec le numérique', ['HE'], ['enseignement', 'numérique'], 'Strand'], 'with what 1.0 says')
  t.equal(strand.CFItemTypeURI.uri, `${ORIGIN}/ims/case/v1p0/CFItemTypes/${pkg.CFItems[0]!.CFItemTypeURI!.identifier}`, 'a kept definition is linked at our address')
  const type = await app.inject({ method: 'GET', url: `/ims/case/v1p1/CFItemTypes/${pkg.CFItems[0]!.CFItemTypeURI!.identifier}` })
  t.equal(type.statusCode, 200, 'and resolves there')
  t.match(type.json(), { CFItemTypes: [{ title: 'Strand', typeCode: 'strand', description: 'A strand of the framework' }] })

  for (const [version, body] of [['1.0', exported10], ['1.1', (await app.inject({ method: 'GET', url: `/api/v1/frameworks/${id}/case?version=1.1`, headers: admin })).json()]] as const) {
    const again = await app.inject({ method: 'POST', url: '/api/v1/frameworks/import', headers: admin, payload: body })
    t.same([again.statusCode, again.json().status], [200, 'unchanged'], `our CASE ${version} export imports back unchanged`)
  }
  const own = (await app.inject({ method: 'GET', url: `/api/v1/frameworks/${id}/export`, headers: admin })).json<Json>()
  t.match(own.nodes[0], { title: 'Enseigner avec le numérique', description: '*Domaine* principal', case: { fullStatement: /^Enseigner avec le numérique : concevoir/, educationLevel: ['HE'], CFItemType: 'Strand' } }, 'our own format carries it')
  const ownAgain = await app.inject({ method: 'POST', url: '/api/v1/frameworks/import', headers: admin, payload: own })
  t.same([ownAgain.statusCode, ownAgain.json().status], [200, 'unchanged'], 'and imports back unchanged')

  // A competency's page: the abbreviated statement as its title, the full statement once, the rest as facts, in each language.
  const hr = { authorization: `Bearer ${await apiToken(app, 'hr@demo.test')}` }
  const uses = (await app.inject({ method: 'GET', url: '/api/v1/institution/frameworks', headers: hr })).json<{ frameworkId: number }[]>()
  t.equal((await app.inject({ method: 'PUT', url: '/api/v1/institution/frameworks', headers: hr, payload: [...uses.map(({ frameworkId }) => ({ frameworkId })), { frameworkId: id }] })).statusCode, 200)
  const node = await db.selectFrom('competencies').select('id').where('framework_id', '=', id).where('code', '=', 'PN.1').executeTakeFirstOrThrow()
  const session = await signIn(app, 'lecturer@demo.test')
  const page = (await browserGet(app, session, `/framework/${node.id}`)).body
  t.match(page, '<h1><span class="code">PN.1</span> Plans lessons</h1>')
  t.equal(page.split('Plans lessons with digital tools').length, 2, 'the full statement once')
  t.match(page, '<p class="statement">Plans lessons with digital tools</p>')
  for (const [language, expected] of [['en', ['More from the framework’s CASE data', 'Education levels', 'HE, VET']], ['fr', ['Autres données CASE du référentiel', 'Niveaux d’enseignement', 'HE, VET']], ['zh', ['框架 CASE 数据中的其他信息', '教育层次', 'HE, VET']]] as const) {
    const body = (await app.inject({ method: 'GET', url: `/framework/${node.id}`, cookies: { ...session.cookies, lang: language } })).body
    for (const text of expected) t.match(body, text, `${language}: ${text}`)
  }

  // The publisher's text is not one we modelled: no provisional banner, its adoption status said instead.
  for (const [language, notice] of [['en', 'The publisher gives this framework the status “Private Draft”, not “Adopted”.'], ['fr', 'L’éditeur donne à ce référentiel le statut « Private Draft », et non « Adopted ».'], ['zh', '发布方将本框架的状态标为“Private Draft”，而非“Adopted”（已采用）。']] as const) {
    const body = (await app.inject({ method: 'GET', url: `/framework?framework=${id}`, cookies: { ...session.cookies, lang: language } })).body
    t.match(body, `<p class="notice">${notice}</p>`, `${language}: the adoption status`)
    t.notMatch(body, { en: 'This framework is provisional', fr: 'Ce référentiel est provisoire', zh: '本框架为暂定版本' }[language], `${language}: no provisional banner`)
  }
  // The framework is in French, one item in English: each text is marked with its own language where the page is in another.
  const strandCode = `<span class="code">${pkg.CFItems[0]!.humanCodingScheme}</span> `
  const inEnglish = (await app.inject({ method: 'GET', url: `/framework?framework=${id}`, cookies: { ...session.cookies, lang: 'en' } })).body
  t.match(inEnglish, `${strandCode}<span lang="fr">Enseigner avec le numérique</span>`, 'en: the French domain marked lang="fr"')
  t.match(inEnglish, '<span class="code">PN.1</span> Plans lessons<', 'en: the English item unmarked')
  const inFrench = (await app.inject({ method: 'GET', url: `/framework?framework=${id}`, cookies: { ...session.cookies, lang: 'fr' } })).body
  t.match(inFrench, `${strandCode}Enseigner avec le numérique `, 'fr: the French domain unmarked')
  t.match(inFrench, '<span class="code">PN.1</span> <span lang="en">Plans lessons</span>', 'fr: the English item marked lang="en"')
  const shipped = (await app.inject({ method: 'GET', url: '/framework', cookies: session.cookies })).body
  t.match(shipped, '<p class="notice">This framework is provisional: modelled from public sources until the official text is imported.</p>', 'a framework we modelled keeps its banner')
})
