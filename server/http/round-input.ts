import { z } from 'zod'
import type { Moment } from '../domain/rounds.js'
import { nextDay } from '../domain/time-zone.js'

const MAX_ID = 2_147_483_647

/** A day as YYYY-MM-DD. */
const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD')
  // A day that does not exist (30 February) would roll over into the next month: refused instead.
  .refine((value) => {
    const date = new Date(`${value}T00:00:00Z`)
    return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value && date.getUTCFullYear() >= 2000 && date.getUTCFullYear() <= 2100
  }, 'a real date between 2000 and 2100')

/** A moment: an ISO 8601 date-time with its offset, or a day (its start in the institution's time zone). */
const MOMENT_FORMAT = 'a date-time with its offset (ISO 8601, 2027-05-31T17:00:00+03:00) or a day as YYYY-MM-DD'
const dateTime = z.iso.datetime({ offset: true })
const moment = z
  .string()
  .max(40)
  .refine((value) => dateTime.safeParse(value).success || day.safeParse(value).success, MOMENT_FORMAT)
  .transform((value): Moment => (dateTime.safeParse(value).success ? new Date(value) : { day: value }))

const ids = z.array(z.number().int().positive().max(MAX_ID)).max(500)

/** `POST /api/v1/institution/rounds`: what HR send to open a round. */
export const newRoundSchema = z
  .object({
    title: z.string().trim().min(1).max(200),
    opensAt: moment.describe("When the round opens; a bare day means its start in the institution's time zone"),
    closesAt: moment.describe("When the round closes; a bare day means its start in the institution's time zone: use the next day to include a whole day"),
    departmentIds: ids.optional(),
    roleProfileIds: ids.optional(),
    framework: z.number().int().positive().max(MAX_ID).optional().describe('The framework to assess; the institution\'s default when left out'),
  })
  .strict()

/**
 * The HR form's fields: days, the closing one included whole (the round closes at the start of
 * the next day, in the institution's time zone); checkboxes arrive as one value or several.
 */
export const roundFormSchema = z.object({
  title: z.string().trim().min(1).max(200),
  opensOn: day.transform((value): Moment => ({ day: value })),
  closesOn: day.transform((value): Moment => ({ day: nextDay(value) })),
  departmentIds: z.union([z.string(), z.array(z.string())]).optional(),
  roleProfileIds: z.union([z.string(), z.array(z.string())]).optional(),
})

/** Ticked ids of a form field (one value or several); undefined when one is not an id. */
export function tickedIds(value: string | string[] | undefined): number[] | undefined {
  const values = value === undefined ? [] : Array.isArray(value) ? value : [value]
  const parsed = values.map((part) => (/^[1-9]\d{0,9}$/.test(part) && Number(part) <= MAX_ID ? Number(part) : undefined))
  return parsed.every((id) => id !== undefined) ? (parsed as number[]) : undefined
}
