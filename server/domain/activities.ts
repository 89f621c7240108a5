export type ActivityStatus = 'planned' | 'in_progress' | 'completed'

/** Where an activity may go from where it is: forward only, and a completed one stays completed. */
import { problem } from './problems.js'

/** A refusal's English and its reason, by code (see problems.ts). */
export type ActivityProblem = ReturnType<typeof problem>

const NEXT: Readonly<Record<ActivityStatus, readonly ActivityStatus[]>> = {
  planned: ['planned', 'in_progress', 'completed'],
  in_progress: ['in_progress', 'completed'],
  completed: ['completed'],
}

/**
 * Why a change of status is not allowed, or undefined when it is.
 *
 * ```ts
 * statusChangeProblem('completed', 'planned') // { message: 'A completed activity stays completed; ...', reason: { code: 'activityStaysCompleted', params: {} } }
 * ```
 */
export function statusChangeProblem(from: ActivityStatus, to: ActivityStatus): ActivityProblem | undefined {
  if (NEXT[from].includes(to)) return undefined
  return from === 'completed' ? problem('activityStaysCompleted', {}) : problem('activityNotBackToPlanned', {})
}

/** Why the dates of an activity do not fit together, or undefined. Dates are ISO `YYYY-MM-DD`. */
export function datesProblem(activity: { status: ActivityStatus; startedAt: string | null; completedAt: string | null }): ActivityProblem | undefined {
  if (activity.completedAt !== null && activity.startedAt !== null && activity.completedAt < activity.startedAt) {
    return problem('activityDatesReversed', { completedAt: activity.completedAt, startedAt: activity.startedAt })
  }
  if (activity.completedAt !== null && activity.status !== 'completed') return problem('activityCompletionDateTooEarly', {})
  return undefined
}

/**
 * Hours of completed activities per calendar year of completion, newest year first.
 *
 * ```ts
 * hoursPerYear([{ status: 'completed', completedAt: '2026-03-01', hours: 12 }]) // [{ year: 2026, hours: 12, activities: 1 }]
 * ```
 */
export function hoursPerYear(activities: readonly { status: ActivityStatus; completedAt: string | null; hours: number | null }[]): { year: number; hours: number; activities: number }[] {
  const years = new Map<number, { hours: number; activities: number }>()
  for (const activity of activities) {
    if (activity.status !== 'completed' || activity.completedAt === null) continue
    const year = Number(activity.completedAt.slice(0, 4))
    const entry = years.get(year) ?? { hours: 0, activities: 0 }
    entry.hours += activity.hours ?? 0
    entry.activities += 1
    years.set(year, entry)
  }
  return [...years].map(([year, entry]) => ({ year, ...entry })).sort((a, b) => b.year - a.year)
}
