import { z } from 'zod'
import type { CaseItem } from './case-package.js'
import type { CaseNode } from './case-tree.js'
import type { NodeKind } from './framework.js'

/**
 * Which items of a CASE tree a person rates: those at one depth (1 = the document's children), or
 * those of some item types (CFItemType, compared without case). Either way, an item without children
 * that no rateable item holds is rateable too, so that nothing of the framework is left out: with
 * depth 2, the leaves of the first level are rated beside the items of the second, as they always were.
 */
export const rateableRuleShape = z.union([
  z.object({ depth: z.number().int().min(1).max(20) }).strict(),
  z.object({ itemTypes: z.array(z.string().trim().min(1).max(200)).min(1).max(50) }).strict(),
])

export type RateableRule = z.infer<typeof rateableRuleShape>

/** What a package of another publisher is read with unless the admin says otherwise. */
export const DEFAULT_RATEABLE: RateableRule = { depth: 2 }

/** A CASE node with the kind it takes under a rule; the tree is kept whole, at any depth. */
export interface KindedNode {
  readonly node: CaseNode
  readonly kind: NodeKind
  readonly children: readonly KindedNode[]
}

/**
 * The kind of every item under the rule: a rateable item is a competency and everything below it
 * its indicators (nested as in the package); an item above a rateable one is a domain. An item that
 * carries one of our own item types (`ownKind`: a package we exported) is what that type says,
 * whatever the rule: our exports read back as they were.
 *
 * ```ts
 * kindsUnder(roots, { depth: 3 }, () => undefined)[0]?.children[0]?.kind // 'domain' (depth 2, with items at depth 3 below)
 * ```
 */
export function kindsUnder(roots: readonly CaseNode[], rule: RateableRule, ownKind: (item: CaseItem) => NodeKind | undefined): { roots: KindedNode[]; picked: number } {
  const matches = ruleMatcher(rule)
  let picked = 0
  const indicator = (node: CaseNode): KindedNode => ({ node, kind: 'indicator', children: node.children.map(indicator) })
  const kinded = (node: CaseNode, depth: number): KindedNode => {
    const own = ownKind(node.item)
    const chosen = own === undefined && matches(node, depth)
    if (chosen) picked++
    if (chosen || (own !== undefined && own !== 'domain') || node.children.length === 0) return { node, kind: 'competency', children: node.children.map(indicator) }
    // Not rateable and not a leaf: a domain, whether or not the rule finds anything below it (its
    // leaves are then rated). Depth counts the publisher's items: not the domain GEN our export adds.
    return { node, kind: 'domain', children: node.children.map((child) => kinded(child, own === undefined ? depth + 1 : depth)) }
  }
  return { roots: roots.map((root) => kinded(root, 1)), picked }
}

/** Whether the rule itself picks an item at a depth (leaves it does not hold aside). */
export function ruleMatcher(rule: RateableRule): (node: CaseNode, depth: number) => boolean {
  if ('depth' in rule) return (_, depth) => depth === rule.depth
  const types = new Set(rule.itemTypes.map(typeKey))
  return (node) => types.has(typeKey(node.item.CFItemType ?? ''))
}

function typeKey(type: string): string {
  return type.trim().toLowerCase()
}

/** The admin's choice as a form holds it: left to the package, a depth, or item types separated by commas. */
export interface RatedChoice {
  readonly choice: 'auto' | 'depth' | 'types'
  readonly depth: string
  readonly itemTypes: string
}

export const AUTO_RATED: RatedChoice = { choice: 'auto', depth: '2', itemTypes: '' }

/**
 * The rule a form's choice says (undefined: left to the package), or the field that does not say one.
 *
 * ```ts
 * ruleOfChoice({ choice: 'types', depth: '', itemTypes: 'Standard, Element' }) // { ok: true, rule: { itemTypes: ['Standard', 'Element'] } }
 * ruleOfChoice({ choice: 'depth', depth: 'x', itemTypes: '' }) // { ok: false, field: 'depth' }
 * ```
 */
export function ruleOfChoice(choice: RatedChoice): { ok: true; rule: RateableRule | undefined } | { ok: false; field: 'depth' | 'itemTypes' } {
  if (choice.choice === 'auto') return { ok: true, rule: undefined }
  if (choice.choice === 'depth') {
    const parsed = rateableRuleShape.safeParse({ depth: /^\s*\d{1,2}\s*$/.test(choice.depth) ? Number(choice.depth) : NaN })
    return parsed.success ? { ok: true, rule: parsed.data } : { ok: false, field: 'depth' }
  }
  const parsed = rateableRuleShape.safeParse({ itemTypes: [...new Set(choice.itemTypes.split(',').map((type) => type.trim()).filter(Boolean))] })
  return parsed.success ? { ok: true, rule: parsed.data } : { ok: false, field: 'itemTypes' }
}

/** A form's choice read from its fields (anything else: left to the package). */
export function ratedChoiceOf(fields: { readonly rated?: string; readonly depth?: string; readonly itemTypes?: string }): RatedChoice {
  const choice = fields.rated === 'depth' || fields.rated === 'types' ? fields.rated : 'auto'
  return { choice, depth: (fields.depth ?? '').slice(0, 10), itemTypes: (fields.itemTypes ?? '').slice(0, 5000) }
}
