import type { CaseAssociation, CaseItem, CaseLink, CasePackage, CaseRubric, ExportedCasePackage, CaseRubricCriterion, CaseRubricCriterionLevel } from './case-package.js'

/**
 * What a CASE provider serves one object at a time, read out of a package: the responses of the
 * 1EdTech CASE service (getCFDocument, getCFPackage, getCFItem, getCFAssociation,
 * getCFItemAssociations, getCFRubric, getCFItemType, ...), and of the two collections whose uris our
 * packages publish though the service has no call for them (CFRubricCriteria,
 * CFRubricCriterionLevels), so that every uri we publish resolves to its object as JSON.
 *
 * ```ts
 * const objects = caseObjects(pkg)
 * objects.get('CFItems', identifier) // { identifier, uri, fullStatement, ..., CFDocumentURI }
 * ```
 *
 * Outside a package an item and an association name their document (CFDocumentURI, which 1EdTech's
 * CASE requires of an item), and a document names its package (CFPackageURI); the associations of
 * getCFItemAssociations are as in a package (CFPckgAssociation), beside the item that names it.
 */
export const CASE_COLLECTIONS = [
  'CFDocuments',
  'CFPackages',
  'CFItems',
  'CFAssociations',
  'CFItemAssociations',
  'CFRubrics',
  'CFRubricCriteria',
  'CFRubricCriterionLevels',
  'CFItemTypes',
  'CFConcepts',
  'CFSubjects',
  'CFLicenses',
  'CFAssociationGroupings',
] as const

export type CaseCollection = (typeof CASE_COLLECTIONS)[number]

export interface CaseObjects {
  /** The object served at `<base>/<collection>/<identifier>`, or undefined. */
  get(collection: CaseCollection, identifier: string): unknown
  /** Every collection/identifier pair served, e.g. to index which package holds what. */
  keys(): IterableIterator<string>
  /** The document, as getCFDocument and getAllCFDocuments give it. */
  readonly document: CasePackage['CFDocument'] & { CFPackageURI: CaseLink }
}

export function caseObjects(pkg: ExportedCasePackage, base: string): CaseObjects {
  const doc = pkg.CFDocument
  const documentLink: CaseLink = { title: doc.title, identifier: doc.identifier, uri: doc.uri }
  const document = { ...doc, CFPackageURI: { title: doc.title, identifier: doc.identifier, uri: `${base.replace(/\/+$/, '')}/CFPackages/${doc.identifier}` } }
  const entries = new Map<string, () => unknown>()
  const put = (collection: CaseCollection, identifier: string, object: () => unknown): void => {
    const key = keyOf(collection, identifier)
    if (!entries.has(key)) entries.set(key, object)
  }
  put('CFDocuments', doc.identifier, () => document)
  put('CFPackages', doc.identifier, () => pkg)

  const standaloneItem = (item: CaseItem): CaseItem => ({ ...item, CFDocumentURI: documentLink })
  const standaloneAssociation = (association: CaseAssociation): CaseAssociation => ({ ...association, CFDocumentURI: documentLink })
  const associationsOf = new Map<string, CaseAssociation[]>()
  for (const association of pkg.CFAssociations) {
    put('CFAssociations', association.identifier, () => standaloneAssociation(association))
    for (const end of new Set([association.originNodeURI.identifier, association.destinationNodeURI.identifier])) {
      associationsOf.set(end, [...(associationsOf.get(end) ?? []), association])
    }
  }
  for (const item of pkg.CFItems) {
    put('CFItems', item.identifier, () => standaloneItem(item))
    put('CFItemAssociations', item.identifier, () => ({ CFItem: standaloneItem(item), CFAssociations: associationsOf.get(item.identifier) ?? [] }))
  }
  const rubric = (each: CaseRubric): void => {
    put('CFRubrics', each.identifier, () => each)
    for (const criterion of each.CFRubricCriteria ?? []) {
      put('CFRubricCriteria', criterion.identifier, (): CaseRubricCriterion => criterion)
      for (const level of criterion.CFRubricCriterionLevels ?? []) put('CFRubricCriterionLevels', level.identifier, (): CaseRubricCriterionLevel => level)
    }
  }
  pkg.CFRubrics.forEach(rubric)
  const definitions = Array.isArray(pkg.CFDefinitions) ? {} : pkg.CFDefinitions
  // The service answers a definition as a set of one (CFItemTypeSet, CFConceptSet, CFSubjectSet); a licence and a grouping alone.
  for (const type of definitions.CFItemTypes ?? []) put('CFItemTypes', type.identifier, () => ({ CFItemTypes: [type] }))
  for (const concept of identified(definitions.CFConcepts)) put('CFConcepts', concept.identifier, () => ({ CFConcepts: [concept] }))
  for (const subject of identified(definitions.CFSubjects)) put('CFSubjects', subject.identifier, () => ({ CFSubjects: [subject] }))
  for (const licence of identified(definitions.CFLicenses)) put('CFLicenses', licence.identifier, () => licence)
  for (const grouping of identified(definitions.CFAssociationGroupings)) put('CFAssociationGroupings', grouping.identifier, () => grouping)

  return {
    get: (collection, identifier) => entries.get(keyOf(collection, identifier))?.(),
    keys: () => entries.keys(),
    document,
  }
}

/** The key of an object in CaseObjects.keys(): "<collection>/<identifier>", the identifier in lower case. */
export function keyOf(collection: CaseCollection, identifier: string): string {
  return `${collection}/${identifier.toLowerCase()}`
}

export function isCaseCollection(name: string): name is CaseCollection {
  return (CASE_COLLECTIONS as readonly string[]).includes(name)
}

function identified(list: readonly unknown[] | undefined): { identifier: string }[] {
  return (list ?? []).filter((entry): entry is { identifier: string } => typeof entry === 'object' && entry !== null && typeof (entry as { identifier?: unknown }).identifier === 'string')
}
