import { v5 as uuidv5 } from 'uuid'
import { CASE_ID_NAMESPACE, withCaseIdentifiers } from './case-identity.js'
import { jsonBytes } from './json-pieces.js'
import type { NodeKind } from './framework.js'
import type { Scale } from './scale.js'
import type { AssociationEnd, FrameworkFile, FrameworkFileNode } from './framework-file.js'
import { keptDefinitions, keptIn10, relinker, withoutLinkUris, type KeptCriterion } from './case-kept.js'
import { isCase11Only, type CaseAssociation, type CaseAssociationType, type CaseItem, type CaseLink, type CaseRubricCriterion, type CaseRubricCriterionLevel, type ExportedCasePackage } from './case-package.js'

export const CASE_ITEM_TYPES: Readonly<Record<NodeKind, string>> = { domain: 'Domain', competency: 'Competency', indicator: 'Indicator' }

/**
 * Exports a framework as a CASE package that validates against OpenSALT's CASE 1.0 package schema and
 * 1EdTech's (the CASE 1.0 Swagger, the 1.1 package JSON Schema and the 1.1 OpenAPI): inside a package
 * items and associations carry no `CFDocumentURI`, which 1EdTech's package definitions refuse.
 * `lastChangeDateTime` must carry a time zone; `baseUri` prefixes every uri (`<baseUri>/CFItems/<id>`).
 *
 * ```ts
 * const pkg = exportCasePackage(framework, { baseUri: 'https://tracker.example/ims/case/v1p0', lastChangeDateTime: '2024-05-01T00:00:00Z' })
 * pkg.CFItems[0] // { humanCodingScheme: 'PED', fullStatement: 'Pedagogy', CFItemType: 'Domain', ... }
 * ```
 *
 * The layout, which case-import.ts reads back:
 *
 * - CFDocument: the framework (creator and publisher = publisher, adoptionStatus "Adopted" when
 *   official, else "Draft"; language = the first of `languages`; officialSourceURL = the first source URL).
 * - CFItems: one per node, in tree order: humanCodingScheme = code, fullStatement = title,
 *   notes = description, CFItemType "Domain" | "Competency" | "Indicator" (defined in CFDefinitions).
 * - CFAssociations: one isChildOf per node, to its parent item or to the CFDocument for a domain,
 *   sequenceNumber = 1-based position among siblings. Then the framework's associations besides the
 *   tree (kept from the package it came from), each end its item, its document or the link it was
 *   kept with; CASE 1.1's types only in a 1.1 package (`caseVersion`).
 * - CFRubrics: one rubric, the proficiency scale (title = scale title), with one criterion per domain
 *   and per node with level descriptors, each naming its item (CFItemURI), each with every level of
 *   the scale: score = position = level number, quality = the scale level's label, description = the
 *   node's descriptor, else the scale level's text, and feedback = the short name CASE has no field
 *   for (the descriptor's own label, else the scale level's code). A domain's criterion thus states the
 *   scale itself, which case-rubrics.ts reads back as what the criteria share. A framework read from
 *   a package with rubrics keeps them instead: its rubrics, and each item's criterion and levels with
 *   their identifiers and fields (case-kept.ts), a level on the scale described as the item says.
 * - Identifiers: the framework's and each node's CASE identifier (kept from the package it came from,
 *   else minted once: domain/case-identity.ts), the same in every version while it is the same item;
 *   the rest are UUID v5 in CASE_ID_NAMESPACE of what they join ("is-child-of:<item>:<parent>",
 *   "criterion:<item>", "level:<item>:<level>", "rubric:<document>", ...), so they stay too.
 * - What the package it came from said that the framework has no field for (its `case`, kept by
 *   case-kept.ts) is written back in its place: the publisher's statements, item types, education
 *   levels, keywords, dates and definitions (at our addresses), the isChildOf identifiers.
 * - Not carried: the framework id (the importer makes one from the title), languages after the first,
 *   translations, staff groups, appliesTo, importance and each node's own source.
 */
export function exportCasePackage(given: FrameworkFile, options: CaseExportOptions): ExportedCasePackage {
  const framework = withCaseIdentifiers(given)
  const { lastChangeDateTime } = options
  if (!ZONED_DATE_TIME.test(lastChangeDateTime)) throw new RangeError(`lastChangeDateTime "${lastChangeDateTime}" needs a date, a time and a time zone`)
  const base = options.baseUri.replace(/\/+$/, '')
  const v11 = options.caseVersion === '1.1'
  const keptDocument = framework.case ?? {}
  const relink = relinker(keptDocument.definitions, base)
  // What CASE 1.1 alone can say (subjects of items, extensions) goes into 1.1 packages only.
  const only11 = <T>(value: T | undefined): T | undefined => (v11 ? value : undefined)
  const mint = (...parts: (string | number)[]): string => uuidv5(parts.join(':'), CASE_ID_NAMESPACE)
  const link = (collection: string, identifier: string, title: string): CaseLink => ({ title, identifier, uri: `${base}/${collection}/${identifier}` })
  const language = framework.languages[0]
  const document = link('CFDocuments', framework.identifier!, framework.title)
  const itemTypes = (Object.keys(CASE_ITEM_TYPES) as NodeKind[]).map((kind, index) => ({
    ...link('CFItemTypes', mint('item-type', kind), CASE_ITEM_TYPES[kind]),
    description: `A ${kind} of a competency-tracker framework`,
    hierarchyCode: String(index + 1),
    typeCode: CASE_ITEM_TYPES[kind],
    lastChangeDateTime,
  }))
  const typeLinks = new Map(itemTypes.map(({ title, identifier, uri }) => [title, { title, identifier, uri }]))
  const rubricId = keptDocument.rubrics?.[0]?.identifier ?? mint('rubric', document.identifier)
  const items: CaseItem[] = []
  const associations: CaseAssociation[] = []
  const criteria: CaseRubricCriterion[] = []

  const itemLinks = new Map<string, CaseLink>()
  const visit = (node: FrameworkFileNode, parent: CaseLink, index: number): void => {
    const item = link('CFItems', node.identifier!, node.code)
    itemLinks.set(node.code, item)
    const type = CASE_ITEM_TYPES[node.kind]
    const kept = node.case ?? {}
    items.push({
      identifier: item.identifier,
      uri: item.uri,
      fullStatement: kept.fullStatement ?? node.title,
      ...when('alternativeLabel', kept.alternativeLabel),
      humanCodingScheme: kept.humanCodingScheme ?? node.code,
      ...when('listEnumeration', kept.listEnumeration),
      ...when('abbreviatedStatement', kept.abbreviatedStatement),
      ...when('conceptKeywords', kept.conceptKeywords),
      ...when('conceptKeywordsURI', relink(kept.conceptKeywordsURI)),
      ...when('notes', kept.notes ?? node.description),
      CFItemType: kept.CFItemType ?? type,
      ...when('CFItemTypeURI', kept.CFItemTypeURI !== undefined ? relink(kept.CFItemTypeURI) : kept.CFItemType === undefined ? typeLinks.get(type) : undefined),
      ...when('language', kept.language ?? language),
      ...when('educationLevel', kept.educationLevel),
      ...when('licenseURI', relink(kept.licenseURI)),
      ...when('statusStartDate', kept.statusStartDate),
      ...when('statusEndDate', kept.statusEndDate),
      lastChangeDateTime: kept.lastChangeDateTime ?? lastChangeDateTime,
      ...when('subject', only11(kept.subject)),
      ...when('subjectURI', only11(kept.subjectURI?.map((subject) => relink(subject)!))),
      ...when('extensions', only11(kept.extensions)),
    })
    // The isChildOf keeps the package's identifier while it joins the same two items.
    const placing = kept.isChildOf !== undefined && kept.isChildOf.parent === parent.identifier.toLowerCase() ? kept.isChildOf : undefined
    const association = link('CFAssociations', placing?.identifier ?? isChildOfIdentifier(item.identifier, parent.identifier), 'isChildOf')
    associations.push({
      identifier: association.identifier,
      associationType: 'isChildOf',
      uri: association.uri,
      originNodeURI: item,
      destinationNodeURI: parent,
      sequenceNumber: index + 1,
      ...when('CFAssociationGroupingURI', relink(placing?.CFAssociationGroupingURI)),
      lastChangeDateTime: placing?.lastChangeDateTime ?? lastChangeDateTime,
    })
    // Every criterion names its item (OpenSALT's importer needs one): a domain's states the scale,
    // a node with level descriptors what each level looks like for it.
    const descriptors = node.levelDescriptors ?? {}
    const given = kept.criterion
    if (given !== undefined) criteria.push(keptCriterion(given, item, criteria.length + 1))
    else if (node.kind === 'domain' || Object.keys(descriptors).length > 0) {
      const criterion = link('CFRubricCriteria', mint('criterion', item.identifier), node.code)
      criteria.push({
        identifier: criterion.identifier,
        uri: criterion.uri,
        category: type,
        description: node.title,
        CFItemURI: item,
        position: criteria.length + 1,
        rubricId,
        lastChangeDateTime,
        CFRubricCriterionLevels: framework.scale.levels.map((entry) => {
          const own = descriptors[String(entry.level)]
          return {
            ...level(link('CFRubricCriterionLevels', mint('level', item.identifier, String(entry.level)), String(entry.level)), entry.level, framework.scale, own?.description ?? entry.description),
            ...when('feedback', own === undefined ? entry.code : own.label),
            rubricCriterionId: criterion.identifier,
            lastChangeDateTime,
          }
        }),
      })
    }
    /** The item's criterion as its package gave it: identifiers and fields kept, each level on the scale described by the item's descriptor or the scale. */
    function keptCriterion(given: KeptCriterion, item: CaseLink, position: number): CaseRubricCriterion {
      const criterion = link('CFRubricCriteria', given.identifier, node.code)
      return {
        identifier: criterion.identifier,
        uri: criterion.uri,
        ...when('category', given.category),
        ...when('description', given.description),
        CFItemURI: item,
        ...when('weight', given.weight),
        position: given.position ?? position,
        rubricId: given.rubric,
        lastChangeDateTime: given.lastChangeDateTime ?? lastChangeDateTime,
        CFRubricCriterionLevels: given.levels.map((entry) => {
          const scaleLevel = entry.level === undefined ? undefined : framework.scale.levels.find((candidate) => candidate.level === entry.level)
          const said = link('CFRubricCriterionLevels', entry.identifier, String(entry.level ?? ''))
          const description = entry.description ?? (scaleLevel === undefined ? undefined : (descriptors[String(scaleLevel.level)]?.description ?? scaleLevel.description))
          return {
            identifier: said.identifier,
            uri: said.uri,
            ...when('description', description),
            ...when('quality', entry.quality),
            ...when('score', entry.score),
            ...when('feedback', entry.feedback),
            ...when('position', entry.position),
            rubricCriterionId: criterion.identifier,
            lastChangeDateTime: entry.lastChangeDateTime ?? lastChangeDateTime,
          }
        }),
      }
    }
    ;(node.children ?? []).forEach((child, childIndex) => visit(child, item, childIndex))
  }
  framework.nodes.forEach((node, index) => visit(node, document, index))
  associations.push(...besideTheTree(framework, options.caseVersion ?? '1.0', { base, document, items: itemLinks, lastChangeDateTime, relink }))

  const rubric = link('CFRubrics', rubricId, framework.scale.title ?? 'Proficiency scale')
  const definitions = keptDefinitions(keptDocument.definitions, base, v11)
  return {
    CFDocument: {
      identifier: document.identifier,
      uri: document.uri,
      creator: keptDocument.creator ?? framework.publisher,
      publisher: keptDocument.publisher ?? framework.publisher,
      title: keptDocument.title ?? framework.title,
      ...when('description', keptDocument.description ?? framework.description),
      version: keptDocument.version ?? framework.version,
      ...when('language', language),
      adoptionStatus: keptDocument.adoptionStatus ?? (framework.status === 'official' ? 'Adopted' : 'Draft'),
      ...when('officialSourceURL', keptDocument.officialSourceURL ?? framework.sources.find((source) => source.url !== undefined)?.url),
      ...when('frameworkType', only11(keptDocument.frameworkType)),
      ...when('subject', keptDocument.subject),
      ...when('subjectURI', keptDocument.subjectURI?.map((subject) => relink(subject)!)),
      ...when('notes', keptDocument.notes),
      ...when('statusStartDate', keptDocument.statusStartDate),
      ...when('statusEndDate', keptDocument.statusEndDate),
      ...when('licenseURI', relink(keptDocument.licenseURI)),
      ...when('extensions', only11(keptDocument.extensions)),
      lastChangeDateTime,
    },
    CFItems: items,
    CFAssociations: associations,
    CFDefinitions: {
      CFConcepts: definitions.CFConcepts ?? [],
      CFSubjects: definitions.CFSubjects ?? [],
      CFLicenses: definitions.CFLicenses ?? [],
      CFItemTypes: [...itemTypes, ...((definitions.CFItemTypes ?? []) as typeof itemTypes)],
      CFAssociationGroupings: definitions.CFAssociationGroupings ?? [],
    },
    // The package's rubrics where it had some (our criteria join the first), else ours: the scale.
    CFRubrics: (keptDocument.rubrics ?? []).length > 0
      ? keptDocument.rubrics!.map((kept) => ({
          identifier: kept.identifier,
          uri: link('CFRubrics', kept.identifier, '').uri,
          ...when('title', kept.title),
          ...when('description', kept.description),
          lastChangeDateTime: kept.lastChangeDateTime ?? lastChangeDateTime,
          CFRubricCriteria: criteria.filter((criterion) => criterion.rubricId === kept.identifier),
        }))
      : [
          {
            identifier: rubric.identifier,
            uri: rubric.uri,
            ...when('title', framework.scale.title),
            description: `The proficiency scale of ${framework.title}, and what each level looks like for each competency`,
            lastChangeDateTime,
            CFRubricCriteria: criteria,
          },
        ],
    ...when('extensions', only11(keptDocument.packageExtensions)),
  }
}

/** The identifier our export gives the isChildOf joining an item to its parent (item or document), where the package gave none. */
export function isChildOfIdentifier(item: string, parent: string): string {
  return uuidv5(`is-child-of:${item}:${parent}`, CASE_ID_NAMESPACE)
}

/** The identifiers of the item types our export defines (one per kind of node). */
export function ourItemTypeIdentifiers(): Set<string> {
  return new Set((Object.keys(CASE_ITEM_TYPES) as NodeKind[]).map(ourItemTypeIdentifier))
}

/** The identifier of the CFItemType definition our exports give items of a kind (the same everywhere). */
export function ourItemTypeIdentifier(kind: NodeKind): string {
  return uuidv5(`item-type:${kind}`, CASE_ID_NAMESPACE)
}

export interface CaseExportOptions {
  /** Prefix of every uri, e.g. "https://tracker.example/ims/case/v1p0". */
  readonly baseUri: string
  /** RFC 3339 date-time with a time zone, stamped on everything exported. */
  readonly lastChangeDateTime: string
  /**
   * '1.0' (the default) leaves out what only CASE 1.1 can say: associations of its types
   * (isTranslationOf, ext:...) and their notes. '1.1' keeps them.
   */
  readonly caseVersion?: '1.0' | '1.1'
}

/** The framework's associations besides the tree, as CFAssociations: an end in the framework is its item (or its document), another the link it was kept with. */
function besideTheTree(
  framework: FrameworkFile,
  caseVersion: '1.0' | '1.1',
  at: { base: string; document: CaseLink; items: ReadonlyMap<string, CaseLink>; lastChangeDateTime: string; relink: (link: CaseLink | undefined) => CaseLink | undefined },
): CaseAssociation[] {
  const end = (given: AssociationEnd): CaseLink => {
    if ('code' in given) return at.items.get(given.code)!
    if (given.identifier.toLowerCase() === at.document.identifier.toLowerCase()) return at.document
    return { title: given.title ?? given.identifier, identifier: given.identifier, uri: given.uri ?? `urn:uuid:${given.identifier}` }
  }
  return (framework.associations ?? [])
    .filter((association) => caseVersion === '1.1' || !isCase11Only(association.type))
    .map((association) => ({
      identifier: association.identifier!,
      associationType: association.type as CaseAssociationType,
      uri: `${at.base}/CFAssociations/${association.identifier!}`,
      originNodeURI: end(association.origin),
      destinationNodeURI: end(association.destination),
      ...when('sequenceNumber', association.sequenceNumber),
      ...when('CFAssociationGroupingURI', at.relink(association.case?.CFAssociationGroupingURI)),
      lastChangeDateTime: association.case?.lastChangeDateTime ?? at.lastChangeDateTime,
      ...(caseVersion === '1.1' ? { ...when('notes', association.notes), ...when('extensions', association.case?.extensions) } : {}),
    }))
}

const ZONED_DATE_TIME = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/

function level(link: CaseLink, number: number, scale: Scale, description: string): Omit<CaseRubricCriterionLevel, 'lastChangeDateTime'> {
  const quality = scale.levels.find((entry) => entry.level === number)?.label ?? `Level ${number}`
  return { identifier: link.identifier, uri: link.uri, quality, description, score: number, position: number }
}

/** `{ [key]: value }`, or nothing when the value is undefined: keeps exported objects free of undefined. */
function when<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V }
}

/**
 * The most a framework's export may weigh, as compact JSON: what the import takes (the routes'
 * body limit), so that every export we write can be imported again. A framework whose exports would
 * be heavier is refused when it is loaded (exportWeight).
 */
export const FRAMEWORK_EXCHANGE_BYTES = 64 * 1024 * 1024

/** The longest PUBLIC_URL the config takes: exports are weighed with uris this long. */
export const LONGEST_PUBLIC_URL = 200

/**
 * The heavier of a framework's two exports, in bytes of compact JSON: the CASE package (its uris as
 * long as PUBLIC_URL can make them) and our own format (which carries the translations CASE has no
 * field for).
 */
export function exportWeight(file: FrameworkFile): number {
  const baseUri = `https://${'x'.repeat(LONGEST_PUBLIC_URL - 'https://'.length)}/ims/case/v1p0`
  const pkg = exportCasePackage(file, { baseUri, lastChangeDateTime: '2000-01-01T00:00:00.000+00:00' })
  return Math.max(jsonBytes(pkg), jsonBytes(withCaseIdentifiers(file)))
}
