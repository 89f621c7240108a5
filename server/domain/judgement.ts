import type { Scale } from './scale.js'

/**
 * The assessment engine's vocabulary. A judgement is a level of one framework item, with what backs
 * it, about a subject (a person, a unit of the institution, the institution itself), made by a rater
 * in a capacity: a person rating themselves (self), their reviewer validating it (reviewer), HR or an
 * appointed panel member assessing a unit or the institution (hr, panel). Every judgement is appended
 * to its subject's history; the subject's current level of the item is the latest.
 */

export type Subject = { readonly kind: 'person'; readonly userId: number } | { readonly kind: 'unit'; readonly unitId: number } | { readonly kind: 'institution' }

export const RATER_CAPACITIES = ['self', 'reviewer', 'hr', 'panel'] as const
export type RaterCapacity = (typeof RATER_CAPACITIES)[number]

/** What a judgement says: compared with the current one to tell a change from a repeat. */
export interface JudgementContent {
  readonly level: number
  readonly evidence: string
  readonly evidenceUrl: string | null
  readonly comment: string
}

export interface Judgement extends JudgementContent {
  readonly institutionId: number
  readonly frameworkId: number
  readonly competencyId: number
  readonly subject: Subject
  readonly rater: { readonly id: number; readonly capacity: RaterCapacity }
  /** A reviewer's validation answers this self-rating; refused when a newer one replaced it. */
  readonly answers?: number | undefined
  /**
   * The evidence files a self-rating cites (their ids, sorted, the person's own: the caller checks);
   * undefined keeps what the current rating cites, as a form that does not show them does.
   */
  readonly evidenceFiles?: readonly number[] | undefined
}

/**
 * Whether a new judgement says anything the current one does not: a repeat is not written again.
 *
 * ```ts
 * changesJudgement({ level: 2, evidence: 'a', evidenceUrl: null, comment: '' }, { level: 2, evidence: 'a', evidenceUrl: null, comment: '' }) // false
 * ```
 */
export function changesJudgement(current: JudgementContent | undefined, next: JudgementContent): boolean {
  return current === undefined || current.level !== next.level || current.evidence !== next.evidence || current.evidenceUrl !== next.evidenceUrl || current.comment !== next.comment
}

/**
 * The levels a judgement may give on the scale: one of the scale's, or 0 below its first level: a
 * person's own "not yet", a unit's or the institution's practice not in place yet. A reviewer
 * validates one of the scale's levels.
 *
 * ```ts
 * judgementLevels(scale, { kind: 'person', userId: 7 }, 'self') // [0, 1, 2, 3]
 * judgementLevels(scale, { kind: 'person', userId: 7 }, 'reviewer') // [1, 2, 3]
 * ```
 */
export function judgementLevels(scale: Scale, subject: Subject, capacity: RaterCapacity): number[] {
  const levels = scale.levels.map((entry) => entry.level)
  return subject.kind === 'person' && capacity === 'reviewer' ? levels : [NOT_YET, ...levels]
}

/** Below the scale's first level: a person's "not yet", a practice not in place yet. */
export const NOT_YET = 0

/** The key of one subject's history of one item, for the lock that takes its saves one at a time. */
export function historyKey(judgement: Pick<Judgement, 'institutionId' | 'frameworkId' | 'competencyId' | 'subject'>): string {
  const { subject } = judgement
  const who = subject.kind === 'person' ? `person:${subject.userId}` : subject.kind === 'unit' ? `unit:${subject.unitId}` : 'institution'
  return `${judgement.institutionId}:${judgement.frameworkId}:${who}:${judgement.competencyId}`
}
