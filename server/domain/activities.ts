export type ActivityStatus = 'planned' | 'in_progress' | 'completed'

/** Where an activity may go from where it is: forward only, and a completed one stays completed. */
const NEXT: Readonly<Record<ActivityStatus, readonly ActivityStatus[]>> = {
  planned: ['planned', 'in_progress', 'completed'],
  in_progress: ['in_progress', 'completed'],
  completed: ['completed'],
}

/**
 * Why a change of status is not allowed, or undefined when it is.
 *
 * ```ts
 * statusChangeProblem('completed', 'planned') // 'A completed activity stays completed; ...'
 * ```
 */
export function statusChangeProblem(from: ActivityStatus, to: ActivityStatus): string | undefined {
  if (NEXT[from].includes(to)) return undefined
  if (from === 'completed') return 'A completed activity stays completed; record a new activity to take it again'
  return `An activity in progress cannot go back to planned`
}

/** Why the dates of an activity do not fit together, or undefined. Dates are ISO `YYYY-MM-DD`. */
export function datesProblem(activity: { status: ActivityStatus; startedAt: string | null; completedAt: string | null }): string | undefined {
  if (activity.completedAt !== null && activity.startedAt !== null && activity.completedAt < activity.startedAt) {
    return `The completion date ${activity.completedAt} is before the start date ${activity.startedAt}`
  }
  if (activity.completedAt !== null && activity.status !== 'completed') return 'Only a completed activity has a completion date'
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
