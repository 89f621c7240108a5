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

/** `?framework=<id>` of every per-framework route: one of the frameworks the caller's institution uses. */
export const frameworkQuery = z.object({
  framework: z.coerce
    .number()
    .int()
    .min(1)
    .max(2_147_483_647)
    .optional()
    .describe('The framework version (its id, as GET /api/v1/institution/frameworks lists them); by default the first your institution uses for your role'),
})

/** How an answer names the framework it is about. */
export const frameworkRef = z.object({ id: z.number().int(), slug: z.string(), version: z.string(), title: z.string() }).describe('The framework version the answer is about')

export function frameworkRefJson(framework: { row: { id: number; slug: string; version: string; title: string } }) {
  return { id: framework.row.id, slug: framework.row.slug, version: framework.row.version, title: framework.row.title }
}
