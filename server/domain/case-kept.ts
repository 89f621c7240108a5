import type { CaseAssociation, CaseDefinitions, CaseDocument, CaseItem, CaseLink } from './case-package.js'

/**
 * What a CASE package says that a framework has no field of its own for, kept as the package wrote
 * it so that nothing the publisher said is lost: shown on the framework's and the item's pages and
 * written again by every export (case-export.ts). A field is kept only where the framework's own
 * fields do not already say it (the item's code is its humanCodingScheme, its title its
 * fullStatement, ...), so that importing our own export keeps exactly what it kept before.
 */

/** Of a CFItem: besides its code (humanCodingScheme), title, description (notes), kind (CFItemType). */
export interface CaseItemKept {
  /** The full statement, where the title is the abbreviated statement or a cut of it. */
  fullStatement?: string
  abbreviatedStatement?: string
  alternativeLabel?: string
  /** Where the code could not be it (already used, or not a code we take). */
  humanCodingScheme?: string
  listEnumeration?: string
  /** Where the description could not hold them whole. */
  notes?: string
  /** The publisher's item type, where it is not the one our export writes for the node's kind. */
  CFItemType?: string
  CFItemTypeURI?: CaseLink
  conceptKeywords?: string[]
  conceptKeywordsURI?: CaseLink
  educationLevel?: string[]
  /** Where it differs from the document's. */
  language?: string
  licenseURI?: CaseLink
  statusStartDate?: string
  statusEndDate?: string
  /** Where it differs from the document's. */
  lastChangeDateTime?: string
  /** CASE 1.1. */
  subject?: string[]
  subjectURI?: CaseLink[]
  extensions?: Record<string, unknown>
  /** The isChildOf association that placed the item under its parent (by the parent's identifier). */
  isChildOf?: { identifier: string; parent: string; lastChangeDateTime?: string; CFAssociationGroupingURI?: CaseLink }
  /** The item's rubric criterion as the package gave it (its level descriptors are read from it). */
  criterion?: KeptCriterion
}

/**
 * A CFRubricCriterion of an item: its identifier, its rubric's, its own fields, and each of its levels
 * with the scale level it was read as (none: off the scale, its description kept here instead).
 */
export interface KeptCriterion {
  identifier: string
  rubric: string
  category?: string
  description?: string
  weight?: number
  position?: number
  lastChangeDateTime?: string
  levels: KeptCriterionLevel[]
}

export interface KeptCriterionLevel {
  identifier: string
  /** The scale level it was read as; absent when it matched none. */
  level?: number
  quality?: string
  score?: number
  feedback?: string
  position?: number
  /** Only for a level off the scale: on the scale, the item's level descriptor (or the scale's) says it. */
  description?: string
  lastChangeDateTime?: string
}

/** A CFRubric of the package, its criteria aside (each kept with its item). */
export interface KeptRubric {
  identifier: string
  title?: string
  description?: string
  lastChangeDateTime?: string
}

/**
 * Of a CFDocument and its package: besides its title, version, description, creator and status (the
 * first four kept only where the framework's own fields could not hold them whole).
 */
export type CaseDocumentKept = Partial<
  Pick<CaseDocument, 'title' | 'version' | 'description' | 'creator' | 'publisher' | 'adoptionStatus' | 'officialSourceURL' | 'frameworkType' | 'subject' | 'subjectURI' | 'notes' | 'statusStartDate' | 'statusEndDate' | 'licenseURI' | 'extensions'>
> & {
  /** The package's own extensions (CASE 1.1). */
  packageExtensions?: Record<string, unknown>
  /** The definitions the items and associations refer to (item types, concepts, subjects, licences, groupings). */
  definitions?: KeptDefinitions
  /** The package's rubrics, in order (their criteria are kept with their items). */
  rubrics?: KeptRubric[]
}

export interface CaseAssociationKept {
  lastChangeDateTime?: string
  CFAssociationGroupingURI?: CaseLink
  extensions?: Record<string, unknown>
}

export type DefinitionCollection = 'CFConcepts' | 'CFSubjects' | 'CFLicenses' | 'CFItemTypes' | 'CFAssociationGroupings'
export const DEFINITION_COLLECTIONS: readonly DefinitionCollection[] = ['CFConcepts', 'CFSubjects', 'CFLicenses', 'CFItemTypes', 'CFAssociationGroupings']
export type KeptDefinition = { identifier: string; uri: string; title: string; lastChangeDateTime: string } & Record<string, unknown>
export type KeptDefinitions = Partial<Record<DefinitionCollection, KeptDefinition[]>>

/** Fields of CASE objects we read into fields of our own, or make again: never reported as not kept. */
const ITEM_FIELDS = new Set(['identifier', 'uri', 'CFDocumentURI', 'fullStatement', 'abbreviatedStatement', 'alternativeLabel', 'humanCodingScheme', 'listEnumeration', 'notes', 'CFItemType', 'CFItemTypeURI', 'conceptKeywords', 'conceptKeywordsURI', 'educationLevel', 'language', 'licenseURI', 'statusStartDate', 'statusEndDate', 'lastChangeDateTime', 'subject', 'subjectURI', 'extensions'])
const DOCUMENT_FIELDS = new Set(['identifier', 'uri', 'CFPackageURI', 'creator', 'title', 'lastChangeDateTime', 'officialSourceURL', 'publisher', 'description', 'subject', 'subjectURI', 'language', 'version', 'adoptionStatus', 'statusStartDate', 'statusEndDate', 'licenseURI', 'notes', 'frameworkType', 'caseVersion', 'extensions'])
const ASSOCIATION_FIELDS = new Set(['identifier', 'uri', 'CFDocumentURI', 'associationType', 'originNodeURI', 'destinationNodeURI', 'sequenceNumber', 'lastChangeDateTime', 'notes', 'CFAssociationGroupingURI', 'extensions'])

/** What the importer decided for an item, against which the rest is kept. */
export interface ItemAsRead {
  code: string
  title: string
  description: string | undefined
  /** The CFItemType our export writes for the node's kind. */
  ourType: string
  /** Identifiers of the item types our export writes (a link to one of them is not the publisher's). */
  ourTypeIdentifiers: ReadonlySet<string>
  document: { language: string; lastChangeDateTime: string }
}

export function keptOfItem(item: CaseItem, read: ItemAsRead): CaseItemKept {
  const sameInstant = (a: string, b: string) => Date.parse(a) === Date.parse(b)
  const type = item.CFItemType?.trim() ? item.CFItemType : undefined
  return strip({
    fullStatement: item.fullStatement !== read.title ? item.fullStatement : undefined,
    abbreviatedStatement: item.abbreviatedStatement?.trim() ? item.abbreviatedStatement : undefined,
    alternativeLabel: item.alternativeLabel,
    humanCodingScheme: item.humanCodingScheme !== undefined && item.humanCodingScheme !== read.code ? item.humanCodingScheme : undefined,
    listEnumeration: item.listEnumeration,
    notes: item.notes !== undefined && item.notes !== read.description ? item.notes : undefined,
    CFItemType: type !== undefined && type !== read.ourType ? type : undefined,
    CFItemTypeURI: item.CFItemTypeURI !== undefined && !read.ourTypeIdentifiers.has(item.CFItemTypeURI.identifier.toLowerCase()) ? item.CFItemTypeURI : undefined,
    conceptKeywords: item.conceptKeywords,
    conceptKeywordsURI: item.conceptKeywordsURI,
    educationLevel: item.educationLevel,
    language: item.language !== undefined && item.language !== read.document.language ? item.language : undefined,
    licenseURI: item.licenseURI,
    statusStartDate: item.statusStartDate,
    statusEndDate: item.statusEndDate,
    lastChangeDateTime: sameInstant(item.lastChangeDateTime, read.document.lastChangeDateTime) ? undefined : item.lastChangeDateTime,
    subject: item.subject,
    subjectURI: item.subjectURI,
    extensions: item.extensions,
  })
}

/** The isChildOf that placed an item, kept where our export would not mint the same identifier for it. */
export function keptIsChildOf(association: CaseAssociation, uuid: (identifier: string) => string, minted: string, documentChange: string): CaseItemKept['isChildOf'] {
  const kept = strip({
    lastChangeDateTime: Date.parse(association.lastChangeDateTime) === Date.parse(documentChange) ? undefined : association.lastChangeDateTime,
    CFAssociationGroupingURI: association.CFAssociationGroupingURI,
  })
  const identifier = uuid(association.identifier)
  if (identifier === minted && Object.keys(kept).length === 0) return undefined
  return { identifier, parent: uuid(association.destinationNodeURI.identifier), ...kept }
}

export function keptOfAssociation(association: CaseAssociation, documentChange: string): CaseAssociationKept {
  return strip({
    lastChangeDateTime: Date.parse(association.lastChangeDateTime) === Date.parse(documentChange) ? undefined : association.lastChangeDateTime,
    CFAssociationGroupingURI: association.CFAssociationGroupingURI,
    extensions: association.extensions,
  })
}

/** What the importer decided for the document, against which the rest is kept. */
export interface DocumentAsRead {
  title: string
  version: string
  description: string | undefined
  publisher: string
  adoptionStatus: string
  /** Identifiers of the item types our export writes: not the publisher's definitions. */
  ourTypeIdentifiers: ReadonlySet<string>
}

export function keptOfDocument(doc: CaseDocument, definitions: CaseDefinitions | [] | undefined, packageExtensions: Record<string, unknown> | undefined, read: DocumentAsRead): CaseDocumentKept {
  const kept: KeptDefinitions = {}
  if (definitions !== undefined && !Array.isArray(definitions)) {
    for (const collection of DEFINITION_COLLECTIONS) {
      const entries = ((definitions[collection] ?? []) as KeptDefinition[]).filter((entry) => !read.ourTypeIdentifiers.has(String(entry.identifier).toLowerCase()))
      if (entries.length > 0) kept[collection] = entries
    }
  }
  return strip({
    title: doc.title !== read.title ? doc.title : undefined,
    version: doc.version !== undefined && doc.version !== read.version ? doc.version : undefined,
    description: doc.description !== undefined && doc.description !== read.description ? doc.description : undefined,
    creator: doc.creator !== read.publisher ? doc.creator : undefined,
    publisher: doc.publisher !== undefined && doc.publisher !== read.publisher ? doc.publisher : undefined,
    adoptionStatus: doc.adoptionStatus !== undefined && doc.adoptionStatus !== read.adoptionStatus ? doc.adoptionStatus : undefined,
    officialSourceURL: doc.officialSourceURL,
    frameworkType: doc.frameworkType,
    subject: doc.subject,
    subjectURI: doc.subjectURI,
    notes: doc.notes,
    statusStartDate: doc.statusStartDate,
    statusEndDate: doc.statusEndDate,
    licenseURI: doc.licenseURI,
    extensions: doc.extensions,
    packageExtensions,
    definitions: Object.keys(kept).length > 0 ? kept : undefined,
  })
}

/**
 * The fields of a package's objects that CASE does not define (OpenSALT writes `CFItemAssociationURI`,
 * some publishers `educationalLevel`): not kept, so named in a warning, with how many objects had each.
 */
export function undefinedFields(doc: object, items: readonly object[], associations: readonly object[]): string[] {
  const count = (objects: readonly object[], known: ReadonlySet<string>, where: string): string[] => {
    const seen = new Map<string, number>()
    for (const object of objects) for (const key of Object.keys(object)) if (!known.has(key)) seen.set(key, (seen.get(key) ?? 0) + 1)
    return [...seen].map(([key, times]) => `${key} (${times} ${where})`)
  }
  return [...count([doc], DOCUMENT_FIELDS, 'CFDocument'), ...count(items, ITEM_FIELDS, 'CFItems'), ...count(associations, ASSOCIATION_FIELDS, 'CFAssociations')]
}

/** The object without its undefined fields (what is kept is only what was said). */
function strip<T extends object>(object: T): T {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined)) as T
}

/**
 * A link as our export writes it: to a kept definition, at our own address for it (the provider
 * serves it there); to anything else, as the package gave it.
 */
export function relinker(definitions: KeptDefinitions | undefined, base: string): (link: CaseLink | undefined) => CaseLink | undefined {
  const collectionOf = new Map<string, DefinitionCollection>()
  for (const collection of DEFINITION_COLLECTIONS) for (const entry of definitions?.[collection] ?? []) collectionOf.set(entry.identifier.toLowerCase(), collection)
  return (link) => {
    if (link === undefined) return undefined
    const collection = collectionOf.get(link.identifier.toLowerCase())
    return collection === undefined ? link : { title: link.title, identifier: link.identifier, uri: `${base}/${collection}/${link.identifier}` }
  }
}

/** What CASE requires of each kind of definition besides identifier, uri, title and lastChangeDateTime. */
const REQUIRED: Readonly<Record<DefinitionCollection, readonly string[]>> = {
  CFConcepts: ['hierarchyCode'],
  CFSubjects: ['hierarchyCode'],
  CFLicenses: ['licenseText'],
  CFItemTypes: ['description', 'hierarchyCode'],
  CFAssociationGroupings: [],
}

/**
 * The kept definitions as an export writes them: at our addresses; a field CASE requires that the
 * package left out (OpenSALT writes `description: null`) is the title, or the position for a
 * hierarchyCode; extensions only in a CASE 1.1 package.
 */
export function keptDefinitions(definitions: KeptDefinitions | undefined, base: string, v11: boolean): KeptDefinitions {
  const written: KeptDefinitions = {}
  for (const collection of DEFINITION_COLLECTIONS) {
    const entries = definitions?.[collection]
    if (entries === undefined) continue
    written[collection] = entries.map(({ extensions, ...entry }, index) => {
      const filled: KeptDefinition = { ...entry, uri: `${base}/${collection}/${entry.identifier}` }
      for (const field of REQUIRED[collection]) if (filled[field] === undefined) filled[field] = field === 'hierarchyCode' ? String(index + 1) : entry.title
      return v11 && extensions !== undefined ? { ...filled, extensions } : filled
    })
  }
  return written
}

/** What a CASE 1.0 package can say of what was kept: without CASE 1.1's subjects of items and extensions. */
export function keptIn10<T extends CaseItemKept | CaseDocumentKept | CaseAssociationKept>(kept: T): T {
  const { extensions: _, ...rest } = kept as CaseItemKept & CaseDocumentKept
  const without = rest as Record<string, unknown>
  delete without['packageExtensions']
  delete without['frameworkType']
  if ('fullStatement' in without || 'abbreviatedStatement' in without || 'CFItemType' in without) {
    delete without['subject']
    delete without['subjectURI']
  }
  if (without['definitions'] !== undefined) {
    const definitions = without['definitions'] as KeptDefinitions
    without['definitions'] = Object.fromEntries(Object.entries(definitions).map(([collection, entries]) => [collection, entries.map(({ extensions: __, ...entry }) => entry)]))
  }
  return without as T
}

/**
 * The kept object with every link's and definition's identifier as `uuid` gives it (1EdTech's schemas
 * take RFC 4122 UUIDs only; the importer mints one, the same every time, for any other). Extensions
 * are the publisher's own and stay as they are.
 */
export function withUuidLinks<T extends object>(kept: T, uuid: (identifier: string) => string): T {
  return mapLinks(kept, (link) => ({ ...link, identifier: uuid(link['identifier'] as string) }))
}

/**
 * The kept object as it compares with another: links and definitions without their `uri`, which
 * says where they were served (the publisher's server, or ours after an export), not what they are.
 */
export function withoutLinkUris<T extends object>(kept: T): T {
  return mapLinks(kept, ({ uri: _, ...link }) => link)
}

/** The object with `change` applied to every link and definition in it (anything with an identifier and a uri), extensions left alone. */
function mapLinks<T extends object>(kept: T, change: (link: Record<string, unknown>) => Record<string, unknown>): T {
  const walk = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(walk)
    if (value === null || typeof value !== 'object') return value
    const object = value as Record<string, unknown>
    const walked = Object.fromEntries(Object.entries(object).map(([key, entry]) => [key, key === 'extensions' || key === 'packageExtensions' ? entry : walk(entry)]))
    return typeof object['identifier'] === 'string' && typeof object['uri'] === 'string' ? change(walked) : walked
  }
  return walk(kept) as T
}
