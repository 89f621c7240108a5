import type { LevelDescriptor, NodeKind, SourceRef } from './framework.js'
import type { Translations } from './translations.js'
import type { CaseItemKept } from './case-kept.js'

/** One node of a framework as stored: the tree is rebuilt from these rows by parent id. */
export interface FrameworkNodeRecord {
  readonly id: number
  readonly parentId: number | null
  readonly code: string
  readonly kind: NodeKind
  readonly position: number
  readonly title: string
  readonly description: string
  readonly levelDescriptors: Readonly<Record<string, LevelDescriptor>>
  readonly appliesTo: readonly string[]
  readonly importance: number
  readonly translations: Translations
  readonly source: SourceRef
  /** The CASE identifier of the item (domain/case-identity.ts); absent in trees built by hand. */
  readonly identifier?: string
  /** What its CASE item said that the fields above do not (domain/case-kept.ts); absent when nothing. */
  readonly case?: CaseItemKept
  /** The language its texts (and its level descriptors') are written in: its CASE item's, else its framework's first; absent: English. */
  readonly language?: string
}

export interface TreeNode extends FrameworkNodeRecord {
  readonly children: readonly TreeNode[]
  /** The domain this node belongs to (itself for a domain). */
  readonly domainId: number
}

export interface FrameworkTree {
  readonly roots: readonly TreeNode[]
  /** Every node by id. */
  readonly byId: ReadonlyMap<number, TreeNode>
  /** The nodes a person rates themselves on, in tree order. */
  readonly competencies: readonly TreeNode[]
}

/**
 * Builds the tree of a framework from its flat rows, children in `position` order.
 * Throws when a row names a parent that is not among the rows, or when the rows form a cycle.
 *
 * ```ts
 * const tree = buildTree(rows)
 * tree.roots.map((domain) => domain.code) // ['PED', 'ASM', ...]
 * ```
 */
export function buildTree(records: readonly FrameworkNodeRecord[]): FrameworkTree {
  const childrenOf = new Map<number | null, FrameworkNodeRecord[]>()
  const ids = new Set(records.map((record) => record.id))
  for (const record of records) {
    if (record.parentId !== null && !ids.has(record.parentId)) {
      throw new Error(`Node ${record.code} names parent ${record.parentId}, which is not in the framework`)
    }
    const siblings = childrenOf.get(record.parentId) ?? []
    siblings.push(record)
    childrenOf.set(record.parentId, siblings)
  }
  for (const siblings of childrenOf.values()) siblings.sort(byPosition)

  const byId = new Map<number, TreeNode>()
  const competencies: TreeNode[] = []
  const build = (record: FrameworkNodeRecord, domainId: number): TreeNode => {
    const children = (childrenOf.get(record.id) ?? []).map((child) => build(child, domainId))
    const node: TreeNode = { ...record, domainId, children }
    byId.set(node.id, node)
    return node
  }
  const roots = (childrenOf.get(null) ?? []).map((record) => build(record, record.id))
  if (byId.size !== records.length) throw new Error('The framework nodes form a cycle: some are not reachable from a domain')
  walk(roots, (node) => {
    if (node.kind === 'competency') competencies.push(node)
  })
  return { roots, byId, competencies }
}

/** Visits every node depth-first, parents before children. */
export function walk(nodes: readonly TreeNode[], visit: (node: TreeNode) => void): void {
  for (const node of nodes) {
    visit(node)
    walk(node.children, visit)
  }
}

/** The competencies below a node (a domain's, at any depth), in tree order. */
export function competenciesIn(node: TreeNode): TreeNode[] {
  const found: TreeNode[] = []
  walk(node.children, (each) => {
    if (each.kind === 'competency') found.push(each)
  })
  return found
}

/** True when the node is one a person rates (a competency, not a domain or an indicator). */
export function isRateable(node: TreeNode | undefined): node is TreeNode {
  return node !== undefined && node.kind === 'competency'
}

function byPosition(a: FrameworkNodeRecord, b: FrameworkNodeRecord): number {
  return a.position - b.position || a.id - b.id
}
