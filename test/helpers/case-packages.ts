import type { Test } from 'tap'
import type { FrameworkFileNode } from '../../server/domain/framework-file.js'

/** Small CASE packages built for the importer's tests, and what those tests compare. */

export const DOC = 'd0000000-0000-4000-8000-000000000000'
export const AT = '2020-01-01T00:00:00Z'
export const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`

/** A package of items numbered 1.., each a child of `parent` (0 = the document, null = no parent). */
export function casePackage<Extra extends object = Record<never, never>>(items: { n: number; parent: number | null; code?: string; statement?: string; notes?: string; type?: string }[], extra: Extra = {} as Extra) {
  const link = (id: string) => ({ title: id, identifier: id, uri: `https://case.example/uri/${id}` })
  return {
    CFDocument: { identifier: DOC, uri: `https://case.example/uri/${DOC}`, creator: 'Tester', title: 'Édition spéciale', language: 'FR-ca', lastChangeDateTime: AT },
    CFItems: items.map(({ n, code, statement, notes, type }) => ({
      identifier: uuid(n),
      uri: `https://case.example/uri/${uuid(n)}`,
      fullStatement: statement ?? `Item ${n}`,
      ...(code === undefined ? {} : { humanCodingScheme: code }),
      ...(notes === undefined ? {} : { notes }),
      ...(type === undefined ? {} : { CFItemType: type }),
      lastChangeDateTime: AT,
    })),
    CFAssociations: items.flatMap(({ n, parent }, index) =>
      parent === null ? [] : [{ identifier: uuid(1000 + index), uri: `https://case.example/uri/a${n}`, associationType: 'isChildOf', originNodeURI: link(uuid(n)), destinationNodeURI: link(parent === 0 ? DOC : uuid(parent)), lastChangeDateTime: AT }],
    ),
    ...extra,
  }
}

export function hasWarnings(t: Test, warnings: readonly string[], patterns: readonly RegExp[]): void {
  for (const pattern of patterns) t.ok(warnings.some((warning) => pattern.test(warning)), `warns ${pattern}`, { warnings })
}

/** What must survive a round trip, in tree order; translations are not exported. */
export function outline(nodes: readonly FrameworkFileNode[]): unknown[] {
  return nodes.map((node) => ({
    code: node.code,
    kind: node.kind,
    title: node.title,
    description: node.description,
    levelDescriptors: Object.fromEntries(Object.entries(node.levelDescriptors ?? {}).map(([level, { translations: _, ...descriptor }]) => [level, descriptor])),
    children: outline(node.children ?? []),
  }))
}
