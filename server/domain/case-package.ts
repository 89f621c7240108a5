/**
 * The shapes of a CASE package as we write and read them (1EdTech CASE 1.0, with what 1.1 adds),
 * shared by the export, the import, the provider and what is kept of a package.
 */

/** A CASE LinkURI / LinkGenURI. */
export interface CaseLink {
  title: string
  identifier: string
  uri: string
}

/** CASE 1.0's association types; CASE 1.1 adds isTranslationOf and extension types written `ext:name`. */
export type CaseAssociationType = 'isChildOf' | 'isPeerOf' | 'isPartOf' | 'exactMatchOf' | 'precedes' | 'isRelatedTo' | 'replacedBy' | 'exemplar' | 'hasSkillLevel' | 'isTranslationOf' | `ext:${string}`

/** A package as our export writes it: every part, extensions where it has some. */
export type ExportedCasePackage = Required<Omit<CasePackage, 'extensions'>> & Pick<CasePackage, 'extensions'>

/** The parts of a CASE 1.0 package we write or read; packages may carry more. */
export interface CasePackage {
  CFDocument: CaseDocument
  CFItems?: CaseItem[]
  CFAssociations?: CaseAssociation[]
  CFDefinitions?: CaseDefinitions | []
  CFRubrics?: CaseRubric[]
  /** CASE 1.1. */
  extensions?: Record<string, unknown>
}

export interface CaseDocument {
  identifier: string
  uri: string
  creator: string
  title: string
  lastChangeDateTime: string
  publisher?: string
  description?: string
  version?: string
  language?: string
  adoptionStatus?: string
  officialSourceURL?: string
  frameworkType?: string
  subject?: string[]
  subjectURI?: CaseLink[]
  notes?: string
  statusStartDate?: string
  statusEndDate?: string
  licenseURI?: CaseLink
  /** CASE 1.1. */
  caseVersion?: string
  extensions?: Record<string, unknown>
}

export interface CaseItem {
  identifier: string
  uri: string
  fullStatement: string
  lastChangeDateTime: string
  humanCodingScheme?: string
  abbreviatedStatement?: string
  listEnumeration?: string
  notes?: string
  CFItemType?: string
  CFItemTypeURI?: CaseLink
  language?: string
  CFDocumentURI?: CaseLink
  alternativeLabel?: string
  conceptKeywords?: string[]
  conceptKeywordsURI?: CaseLink
  educationLevel?: string[]
  licenseURI?: CaseLink
  statusStartDate?: string
  statusEndDate?: string
  /** CASE 1.1. */
  subject?: string[]
  subjectURI?: CaseLink[]
  extensions?: Record<string, unknown>
}

export interface CaseAssociation {
  identifier: string
  associationType: CaseAssociationType
  uri: string
  originNodeURI: CaseLink
  destinationNodeURI: CaseLink
  sequenceNumber?: number
  lastChangeDateTime: string
  notes?: string
  CFDocumentURI?: CaseLink
  CFAssociationGroupingURI?: CaseLink
  extensions?: Record<string, unknown>
}

export interface CaseDefinitions {
  CFConcepts?: unknown[]
  CFSubjects?: unknown[]
  CFLicenses?: unknown[]
  CFItemTypes?: (CaseLink & { description?: string; hierarchyCode: string; typeCode?: string | null; lastChangeDateTime: string })[]
  CFAssociationGroupings?: unknown[]
}

export interface CaseRubric {
  identifier: string
  uri: string
  title?: string
  description?: string
  lastChangeDateTime: string
  CFRubricCriteria?: CaseRubricCriterion[]
}

export interface CaseRubricCriterion {
  identifier: string
  uri: string
  category?: string
  description?: string
  CFItemURI?: CaseLink
  weight?: number
  position?: number
  rubricId?: string
  lastChangeDateTime: string
  CFRubricCriterionLevels?: CaseRubricCriterionLevel[]
}

export interface CaseRubricCriterionLevel {
  identifier: string
  uri: string
  description?: string
  quality?: string
  score?: number
  feedback?: string
  position?: number
  rubricCriterionId?: string
  lastChangeDateTime: string
}

/** CASE 1.0's association types: a 1.0 package may hold no other. */
const CASE_1_0_TYPES = new Set(['isChildOf', 'isPeerOf', 'isPartOf', 'exactMatchOf', 'precedes', 'isRelatedTo', 'replacedBy', 'exemplar', 'hasSkillLevel'])

/** Whether an association type is CASE 1.1's alone (a 1.0 package cannot hold it). */
export function isCase11Only(type: string): boolean {
  return !CASE_1_0_TYPES.has(type)
}
