import type { CaseAssociation, CaseItem, CasePackage } from './case-package.js'

/** The items as a tree by isChildOf, siblings in order; the roots are the document's children. */
export function caseTree(pkg: CasePackage, warnings: string[]): { roots: CaseNode[]; crosswalks: CaseAssociation[]; placedBy: Map<string, CaseAssociation> } {
  const docId = pkg.CFDocument.identifier
  const items = pkg.CFItems ?? []
  const fileIndex = new Map(items.map((item, index) => [item.identifier, index]))
  const childrenOf = new Map<string, { item: CaseItem; sequence: number | undefined }[]>()
  const hasParent = new Set<string>()
  const placedBy = new Map<string, CaseAssociation>()
  const crosswalks: CaseAssociation[] = []
  ;(pkg.CFAssociations ?? []).forEach((association, index) => {
    if (association.associationType !== 'isChildOf') return void crosswalks.push(association)
    const child = association.originNodeURI.identifier
    const parent = association.destinationNodeURI.identifier
    const item = items[fileIndex.get(child) ?? -1]
    const problem = !item
      ? 'its origin is not an item of this package'
      : parent !== docId && !fileIndex.has(parent) ? 'its destination is neither the document nor an item of this package'
        : hasParent.has(child) ? 'the item already has a parent' : child === parent ? 'it links an item to itself' : undefined
    if (problem || !item) {
      warnings.push(`/CFAssociations/${index}: isChildOf kept as an association beside the tree, because ${problem}`)
      return void crosswalks.push(association)
    }
    hasParent.add(child)
    placedBy.set(child, association)
    const siblings = childrenOf.get(parent) ?? []
    siblings.push({ item, sequence: association.sequenceNumber })
    childrenOf.set(parent, siblings)
  })
  const others = crosswalks.filter((association) => association.associationType !== 'isChildOf')
  if (others.length > 0) {
    const types = [...new Set(others.map((association) => association.associationType))].map((type) => `${others.filter((a) => a.associationType === type).length} ${type}`)
    warnings.push(`${others.length} associations other than isChildOf kept beside the tree (shown on their items' pages, exported again): ${types.join(', ')}`)
  }

  const rank = (value: number | undefined): number => (value === undefined || Number.isNaN(value) ? Infinity : value)
  const listNumber = (item: CaseItem): number => rank(item.listEnumeration?.trim() ? Number(item.listEnumeration) : undefined)
  const inOrder = (links: { item: CaseItem; sequence: number | undefined }[]): CaseItem[] =>
    [...links]
      .sort((a, b) =>
        rank(a.sequence) - rank(b.sequence) ||
        listNumber(a.item) - listNumber(b.item) ||
        compareCodes(a.item.humanCodingScheme, b.item.humanCodingScheme) ||
        (fileIndex.get(a.item.identifier) ?? 0) - (fileIndex.get(b.item.identifier) ?? 0),
      )
      .map((link) => link.item)
  const visited = new Set<string>()
  const build = (item: CaseItem, path: string): CaseNode => {
    visited.add(item.identifier)
    const children: CaseNode[] = []
    for (const child of inOrder(childrenOf.get(item.identifier) ?? [])) {
      if (!visited.has(child.identifier)) children.push(build(child, `${path}.${children.length + 1}`))
    }
    return { item, path, children }
  }
  const roots: CaseNode[] = []
  for (const item of inOrder(childrenOf.get(docId) ?? [])) roots.push(build(item, String(roots.length + 1)))
  const placed = visited.size
  for (const item of items) if (!visited.has(item.identifier)) roots.push(build(item, String(roots.length + 1)))
  if (visited.size > placed) warnings.push(`${visited.size - placed} items are not reachable from the document by isChildOf: placed at the top level`)
  return { roots, crosswalks, placedBy }
}

function compareCodes(a: string | undefined, b: string | undefined): number {
  if (a === undefined || b === undefined) return a === b ? 0 : a === undefined ? 1 : -1
  return CODE_ORDER.compare(a, b)
}

const CODE_ORDER = new Intl.Collator('en', { numeric: true, sensitivity: 'base' })

export interface CaseNode {
  item: CaseItem
  /** 1-based position path in the CASE tree, e.g. "1.2.3". */
  path: string
  children: CaseNode[]
}
