/**
 * Assessment rounds: HR ask the staff in scope to assess themselves between two dates; invitations go
 * out when a round opens and reminders on chosen days before it closes. Participation is counted per
 * department, never named, and never for fewer people than the institution's minimum group size.
 */

import { dayIn } from './time-zone.js'

export type RoundStatus = 'upcoming' | 'open' | 'closed'

/**
 * A moment as HR give it: an instant, or a day ('YYYY-MM-DD') that begins at midnight in the
 * institution's time zone.
 */
export type Moment = Date | { readonly day: string }

export interface RoundWindow {
  readonly opensAt: Date
  readonly closesAt: Date
}

const DAY_MS = 86_400_000

/** The days before the close reminders go out by default. */
export const DEFAULT_REMINDER_DAYS: readonly number[] = [7, 2]

export function roundStatus(round: RoundWindow, now: Date): RoundStatus {
  if (now < round.opensAt) return 'upcoming'
  return now < round.closesAt ? 'open' : 'closed'
}

/**
 * The reminders due now and not yet claimed, as the keys that claim them (`days:7`). Only the latest
 * due one is sent (a round opened two days before its close does not send its seven-day reminder
 * as well), but every due key is claimed so none fires later.
 *
 * ```ts
 * dueReminders({ opensAt, closesAt, reminderDays: [7, 2] }, now, new Set(['days:7']))
 * // { claim: ['days:2'], send: true }   when now is within two days of the close
 * ```
 */
export function dueReminders(round: RoundWindow & { readonly reminderDays: readonly number[] }, now: Date, claimed: ReadonlySet<string>): { claim: string[]; send: boolean } {
  if (roundStatus(round, now) !== 'open') return { claim: [], send: false }
  const due = round.reminderDays.filter((days) => now.getTime() >= round.closesAt.getTime() - days * DAY_MS).map((days) => `days:${days}`)
  const claim = due.filter((key) => !claimed.has(key))
  return { claim, send: claim.length > 0 }
}

/**
 * The last day a round is open, as YYYY-MM-DD in the institution's time zone: the day of the last
 * moment before it closes (a round HR open "to the end of 31 May" closes at the start of 1 June).
 */
export function closingDay(closesAt: Date, timeZone: string): string {
  return dayIn(new Date(closesAt.getTime() - 1), timeZone)
}

/** The day a round opens, as YYYY-MM-DD in the institution's time zone. */
export function openingDay(opensAt: Date, timeZone: string): string {
  return dayIn(opensAt, timeZone)
}

/** The key that claims HR's reminder of one day (the institution's day): at most one a day per round. */
export function manualReminderKey(now: Date, timeZone: string): string {
  return `manual:${dayIn(now, timeZone)}`
}

export interface DepartmentParticipation {
  readonly departmentId: number | null
  readonly invited: number
  readonly started: number
  readonly completed: number
}

export interface ParticipationRow {
  /** The departments counted together in this row: one, or several each too small to show alone. */
  readonly departmentIds: readonly (number | null)[]
  readonly invited: number
  readonly started: number
  readonly completed: number
}

export interface Participation {
  readonly invited: number
  /** Null when the whole round has fewer people than the minimum group size. */
  readonly started: number | null
  readonly completed: number | null
  readonly rows: readonly ParticipationRow[]
}

/**
 * Participation per department, safe to show: a department with fewer invited people than `k` is
 * pooled with the other small ones; a pool still under `k` takes in the smallest departments shown
 * alone until it reaches `k`, so every row counts at least `k` people and no row can be had by
 * subtracting the others from the total. A round of fewer than `k` people shows only how many
 * were invited.
 *
 * ```ts
 * participationRows([{ departmentId: 1, invited: 9, started: 5, completed: 2 }, { departmentId: 2, invited: 2, started: 1, completed: 1 }], 5)
 * // { invited: 11, started: 6, completed: 3, rows: [{ departmentIds: [2, 1], invited: 11, started: 6, completed: 3 }] }
 * ```
 */
export function participationRows(departments: readonly DepartmentParticipation[], k: number): Participation {
  const invited = sum(departments, 'invited')
  if (invited < k) return { invited, started: null, completed: null, rows: [] }
  const alone = departments.filter((department) => department.invited >= k).sort((a, b) => a.invited - b.invited || (a.departmentId ?? 0) - (b.departmentId ?? 0))
  const pool = departments.filter((department) => department.invited < k)
  while (pool.length > 0 && sum(pool, 'invited') < k) pool.push(alone.shift()!)
  const row = (group: readonly DepartmentParticipation[]): ParticipationRow => ({
    departmentIds: group.map((department) => department.departmentId),
    invited: sum(group, 'invited'),
    started: sum(group, 'started'),
    completed: sum(group, 'completed'),
  })
  const rows = [...alone.map((department) => row([department])), ...(pool.length > 0 ? [row(pool)] : [])]
  return { invited, started: sum(departments, 'started'), completed: sum(departments, 'completed'), rows }
}

function sum(departments: readonly DepartmentParticipation[], key: 'invited' | 'started' | 'completed'): number {
  return departments.reduce((total, department) => total + department[key], 0)
}
