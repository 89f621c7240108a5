import { z } from 'zod'
import { PROGRAMME_MODES, type ProgrammeFields } from '../domain/programme.js'

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
  evidenceIds: z.array(z.number().int()).describe('The evidence files the rating cites (GET /api/v1/me/evidence)'),
  source: z.enum(['self', 'reviewer']),
  ratedAt: z.string().describe('ISO 8601 date-time'),
})

export function ratingJson({ evidenceFiles, ...rating }: { id: number; competencyId: number; code: string; level: number; evidence: string; evidenceUrl: string | null; evidenceFiles: readonly number[]; source: 'self' | 'reviewer'; ratedAt: Date }) {
  return { ...rating, evidenceIds: [...evidenceFiles], ratedAt: rating.ratedAt.toISOString() }
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

/** A programme's link into a framework as the API shows it. */
export const programmeLinkJson = z.object({ competencyId: z.number().int(), code: z.string(), fromLevel: z.number().int(), toLevel: z.number().int() })

/** A published programme as the API shows it, with its links into the framework asked about. */
export const programmeJson = z.object({
  id: z.number().int(),
  code: z.string(),
  title: z.string(),
  provider: z.string(),
  hours: z.number(),
  mode: z.enum(PROGRAMME_MODES),
  languages: z.array(z.string()),
  url: z.string().nullable(),
  description: z.string(),
  competencies: z.array(programmeLinkJson),
})

/** A programme as its designers see it: a programme, published or not, and when it last changed (a save carries it back). */
export const catalogueEntryJson = programmeJson.extend({ published: z.boolean(), updatedAt: z.string().describe('ISO 8601 date-time') })

/** A link of the API's shape, from any of the services' views of one (which carry more). */
export function programmeLinkOut({ competencyId, code, fromLevel, toLevel }: z.infer<typeof programmeLinkJson>): z.infer<typeof programmeLinkJson> {
  return { competencyId, code, fromLevel, toLevel }
}

/** A programme of the API's shape from a service's view of one. */
export function programmeOut(programme: ProgrammeFields & { readonly id: number }, links: readonly z.infer<typeof programmeLinkJson>[]): z.infer<typeof programmeJson> {
  const { id, code, title, provider, hours, mode, languages, url, description } = programme
  return { id, code, title, provider, hours, mode, languages: [...languages], url, description, competencies: links.map(programmeLinkOut) }
}

/** The optional Idempotency-Key header of the API's retry-safe writes (plugins/idempotency.ts checks it); other headers pass untouched. */
export const idempotencyHeaders = z.looseObject({
  'idempotency-key': z.string().optional().describe('1 to 255 visible ASCII characters, e.g. a UUID: a retry with the same key gets the first answer'),
})

/**
 * For a POST that takes no body: a request that sent none is read as `{}`, so the route's schema
 * (`z.object({}).strict()`) refuses only what was sent (a JSON `null`, a list, a field).
 */
export async function noBodyAsEmptyObject(request: { body: unknown; headers: Record<string, string | string[] | undefined> }): Promise<void> {
  const length = Number(request.headers['content-length'] ?? 0)
  if (request.body == null && length === 0 && request.headers['transfer-encoding'] === undefined) request.body = {}
}
