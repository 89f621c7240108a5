import { createHash } from 'node:crypto'
import type { FrameworkStatus, SourceRef, StaffGroup } from './framework.js'
import type { Scale } from './scale.js'
import type { Translations } from './translations.js'
import type { FrameworkAssociation, FrameworkFile, FrameworkFileNode } from './framework-file.js'
import type { TreeNode } from './tree.js'
import type { AssessmentSubject } from './framework-use.js'
import { withoutCaseIdentifiers } from './case-identity.js'
import type { CaseDocumentKept } from './case-kept.js'

/**
 * Rebuilds a framework file (our own format, valid against framework.schema.json) from a loaded
 * version: metadata from its row, the tree from its nodes. What the loader stored as a default (an
 * empty description, importance 1, no staff groups, no translations) is left out again.
 *
 * ```ts
 * const { row, tree } = await frameworks.get(id)
 * frameworkFileOf(row, tree.roots).nodes[0]?.code // 'PED'
 * ```
 */
export function frameworkFileOf(row: LoadedFrameworkVersion, roots: readonly TreeNode[]): FrameworkFile {
  return {
    id: row.slug,
    ...(row.case_identifier === undefined ? {} : { identifier: row.case_identifier }),
    version: row.version,
    title: row.title,
    publisher: row.publisher,
    ...(row.description ? { description: row.description } : {}),
    ...(Object.keys(row.translations).length > 0 ? { translations: row.translations } : {}),
    status: row.status,
    ...(row.subject !== 'person' ? { subject: row.subject } : {}),
    languages: [...row.languages],
    sources: row.source.map((source) => ({ ...source })),
    ...(row.staff_groups.length > 0 ? { staffGroups: row.staff_groups } : {}),
    scale: row.scale,
    nodes: roots.map(nodeOf),
    ...(row.associations !== undefined && row.associations.length > 0 ? { associations: row.associations.map((association) => ({ ...association })) } : {}),
    ...(row.case_details !== undefined && Object.keys(row.case_details).length > 0 ? { case: row.case_details } : {}),
  }
}

/** What the rebuild reads of a loaded version: the columns of its `frameworks` row. */
export interface LoadedFrameworkVersion {
  readonly slug: string
  readonly version: string
  readonly title: string
  readonly publisher: string
  readonly description: string
  readonly translations: Translations
  readonly status: FrameworkStatus
  readonly subject: AssessmentSubject
  readonly languages: readonly string[]
  readonly source: readonly SourceRef[]
  readonly staff_groups: StaffGroup[]
  readonly scale: Scale
  readonly case_identifier?: string
  readonly associations?: readonly FrameworkAssociation[]
  readonly case_details?: CaseDocumentKept
}

function nodeOf(node: TreeNode): FrameworkFileNode {
  return {
    code: node.code,
    ...(node.identifier === undefined ? {} : { identifier: node.identifier }),
    kind: node.kind,
    title: node.title,
    ...(node.description ? { description: node.description } : {}),
    source: node.source,
    ...(node.appliesTo.length > 0 ? { appliesTo: [...node.appliesTo] } : {}),
    ...(node.importance !== 1 ? { importance: node.importance } : {}),
    ...(Object.keys(node.levelDescriptors).length > 0 ? { levelDescriptors: node.levelDescriptors } : {}),
    ...(Object.keys(node.translations).length > 0 ? { translations: node.translations } : {}),
    ...(node.case !== undefined && Object.keys(node.case).length > 0 ? { case: node.case } : {}),
    ...(node.kind === 'domain' || node.children.length > 0 ? { children: node.children.map(nodeOf) } : {}),
  }
}

/**
 * A loaded version's file as `file` can be compared with it: without CASE identifiers when `file`
 * gives none (they were minted on loading), as it is otherwise.
 */
export function comparableTo(file: FrameworkFile, loaded: FrameworkFile): FrameworkFile {
  return file.identifier === undefined ? withoutCaseIdentifiers(loaded) : loaded
}

/**
 * The content of a framework file as one string that does not depend on key order or on defaults
 * written out or left out: two files with the same canonical text load as the same framework.
 */
export function canonicalFramework(file: FrameworkFile): string {
  const { $schema: _, ...rest } = file as FrameworkFile & { $schema?: string }
  return stableJson(dropDefaults(rest))
}

/**
 * The framework with every translation left out (its own, its scale's, staff groups', nodes' and
 * level descriptors'): what staff rate against, in the framework's own language.
 *
 * ```ts
 * canonicalFramework(withoutTranslations(a)) === canonicalFramework(withoutTranslations(b)) // differ at most in translations
 * ```
 */
export function withoutTranslations(file: FrameworkFile): FrameworkFile {
  return dropTranslations(file) as FrameworkFile
}

function dropTranslations(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(dropTranslations)
  if (value === null || typeof value !== 'object') return value
  return Object.fromEntries(Object.entries(value).filter(([name]) => name !== 'translations').map(([name, entry]) => [name, dropTranslations(entry)]))
}

function dropDefaults(value: unknown, key = ''): unknown {
  if (Array.isArray(value)) return value.map((entry) => dropDefaults(entry))
  if (value === null || typeof value !== 'object') return value
  const out: Record<string, unknown> = {}
  for (const [name, entry] of Object.entries(value)) {
    if (entry === undefined) continue
    if ((name === 'description' && entry === '') || (name === 'importance' && entry === 1)) continue
    if (['appliesTo', 'staffGroups'].includes(name) && Array.isArray(entry) && entry.length === 0) continue
    if (['levelDescriptors', 'translations'].includes(name) && typeof entry === 'object' && entry !== null && Object.keys(entry).length === 0) continue
    if (name === 'children' && Array.isArray(entry) && entry.length === 0 && key !== 'domain') continue
    out[name] = dropDefaults(entry, name === 'nodes' ? 'domain' : '')
  }
  return out
}

/**
 * The SHA-256 of stableJson(value), written a piece at a time: two frameworks of thousands of items
 * compare without either being one string.
 */
export function stableDigest(value: unknown): string {
  const hash = createHash('sha256')
  const write = (each: unknown): void => {
    if (Array.isArray(each)) {
      hash.update('[')
      each.forEach((entry, index) => {
        if (index > 0) hash.update(',')
        write(entry)
      })
      hash.update(']')
    } else if (each !== null && typeof each === 'object') {
      hash.update('{')
      Object.entries(each as Record<string, unknown>)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .forEach(([name, entry], index) => {
          hash.update(`${index > 0 ? ',' : ''}${JSON.stringify(name)}:`)
          write(entry)
        })
      hash.update('}')
    } else hash.update(JSON.stringify(each) ?? 'undefined')
  }
  write(value)
  return hash.digest('hex')
}

/** JSON with object keys in order: two values with the same content give the same text. */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return `{${entries.map(([name, entry]) => `${JSON.stringify(name)}:${stableJson(entry)}`).join(',')}}`
  }
  return JSON.stringify(value)
}
