import type { Kysely, Transaction } from 'kysely'
import type { Database } from '../db/schema.js'
import { audienceOf, isShared, readRefusal, type Audience, type RatingVisibility } from '../domain/visibility.js'
import { auditBy } from './audit.js'
import { ConflictError, ForbiddenError } from './errors.js'

/** What a person is told about who sees their self-ratings. */
export interface PersonVisibility {
  readonly mode: RatingVisibility
  /** The institution's K: HR see groups of at least this many people. */
  readonly k: number
  readonly reviewer: { readonly id: number; readonly name: string } | null
  /** Whether the person's share with their current reviewer stands. */
  readonly shared: boolean
  readonly sharedAt: Date | null
  readonly audience: Audience
}

interface Person {
  readonly id: number
  readonly institutionId: number
}

/**
 * Who sees a person's self-ratings: the institution's setting and the person's share with their
 * reviewer. Sharing and unsharing are audited; the check that guards every page and API route that
 * shows a person's levels to someone else lives here.
 *
 * ```ts
 * const visibility = createVisibilityService(db)
 * await visibility.setShared(lecturer, true) // their reviewer and HR may now open their ratings (under `shared`)
 * await visibility.requireReadable({ id: 12, name: 'Amina', institutionId: 1 }) // throws 403 when they may not
 * ```
 */
export function createVisibilityService(db: Kysely<Database>) {
  async function of(trx: Kysely<Database>, person: Person): Promise<PersonVisibility> {
    const row = await trx
      .selectFrom('users')
      .innerJoin('institutions', 'institutions.id', 'users.institution_id')
      .leftJoin('users as reviewer', 'reviewer.id', 'users.reviewer_id')
      .leftJoin('rating_shares', (join) => join.onRef('rating_shares.user_id', '=', 'users.id').onRef('rating_shares.institution_id', '=', 'users.institution_id'))
      .select([
        'institutions.rating_visibility as mode',
        'institutions.min_group_size as k',
        'users.reviewer_id as reviewerId',
        'reviewer.name as reviewerName',
        'rating_shares.reviewer_id as sharedWithId',
        'rating_shares.shared_at as sharedAt',
      ])
      .where('users.id', '=', person.id)
      .where('users.institution_id', '=', person.institutionId)
      .executeTakeFirstOrThrow()
    const sharing = { reviewerId: row.reviewerId, sharedWithId: row.sharedWithId }
    const shared = isShared(sharing)
    return {
      mode: row.mode,
      k: row.k,
      reviewer: row.reviewerId === null ? null : { id: row.reviewerId, name: row.reviewerName ?? '' },
      shared,
      sharedAt: shared && row.sharedAt !== null ? new Date(row.sharedAt) : null,
      audience: audienceOf(row.mode, sharing),
    }
  }

  return {
    /** What the person is told: the setting, their reviewer and whether they share now. */
    of: (person: Person) => of(db, person),

    /** The institution's setting. */
    async modeOf(institutionId: number): Promise<RatingVisibility> {
      const row = await db.selectFrom('institutions').select('rating_visibility').where('id', '=', institutionId).executeTakeFirstOrThrow()
      return row.rating_visibility
    },

    /**
     * Shares the person's self-ratings with their current reviewer (and so HR), or stops; audited.
     * Sharing needs the institution to use sharing (409 `sharingOff`) and a reviewer (409
     * `noReviewerToShare`); stopping is always allowed, and stopping what is not shared changes nothing.
     */
    setShared(person: Person, shared: boolean): Promise<PersonVisibility> {
      return db.transaction().execute((trx) => setSharedIn(trx, person, shared))
    },

    setSharedIn,

    /**
     * 403 unless the institution's setting lets HR and the person's reviewer read this person's own
     * levels and evidence (the caller has already checked that the reader is one of them).
     */
    async requireReadable(person: Person & { readonly name: string }): Promise<void> {
      const visibility = await of(db, person)
      const refusal = readRefusal(visibility.mode, { reviewerId: visibility.reviewer?.id ?? null, sharedWithId: visibility.shared ? visibility.reviewer!.id : null })
      if (refusal === undefined) return
      throw ForbiddenError.of(refusal === 'aggregatesOnly' ? 'ratingsAggregatesOnly' : 'ratingsNotShared', { name: person.name })
    },
  }

  /** setShared, in the caller's transaction (asking for a review shares, services/reviews.ts). */
  async function setSharedIn(trx: Transaction<Database>, person: Person, shared: boolean): Promise<PersonVisibility> {
    // Lock the person's row: a reviewer change by HR cannot slip between the check and the share.
    await trx.selectFrom('users').select('id').where('id', '=', person.id).where('institution_id', '=', person.institutionId).forUpdate().executeTakeFirstOrThrow()
    const before = await of(trx, person)
    if (shared) {
      if (before.mode !== 'shared') throw ConflictError.of('sharingOff', {})
      if (before.reviewer === null) throw ConflictError.of('noReviewerToShare', {})
      if (before.shared) return before
      const values = { reviewer_id: before.reviewer.id, shared_at: new Date() }
      await trx
        .insertInto('rating_shares')
        .values({ institution_id: person.institutionId, user_id: person.id, ...values })
        .onConflict((oc) => oc.columns(['institution_id', 'user_id']).doUpdateSet(values))
        .execute()
      await auditBy(trx, person, 'ratings.share', 'staff', person.id, { reviewerId: before.reviewer.id })
    } else {
      const removed = await trx.deleteFrom('rating_shares').where('institution_id', '=', person.institutionId).where('user_id', '=', person.id).returning('reviewer_id').executeTakeFirst()
      if (removed === undefined) return before
      await auditBy(trx, person, 'ratings.unshare', 'staff', person.id, { reviewerId: removed.reviewer_id })
    }
    return of(trx, person)
  }
}

export type VisibilityService = ReturnType<typeof createVisibilityService>
