import { frameworkQuery } from './api-schemas.js'
import { z } from 'zod'
import { PROGRAMME_MODES } from '../domain/programme.js'

/** Query filters of the programme catalogue: the API's and the /programmes page's alike. */
export const programmeFilterSchema = z
  .object({
    competency: z.coerce.number().int().positive().max(2_147_483_647).optional(),
    mode: z.enum(PROGRAMME_MODES).optional(),
    language: z.string().regex(/^[a-z]{2,3}$/, 'a two- or three-letter language code').optional(),
    maxHours: z.coerce.number().positive().max(10_000).optional(),
    framework: frameworkQuery.shape.framework,
  })
  .strict()
