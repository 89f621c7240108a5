import type { Kysely, Transaction } from 'kysely'
import type { Database } from '../db/schema.js'
import { OPERATOR_ROLE } from '../domain/roles.js'
import { readRefusal } from '../domain/visibility.js'
import { NotFoundError } from './errors.js'
import type { CredentialService } from './credentials.js'
import type { FrameworkService } from './frameworks.js'
import type { JudgementEngine } from './judgements.js'
import type { SessionUser } from './users.js'
import type { VisibilityService } from './visibility.js'

export interface Validation {
  readonly level: number
  readonly comment: string
  readonly reviewer: string
  readonly at: Date
  /** The self-rating this validation answered. */
  readonly selfRatingId: number
}

export interface ReviewRow {
  readonly competencyId: number
  readonly self: { readonly ratingId: number; readonly level: number; readonly evidence: string; readonly evidenceUrl: string | null; readonly at: Date } | undefined
  readonly validation: Validation | undefined
}

export interface Reviewee {
  readonly id: number
  readonly name: string
  readonly department: string | null
  /** Whether the institution's setting (and the person's share) lets the reviewer open their ratings. */
  readonly readable: boolean
}

/**
 * Reviewer validation: a person's reviewer, or HR, agrees with a self-rating or sets a validated level
 * with a comment. The validation is a judgement of its own (the engine, services/judgements.ts, appends
 * it to the history as source 'reviewer'), and `current_validations` holds the latest per competency; self-rated and validated levels are kept
 * and shown apart, never averaged.
 *
 * ```ts
 * await createValidationService(db, frameworks, visibility, createJudgementEngine(db)).validate(reviewer, selfRatingId, { level: 2, comment: 'Seen in class' })
 * ```
 */
export function createValidationService(db: Kysely<Database>, frameworks: FrameworkService, visibility: VisibilityService, engine: JudgementEngine, credentials?: CredentialService) {
  /**
   * The person, when the actor may review them: 404 outside the actor's institution, 403 for an actor
   * who is neither their reviewer nor HR, or when the institution's setting keeps their ratings from
   * reviewers and HR (all of them, or until the person shares).
   */
  async function reviewable(actor: SessionUser, personId: number) {
    const person = await db
      .selectFrom('users')
      .select(['id', 'name', 'reviewer_id'])
      .where('id', '=', personId)
      .where('institution_id', '=', actor.institutionId)
      // A platform operator is nobody's staff (domain/roles.ts): nobody reviews their ratings.
      .where('role', '!=', OPERATOR_ROLE)
      .executeTakeFirst()
    if (person === undefined) throw NotFoundError.of('notFound', { thing: 'person', id: personId })
    const isHr = actor.role === 'hr'
    if (!isHr && person.reviewer_id !== actor.id) {
      throw Object.assign(new Error('Only the reviewer of this person, or HR, can validate their ratings'), { statusCode: 403, code: 'forbidden' })
    }
    if (person.id === actor.id) throw Object.assign(new Error('Nobody validates their own ratings'), { statusCode: 403, code: 'forbidden' })
    await visibility.requireReadable({ id: person.id, name: person.name, institutionId: actor.institutionId })
    return person
  }

  return {
    reviewable,

    /** Whose rating and of which competency a rating is, within the actor's institution. */
    async ratingOwner(actor: SessionUser, ratingId: number): Promise<{ userId: number; competencyId: number }> {
      const rating = await db
        .selectFrom('ratings')
        .select(['user_id as userId', 'competency_id as competencyId'])
        .where('id', '=', ratingId)
        .where('institution_id', '=', actor.institutionId)
        .executeTakeFirst()
      if (rating === undefined) throw NotFoundError.of('notFound', { thing: 'rating', id: ratingId })
      return rating
    },

    /** The people the actor reviews, by name, each with whether the actor may open their ratings now. */
    async reviewees(actor: SessionUser): Promise<Reviewee[]> {
      const [mode, rows] = await Promise.all([
        visibility.modeOf(actor.institutionId),
        db
          .selectFrom('users')
          .leftJoin('departments', 'departments.id', 'users.department_id')
          .leftJoin('rating_shares', (join) => join.onRef('rating_shares.user_id', '=', 'users.id').onRef('rating_shares.institution_id', '=', 'users.institution_id'))
          .select(['users.id', 'users.name', 'departments.name as department', 'rating_shares.reviewer_id as sharedWithId'])
          .where('users.institution_id', '=', actor.institutionId)
          .where('users.reviewer_id', '=', actor.id)
          .where('users.disabled_at', 'is', null)
          .orderBy('users.name')
          .execute(),
      ])
      return rows.map(({ sharedWithId, ...person }) => ({ ...person, readable: readRefusal(mode, { reviewerId: actor.id, sharedWithId }) === undefined }))
    },

    /** A person's current self-ratings and validations, per competency they rated. */
    async ratingsOf(actor: SessionUser, personId: number): Promise<{ person: { id: number; name: string }; rows: ReviewRow[] }> {
      const person = await reviewable(actor, personId)
      const [selfRatings, validations] = await Promise.all([
        db
          .selectFrom('current_ratings')
          .innerJoin('ratings', 'ratings.id', 'current_ratings.rating_id')
          .select(['current_ratings.competency_id as competencyId', 'ratings.id as ratingId', 'ratings.level', 'ratings.evidence', 'ratings.evidence_url as evidenceUrl', 'ratings.created_at as at'])
          .where('current_ratings.user_id', '=', person.id)
          .where('current_ratings.institution_id', '=', actor.institutionId)
          .execute(),
        db
          .selectFrom('current_validations')
          .innerJoin('users', 'users.id', 'current_validations.reviewer_id')
          .select(['current_validations.competency_id as competencyId', 'current_validations.level', 'current_validations.comment', 'users.name as reviewer', 'current_validations.updated_at as at', 'current_validations.self_rating_id as selfRatingId'])
          .where('current_validations.user_id', '=', person.id)
          .where('current_validations.institution_id', '=', actor.institutionId)
          .execute(),
      ])
      const byCompetency = new Map(validations.map(({ competencyId, ...validation }) => [competencyId, { ...validation, at: new Date(validation.at) }]))
      return {
        person: { id: person.id, name: person.name },
        rows: selfRatings.map(({ competencyId, ...self }) => ({ competencyId, self, validation: byCompetency.get(competencyId) })),
      }
    },

    /**
     * Validates a person's current self-rating: 404 for a rating outside the actor's institution or not
     * a self-rating, 403 for an actor who is not the person's reviewer or HR, 409 when a newer
     * self-rating replaced it, 400 for a level off the scale. Written in the caller's transaction when
     * one is given (a review's decision, services/reviews.ts).
     */
    async validate(actor: SessionUser, selfRatingId: number, input: { level: number; comment?: string | undefined }, within?: Transaction<Database>): Promise<Validation & { readonly changed: boolean; readonly credentialId: string | null }> {
      const rating = await db
        .selectFrom('ratings')
        .innerJoin('competencies', 'competencies.id', 'ratings.competency_id')
        .select(['ratings.id', 'ratings.user_id', 'ratings.competency_id', 'ratings.source', 'competencies.framework_id'])
        .where('ratings.id', '=', selfRatingId)
        .where('ratings.institution_id', '=', actor.institutionId)
        .executeTakeFirst()
      if (rating === undefined || rating.source !== 'self') throw NotFoundError.of('notFound', { thing: 'selfRating', id: selfRatingId })
      await reviewable(actor, rating.user_id)
      // The scale of the framework the rated competency belongs to.
      const framework = await frameworks.get(rating.framework_id)
      if (framework === undefined) throw NotFoundError.of('notFound', { thing: 'selfRating', id: selfRatingId })
      const comment = input.comment?.trim() ?? ''
      // The validation and the credential it earns are written together, or neither is.
      const write = async (trx: Transaction<Database>) => {
        const saved = await engine.append(
          {
            institutionId: actor.institutionId,
            frameworkId: rating.framework_id,
            competencyId: rating.competency_id,
            subject: { kind: 'person', userId: rating.user_id },
            rater: { id: actor.id, capacity: 'reviewer' },
            answers: Number(rating.id),
            level: input.level,
            evidence: '',
            evidenceUrl: null,
            comment,
          },
          framework.row.scale,
          trx,
        )
        const credentialId = saved.changed && credentials !== undefined ? await credentials.forValidation(trx, { institutionId: actor.institutionId, userId: rating.user_id, competencyId: rating.competency_id, level: input.level, issuedBy: actor.id }) : undefined
        return { saved, credentialId }
      }
      const { saved, credentialId } = within === undefined ? await db.transaction().execute(write) : await write(within)
      return { level: input.level, comment, reviewer: actor.name, at: saved.at, selfRatingId: Number(rating.id), changed: saved.changed, credentialId: credentialId ?? null }
    },
  }
}

export type ValidationService = ReturnType<typeof createValidationService>

