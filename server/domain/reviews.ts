import { z } from 'zod'

/**
 * Review requests: a person asks their reviewer (or, with none, HR) to judge some of their
 * self-ratings against the competencies' level descriptors. Each competency asked about is a review
 * of its own, decided once: validated at a level with a comment (the validation sits beside the
 * person's own level, never in its place), or sent back asking for more evidence.
 */
export const REVIEW_STATUSES = ['open', 'validated', 'more-evidence'] as const
export type ReviewStatus = (typeof REVIEW_STATUSES)[number]

/** What a person writes to their reviewer, and a reviewer's comment: at most this long. */
export const REVIEW_TEXT_MAX = 2000

/** How many competencies one request may ask about. */
export const REVIEW_REQUEST_MAX = 100

export const reviewRequestShape = z
  .object({
    competencyIds: z.array(z.number().int().positive()).min(1).max(REVIEW_REQUEST_MAX).describe('The competencies whose current self-ratings are to be reviewed'),
    message: z.string().max(REVIEW_TEXT_MAX).optional().describe('What the person tells their reviewer'),
  })
  .strict()
export type ReviewRequestInput = z.infer<typeof reviewRequestShape>

export const reviewDecisionShape = z
  .object({
    decision: z.enum(['validate', 'more-evidence']),
    level: z.number().int().min(0).max(10).optional().describe('The level validated: required with "validate"'),
    comment: z.string().max(REVIEW_TEXT_MAX).describe('Why: required with "more-evidence" (what evidence is missing)'),
    ratingId: z.number().int().positive().optional().describe('The self-rating the reviewer judged; refused (409) if the person has rated again since'),
  })
  .strict()
export type ReviewDecisionInput = z.infer<typeof reviewDecisionShape>

/** The decision a review's status records. */
export function statusOf(decision: ReviewDecisionInput['decision']): Exclude<ReviewStatus, 'open'> {
  return decision === 'validate' ? 'validated' : 'more-evidence'
}
