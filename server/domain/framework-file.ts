import type { LevelDescriptor, NodeKind, SourceRef, StaffGroup } from './framework.js'
import type { Scale } from './scale.js'
import type { Translations } from './translations.js'
import type { AssessmentSubject } from './framework-use.js'
import { createDataFileChecker, type DataFileError, type DataFileResult, type RuleError } from './data-file.js'
import { misnumberedLevels } from './scale.js'
import { frameworkProblem, isWebUrl } from './framework-problems.js'
import type { CaseAssociationKept, CaseDocumentKept, CaseItemKept } from './case-kept.js'

/** A framework file as framework.schema.json describes it. */
export interface FrameworkFile {
  id: string
  /** The CASE identifier (CFDocument.identifier), the same across versions; minted when left out (domain/case-identity.ts). */
  identifier?: string
  version: string
  title: string
  publisher: string
  description?: string
  /** The title and description in other languages. */
  translations?: Translations
  status: 'provisional' | 'official'
  /** What is assessed with it (a person when left out). */
  subject?: AssessmentSubject
  languages: string[]
  sources: SourceRef[]
  staffGroups?: StaffGroup[]
  scale: Scale
  nodes: FrameworkFileNode[]
  /** Links between items besides the tree (CASE associations other than the tree's isChildOf). */
  associations?: FrameworkAssociation[]
  /** What the CASE package it came from said that the fields above do not (domain/case-kept.ts). */
  case?: CaseDocumentKept
}

/**
 * A CASE association kept with a framework: its type (a CASE 1.1 type or `ext:name`), and two ends,
 * each an item of this framework (by code) or anything else by its CASE identifier.
 */
export interface FrameworkAssociation {
  /** Its CASE identifier; minted when left out (domain/case-identity.ts). */
  identifier?: string
  type: string
  origin: AssociationEnd
  destination: AssociationEnd
  sequenceNumber?: number
  notes?: string
  case?: CaseAssociationKept
}

export type AssociationEnd = { code: string } | { identifier: string; uri?: string; title?: string }

export interface FrameworkFileNode {
  code: string
  /** The CASE identifier (CFItem.identifier) of this item, the same across versions; minted when left out. */
  identifier?: string
  kind: NodeKind
  title: string
  description?: string
  source: SourceRef
  appliesTo?: string[]
  importance?: number
  levelDescriptors?: Record<string, LevelDescriptor>
  translations?: Translations
  /** What the CASE item it came from said that the fields above do not (domain/case-kept.ts). */
  case?: CaseItemKept
  children?: FrameworkFileNode[]
}

export type FrameworkFileError = DataFileError
export type FrameworkFileResult = DataFileResult<FrameworkFile>

/**
 * Makes a checker of framework files from the JSON Schema: the schema first, then the rules a schema
 * cannot say (unique codes, levels numbered 1..n, descriptors only for levels on the scale, staff
 * groups that exist). Every problem is reported, not only the first.
 *
 * ```ts
 * const check = createFrameworkChecker(schemaJson)
 * const result = check(JSON.parse(text), 'iioe-hew.json')
 * if (!result.ok) result.errors // [{ file: 'iioe-hew.json', pointer: '/nodes/0/code', message: '...' }]
 * ```
 */
export function createFrameworkChecker(schema: object): (data: unknown, file: string) => FrameworkFileResult {
  return createDataFileChecker<FrameworkFile>(schema, ruleErrors)
}


function ruleErrors(framework: FrameworkFile): RuleError[] {
  const errors: RuleError[] = []
  for (const misnumbered of misnumberedLevels(framework.scale)) errors.push(frameworkProblem('/scale/levels', 'levelNumbering', misnumbered))
  const levels = new Set(framework.scale.levels.map((entry) => String(entry.level)))
  const groups = new Set((framework.staffGroups ?? []).map((group) => group.code))
  const seenCodes = new Map<string, string>()
  const seenIdentifiers = new Map<string, string>(framework.identifier === undefined ? [] : [[framework.identifier.toLowerCase(), '/identifier']])
  // Sources are shown as links: only web addresses.
  const checkUrl = (source: SourceRef, pointer: string) => {
    if (source.url !== undefined && !isWebUrl(source.url)) errors.push(frameworkProblem(`${pointer}/url`, 'urlNotWeb', { url: source.url.slice(0, 200) }))
  }
  framework.sources.forEach((source, index) => checkUrl(source, `/sources/${index}`))

  const visit = (node: FrameworkFileNode, pointer: string): void => {
    checkUrl(node.source, `${pointer}/source`)
    const firstPointer = seenCodes.get(node.code)
    if (firstPointer !== undefined) {
      errors.push(frameworkProblem(`${pointer}/code`, 'codeUsed', { code: node.code, first: firstPointer }))
    } else {
      seenCodes.set(node.code, pointer)
    }
    if (node.identifier !== undefined) {
      const first = seenIdentifiers.get(node.identifier.toLowerCase())
      if (first !== undefined) errors.push(frameworkProblem(`${pointer}/identifier`, 'identifierUsed', { identifier: node.identifier, first }))
      else seenIdentifiers.set(node.identifier.toLowerCase(), `${pointer}/identifier`)
    }
    for (const key of Object.keys(node.levelDescriptors ?? {})) {
      if (!levels.has(key)) {
        errors.push(frameworkProblem(`${pointer}/levelDescriptors/${key}`, 'levelOffScale', { level: key, levels: [...levels].join(', ') }))
      }
    }
    ;(node.appliesTo ?? []).forEach((group, index) => {
      if (!groups.has(group)) {
        errors.push(frameworkProblem(`${pointer}/appliesTo/${index}`, 'staffGroupUndefined', { group }))
      }
    })
    ;(node.children ?? []).forEach((child, index) => visit(child, `${pointer}/children/${index}`))
  }
  framework.nodes.forEach((node, index) => visit(node, `/nodes/${index}`))
  ;(framework.associations ?? []).forEach((association, index) => {
    const pointer = `/associations/${index}`
    for (const end of ['origin', 'destination'] as const) {
      const at = association[end]
      if ('code' in at && !seenCodes.has(at.code)) errors.push(frameworkProblem(`${pointer}/${end}/code`, 'associationEndUnknown', { code: at.code }))
      if ('uri' in at && at.uri !== undefined && !isWebUrl(at.uri)) errors.push(frameworkProblem(`${pointer}/${end}/uri`, 'urlNotWeb', { url: at.uri.slice(0, 200) }))
    }
    if (association.identifier !== undefined) {
      const first = seenIdentifiers.get(association.identifier.toLowerCase())
      if (first !== undefined) errors.push(frameworkProblem(`${pointer}/identifier`, 'identifierUsed', { identifier: association.identifier, first }))
      else seenIdentifiers.set(association.identifier.toLowerCase(), `${pointer}/identifier`)
    }
  })
  return errors
}
