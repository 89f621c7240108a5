import type { FrameworkNodeRecord } from '../../server/domain/tree.js'

/** A stored node for tree tests: code `N<id>`, title `Node <id>`, everything else at its default. */
export function nodeRecord(id: number, parentId: number | null, kind: FrameworkNodeRecord['kind'], position: number): FrameworkNodeRecord {
  return {
    id,
    parentId,
    code: `N${id}`,
    kind,
    position,
    title: `Node ${id}`,
    description: '',
    levelDescriptors: {},
    appliesTo: [],
    importance: 1,
    translations: {},
    source: { title: 'test' },
  }
}
