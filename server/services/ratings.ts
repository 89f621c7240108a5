import { sql, type Kysely } from 'kysely'
import type { Database } from '../db/schema.js'
import type { RatingSource } from '../domain/framework.js'
import { isLevelOnScale } from '../domain/scale.js'
import { isRateable, type TreeNode } from '../domain/tree.js'
import { InvalidInputError, NotFoundError } from './errors.js'
import type { FrameworkUseService } from './framework-uses.js'
import type { Framework } from './frameworks.js'
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
 * const ratings = createRatingService(db, frameworkUses)
 * await ratings.rateSelf(user, competencyId, { level: 2, evidence: 'Ran two online courses' })
 * ```
 */
export function createRatingService(db: Kysely<Database>, frameworkUses: FrameworkUseService) {
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

  /**
   * The competency with its framework (the competency says which), or a 404 when it is not one the
   * user can rate: a competency of a framework their institution uses for people.
   */
  async function rateableCompetency(user: SessionUser, competencyId: number): Promise<{ framework: Framework; competency: TreeNode }> {
    const framework = await frameworkUses.ofNode(user, competencyId)
    const competency = framework?.tree.byId.get(competencyId)
    if (framework === undefined || framework.row.subject !== 'person' || !isRateable(competency)) {
      throw NotFoundError.of('notFound', { thing: 'competency', id: competencyId })
    }
    return { framework, competency }
  }

  return {
    rateableCompetency,

    /**
     * Records a self-rating; 404 for a competency not of a framework the user's institution uses for
     * people, 400 for a level off its scale.
     */
    async rateSelf(user: SessionUser, competencyId: number, input: RatingInput): Promise<Rating> {
      // The framework from the node (kept in memory); whether the institution uses it is checked by
      // the insert itself, so a save stays one round trip (npm run bench).
      const framework = await frameworkUses.frameworkOf(competencyId)
      const competency = framework?.tree.byId.get(competencyId)
      if (framework === undefined || framework.row.subject !== 'person' || !isRateable(competency)) {
        throw NotFoundError.of('notFound', { thing: 'competency', id: competencyId })
      }
      if (!isLevelOnScale(framework.row.scale, input.level)) {
        const levels = framework.row.scale.levels.map((entry) => entry.level)
        throw InvalidInputError.of('levelOffScale', { level: input.level, levels }, { level: `choose one of ${levels.join(', ')}` })
      }
      const evidence = input.evidence ?? ''
      const evidenceUrl = input.evidenceUrl || null
      // One statement, so one round trip and atomic without BEGIN/COMMIT: the history row, the upsert
      // of current_ratings and the audit entry are data-modifying CTEs that all see the new row. No
      // row at all when the institution does not use the framework: each CTE inserts from the one
      // before it. Plain SQL rather than the query builder: this is the hottest write, and building
      // it with Kysely cost ~0.2 ms of CPU a save, about a sixth of the whole request (npm run bench).
      const inserted = (
        await sql<{ id: number; created_at: Date }>`
          with inserted as (
            insert into ratings (institution_id, user_id, competency_id, level, evidence, evidence_url, source, rated_by)
            select ${user.institutionId}, ${user.id}, ${competencyId}, ${input.level}, ${evidence}, ${evidenceUrl}, 'self', ${user.id}
            where exists (select 1 from institution_frameworks where institution_id = ${user.institutionId} and framework_id = ${framework.row.id})
            returning id, created_at
          ), current as (
            insert into current_ratings (institution_id, user_id, competency_id, level, rating_id, updated_at)
            select ${user.institutionId}, ${user.id}, ${competencyId}, ${input.level}, id, created_at from inserted
            on conflict (user_id, competency_id) do update set level = excluded.level, rating_id = excluded.rating_id, updated_at = excluded.updated_at
            -- Concurrent saves may commit out of order: the newest rating (as history orders them) wins.
            where (excluded.updated_at, excluded.rating_id) > (current_ratings.updated_at, current_ratings.rating_id)
          ), audit as (
            insert into audit_log (institution_id, actor_id, action, entity, entity_id, data)
            -- HR read the log: it carries the level only where the institution lets HR read everyone's
            -- levels anyway (domain/visibility.ts, auditMayCarryLevels).
            select ${user.institutionId}, ${user.id}, 'rating.self', 'competency', ${String(competencyId)}, jsonb_build_object('ratingId', id)
              || case when (select rating_visibility from institutions where id = ${user.institutionId}) = 'everything' then jsonb_build_object('level', ${input.level}::int) else '{}'::jsonb end
            from inserted
          )
          select id, created_at from inserted`.execute(db)
      ).rows[0]
      if (inserted === undefined) throw NotFoundError.of('notFound', { thing: 'competency', id: competencyId })
      return { id: inserted.id, competencyId, code: competency.code, level: input.level, evidence, evidenceUrl, source: 'self' as const, ratedAt: inserted.created_at }
    },

    /** The user's current rating of each competency of the framework they have rated, in no particular order. */
    current(user: SessionUser, frameworkId: number): Promise<Rating[]> {
      return db
        .selectFrom('current_ratings')
        .innerJoin('ratings', 'ratings.id', 'current_ratings.rating_id')
        .innerJoin('competencies', 'competencies.id', 'current_ratings.competency_id')
        .select(ratingColumns)
        .where('current_ratings.institution_id', '=', user.institutionId)
        .where('current_ratings.user_id', '=', user.id)
        .where('competencies.framework_id', '=', frameworkId)
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
