import { sql, type Kysely, type Transaction } from 'kysely'
import type { Database } from '../db/schema.js'
import { changesJudgement, historyKey, judgementLevels, type Judgement } from '../domain/judgement.js'
import type { Scale } from '../domain/scale.js'
import { auditMayCarryLevels } from '../domain/visibility.js'
import { auditBy } from './audit.js'
import { ConflictError, InvalidInputError, NotFoundError } from './errors.js'

/** What a save did: the subject's current judgement of the item (new, or the one it repeated), and whether it wrote. */
export interface Appended {
  readonly id: number
  readonly at: Date
  readonly changed: boolean
  /** A self-rating's evidence files, as written or as they stand. */
  readonly evidenceFiles?: readonly number[]
}

/**
 * The assessment engine's one write, for every subject and rater: a judgement is appended to the
 * subject's history, the subject's current level of the item follows it, and the audit log says who
 * made it and in which capacity, all or nothing. A judgement that repeats the current one writes
 * nothing (`changed: false`), and two saves of one item arriving together are taken one after the
 * other, so a double submit writes once.
 *
 * Where each subject's history lives: a person's self-ratings and their reviewers' validations in
 * `ratings` (`current_ratings`, `current_validations`), a unit's or the institution's judgements in
 * `subject_ratings` (the current one is the latest row). Callers check who may judge what; the engine
 * checks the level against the scale and keeps the history whole.
 *
 * ```ts
 * const engine = createJudgementEngine(db)
 * await engine.append({ institutionId, frameworkId, competencyId, subject: { kind: 'person', userId }, rater: { id: userId, capacity: 'self' },
 *   level: 2, evidence: 'Ran two online courses', evidenceUrl: null, comment: '' }, framework.row.scale)
 * ```
 */
export function createJudgementEngine(db: Kysely<Database>) {
  /**
   * A self-rating: one statement, so one round trip and atomic without BEGIN/COMMIT (the hottest write;
   * npm run bench). The upsert of `current_ratings` goes first: it takes the row lock, and only when
   * the new rating differs from the current one does it take a new history id and time (under the
   * lock, so history and current agree on which is newest) and hand them to the history insert and the
   * audit entry. A double submit's second statement waits for the first, sees its row and writes
   * nothing. No row at all when the institution does not use the framework. Plain SQL rather than the
   * query builder: building this with Kysely cost ~0.2 ms of CPU a save.
   */
  async function appendSelf(judgement: Judgement, userId: number): Promise<Appended> {
    const { institutionId, frameworkId, competencyId, level, evidence, evidenceUrl } = judgement
    // Without files (a form that does not show them, an API call without evidenceIds) the files the
    // current rating cites stay: the statement then neither reads nor locks evidence_files (npm run bench).
    const files = judgement.evidenceFiles === undefined ? undefined : `{${judgement.evidenceFiles.join(',')}}`
    const held =
      files === undefined
        ? sql``
        : sql`held as (
          -- The evidence files cited, the person's own, held until this commits: deleting one waits
          -- for the save, and a save of a file deleted first finds it gone and writes nothing.
          select id from evidence_files where id = any(${files}::integer[]) and user_id = ${userId} for key share
        ), `
    const allHeld = files === undefined ? sql`` : sql`and (select count(*) from held) = cardinality(${files}::integer[])`
    const newFiles = files === undefined ? sql`'{}'::integer[]` : sql`${files}::integer[]`
    const setFiles = files === undefined ? sql`` : sql`evidence_files = excluded.evidence_files,`
    const written = (
      await sql<{ id: string; at: Date; evidence_files: number[] }>`
        with uses as (
          -- The institution uses the framework, and keeps using it until this commits: moving it to
          -- another version updates this row, so a move waits for the saves under way (and carries
          -- them), and a save that comes during a move waits for it and then finds the row gone
          -- (services/ratings.ts saves it again on the new version).
          select 1 from institution_frameworks where institution_id = ${institutionId} and framework_id = ${frameworkId} for share
        ), ${held}current as (
          insert into current_ratings as c (institution_id, user_id, competency_id, level, evidence, evidence_url, evidence_files, rating_id, updated_at)
          select ${institutionId}, ${userId}, ${competencyId}, ${level}, ${evidence}, ${evidenceUrl}, ${newFiles}, nextval(pg_get_serial_sequence('ratings', 'id')), clock_timestamp()
          where exists (select 1 from uses) ${allHeld}
          on conflict (user_id, competency_id) do update
            set level = excluded.level, evidence = excluded.evidence, evidence_url = excluded.evidence_url, ${setFiles}
              rating_id = nextval(pg_get_serial_sequence('ratings', 'id')), updated_at = clock_timestamp()
            where (c.level, c.evidence, c.evidence_url) is distinct from (excluded.level, excluded.evidence, excluded.evidence_url)
              ${files === undefined ? sql`` : sql`or c.evidence_files is distinct from excluded.evidence_files`}
          returning rating_id, updated_at, evidence_files
        ), inserted as (
          insert into ratings (id, institution_id, user_id, competency_id, level, evidence, evidence_url, evidence_files, source, rated_by, created_at)
          overriding system value
          select rating_id, ${institutionId}, ${userId}, ${competencyId}, ${level}, ${evidence}, ${evidenceUrl}, evidence_files, 'self', ${userId}, updated_at from current
          returning id, created_at, evidence_files
        ), audit as (
          insert into audit_log (institution_id, actor_id, action, entity, entity_id, data)
          -- HR read the log: it carries the level only where the institution lets HR read everyone's
          -- levels anyway (domain/visibility.ts, auditMayCarryLevels).
          select ${institutionId}, ${userId}, 'rating.self', 'competency', ${String(competencyId)}, jsonb_build_object('ratingId', id)
            || case when (select rating_visibility from institutions where id = ${institutionId}) = 'everything' then jsonb_build_object('level', ${level}::int) else '{}'::jsonb end
          from inserted
        ), answered as (
          -- In an open round the person is in, the save answers this competency: with the new rating,
          -- or with the current one they confirmed unchanged (the statement's snapshot still holds it).
          insert into round_answers as a (round_id, user_id, competency_id, rating_id, answered_at)
          select m.round_id, ${userId}, ${competencyId},
            coalesce((select rating_id from current), (select rating_id from current_ratings where user_id = ${userId} and competency_id = ${competencyId})),
            clock_timestamp()
          from round_members m join assessment_rounds r on r.id = m.round_id
          where m.user_id = ${userId} and r.framework_id = ${frameworkId} and r.opens_at <= clock_timestamp() and clock_timestamp() < r.closes_at
            and exists (select 1 from uses)
            and coalesce((select rating_id from current), (select rating_id from current_ratings where user_id = ${userId} and competency_id = ${competencyId})) is not null
          on conflict (round_id, user_id, competency_id) do update set rating_id = excluded.rating_id, answered_at = excluded.answered_at
            where a.rating_id <> excluded.rating_id
        ), applicable as (
          -- Answering a level says the competency applies to the person: a "not applicable to my role"
          -- mark (a personal target of 0, domain/gaps.ts) is taken back in the same statement.
          delete from personal_targets
          where user_id = ${userId} and competency_id = ${competencyId} and level = 0
            and exists (select 1 from uses)
        )
        select id, created_at as at, evidence_files from inserted`.execute(db)
    ).rows[0]
    if (written !== undefined) return { id: Number(written.id), at: written.at, changed: true, evidenceFiles: written.evidence_files.map(Number) }
    const current = await db
      .selectFrom('current_ratings')
      .innerJoin('institution_frameworks as uses', (join) => join.onRef('uses.institution_id', '=', 'current_ratings.institution_id').on('uses.framework_id', '=', frameworkId))
      .select(['rating_id as id', 'updated_at as at', 'evidence_files'])
      .where('current_ratings.institution_id', '=', institutionId)
      .where('user_id', '=', userId)
      .where('competency_id', '=', competencyId)
      .executeTakeFirst()
    // Nothing written and nothing current: the institution does not use the framework.
    if (current === undefined) throw NotFoundError.of('notFound', { thing: 'competency', id: competencyId })
    return { id: Number(current.id), at: new Date(current.at), changed: false, evidenceFiles: current.evidence_files.map(Number) }
  }

  /**
   * A reviewer's validation of a person's current self-rating: refused (409) when a newer self-rating
   * replaced it. The person's current self-rating row is locked first, so neither a new self-rating
   * nor a second validation slips in between the check and the write.
   */
  async function appendValidation(judgement: Judgement, userId: number, selfRatingId: number, within: Transaction<Database> | undefined): Promise<Appended> {
    const { institutionId, competencyId, level, comment, rater } = judgement
    const mayCarryLevel = auditMayCarryLevels(
      (await db.selectFrom('institutions').select('rating_visibility').where('id', '=', institutionId).executeTakeFirstOrThrow()).rating_visibility,
    )
    const inTransaction = <T>(work: (trx: Transaction<Database>) => Promise<T>) => (within === undefined ? db.transaction().execute(work) : work(within))
    return inTransaction(async (trx) => {
      const self = await trx.selectFrom('current_ratings').select('rating_id').where('user_id', '=', userId).where('competency_id', '=', competencyId).forUpdate().executeTakeFirst()
      if (self === undefined || Number(self.rating_id) !== selfRatingId) throw ConflictError.of('newerSelfRating', {})
      const current = await trx
        .selectFrom('current_validations')
        .select(['rating_id', 'level', 'comment', 'self_rating_id', 'reviewer_id', 'updated_at'])
        .where('user_id', '=', userId)
        .where('competency_id', '=', competencyId)
        .executeTakeFirst()
      if (current !== undefined && Number(current.self_rating_id) === selfRatingId && current.reviewer_id === rater.id && !changesJudgement({ ...current, evidence: current.comment, evidenceUrl: null }, { level, evidence: comment, evidenceUrl: null, comment })) {
        return { id: Number(current.rating_id), at: new Date(current.updated_at), changed: false }
      }
      const inserted = await trx
        .insertInto('ratings')
        .values({ institution_id: institutionId, user_id: userId, competency_id: competencyId, level, evidence: comment, source: 'reviewer', rated_by: rater.id })
        .returning(['id', 'created_at'])
        .executeTakeFirstOrThrow()
      const values = { level, rating_id: inserted.id, self_rating_id: selfRatingId, reviewer_id: rater.id, comment, updated_at: inserted.created_at }
      await trx
        .insertInto('current_validations')
        .values({ institution_id: institutionId, user_id: userId, competency_id: competencyId, ...values })
        .onConflict((oc) => oc.columns(['user_id', 'competency_id']).doUpdateSet(values))
        .execute()
      await auditBy(trx, { id: rater.id, institutionId }, 'rating.validate', 'rating', selfRatingId, { userId, competencyId, ...(mayCarryLevel ? { level } : {}) })
      return { id: Number(inserted.id), at: inserted.created_at, changed: true }
    })
  }

  /** A panel's judgement of a unit or the institution: its saves of one area are taken one at a time (a transaction-scoped advisory lock). */
  async function appendSubjectJudgement(judgement: Judgement, unitId: number | null): Promise<Appended> {
    const { institutionId, frameworkId, competencyId, level, evidence, comment, rater } = judgement
    if (rater.capacity !== 'hr' && rater.capacity !== 'panel') throw new Error(`a ${rater.capacity} judgement is not one of a unit or the institution`)
    const capacity = rater.capacity
    return db.transaction().execute(async (trx) => {
      await sql`select pg_advisory_xact_lock(hashtext('subject_ratings'), hashtext(${historyKey(judgement)}))`.execute(trx)
      const latest = await trx
        .selectFrom('subject_ratings')
        .select(['id', 'level', 'evidence', 'comment', 'created_at'])
        .where('institution_id', '=', institutionId)
        .where('framework_id', '=', frameworkId)
        .where((eb) => (unitId === null ? eb('unit_id', 'is', null) : eb('unit_id', '=', unitId)))
        .where('competency_id', '=', competencyId)
        .orderBy('id', 'desc')
        .limit(1)
        .executeTakeFirst()
      if (latest !== undefined && !changesJudgement({ ...latest, evidenceUrl: null }, { level, evidence, evidenceUrl: null, comment })) {
        return { id: latest.id, at: new Date(latest.created_at), changed: false }
      }
      const inserted = await trx
        .insertInto('subject_ratings')
        .values({ institution_id: institutionId, framework_id: frameworkId, unit_id: unitId, competency_id: competencyId, level, evidence, comment, rated_by: rater.id, rater_role: capacity })
        .returning(['id', 'created_at'])
        .executeTakeFirstOrThrow()
      await auditBy(trx, { id: rater.id, institutionId }, 'assessment.judge', 'competency', competencyId, { frameworkId, unitId, level, judgementId: inserted.id, as: capacity })
      return { id: inserted.id, at: new Date(inserted.created_at), changed: true }
    })
  }

  return {
    /**
     * Appends the judgement unless it repeats the current one; 400 for a level the scale does not
     * have for this subject (domain/judgement.ts, judgementLevels). A validation may be written in the
     * caller's transaction (`within`), with the change that decided it.
     */
    async append(judgement: Judgement, scale: Scale, within?: Transaction<Database>): Promise<Appended> {
      const levels = judgementLevels(scale, judgement.subject, judgement.rater.capacity)
      if (!Number.isInteger(judgement.level) || !levels.includes(judgement.level)) {
        throw InvalidInputError.of('levelOffScale', { level: judgement.level, levels }, { level: `choose one of ${levels.join(', ')}` })
      }
      const { subject, rater } = judgement
      switch (subject.kind) {
        case 'person':
          if (rater.capacity === 'self') return appendSelf(judgement, subject.userId)
          if (rater.capacity === 'reviewer' && judgement.answers !== undefined) return appendValidation(judgement, subject.userId, judgement.answers, within)
          throw new Error(`a person is judged by themselves or by a reviewer answering a self-rating, not as ${rater.capacity}`)
        case 'unit':
          return appendSubjectJudgement(judgement, subject.unitId)
        case 'institution':
          return appendSubjectJudgement(judgement, null)
      }
    },
  }
}

export type JudgementEngine = ReturnType<typeof createJudgementEngine>
