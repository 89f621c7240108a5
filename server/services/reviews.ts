import { sql, type Kysely, type Transaction } from 'kysely'
import type { Database } from '../db/schema.js'
import { OPERATOR_ROLE } from '../domain/roles.js'
import { statusOf, type ReviewDecisionInput, type ReviewRequestInput, type ReviewStatus } from '../domain/reviews.js'
import { auditMayCarryLevels, readRefusal } from '../domain/visibility.js'
import { auditBy } from './audit.js'
import { ConflictError, InvalidInputError, NotFoundError } from './errors.js'
import type { SessionUser } from './users.js'
import type { ValidationService } from './validations.js'
import type { VisibilityService } from './visibility.js'

/** A mail about a review request, written when it is sent (server/jobs/review-mail.ts). */
export interface ReviewMail {
  /** `requested` and `reminder` go to the reviewer (or HR), `decided` to the person. */
  readonly kind: 'requested' | 'decided' | 'reminder'
  readonly requestId: number
  /** Who it goes to. */
  readonly userId: number
  /** Which mail of the request: each is sent to each person once. */
  readonly key: string
  /** The review decided (`decided`). */
  readonly reviewId?: number
}

/** Where review mail goes: a durable queue, written in the caller's transaction (server/jobs/). */
export interface ReviewMailQueue {
  readonly enabled: boolean
  queue(trx: Transaction<Database>, mails: readonly ReviewMail[]): Promise<void>
}

export interface EvidenceFileRef {
  readonly id: number
  readonly name: string
  readonly type: string
  readonly bytes: number
}

/** A review waiting in a reviewer's queue, with what the person said and cited. */
export interface QueuedReview {
  readonly id: number
  readonly requestId: number
  readonly requestedAt: Date
  readonly message: string
  readonly person: { readonly id: number; readonly name: string; readonly department: string | null }
  readonly competencyId: number
  readonly code: string
  readonly frameworkId: number
  /** The person's current self-rating: what the reviewer judges. */
  readonly self: { readonly ratingId: number; readonly level: number; readonly evidence: string; readonly evidenceUrl: string | null; readonly files: readonly EvidenceFileRef[] }
}

/** A review as the person who asked sees it. */
export interface MyReview {
  readonly id: number
  readonly requestId: number
  readonly requestedAt: Date
  readonly competencyId: number
  readonly code: string
  readonly frameworkId: number
  readonly status: ReviewStatus
  /** Whom it was asked of: their reviewer, or HR (null). */
  readonly askedOf: string | null
  readonly decidedBy: string | null
  readonly level: number | null
  readonly comment: string
  readonly decidedAt: Date | null
  readonly seen: boolean
  /** The live credential the validated level earned (services/credentials.ts). */
  readonly credentialId: string | null
}

export interface RequestMade {
  readonly id: number
  readonly reviewer: { readonly id: number; readonly name: string } | null
  readonly reviews: readonly { readonly id: number; readonly competencyId: number; readonly ratingId: number }[]
  /** Competencies asked about that were already waiting for a review: not asked twice. */
  readonly alreadyWaiting: readonly number[]
}

export interface Decided {
  readonly id: number
  readonly status: Exclude<ReviewStatus, 'open'>
  readonly level: number | null
  readonly comment: string
  readonly decidedAt: Date
  readonly changed: boolean
  readonly personId: number
  readonly competencyId: number
  /** The credential the validated level earned, when it earned one (services/credentials.ts). */
  readonly credentialId: string | null
}

const NO_MAIL: ReviewMailQueue = { enabled: false, queue: async () => {} }

/**
 * Review requests: a person asks for some of their self-ratings to be reviewed; their reviewer (HR,
 * for a person without one) finds them in a queue, with the evidence, and validates a level (written
 * by the assessment engine as a validation, beside the person's own level) or asks for more evidence;
 * the person is told on their pages and by mail. Asking is consent: where the institution shares
 * ratings only when a person chooses to (`shared`), asking shares them with the reviewer; where it
 * keeps them to each person (`aggregates`), nobody reviews. Every step is audited.
 *
 * ```ts
 * const reviews = createReviewService(db, { validations, visibility, mail, now: () => new Date() })
 * const made = await reviews.request(lecturer, { competencyIds: [12, 13], message: 'Please look at my syllabus' })
 * await reviews.decide(head, made.reviews[0].id, { decision: 'validate', level: 3, comment: 'Seen in class' })
 * ```
 */
export function createReviewService(db: Kysely<Database>, deps: { validations: ValidationService; visibility: VisibilityService; mail?: ReviewMailQueue | undefined; now: () => Date }) {
  const mail = deps.mail ?? NO_MAIL

  /** Who reviews the person: their reviewer, else every active HR of the institution but the person. */
  async function reviewersOf(trx: Kysely<Database>, person: { id: number; institutionId: number; reviewerId: number | null }): Promise<number[]> {
    if (person.reviewerId !== null) return [person.reviewerId]
    const hr = await trx.selectFrom('users').select('id').where('institution_id', '=', person.institutionId).where('role', '=', 'hr').where('disabled_at', 'is', null).where('id', '!=', person.id).execute()
    return hr.map((row) => row.id)
  }

  /** Whether the actor reviews this person: their reviewer, or HR (who review everyone, and those without a reviewer by default). */
  function reviews(actor: SessionUser, person: { reviewerId: number | null }): boolean {
    return person.reviewerId === actor.id || actor.role === 'hr'
  }

  return {
    async request(user: SessionUser, input: ReviewRequestInput): Promise<RequestMade> {
      const competencyIds = [...new Set(input.competencyIds)]
      const message = (input.message ?? '').trim()
      return db.transaction().execute(async (trx) => {
        const person = await trx
          .selectFrom('users')
          .innerJoin('institutions', 'institutions.id', 'users.institution_id')
          .leftJoin('users as reviewer', 'reviewer.id', 'users.reviewer_id')
          .select(['users.reviewer_id as reviewerId', 'reviewer.name as reviewerName', 'institutions.rating_visibility as mode'])
          .where('users.id', '=', user.id)
          .where('users.institution_id', '=', user.institutionId)
          .forUpdate(['users'])
          .executeTakeFirstOrThrow()
        if (person.mode === 'aggregates' || user.role === OPERATOR_ROLE) throw ConflictError.of('reviewsOff', {})
        // Under `shared`, asking shares the ratings with the reviewer (the form says so); without a reviewer there is nobody to share with.
        if (person.mode === 'shared') await deps.visibility.setSharedIn(trx, user, true)
        const current = await trx
          .selectFrom('current_ratings')
          .select(['competency_id as competencyId', 'rating_id as ratingId'])
          .where('user_id', '=', user.id)
          .where('institution_id', '=', user.institutionId)
          .where('competency_id', 'in', competencyIds)
          .execute()
        const ratingOf = new Map(current.map((row) => [row.competencyId, Number(row.ratingId)]))
        const notRated = competencyIds.find((id) => !ratingOf.has(id))
        if (notRated !== undefined) {
          const code = await trx.selectFrom('competencies').select('code').where('id', '=', notRated).executeTakeFirst()
          throw InvalidInputError.of('reviewNotRated', { code: code?.code ?? String(notRated) }, { competencyIds: `${notRated} is not rated` })
        }
        const request = await trx
          .insertInto('review_requests')
          .values({ institution_id: user.institutionId, user_id: user.id, reviewer_id: person.reviewerId, message })
          .returning(['id'])
          .executeTakeFirstOrThrow()
        // One open review per competency: a second request (a double submit among them) asks nothing twice.
        const made = await trx
          .insertInto('reviews')
          .values(competencyIds.map((competencyId) => ({ request_id: request.id, institution_id: user.institutionId, user_id: user.id, competency_id: competencyId, rating_id: ratingOf.get(competencyId)! })))
          .onConflict((oc) => oc.columns(['user_id', 'competency_id']).where('status', '=', 'open').doNothing())
          .returning(['id', 'competency_id as competencyId', 'rating_id as ratingId'])
          .execute()
        const alreadyWaiting = competencyIds.filter((id) => !made.some((review) => review.competencyId === id))
        if (made.length === 0) {
          const codes = await trx.selectFrom('competencies').select('code').where('id', 'in', alreadyWaiting).orderBy('code').execute()
          throw ConflictError.of('reviewAlreadyAsked', { codes: codes.map((row) => row.code).join(', ') })
        }
        const recipients = await reviewersOf(trx, { id: user.id, institutionId: user.institutionId, reviewerId: person.reviewerId })
        await mail.queue(
          trx,
          recipients.map((userId) => ({ kind: 'requested', requestId: request.id, userId, key: 'requested' })),
        )
        await auditBy(trx, user, 'review.request', 'review_request', request.id, { competencyIds: made.map((review) => review.competencyId), reviewerId: person.reviewerId })
        return {
          id: request.id,
          reviewer: person.reviewerId === null ? null : { id: person.reviewerId, name: person.reviewerName ?? '' },
          reviews: made.map((review) => ({ ...review, ratingId: Number(review.ratingId) })),
          alreadyWaiting,
        }
      })
    },

    /** The reviews waiting for the actor, oldest first: of the people they review (HR: of those without a reviewer), where the institution's setting lets them read the ratings. */
    async queue(actor: SessionUser, options: { readonly fileNames?: boolean } = {}): Promise<QueuedReview[]> {
      const rows = await db
        .selectFrom('reviews')
        .innerJoin('review_requests as request', 'request.id', 'reviews.request_id')
        .innerJoin('users as person', 'person.id', 'reviews.user_id')
        .innerJoin('institutions', 'institutions.id', 'reviews.institution_id')
        .innerJoin('competencies', 'competencies.id', 'reviews.competency_id')
        .innerJoin('current_ratings as current', (join) => join.onRef('current.user_id', '=', 'reviews.user_id').onRef('current.competency_id', '=', 'reviews.competency_id'))
        .leftJoin('departments', 'departments.id', 'person.department_id')
        .leftJoin('rating_shares', (join) => join.onRef('rating_shares.user_id', '=', 'person.id').onRef('rating_shares.institution_id', '=', 'person.institution_id'))
        .select([
          'reviews.id',
          'reviews.request_id as requestId',
          'request.created_at as requestedAt',
          'request.message',
          'person.id as personId',
          'person.name as personName',
          'person.reviewer_id as reviewerId',
          'departments.name as department',
          'rating_shares.reviewer_id as sharedWithId',
          'institutions.rating_visibility as mode',
          'reviews.competency_id as competencyId',
          'competencies.code',
          'competencies.framework_id as frameworkId',
          'current.rating_id as ratingId',
          'current.level',
          'current.evidence',
          'current.evidence_url as evidenceUrl',
          'current.evidence_files as files',
        ])
        .where('reviews.institution_id', '=', actor.institutionId)
        .where('reviews.status', '=', 'open')
        .where('person.disabled_at', 'is', null)
        .where('person.id', '!=', actor.id)
        .where((eb) => (actor.role === 'hr' ? eb.or([eb('person.reviewer_id', '=', actor.id), eb('person.reviewer_id', 'is', null)]) : eb('person.reviewer_id', '=', actor.id)))
        .orderBy('request.created_at')
        .orderBy('competencies.code')
        .execute()
      const readable = rows.filter((row) => readRefusal(row.mode, { reviewerId: row.reviewerId, sharedWithId: row.sharedWithId }) === undefined)
      // Counting (the home page) needs no file names.
      const fileIds = options.fileNames === false ? [] : [...new Set(readable.flatMap((row) => row.files.map(Number)))]
      const files =
        fileIds.length === 0 ? [] : await db.selectFrom('evidence_files').select(['id', 'name', 'content_type as type', 'bytes']).where('institution_id', '=', actor.institutionId).where('id', 'in', fileIds).execute()
      const fileById = new Map(files.map((file) => [file.id, file]))
      return readable.map((row) => ({
        id: row.id,
        requestId: row.requestId,
        requestedAt: new Date(row.requestedAt),
        message: row.message,
        person: { id: row.personId, name: row.personName, department: row.department },
        competencyId: row.competencyId,
        code: row.code,
        frameworkId: row.frameworkId,
        self: { ratingId: Number(row.ratingId), level: row.level, evidence: row.evidence, evidenceUrl: row.evidenceUrl, files: row.files.flatMap((id) => fileById.get(Number(id)) ?? []) },
      }))
    },

    /**
     * Decides a review: 404 for a review the actor does not review (another institution's, another
     * reviewer's person), 400 without a level to validate or without a comment asking for evidence,
     * 409 when it was decided otherwise already or the person rated again since the reviewer looked.
     * The same decision sent twice is decided once.
     */
    async decide(actor: SessionUser, reviewId: number, input: ReviewDecisionInput): Promise<Decided> {
      const comment = input.comment.trim()
      if (input.decision === 'validate' && input.level === undefined) throw InvalidInputError.of('validatedLevelMissing', {}, { level: 'required' })
      if (input.decision === 'more-evidence' && comment === '') throw InvalidInputError.of('reviewCommentRequired', {}, { comment: 'required' })
      const mayCarryLevel = auditMayCarryLevels(await deps.visibility.modeOf(actor.institutionId))
      return db.transaction().execute(async (trx) => {
        const review = await trx
          .selectFrom('reviews')
          .innerJoin('users as person', 'person.id', 'reviews.user_id')
          .select(['reviews.id', 'reviews.request_id as requestId', 'reviews.user_id as personId', 'reviews.competency_id as competencyId', 'reviews.status', 'reviews.level', 'reviews.comment', 'reviews.decided_by as decidedBy', 'reviews.decided_at as decidedAt', 'person.reviewer_id as reviewerId'])
          .where('reviews.id', '=', reviewId)
          .where('reviews.institution_id', '=', actor.institutionId)
          .forUpdate(['reviews'])
          .executeTakeFirst()
        if (review === undefined || review.personId === actor.id || !reviews(actor, review)) throw NotFoundError.of('notFound', { thing: 'review', id: reviewId })
        const status = statusOf(input.decision)
        const level = input.decision === 'validate' ? input.level! : null
        if (review.status !== 'open') {
          if (review.status === status && review.level === level && review.comment === comment && review.decidedBy === actor.id) {
            return { id: review.id, status, level, comment, decidedAt: new Date(review.decidedAt!), changed: false, personId: review.personId, competencyId: review.competencyId, credentialId: null }
          }
          throw ConflictError.of('reviewDecided', {})
        }
        const current = await trx.selectFrom('current_ratings').select('rating_id').where('user_id', '=', review.personId).where('competency_id', '=', review.competencyId).executeTakeFirstOrThrow()
        const selfRatingId = Number(current.rating_id)
        if (input.ratingId !== undefined && input.ratingId !== selfRatingId) throw ConflictError.of('newerSelfRating', {})
        let validationId: number | null = null
        let credentialId: string | null = null
        if (level !== null) {
          credentialId = (await deps.validations.validate(actor, selfRatingId, { level, comment }, trx)).credentialId
          const written = await trx.selectFrom('current_validations').select('rating_id').where('user_id', '=', review.personId).where('competency_id', '=', review.competencyId).executeTakeFirstOrThrow()
          validationId = Number(written.rating_id)
        } else {
          // Asking for more evidence reads the person's ratings as validating does: the same rule applies.
          await deps.validations.reviewable(actor, review.personId)
        }
        const decidedAt = deps.now()
        await trx
          .updateTable('reviews')
          .set({ status, level, comment, decided_by: actor.id, validation_id: validationId, decided_at: decidedAt })
          .where('id', '=', review.id)
          .execute()
        await mail.queue(trx, [{ kind: 'decided', requestId: review.requestId, userId: review.personId, key: `decided:${review.id}`, reviewId: review.id }])
        await auditBy(trx, actor, 'review.decide', 'review', review.id, { decision: input.decision, userId: review.personId, competencyId: review.competencyId, ...(mayCarryLevel && level !== null ? { level } : {}) })
        return { id: review.id, status, level, comment, decidedAt, changed: true, personId: review.personId, competencyId: review.competencyId, credentialId }
      })
    },

    /** The person's reviews, newest request first. */
    async mine(user: SessionUser): Promise<MyReview[]> {
      const rows = await db
        .selectFrom('reviews')
        .innerJoin('review_requests as request', 'request.id', 'reviews.request_id')
        .innerJoin('competencies', 'competencies.id', 'reviews.competency_id')
        .leftJoin('users as askedOf', 'askedOf.id', 'request.reviewer_id')
        .leftJoin('users as decider', 'decider.id', 'reviews.decided_by')
        .leftJoin('credentials', (join) =>
          join
            .onRef('credentials.user_id', '=', 'reviews.user_id')
            .onRef('credentials.competency_id', '=', 'reviews.competency_id')
            .onRef('credentials.level', '=', 'reviews.level')
            .on('reviews.status', '=', 'validated')
            .on('credentials.revoked_at', 'is', null),
        )
        .select([
          'reviews.id',
          'reviews.request_id as requestId',
          'request.created_at as requestedAt',
          'reviews.competency_id as competencyId',
          'competencies.code',
          'competencies.framework_id as frameworkId',
          'reviews.status',
          'askedOf.name as askedOf',
          'decider.name as decidedBy',
          'reviews.level',
          'reviews.comment',
          'reviews.decided_at as decidedAt',
          'reviews.seen_at as seenAt',
          'credentials.id as credentialId',
        ])
        .where('reviews.user_id', '=', user.id)
        .where('reviews.institution_id', '=', user.institutionId)
        .orderBy('request.created_at', 'desc')
        .orderBy('reviews.request_id', 'desc')
        .orderBy('competencies.code')
        .limit(500)
        .execute()
      return rows.map(({ seenAt, ...row }) => ({ ...row, requestedAt: new Date(row.requestedAt), decidedAt: row.decidedAt === null ? null : new Date(row.decidedAt), seen: seenAt !== null }))
    },

    /** How many of the person's reviews were decided since they last looked. */
    async unseen(user: SessionUser): Promise<number> {
      const row = await db
        .selectFrom('reviews')
        .select((eb) => eb.fn.countAll<string>().as('count'))
        .where('user_id', '=', user.id)
        .where('institution_id', '=', user.institutionId)
        .where('status', '!=', 'open')
        .where('seen_at', 'is', null)
        .executeTakeFirstOrThrow()
      return Number(row.count)
    },

    /** The person has read their decided reviews. */
    async markSeen(user: SessionUser): Promise<void> {
      await db.updateTable('reviews').set({ seen_at: deps.now() }).where('user_id', '=', user.id).where('institution_id', '=', user.institutionId).where('status', '!=', 'open').where('seen_at', 'is', null).execute()
    },

    /** How many reviews wait for the actor (the home page says so). */
    async waiting(actor: SessionUser): Promise<number> {
      return (await this.queue(actor, { fileNames: false })).length
    },

    /**
     * Reminds reviewers of requests waiting longer than the institution's `review_reminder_days`:
     * once per such period, each claimed before it is queued, so it goes out once whatever runs it.
     */
    async tick(): Promise<{ reminded: number }> {
      const now = deps.now()
      const due = await sql<{ request_id: number; institution_id: number; user_id: number; reviewer_id: number | null; periods: number }>`
        select q.id as request_id, q.institution_id, q.user_id, u.reviewer_id,
          floor(extract(epoch from (${now}::timestamptz - q.created_at)) / 86400 / i.review_reminder_days)::int as periods
        from review_requests q
        join users u on u.id = q.user_id
        join institutions i on i.id = q.institution_id
        where q.created_at <= ${now}::timestamptz - make_interval(days => i.review_reminder_days)
          and u.disabled_at is null
          and exists (select 1 from reviews r where r.request_id = q.id and r.status = 'open')`.execute(db)
      let reminded = 0
      for (const request of due.rows) {
        await db.transaction().execute(async (trx) => {
          const recipients = await reviewersOf(trx, { id: request.user_id, institutionId: request.institution_id, reviewerId: request.reviewer_id })
          if (recipients.length === 0) return
          const key = `reminder:${request.periods}`
          const claimed = await trx
            .insertInto('review_mail')
            .values(recipients.map((userId) => ({ request_id: request.request_id, user_id: userId, key: `queued:${key}` })))
            .onConflict((oc) => oc.doNothing())
            .returning('user_id')
            .execute()
          await mail.queue(
            trx,
            claimed.map((row) => ({ kind: 'reminder', requestId: request.request_id, userId: row.user_id, key })),
          )
          reminded += claimed.length
        })
      }
      return { reminded }
    },
  }
}

export type ReviewService = ReturnType<typeof createReviewService>
