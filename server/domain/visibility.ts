/**
 * Who sees a person's self-ratings (levels and evidence), as the institution has chosen:
 *
 * - `aggregates`: nobody but the person; HR see only totals of at least K people.
 * - `shared`: the person's reviewer and HR too, once the person shares them with that reviewer.
 * - `everything`: the person's reviewer and HR, always.
 *
 * Pure: the services read the setting and the share, these functions decide.
 */
export const RATING_VISIBILITIES = ['aggregates', 'shared', 'everything'] as const
export type RatingVisibility = (typeof RATING_VISIBILITIES)[number]

export function isRatingVisibility(value: unknown): value is RatingVisibility {
  return typeof value === 'string' && (RATING_VISIBILITIES as readonly string[]).includes(value)
}

/** A person's reviewer now, and the reviewer their share (if any) was made with. */
export interface Sharing {
  readonly reviewerId: number | null
  readonly sharedWithId: number | null
}

/** A share stands only with the reviewer it was made with: a new reviewer inherits nothing. */
export function isShared(sharing: Sharing): boolean {
  return sharing.reviewerId !== null && sharing.sharedWithId === sharing.reviewerId
}

/** Why someone other than the person may not read their self-ratings, or `undefined` when they may. */
export type ReadRefusal = 'aggregatesOnly' | 'notShared'

/**
 * Whether HR or the person's reviewer may read the person's own levels and evidence. (Whether the
 * viewer is HR or the reviewer at all is the caller's check; this is the institution's rule on top.)
 *
 * ```ts
 * readRefusal('shared', { reviewerId: 7, sharedWithId: 7 }) // undefined: allowed
 * readRefusal('aggregates', { reviewerId: 7, sharedWithId: 7 }) // 'aggregatesOnly'
 * ```
 */
export function readRefusal(mode: RatingVisibility, sharing: Sharing): ReadRefusal | undefined {
  if (mode === 'everything') return undefined
  if (mode === 'aggregates') return 'aggregatesOnly'
  return isShared(sharing) ? undefined : 'notShared'
}

/**
 * Whether the audit log, which HR read, may carry a person's level: only where HR may read every
 * person's levels anyway. Under `shared` HR see only some people's, and a log entry outlives a share.
 */
export function auditMayCarryLevels(mode: RatingVisibility): boolean {
  return mode === 'everything'
}

/** The keys of a rating's audit entry that hold a person's level or evidence. */
const PERSONAL_AUDIT_KEYS: readonly string[] = ['level', 'evidence', 'evidenceUrl', 'comment']

/**
 * An audit entry's data as HR may read it: entries about ratings (`rating.self`, `rating.validate`)
 * lose the level they carried before the setting existed, unless HR may read every level anyway. The
 * log itself is never rewritten; this is how it is shown.
 *
 * ```ts
 * auditDataForHr('aggregates', 'rating.self', { level: 3, ratingId: 9 }) // { ratingId: 9 }
 * ```
 */
export function auditDataForHr(mode: RatingVisibility, action: string, data: Readonly<Record<string, unknown>>): Record<string, unknown> {
  if (auditMayCarryLevels(mode) || !action.startsWith('rating.')) return { ...data }
  return Object.fromEntries(Object.entries(data).filter(([key]) => !PERSONAL_AUDIT_KEYS.includes(key)))
}

/**
 * Who sees the person's self-ratings now, as the person is told:
 * - `onlyYou`: aggregates only;
 * - `noReviewer`: shared mode, but the person has no reviewer to share with;
 * - `onceShared`: shared mode, not shared (yet, or any more);
 * - `sharedNow`: shared mode, shared with their reviewer (and so HR);
 * - `everyone`: everything mode (reviewer, if any, and HR).
 */
export type Audience = 'onlyYou' | 'noReviewer' | 'onceShared' | 'sharedNow' | 'everyone'

export function audienceOf(mode: RatingVisibility, sharing: Sharing): Audience {
  if (mode === 'aggregates') return 'onlyYou'
  if (mode === 'everything') return 'everyone'
  if (sharing.reviewerId === null) return 'noReviewer'
  return isShared(sharing) ? 'sharedNow' : 'onceShared'
}

/** Who, by kind, reads the person's self-ratings for an audience: what the data export states. */
export function readersOf(audience: Audience, hasReviewer: boolean): ('you' | 'reviewer' | 'hr')[] {
  if (audience === 'sharedNow') return ['you', 'reviewer', 'hr']
  if (audience === 'everyone') return hasReviewer ? ['you', 'reviewer', 'hr'] : ['you', 'hr']
  return ['you']
}
