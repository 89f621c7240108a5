import type { NodeKind } from './framework.js'
import { frameworkProblem } from './framework-problems.js'

/** Old code -> new code, or null for a competency that is retired. */
export type CodeMap = Readonly<Record<string, string | null>>

export type CodeMapError = ReturnType<typeof frameworkProblem>

export type CodeMapResult = { ok: true; map: ReadonlyMap<string, string | null> } | { ok: false; errors: CodeMapError[] }

interface CodedNode {
  readonly code: string
  readonly kind: NodeKind
}

/**
 * Resolves the code map an admin gives with a new framework version into the effective map of every
 * rateable (competency) code of the old version: the code it maps to, null when it is retired. A
 * code the map does not mention carries to the same code when the new version has it as a
 * competency, else it is retired. Every bad entry is reported: a code the old version does not have
 * or does not rate, or a new code the new version does not have or does not rate.
 *
 * ```ts
 * resolveCodeMap(oldNodes, newNodes, { 'PED.1': 'PED.2', 'OLD.3': null })
 * // { ok: true, map: Map { 'PED.1' => 'PED.2', 'OLD.3' => null, 'ASM.1' => 'ASM.1', ... } }
 * ```
 */
export function resolveCodeMap(oldNodes: readonly CodedNode[], newNodes: readonly CodedNode[], codeMap: CodeMap): CodeMapResult {
  const oldKinds = new Map(oldNodes.map((node) => [node.code, node.kind]))
  const newKinds = new Map(newNodes.map((node) => [node.code, node.kind]))
  const errors: CodeMapError[] = []
  for (const [from, to] of Object.entries(codeMap)) {
    const pointer = `/codeMap/${escapePointer(from)}`
    const oldKind = oldKinds.get(from)
    if (oldKind === undefined) errors.push(frameworkProblem(pointer, 'notOldCode', { code: from }))
    else if (oldKind !== 'competency') errors.push(frameworkProblem(pointer, 'oldNotCompetency', { code: from, kind: oldKind }))
    if (to === null) continue
    const newKind = newKinds.get(to)
    if (newKind === undefined) errors.push(frameworkProblem(pointer, 'notNewCode', { code: to }))
    else if (newKind !== 'competency') errors.push(frameworkProblem(pointer, 'newNotCompetency', { code: to, kind: newKind, from }))
  }
  if (errors.length > 0) return { ok: false, errors }
  const map = new Map<string, string | null>()
  for (const node of oldNodes) {
    if (node.kind !== 'competency') continue
    if (Object.hasOwn(codeMap, node.code)) map.set(node.code, codeMap[node.code] ?? null)
    else map.set(node.code, newKinds.get(node.code) === 'competency' ? node.code : null)
  }
  return { ok: true, map }
}

function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1')
}

/**
 * The code map from one version to the next by CASE identifier: every rateable (competency) code of
 * the old version maps to the code of the item with the same identifier in the new version when that
 * one is rated too, else to null (retired). Never by code: an item that took a retired item's code
 * is another item, and nobody's rating moves to it.
 *
 * ```ts
 * codeMapByIdentifier([{ code: 'A.1', kind: 'competency', identifier: 'x' }], [{ code: 'A.2', kind: 'competency', identifier: 'x' }]) // { 'A.1': 'A.2' }
 * ```
 */
export function codeMapByIdentifier(oldNodes: readonly (CodedNode & { readonly identifier?: string })[], newNodes: readonly (CodedNode & { readonly identifier?: string })[]): Record<string, string | null> {
  const next = new Map(newNodes.flatMap((node) => (node.identifier === undefined ? [] : [[node.identifier.toLowerCase(), node] as const])))
  const map: Record<string, string | null> = {}
  for (const node of oldNodes) {
    if (node.kind !== 'competency') continue
    const same = node.identifier === undefined ? undefined : next.get(node.identifier.toLowerCase())
    map[node.code] = same !== undefined && same.kind === 'competency' ? same.code : null
  }
  return map
}
