import { NOT_RATED } from './scale.js'

export type TargetSource = 'profile' | 'personal'

export interface Target {
  readonly level: number
  readonly source: TargetSource
}

/**
 * gap: rated below the target. met: rated at or above it, or rated with no target. unrated: not rated
 * yet, so unknown: never counted as a gap (not in gaps, recommendations, learning paths or HR's gap
 * figures); the person is asked to rate it instead.
 */
export type GapStatus = 'gap' | 'met' | 'unrated'

export interface Standing {
  readonly competencyId: number
  /** The current level; NOT_RATED (0) when never rated (see status). */
  readonly current: number
  /** The target level, or null when the person's role sets none for this competency. */
  readonly target: number | null
  readonly targetSource: TargetSource | null
  /** max(0, target - current) when rated with a target; otherwise 0. */
  readonly gap: number
  readonly status: GapStatus
}

/**
 * The targets that apply to a person: their role profile's, overridden one by one by personal targets
 * (a personal target of 0, "not applicable to my role", removes the profile's).
 *
 * ```ts
 * resolveTargets(new Map([[1, 2], [2, 2], [3, 1]]), new Map([[2, 3], [3, 0]]))
 * // Map { 1 => { level: 2, source: 'profile' }, 2 => { level: 3, source: 'personal' } }
 * ```
 */
export function resolveTargets(profileTargets: ReadonlyMap<number, number>, personalTargets: ReadonlyMap<number, number>): Map<number, Target> {
  const targets = new Map<number, Target>()
  for (const [competencyId, level] of profileTargets) targets.set(competencyId, { level, source: 'profile' })
  for (const [competencyId, level] of personalTargets) {
    if (level === NOT_APPLICABLE) targets.delete(competencyId)
    else targets.set(competencyId, { level, source: 'personal' })
  }
  return targets
}

/**
 * A personal target of 0: the person said the competency does not apply to their role. It then has
 * no target for them (resolveTargets), so it is asked of nobody, a gap of nobody, in no HR gap figure.
 */
export const NOT_APPLICABLE = 0


/**
 * Where a person stands on each competency: current level, target, gap and status. A competency not
 * rated is unknown, not a gap.
 *
 * ```ts
 * standings([7, 8], new Map([[8, 1]]), new Map([[7, { level: 2, source: 'profile' }], [8, { level: 3, source: 'profile' }]]))
 * // [{ competencyId: 7, current: 0, target: 2, targetSource: 'profile', gap: 0, status: 'unrated' },
 * //  { competencyId: 8, current: 1, target: 3, targetSource: 'profile', gap: 2, status: 'gap' }]
 * ```
 */
export function standings(competencyIds: readonly number[], current: ReadonlyMap<number, number>, targets: ReadonlyMap<number, Target>): Standing[] {
  return competencyIds.map((competencyId) => {
    const level = current.get(competencyId)
    const target = targets.get(competencyId)
    const gap = level === undefined || target === undefined ? 0 : Math.max(0, target.level - level)
    return {
      competencyId,
      current: level ?? NOT_RATED,
      target: target?.level ?? null,
      targetSource: target?.source ?? null,
      gap,
      status: level === undefined ? 'unrated' : gap > 0 ? 'gap' : 'met',
    }
  })
}

/** True when a rating made at `ratedAt` is older than `staleAfterMonths` at `now`. */
export function isStale(ratedAt: Date, now: Date, staleAfterMonths: number): boolean {
  const limit = new Date(now)
  limit.setUTCMonth(limit.getUTCMonth() - staleAfterMonths)
  return ratedAt < limit
}
