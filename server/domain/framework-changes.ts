import type { FrameworkFile, FrameworkFileNode } from './framework-file.js'

/** A node as a change names it: its code and title in the version it is in. */
export interface ChangedNode {
  readonly identifier: string
  readonly code: string
  readonly title: string
}

/**
 * What a new version changes, item by item, matched by CASE identifier (not by code or position):
 * what a platform operator looks at before loading a newer version of a subscribed framework.
 */
export interface FrameworkChanges {
  readonly added: readonly ChangedNode[]
  readonly removed: readonly ChangedNode[]
  /** Under another parent (by identifier) than before. */
  readonly moved: readonly (ChangedNode & { readonly fromParent: string | null; readonly toParent: string | null })[]
  /** Another title or description than before. */
  readonly reworded: readonly (ChangedNode & { readonly before: string })[]
  /** Another code than before (the same item: ratings follow it). */
  readonly recoded: readonly (ChangedNode & { readonly before: string })[]
  /** Items in both versions. */
  readonly kept: number
}

/**
 * The changes from `before` to `after`, both with CASE identifiers on every node (as loaded
 * versions and CASE imports have them); nodes without one are matched by code.
 *
 * ```ts
 * frameworkChanges(loaded, fetched).removed // [{ identifier: '…', code: 'A.3', title: 'Retired item' }]
 * ```
 */
export function frameworkChanges(before: FrameworkFile, after: FrameworkFile): FrameworkChanges {
  const old = indexed(before.nodes)
  const next = indexed(after.nodes)
  const named = (entry: Indexed): ChangedNode => ({ identifier: entry.key, code: entry.node.code, title: entry.node.title })
  const added: ChangedNode[] = []
  const moved: (ChangedNode & { fromParent: string | null; toParent: string | null })[] = []
  const reworded: (ChangedNode & { before: string })[] = []
  const recoded: (ChangedNode & { before: string })[] = []
  let kept = 0
  for (const [key, entry] of next) {
    const was = old.get(key)
    if (was === undefined) {
      added.push(named(entry))
      continue
    }
    kept++
    const parentCode = (parent: string | null, index: Map<string, Indexed>) => (parent === null ? null : (index.get(parent)?.node.code ?? null))
    if (was.parent !== entry.parent) moved.push({ ...named(entry), fromParent: parentCode(was.parent, old), toParent: parentCode(entry.parent, next) })
    if (was.node.title !== entry.node.title || (was.node.description ?? '') !== (entry.node.description ?? '')) reworded.push({ ...named(entry), before: was.node.title })
    if (was.node.code !== entry.node.code) recoded.push({ ...named(entry), before: was.node.code })
  }
  const removed = [...old].filter(([key]) => !next.has(key)).map(([, entry]) => named(entry))
  return { added, removed, moved, reworded, recoded, kept }
}

/** Whether the changes change anything at all. */
export function hasChanges(changes: FrameworkChanges): boolean {
  return changes.added.length + changes.removed.length + changes.moved.length + changes.reworded.length + changes.recoded.length > 0
}

interface Indexed {
  readonly key: string
  readonly node: FrameworkFileNode
  /** The parent's key; null at the top. */
  readonly parent: string | null
}

function indexed(nodes: readonly FrameworkFileNode[]): Map<string, Indexed> {
  const index = new Map<string, Indexed>()
  const visit = (node: FrameworkFileNode, parent: string | null): void => {
    const key = node.identifier?.toLowerCase() ?? `code:${node.code}`
    index.set(key, { key, node, parent })
    for (const child of node.children ?? []) visit(child, key)
  }
  for (const node of nodes) visit(node, null)
  return index
}
