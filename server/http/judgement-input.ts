import { z } from 'zod'
import { MAX_JUDGEMENT_TEXT } from '../domain/subject-assessment.js'

/**
 * A panel's judgement of one area: the JSON body of PUT /api/v1/institution/assessments/:id/ratings/:id,
 * and what the page's form is read into (its strings made numbers first), so both are checked alike.
 * Whether the level is on the framework's scale is the service's to say: it knows the scale.
 */
export const judgementBody = z
  .object({
    level: z.number().int().min(0).max(10).describe('0: not in place yet; else a level of the scale'),
    evidence: z.string().max(MAX_JUDGEMENT_TEXT).optional(),
    comment: z.string().max(MAX_JUDGEMENT_TEXT).optional(),
    unitId: z.number().int().min(1).max(2_147_483_647).optional().describe('For a framework that assesses units: the department'),
  })
  .strict()

export type JudgementInput = z.infer<typeof judgementBody>

/** Which fields of the page's form are wrong, by name ('level', 'evidence', 'comment'); empty when none. */
export type JudgementFormParse = { ok: true; input: JudgementInput } | { ok: false; fields: ReadonlySet<'level' | 'evidence' | 'comment'>; kept: { level: string; evidence: string; comment: string } }

/** Reads the page's form (every value a string, unknown fields ignored) with the API's schema. */
export function parseJudgementForm(body: unknown): JudgementFormParse {
  const form = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>
  const text = (key: string) => (typeof form[key] === 'string' ? (form[key] as string) : '')
  const kept = { level: text('level').trim(), evidence: text('evidence').trim(), comment: text('comment').trim() }
  const level = /^[0-9]{1,2}$/.test(kept.level) ? Number(kept.level) : Number.NaN
  const parsed = judgementBody.safeParse({ level, evidence: kept.evidence, comment: kept.comment })
  if (parsed.success) return { ok: true, input: parsed.data }
  const fields = new Set(parsed.error.issues.map((issue) => String(issue.path[0])).filter((name): name is 'level' | 'evidence' | 'comment' => name === 'level' || name === 'evidence' || name === 'comment'))
  return { ok: false, fields, kept }
}
