import { sql, type Kysely } from 'kysely'
import type { Database, RatingSource } from '../db/schema.js'
import { isLevelOnScale } from '../domain/scale.js'
import { isRateable, type TreeNode } from '../domain/tree.js'
import { auditBy } from './audit.js'
import { InvalidInputError, NotFoundError } from './errors.js'
import type { Framework, FrameworkService } from './frameworks.js'
import type { SessionUser } from './users.js'

export interface Rating {
  readonly id: number
  readonly competencyId: number
  readonly code: string
  readonly level: number
  readonly evidence: string
  readonly evidenceUrl: string | null
  readonly source: RatingSource
  readonly ratedAt: Date
}

export interface RatingInput {
  readonly level: number
  readonly evidence?: string | undefined
  readonly evidenceUrl?: string | undefined
}

/**
 * A person's ratings of themselves. Every rating is appended to the history (`ratings`); the same
 * transaction upserts `current_ratings`, so reports read one row per person and competency.
 *
 * ```ts
 * const ratings = createRatingService(db, frameworks)
 * await ratings.rateSelf(user, competencyId, { level: 2, evidence: 'Ran two online courses' })
 * ```
 */
export function createRatingService(db: Kysely<Database>, frameworks: FrameworkService) {
  const ratingColumns = [
    'ratings.id',
    'ratings.competency_id as competencyId',
    'competencies.code',
    'ratings.level',
    'ratings.evidence',
    'ratings.evidence_url as evidenceUrl',
    'ratings.source',
    'ratings.created_at as ratedAt',
  ] as const

  /** The competency in the user's framework, or a 404 when it is not one the user can rate. */
  async function rateableCompetency(user: SessionUser, competencyId: number): Promise<{ framework: Framework; competency: TreeNode }> {
    const framework = await frameworks.get(user.frameworkId)
    const competency = framework?.tree.byId.get(competencyId)
    if (framework === undefined || !isRateable(competency)) {
      throw new NotFoundError(`There is no competency ${competencyId} in your framework`)
    }
    return { framework, competency }
  }

  return {
    rateableCompetency,

    /** Records a self-rating; 404 for a competency outside the user's framework, 400 for a level off its scale. */
    async rateSelf(user: SessionUser, competencyId: number, input: RatingInput): Promise<Rating> {
      const { framework, competency } = await rateableCompetency(user, competencyId)
      if (!isLevelOnScale(framework.row.scale, input.level)) {
        const levels = framework.row.scale.levels.map((entry) => entry.level).join(', ')
        throw new InvalidInputError(`Level ${input.level} is not on the scale of this framework (${levels})`, {
          level: `choose one of ${levels}`,
        })
      }
      const evidence = input.evidence ?? ''
      const evidenceUrl = input.evidenceUrl || null
      // One statement, so one round trip and atomic without BEGIN/COMMIT: the history row, the upsert
      // of current_ratings and the audit entry are data-modifying CTEs that all see the new row's id.
      const inserted = await db
        .with('inserted', (db) =>
          db
            .insertInto('ratings')
            .values({ institution_id: user.institutionId, user_id: user.id, competency_id: competencyId, level: input.level, evidence, evidence_url: evidenceUrl, source: 'self', rated_by: user.id })
            .returning(['id', 'created_at']),
        )
        .with('current', (db) =>
          db
            .insertInto('current_ratings')
            .values((eb) => ({
              institution_id: user.institutionId,
              user_id: user.id,
              competency_id: competencyId,
              level: input.level,
              rating_id: eb.selectFrom('inserted').select('id'),
              updated_at: eb.selectFrom('inserted').select('created_at'),
            }))
            .onConflict((oc) =>
              oc
                .columns(['user_id', 'competency_id'])
                .doUpdateSet((eb) => ({ level: eb.ref('excluded.level'), rating_id: eb.ref('excluded.rating_id'), updated_at: eb.ref('excluded.updated_at') }))
                // Concurrent saves may commit out of order: the newest rating (as history orders them) wins.
                .where(sql<boolean>`(excluded.updated_at, excluded.rating_id) > (current_ratings.updated_at, current_ratings.rating_id)`),
            ),
        )
        .with('audit', (db) =>
          db.insertInto('audit_log').values((eb) => ({
            institution_id: user.institutionId,
            actor_id: user.id,
            action: 'rating.self',
            entity: 'competency',
            entity_id: String(competencyId),
            data: sql<string>`jsonb_build_object('level', ${input.level}::int, 'ratingId', ${eb.selectFrom('inserted').select('id')})`,
          })),
        )
        .selectFrom('inserted')
        .select(['id', 'created_at'])
        .executeTakeFirstOrThrow()
      return { id: inserted.id, competencyId, code: competency.code, level: input.level, evidence, evidenceUrl, source: 'self' as const, ratedAt: inserted.created_at }
    },

    /** The user's current rating of each competency they have rated, in no particular order. */
    current(user: SessionUser): Promise<Rating[]> {
      return db
        .selectFrom('current_ratings')
        .innerJoin('ratings', 'ratings.id', 'current_ratings.rating_id')
        .innerJoin('competencies', 'competencies.id', 'current_ratings.competency_id')
        .select(ratingColumns)
        .where('current_ratings.institution_id', '=', user.institutionId)
        .where('current_ratings.user_id', '=', user.id)
        .where('competencies.framework_id', '=', user.frameworkId)
        .execute()
    },

    /** Every rating of one competency by the user, newest first; 404 outside the user's framework. */
    async history(user: SessionUser, competencyId: number): Promise<Rating[]> {
      await rateableCompetency(user, competencyId)
      return db
        .selectFrom('ratings')
        .innerJoin('competencies', 'competencies.id', 'ratings.competency_id')
        .select(ratingColumns)
        .where('ratings.institution_id', '=', user.institutionId)
        .where('ratings.user_id', '=', user.id)
        .where('ratings.competency_id', '=', competencyId)
        .orderBy('ratings.created_at', 'desc')
        .orderBy('ratings.id', 'desc')
        .execute()
    },
  }
}

export type RatingService = ReturnType<typeof createRatingService>
