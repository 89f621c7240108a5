import { z } from 'zod'

/** Shapes shared by the API's responses, named so the OpenAPI document reads well. */
export const errorResponse = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      reason: z.string().optional().describe('Why a service refused, by code (e.g. departmentExists), beside the English message'),
      details: z.unknown().optional(),
    }),
  })
  .describe('An error: a stable code, a message for people, the reason of a refusal, and details where they help')

export const ratingResponse = z.object({
  id: z.number().int(),
  competencyId: z.number().int(),
  code: z.string(),
  level: z.number().int(),
  evidence: z.string(),
  evidenceUrl: z.string().nullable(),
  source: z.enum(['self', 'reviewer']),
  ratedAt: z.string().describe('ISO 8601 date-time'),
})

export function ratingJson(rating: { id: number; competencyId: number; code: string; level: number; evidence: string; evidenceUrl: string | null; source: 'self' | 'reviewer'; ratedAt: Date }) {
  return { ...rating, ratedAt: rating.ratedAt.toISOString() }
}
