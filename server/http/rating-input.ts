import { z } from 'zod'
import { formIds } from './ids.js'
import type { Messages } from '../../views/messages/en/index.js'
import { NOT_YET } from '../domain/judgement.js'
import { EVIDENCE_MAX, type RatingFormState, type ReturnTo } from '../../views/partials/rating-form.js'

const httpUrl = z.url({ protocol: /^https?$/, message: 'must be a web address starting with http:// or https://' }).max(EVIDENCE_MAX)

/**
 * The JSON body of PUT /api/v1/me/ratings/:competencyId: a level (with evidence), or
 * `notApplicable: true` ("not applicable to my role", domain/gaps.ts), never both.
 */
export const ratingBodySchema = z
  .object({
    level: z.number().int().min(0).max(10).optional().describe('A level of the scale, or 0: "not yet", below its first level'),
    notApplicable: z.literal(true).optional().describe('The competency is not applicable to your role: it is asked of you no more and is no gap of yours. A level sent later takes it back.'),
    evidence: z.string().max(EVIDENCE_MAX).optional(),
    evidenceUrl: httpUrl.optional(),
    evidenceIds: z.array(z.number().int().positive()).max(20).optional().describe('Evidence files of yours to cite (POST /api/v1/me/evidence); left out, the files your current rating cites stay cited'),
  })
  .strict()
  .refine((body) => (body.level === undefined) !== (body.notApplicable === undefined), { message: 'give a level, or notApplicable: true', path: ['level'] })
  .refine((body) => body.notApplicable === undefined || (body.evidence === undefined && body.evidenceUrl === undefined && body.evidenceIds === undefined), { message: 'evidence goes with a level, not with notApplicable', path: ['evidence'] })

export type RatingFormParse =
  | { ok: true; input: { level: number; evidence: string; evidenceUrl: string | undefined; evidenceFiles: number[] | undefined }; returnTo: ReturnTo }
  | { ok: false; errors: Record<string, string>; returnTo: ReturnTo }

/**
 * Reads the rating form of a page (all values are strings there) and says, in the person's language,
 * what is wrong with each field.
 */
export function parseRatingForm(body: unknown, m: Messages, scaleLevels: readonly number[]): RatingFormParse {
  const form = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>
  const text = (key: string) => (typeof form[key] === 'string' ? (form[key] as string) : '')
  const returnTo = parseReturnTo(text('returnTo'))
  const errors: Record<string, string> = {}
  const levelText = text('level').trim()
  // 0 is "not yet", below the scale's first level (domain/judgement.ts).
  const answers = [NOT_YET, ...scaleLevels]
  if (levelText === '') errors['level'] = m.validation.levelRequired
  else if (!answers.map(String).includes(levelText)) errors['level'] = m.validation.levelOffScale(answers.join(', '))
  const evidence = text('evidence').trim()
  if (evidence.length > EVIDENCE_MAX) errors['evidence'] = m.validation.evidenceTooLong(EVIDENCE_MAX)
  const evidenceUrl = text('evidenceUrl').trim()
  if (evidenceUrl !== '' && !httpUrl.safeParse(evidenceUrl).success) errors['evidenceUrl'] = m.validation.urlInvalid
  if (Object.keys(errors).length > 0) return { ok: false, errors, returnTo }
  return { ok: true, input: { level: Number(levelText), evidence, evidenceUrl: evidenceUrl || undefined, evidenceFiles: chosenFiles(form) }, returnTo }
}

/**
 * The evidence files ticked in a form that shows them (`evidenceFilesShown`), as ids; undefined for a
 * form that does not, whose save keeps the files the current rating cites. Anything not an id is dropped.
 */
export function chosenFiles(form: Record<string, unknown>): number[] | undefined {
  return form['evidenceFilesShown'] === '1' ? formIds(form['evidenceFiles']) : undefined
}

function parseReturnTo(value: string): ReturnTo {
  if (value === 'detail') return 'detail'
  const activity = /^activity:([1-9][0-9]{0,9})$/.exec(value)
  return activity ? `activity:${Number(activity[1])}` : 'tree'
}

/** What a rating form sent, as text, to show again beside what is wrong with it. */
export function ratingFormValues(body: unknown): RatingFormState['values'] {
  const form = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>
  const text = (key: string) => (typeof form[key] === 'string' ? (form[key] as string) : undefined)
  const files = chosenFiles(form)
  return { level: text('level'), evidence: text('evidence'), evidenceUrl: text('evidenceUrl'), ...(files === undefined ? {} : { evidenceFiles: files.map(String) }) }
}
