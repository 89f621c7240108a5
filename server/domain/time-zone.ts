/**
 * An institution's time zone (an IANA name such as Africa/Nairobi): the days HR choose for a round
 * begin and end at its midnights, and the times of the audit log and of reminders are read in it.
 * Through `Intl`, which carries the time zone database with Node; no arithmetic on offsets by hand
 * beyond asking `Intl` what a wall clock shows.
 */

export const DEFAULT_TIME_ZONE = 'UTC'

const DAY_MS = 86_400_000

/** The time zones `Intl` knows, UTC first: what an institution may choose. */
export const TIME_ZONES: readonly string[] = [DEFAULT_TIME_ZONE, ...Intl.supportedValuesOf('timeZone').filter((zone) => zone !== DEFAULT_TIME_ZONE)]
const KNOWN = new Set(TIME_ZONES)

export function isTimeZone(value: unknown): value is string {
  return typeof value === 'string' && KNOWN.has(value)
}

const wallClocks = new Map<string, Intl.DateTimeFormat>()

/** What a wall clock in `timeZone` shows at `date`, read as if it were UTC (so differences are offsets). */
function wallClock(date: Date, timeZone: string): number {
  let format = wallClocks.get(timeZone)
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' })
    wallClocks.set(timeZone, format)
  }
  const parts = Object.fromEntries(format.formatToParts(date).map((part) => [part.type, part.value]))
  return Date.UTC(Number(parts['year']), Number(parts['month']) - 1, Number(parts['day']), Number(parts['hour']), Number(parts['minute']), Number(parts['second']))
}

/**
 * The moment a day ('YYYY-MM-DD') begins in a time zone. Where clocks skip midnight (a change to
 * summer time at 00:00), the first moment of the day that exists.
 *
 * ```ts
 * startOfDay('2027-05-31', 'Africa/Nairobi') // 2027-05-30T21:00:00.000Z
 * ```
 */
export function startOfDay(day: string, timeZone: string): Date {
  const [year, month, date] = day.split('-').map(Number)
  const midnight = Date.UTC(year!, month! - 1, date!)
  // The offset at a first guess, then at the moment it gives (they differ across a change of offset).
  let moment = midnight - (wallClock(new Date(midnight), timeZone) - midnight)
  moment = midnight - (wallClock(new Date(moment), timeZone) - moment)
  // A midnight that does not exist lands in the day before: move to the first hour of the day.
  while (dayIn(new Date(moment), timeZone) < day) moment += 3_600_000
  return new Date(moment)
}

/** The day ('YYYY-MM-DD') a moment falls on in a time zone. */
export function dayIn(date: Date, timeZone: string): string {
  return new Date(wallClock(date, timeZone)).toISOString().slice(0, 10)
}

/** The day after a day, both as 'YYYY-MM-DD'. */
export function nextDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10)
}
