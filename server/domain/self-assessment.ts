import type { FrameworkTree, TreeNode } from './tree.js'

/**
 * The guided self-assessment: a person rates, one competency per screen, only the competencies their
 * role asks of them, in the framework's order, and can stop and come back where they stopped.
 */

/**
 * The competencies a person is asked to rate: those with a target for them (their role profile's or
 * their own), in the framework's order; every competency when they have no target at all (no role
 * profile in this framework), so nobody is left with nothing to do, except those they marked "not
 * applicable to my role".
 *
 * ```ts
 * competenciesToRate(tree, new Map([[12, 2]])) // [the competency 12]
 * ```
 */
export function competenciesToRate(tree: FrameworkTree, targets: ReadonlyMap<number, number>, notApplicable: ReadonlySet<number> = new Set()): TreeNode[] {
  const targeted = tree.competencies.filter((competency) => (targets.get(competency.id) ?? 0) > 0)
  return targeted.length > 0 ? targeted : tree.competencies.filter((competency) => !notApplicable.has(competency.id))
}

/**
 * The next competency to rate: the first unrated one after `afterId` (from the start when it is not
 * given), going round to the start; undefined when every one is rated.
 */
export function nextToRate(competencies: readonly TreeNode[], rated: ReadonlySet<number>, afterId?: number): TreeNode | undefined {
  const start = afterId === undefined ? 0 : competencies.findIndex((competency) => competency.id === afterId) + 1
  for (let step = 0; step < competencies.length; step++) {
    const competency = competencies[(start + step) % competencies.length]!
    if (!rated.has(competency.id)) return competency
  }
  return undefined
}

/** How far the person is: rated of the competencies asked, and the place of one of them ("5 of 24"). */
export function selfAssessmentProgress(competencies: readonly TreeNode[], rated: ReadonlySet<number>): { readonly rated: number; readonly total: number } {
  return { rated: competencies.filter((competency) => rated.has(competency.id)).length, total: competencies.length }
}
