import type { FrameworkTree } from './tree.js'

export interface DomainSummary {
  readonly domainId: number
  readonly code: string
  readonly title: string
  readonly competencies: number
  readonly rated: number
  /** rated / competencies, 0..1. */
  readonly shareRated: number
  /** Mean level of the rated competencies; null when none is rated. */
  readonly meanLevel: number | null
  /** Mean target over the domain's competencies that have one; null when none has. */
  readonly meanTarget: number | null
}

/**
 * A person's profile per domain: how much of it they have rated and at what mean level.
 *
 * ```ts
 * summariseProfile(tree, new Map([[competencyId, 2]]))
 * // [{ code: 'PED', competencies: 4, rated: 1, shareRated: 0.25, meanLevel: 2, ... }, ...]
 * ```
 */
export function summariseProfile(tree: FrameworkTree, currentLevels: ReadonlyMap<number, number>, targets: ReadonlyMap<number, number> = new Map()): DomainSummary[] {
  return tree.roots.map((domain) => {
    const inDomain = tree.competencies.filter((competency) => competency.domainId === domain.id)
    const levels = inDomain.map((competency) => currentLevels.get(competency.id)).filter((level) => level !== undefined)
    const total = levels.reduce((sum, level) => sum + level, 0)
    const domainTargets = inDomain.map((competency) => targets.get(competency.id)).filter((level) => level !== undefined)
    return {
      domainId: domain.id,
      code: domain.code,
      title: domain.title,
      competencies: inDomain.length,
      rated: levels.length,
      shareRated: inDomain.length === 0 ? 0 : levels.length / inDomain.length,
      meanLevel: levels.length === 0 ? null : total / levels.length,
      meanTarget: domainTargets.length === 0 ? null : domainTargets.reduce((sum, level) => sum + level, 0) / domainTargets.length,
    }
  })
}
