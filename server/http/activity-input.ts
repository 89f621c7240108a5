import { z } from 'zod'
import type { Messages } from '../../views/messages/en/index.js'
import type { ActivityStatus } from '../domain/activities.js'
import type { NewActivity } from '../services/activities.js'
import { parseId } from './ids.js'

const STATUSES: readonly ActivityStatus[] = ['planned', 'in_progress', 'completed']
const isoDate = z.iso.date()
const httpUrl = z.url({ protocol: /^https?$/ }).max(2000)

export type ActivityFormParse = { ok: true; input: NewActivity } | { ok: false; errors: Record<string, string>; values: Record<string, string> }

/** Reads the activity form of a page (strings only) and says, in the person's language, what is wrong. */
export function parseActivityForm(body: unknown, m: Messages): ActivityFormParse {
  const form = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>
  const values: Record<string, string> = {}
  for (const key of ['programmeId', 'title', 'status', 'hours', 'startedAt', 'completedAt', 'certificateUrl', 'notes']) {
    if (typeof form[key] === 'string') values[key] = (form[key] as string).trim()
  }
  const errors: Record<string, string> = {}
  const programmeId = values['programmeId'] ? parseId(values['programmeId']) : undefined
  if (values['programmeId'] && programmeId === undefined) errors['programmeId'] = m.programmes.none
  const status = STATUSES.find((candidate) => candidate === values['status'])
  if (status === undefined) errors['status'] = m.activities.fixErrors
  const title = (values['title'] ?? '').slice(0, 300)
  if (programmeId === undefined && title === '') errors['title'] = m.activities.titleRequired
  let hours: number | undefined
  if (values['hours']) {
    hours = Number(values['hours'])
    if (!Number.isFinite(hours) || hours < 0 || hours > 2000) errors['hours'] = m.activities.hoursInvalid
  }
  for (const key of ['startedAt', 'completedAt']) {
    if (values[key] && !isoDate.safeParse(values[key]).success) errors[key] = m.activities.dateInvalid
  }
  if (values['certificateUrl'] && !httpUrl.safeParse(values['certificateUrl']).success) errors['certificateUrl'] = m.validation.urlInvalid
  if ((values['notes'] ?? '').length > 2000) errors['notes'] = m.validation.evidenceTooLong(2000)
  if (Object.keys(errors).length > 0 || status === undefined) return { ok: false, errors, values }
  return {
    ok: true,
    input: {
      programmeId,
      title: title || undefined,
      status,
      hours,
      startedAt: values['startedAt'] || undefined,
      completedAt: values['completedAt'] || undefined,
      certificateUrl: values['certificateUrl'] || undefined,
      notes: values['notes'] || undefined,
    },
  }
}

/** The status a status-change form asks for, or undefined. */
export function parseStatus(body: unknown): ActivityStatus | undefined {
  const value = typeof body === 'object' && body !== null ? (body as Record<string, unknown>)['status'] : undefined
  return STATUSES.find((status) => status === value)
}
