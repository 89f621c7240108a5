import { z } from 'zod'
import { MAX_BUDGET_HOURS } from '../domain/budget-path.js'
import { frameworkQuery } from './api-schemas.js'

const competencyIds = z
  .union([z.string(), z.array(z.string())])
  .transform((value) => (Array.isArray(value) ? value : value.split(',')).map((part) => part.trim()).filter((part) => part !== ''))
  .pipe(z.array(z.string().regex(/^[1-9][0-9]{0,9}$/, 'competency ids').transform(Number)).max(500))

/**
 * How a person shapes their plan: an hours budget and the gaps to focus on. The /plan page's GET
 * form and `GET /api/v1/me/learning-path` read the same fields (focus as repeated fields or
 * comma-separated ids).
 */
export const planOptionsSchema = z.object({
  hours: z.coerce.number().int('a whole number of hours').min(1).max(MAX_BUDGET_HOURS).optional(),
  focus: competencyIds.optional(),
  framework: frameworkQuery.shape.framework,
})

export type PlanOptionsInput = z.infer<typeof planOptionsSchema>

/** A language code as programmes carry them (en, fr, zh, ...). */
export const languageCode = z.string().regex(/^[a-z]{2,3}$/, 'a two- or three-letter language code')

/** The languages a person can take programmes in: one to twenty codes, each once. */
export const studyLanguagesSchema = z
  .array(languageCode)
  .min(1, 'at least one language')
  .max(20)
  .transform((languages) => [...new Set(languages)])
