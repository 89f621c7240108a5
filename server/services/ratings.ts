import { sql, type Kysely } from 'kysely'
import type { Database } from '../db/schema.js'
import type { RatingSource } from '../domain/framework.js'
import { isRateable, type TreeNode } from '../domain/tree.js'
import { InvalidInputError, NotFoundError } from './errors.js'
import { EVIDENCE_FILES_PER_RATING } from '../domain/evidence-file.js'
import type { FrameworkUseService } from './framework-uses.js'
import type { Framework } from './frameworks.js'
import type { JudgementEngine } from './judgements.js'
import type { SessionUser } from './users.js'

export interface Rating {
  readonly id: number
  readonly competencyId: number
  readonly code: string
  readonly level: number
  readonly evidence: string
  readonly evidenceUrl: string | null
  /** The ids of the evidence files the rating cites, sorted. */
  readonly evidenceFiles: readonly number[]
  readonly source: RatingSource
  readonly ratedAt: Date
}

/** A reviewer's validation of one of the person's ratings, as the person sees it. */
export interface ValidationOfMine {
  readonly level: number
  readonly comment: string
  readonly reviewer: string
  readonly at: Date
  /** The self-rating it answered: not the current one when the person has rated again since. */
  readonly selfRatingId: number
}

export interface RatingInput {
  readonly level: number
  readonly evidence?: string | undefined
  readonly evidenceUrl?: string | undefined
  /** Evidence files to cite, the person's own (checked here); undefined keeps those the current rating cites. */
  readonly evidenceFiles?: readonly number[] | undefined
}

/**
 * A person's ratings of themselves, written by the assessment engine (services/judgements.ts): each is
 * appended to the history (`ratings`) and `current_ratings` follows it, so reports read one row per
 * person and competency; a repeat of the current rating writes nothing.
 *
 * ```ts
 * const ratings = createRatingService(db, frameworkUses, createJudgementEngine(db))
 * await ratings.rateSelf(user, competencyId, { level: 2, evidence: 'Ran two online courses' })
 * ```
 */
export function createRatingService(db: Kysely<Database>, frameworkUses: FrameworkUseService, engine: JudgementEngine) {
  const ratingColumns = [
    'ratings.id',
    'ratings.competency_id as competencyId',
    'competencies.code',
    'ratings.level',
    'ratings.evidence',
    'ratings.evidence_url as evidenceUrl',
    'ratings.evidence_files as evidenceFiles',
    'ratings.source',
    'ratings.created_at as ratedAt',
  ] as const

  /**
   * The competency with its framework (the competency says which), or a 404 when it is not one the
   * user can rate: a competency of a framework their institution uses for people.
   */
  async function rateableCompetency(user: SessionUser, competencyId: number): Promise<{ framework: Framework; competency: TreeNode }> {
    return rateableIn(await frameworkUses.ofNode(user, competencyId), competencyId)
  }

  /**
   * The competency with its framework, from memory: a 404 when it is not a competency people rate.
   * Whether the person's institution uses its framework is not read here: the write that follows checks it.
   */
  async function competencyToRate(competencyId: number): Promise<{ framework: Framework; competency: TreeNode }> {
    return rateableIn(await frameworkUses.frameworkOf(competencyId), competencyId)
  }

  /** The competency of that id in the framework, when it is one people rate themselves on; else a 404. */
  function rateableIn(framework: Framework | undefined, competencyId: number): { framework: Framework; competency: TreeNode } {
    const competency = framework?.tree.byId.get(competencyId)
    if (framework === undefined || framework.row.subject !== 'person' || !isRateable(competency)) {
      throw NotFoundError.of('notFound', { thing: 'competency', id: competencyId })
    }
    return { framework, competency }
  }

  /**
   * Where a competency of a version the institution no longer uses is now: the same item (by the code
   * map recorded when the institution moved, else by its code) in the newer version of the framework
   * the institution uses; undefined when it uses none or the item was retired.
   */
  async function movedTo(user: SessionUser, framework: Framework, competency: TreeNode): Promise<{ framework: Framework; competency: TreeNode } | undefined> {
    const row = await db
      .selectFrom('institution_frameworks as uses')
      .innerJoin('frameworks', 'frameworks.id', 'uses.framework_id')
      .leftJoin('framework_transitions as moves', (join) => join.on('moves.from_framework_id', '=', framework.row.id).onRef('moves.to_framework_id', '=', 'uses.framework_id'))
      .innerJoin('competencies', (join) =>
        join
          .onRef('competencies.framework_id', '=', 'uses.framework_id')
          .on('competencies.code', '=', sql<string>`case when moves.code_map ? ${competency.code} then moves.code_map ->> ${competency.code} else ${competency.code} end`),
      )
      .select('competencies.id')
      .where('uses.institution_id', '=', user.institutionId)
      .where('frameworks.slug', '=', framework.row.slug)
      .where('frameworks.id', '<>', framework.row.id)
      // Only on to a later version: a newer one the institution does not use is no way back to an older.
      .where('frameworks.loaded_at', '>', framework.row.loaded_at)
      .executeTakeFirst()
    if (row === undefined) return undefined
    const next = await frameworkUses.frameworkOf(row.id)
    const node = next?.tree.byId.get(row.id)
    return next === undefined || !isRateable(node) ? undefined : { framework: next, competency: node }
  }

  /** The ids as files a rating may cite: the person's own (else 400 naming the first that is not), sorted, each once, at most 20. */
  async function citableFiles(user: SessionUser, ids: readonly number[]): Promise<number[]> {
    const unique = [...new Set(ids)].sort((a, b) => a - b)
    if (unique.length > EVIDENCE_FILES_PER_RATING) throw InvalidInputError.of('evidenceTooManyFiles', { max: EVIDENCE_FILES_PER_RATING }, { evidenceIds: 'too many' })
    if (unique.length === 0) return unique
    const own = new Set(
      (await db.selectFrom('evidence_files').select('id').where('user_id', '=', user.id).where('institution_id', '=', user.institutionId).where('id', 'in', unique).execute()).map((row) => row.id),
    )
    const unknown = unique.find((id) => !own.has(id))
    if (unknown !== undefined) throw InvalidInputError.of('evidenceFileUnknown', { id: unknown }, { evidenceIds: `no file ${unknown}` })
    return unique
  }

  return {
    rateableCompetency,
    competencyToRate,

    /**
     * Records a self-rating; 404 for a competency not of a framework the user's institution uses for
     * people, 400 for a level off its scale.
     */
    async rateSelf(user: SessionUser, competencyId: number, input: RatingInput): Promise<Rating & { readonly changed: boolean }> {
      // The framework from the node (kept in memory); whether the institution uses it is checked by
      // the write itself, so a save stays one round trip (npm run bench).
      let { framework, competency } = await competencyToRate(competencyId)
      const evidence = input.evidence ?? ''
      const evidenceUrl = input.evidenceUrl || null
      const evidenceFiles = input.evidenceFiles === undefined ? undefined : await citableFiles(user, input.evidenceFiles)
      // A save of a version the institution has just left (the move waited for the saves under way,
      // this one for the move) lands on the version it moved to, as the move carried the others.
      for (let attempt = 0; ; attempt++) {
        try {
          const saved = await engine.append(
            { institutionId: user.institutionId, frameworkId: framework.row.id, competencyId: competency.id, subject: { kind: 'person', userId: user.id }, rater: { id: user.id, capacity: 'self' }, level: input.level, evidence, evidenceUrl, evidenceFiles, comment: '' },
            framework.row.scale,
          )
          // Nothing written: a repeat, or a file cited was deleted in the meantime (the save then writes nothing).
          if (!saved.changed && evidenceFiles !== undefined) await citableFiles(user, evidenceFiles)
          return { id: saved.id, competencyId: competency.id, code: competency.code, level: input.level, evidence, evidenceUrl, evidenceFiles: saved.evidenceFiles ?? [], source: 'self' as const, ratedAt: saved.at, changed: saved.changed }
        } catch (error) {
          const moved = error instanceof NotFoundError && attempt < 3 ? await movedTo(user, framework, competency) : undefined
          if (moved === undefined) throw error
          ;({ framework, competency } = moved)
        }
      }
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

    /**
     * The reviewer's current validation of the user's rating of one competency, with the reviewer's
     * name: shown beside the person's own level, never in its place.
     */
    async validation(user: SessionUser, competencyId: number): Promise<ValidationOfMine | undefined> {
      const row = await db
        .selectFrom('current_validations')
        .innerJoin('users as reviewer', 'reviewer.id', 'current_validations.reviewer_id')
        .select(['current_validations.level', 'current_validations.comment', 'reviewer.name as reviewer', 'current_validations.updated_at as at', 'current_validations.self_rating_id as selfRatingId'])
        .where('current_validations.institution_id', '=', user.institutionId)
        .where('current_validations.user_id', '=', user.id)
        .where('current_validations.competency_id', '=', competencyId)
        .executeTakeFirst()
      return row === undefined ? undefined : { ...row, at: new Date(row.at), selfRatingId: Number(row.selfRatingId) }
    },

    /** The reviewers' validations of the user's ratings in one framework made since `since`, newest first: the person is told of them. */
    recentValidations(user: SessionUser, frameworkId: number, since: Date): Promise<(ValidationOfMine & { readonly competencyId: number })[]> {
      return db
        .selectFrom('current_validations')
        .innerJoin('users as reviewer', 'reviewer.id', 'current_validations.reviewer_id')
        .innerJoin('competencies', 'competencies.id', 'current_validations.competency_id')
        .select(['current_validations.competency_id as competencyId', 'current_validations.level', 'current_validations.comment', 'reviewer.name as reviewer', 'current_validations.updated_at as at', 'current_validations.self_rating_id as selfRatingId'])
        .where('current_validations.institution_id', '=', user.institutionId)
        .where('current_validations.user_id', '=', user.id)
        .where('competencies.framework_id', '=', frameworkId)
        .where('current_validations.updated_at', '>=', since)
        .orderBy('current_validations.updated_at', 'desc')
        .execute()
        .then((rows) => rows.map((row) => ({ ...row, at: new Date(row.at), selfRatingId: Number(row.selfRatingId) })))
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
