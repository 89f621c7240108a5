import { NOT_RATED } from './scale.js'

export type TargetSource = 'profile' | 'personal'

export interface Target {
  readonly level: number
  readonly source: TargetSource
}

export interface Standing {
  readonly competencyId: number
  /** The current level; NOT_RATED (0) when never rated. */
  readonly current: number
  /** The target level, or null when the person's role sets none for this competency. */
  readonly target: number | null
  readonly targetSource: TargetSource | null
  /** max(0, target - current); 0 without a target. */
  readonly gap: number
}

/**
 * The targets that apply to a person: their role profile's, overridden one by one by personal targets.
 *
 * ```ts
 * resolveTargets(new Map([[1, 2], [2, 2]]), new Map([[2, 3]]))
 * // Map { 1 => { level: 2, source: 'profile' }, 2 => { level: 3, source: 'personal' } }
 * ```
 */
export function resolveTargets(profileTargets: ReadonlyMap<number, number>, personalTargets: ReadonlyMap<number, number>): Map<number, Target> {
  const targets = new Map<number, Target>()
  for (const [competencyId, level] of profileTargets) targets.set(competencyId, { level, source: 'profile' })
  for (const [competencyId, level] of personalTargets) targets.set(competencyId, { level, source: 'personal' })
  return targets
}

/**
 * Where a person stands on each competency: current level (no rating counts as 0), target and gap.
 *
 * ```ts
 * standings([7], new Map(), new Map([[7, { level: 2, source: 'profile' }]]))
 * // [{ competencyId: 7, current: 0, target: 2, targetSource: 'profile', gap: 2 }]
 * ```
 */
export function standings(competencyIds: readonly number[], current: ReadonlyMap<number, number>, targets: ReadonlyMap<number, Target>): Standing[] {
  return competencyIds.map((competencyId) => {
    const level = current.get(competencyId) ?? NOT_RATED
    const target = targets.get(competencyId)
    return {
      competencyId,
      current: level,
      target: target?.level ?? null,
      targetSource: target?.source ?? null,
      gap: target === undefined ? 0 : Math.max(0, target.level - level),
    }
  })
}

/** True when a rating made at `ratedAt` is older than `staleAfterMonths` at `now`. */
export function isStale(ratedAt: Date, now: Date, staleAfterMonths: number): boolean {
  const limit = new Date(now)
  limit.setUTCMonth(limit.getUTCMonth() - staleAfterMonths)
  return ratedAt < limit
}
