import { sql, type Kysely, type RawBuilder } from 'kysely'
import type { Database } from '../db/schema.js'
import { withheldFigures, type Figure } from '../domain/disclosure.js'
import { shownSnapshots, type Contributions } from '../domain/snapshots.js'
import { atomKey, groupKey, INSTITUTION, tableFigures, withheldGroups } from '../domain/report-table.js'
import type { ReportBasis } from './reports.js'
import type { SessionUser } from './users.js'

export interface Participation {
  readonly departmentId: number
  readonly people: number | null
  /** People with at least one current rating. */
  readonly rated: number | null
  readonly suppressed: boolean
}

export interface LevelDistribution {
  readonly competencyId: number
  readonly people: number
  /** People with no rating of it, or null where suppressed. */
  readonly notRated: number | null
  /** People per level (0 = "not yet", below the first level), or null where suppressed. */
  readonly counts: readonly (number | null)[]
}

/** One figure of the trend: a closed round's results, or the levels held at the end of a quarter. */
export interface TrendPoint {
  /** e.g. "2026-Q2", when the trend is by quarter. */
  readonly quarter?: string
  readonly round?: { readonly id: number; readonly title: string; readonly closesAt: Date }
  /** The people the figure counts. */
  readonly rated: number | null
  readonly meanLevel: number | null
  readonly suppressed: boolean
}

/** By assessment round where the framework had a closed one, else by quarter; oldest first. */
export interface Trend {
  readonly by: 'round' | 'quarter'
  readonly points: readonly TrendPoint[]
}

/** The ends of the last `quarters` quarters up to the one `now` is in, oldest first, with their labels. */
function quarterEnds(quarters: number, now: Date): { label: string; end: Date }[] {
  return Array.from({ length: quarters }, (_, index) => {
    const quarterStart = new Date(Date.UTC(now.getUTCFullYear(), Math.floor(now.getUTCMonth() / 3) * 3 - 3 * (quarters - 1 - index), 1))
    const end = new Date(Date.UTC(quarterStart.getUTCFullYear(), quarterStart.getUTCMonth() + 3, 1))
    return { label: `${quarterStart.getUTCFullYear()}-Q${Math.floor(quarterStart.getUTCMonth() / 3) + 1}`, end }
  })
}

/**
 * The other HR views of an institution: participation per department, the distribution of levels per
 * competency, and the trend of the mean level by round or quarter; all with small groups suppressed.
 *
 * ```ts
 * const insights = createInsightService(db)
 * await insights.participation(hrUser, frameworkId) // [{ departmentId: 3, people: 9, rated: 8, suppressed: false }, ...]
 * ```
 */
export function createInsightService(db: Kysely<Database>) {
  async function k(user: SessionUser): Promise<number> {
    return (await db.selectFrom('institutions').select('min_group_size').where('id', '=', user.institutionId).executeTakeFirstOrThrow()).min_group_size
  }

  /** Per person, the ratings a snapshot counts (`held`: user_id, rating_id, level), and their sum. */
  async function snapshotOf(held: RawBuilder<unknown>): Promise<{ contributions: Contributions; levelSum: number; answers: number }> {
    const rows = await sql<{ user_id: number; ratings: string; level_sum: number; answers: number }>`
      select h.user_id, md5(string_agg(h.rating_id::text, ',' order by h.rating_id)) as ratings,
             sum(h.level)::integer as level_sum, count(*)::integer as answers
      from (${held}) h group by h.user_id`.execute(db)
    return {
      contributions: new Map(rows.rows.map((row) => [row.user_id, row.ratings])),
      levelSum: rows.rows.reduce((sum, row) => sum + row.level_sum, 0),
      answers: rows.rows.reduce((sum, row) => sum + row.answers, 0),
    }
  }

  const service = {
    k,

    /** People and those who rated anything in one framework, per department. */
    async participation(user: SessionUser, frameworkId: number): Promise<Participation[]> {
      const rows = await sql<{ department_id: number | null; role_profile_id: number | null; people: number; rated: number }>`
        select u.department_id, u.role_profile_id, count(*)::integer as people,
               (count(*) filter (where exists (
                 select 1 from current_ratings cr join competencies c on c.id = cr.competency_id
                 where cr.user_id = u.id and c.framework_id = ${frameworkId})))::integer as rated
        from users u where u.institution_id = ${user.institutionId} and u.disabled_at is null
        group by u.department_id, u.role_profile_id`.execute(db)
      const threshold = await k(user)
      const atoms = rows.rows.map((row) => ({ departmentId: row.department_id, roleProfileId: row.role_profile_id }))
      // A department's people are the gap reports' people: the same table, the same decision.
      const peopleWithheld = withheldGroups(
        rows.rows.map((row, index) => ({ ...atoms[index]!, size: row.people })),
        threshold,
      )
      // Raters of anything: the departments here, and the institution's raters (the people the trend counts now).
      const sizes = new Map(rows.rows.map((row, index) => [atomKey(atoms[index]!), row.rated]))
      const departments = tableFigures(atoms).filter((figure) => figure.key.startsWith('D:') || figure.key === INSTITUTION)
      const withheld = withheldFigures(sizes, departments.map((figure) => (figure.key === INSTITUTION ? { ...figure, fixed: true } : figure)), threshold, peopleWithheld)
      const byDepartment = new Map<number, { people: number; rated: number }>()
      for (const row of rows.rows) {
        if (row.department_id === null) continue
        const sum = byDepartment.get(row.department_id) ?? { people: 0, rated: 0 }
        byDepartment.set(row.department_id, { people: sum.people + row.people, rated: sum.rated + row.rated })
      }
      return [...byDepartment].sort(([a], [b]) => a - b).map(([departmentId, sum]) => {
        const suppressed = withheld.has(groupKey({ departmentId }))
        return { departmentId, people: suppressed ? null : sum.people, rated: suppressed ? null : sum.rated, suppressed }
      })
    },

    /** People at each level of each competency, institution-wide; a level held by fewer than K is suppressed (and another with it). */
    async distribution(user: SessionUser, frameworkId: number, maxLevel: number, basis: ReportBasis = 'self'): Promise<LevelDistribution[]> {
      const levels = sql.table(basis === 'validated' ? 'current_validations' : 'current_ratings')
      const rows = await sql<{ competency_id: number; level: number | null; people: number }>`
        select c.id as competency_id, cr.level, count(*)::integer as people
        from users u
        cross join competencies c
        left join ${levels} cr on cr.user_id = u.id and cr.competency_id = c.id
        where u.institution_id = ${user.institutionId} and u.disabled_at is null
          and c.framework_id = ${frameworkId} and c.kind = 'competency'
        group by c.id, cr.level`.execute(db)
      const threshold = await k(user)
      // Per competency: people without a rating first, then per level from 0 ("not yet").
      const byCompetency = new Map<number, { notRated: number; counts: number[] }>()
      for (const row of rows.rows) {
        const buckets = byCompetency.get(row.competency_id) ?? { notRated: 0, counts: Array.from({ length: maxLevel + 1 }, () => 0) }
        if (row.level === null) buckets.notRated = row.people
        else buckets.counts[row.level] = row.people
        byCompetency.set(row.competency_id, buckets)
      }
      return [...byCompetency].map(([competencyId, { notRated, counts }]) => {
        const people = notRated + counts.reduce((sum, count) => sum + count, 0)
        // The gap report publishes everyone's raters and mean level (so the sum of levels): with the
        // total, they are equations over these counts, and a hidden count must not follow from them.
        // Those who have not rated are people minus raters there: known, so not protected here (when the
        // raters are too few, the sums give the small group away and everything is withheld).
        const sizes = new Map([['none', 0], ...counts.map((count, level): [string, number] => [String(level), count])])
        const levels = counts.map((_, level) => String(level))
        const published: Figure[] = [
          { key: 'people', weights: new Map(['none', ...levels].map((level) => [level, 1])), fixed: true },
          { key: 'rated', weights: new Map(levels.map((level) => [level, 1])), fixed: true },
          { key: 'sum', weights: new Map(levels.map((level) => [level, Number(level)])), fixed: true },
          ...['none', ...levels].map((level) => ({ key: level, weights: new Map([[level, 1]]) })),
        ]
        const hidden = withheldFigures(sizes, published, threshold)
        return { competencyId, people, notRated: hidden.has('none') ? null : notRated, counts: counts.map((count, level) => (hidden.has(String(level)) ? null : count)) }
      })
    },

    /**
     * The mean self-rated level over time: per closed assessment round of the framework, the levels
     * its people gave in it (a round's results are fixed when it closes); without a closed round, the
     * levels held at the end of each of the last `quarters` quarters. A figure is withheld when it, or
     * its difference from the levels held now or from another figure shown, describes fewer than K
     * people (domain/snapshots.ts).
     */
    async trend(user: SessionUser, frameworkId: number, quarters: number, now: Date): Promise<Trend> {
      const threshold = await k(user)
      const institutionId = user.institutionId
      const rounds = await db
        .selectFrom('assessment_rounds')
        .select(['id', 'title', 'closes_at'])
        .where('institution_id', '=', institutionId)
        .where('framework_id', '=', frameworkId)
        .where('closes_at', '<=', now)
        .orderBy('closes_at', 'desc')
        .orderBy('id', 'desc')
        .execute()
      const heldNow = snapshotOf(sql`
        select cr.user_id, cr.rating_id, cr.level from current_ratings cr
        join users u on u.id = cr.user_id join competencies c on c.id = cr.competency_id
        where u.institution_id = ${institutionId} and u.disabled_at is null and c.framework_id = ${frameworkId}`)
      // The newest first: a change since withholds the older figure.
      const points =
        rounds.length > 0
          ? rounds.map((round) => ({
              round: { id: round.id, title: round.title, closesAt: new Date(round.closes_at) },
              snapshot: snapshotOf(sql`select a.user_id, a.rating_id, r.level from round_answers a join ratings r on r.id = a.rating_id where a.round_id = ${round.id}`),
            }))
          : quarterEnds(quarters, now).reverse().map(({ label, end }) => ({
              quarter: label,
              snapshot: snapshotOf(sql`
                select distinct on (r.user_id, r.competency_id) r.user_id, r.id as rating_id, r.level
                from ratings r join users u on u.id = r.user_id join competencies c on c.id = r.competency_id
                where r.institution_id = ${institutionId} and r.source = 'self' and r.created_at < ${end} and u.disabled_at is null
                  and c.framework_id = ${frameworkId}
                order by r.user_id, r.competency_id, r.created_at desc, r.id desc`),
            }))
      const [published, ...snapshots] = await Promise.all([heldNow, ...points.map((point) => point.snapshot)])
      const shown = shownSnapshots([published!.contributions], snapshots.map((snapshot) => snapshot.contributions), threshold)
      const figures = points.map(({ snapshot: _, ...point }, index) => {
        const { contributions, levelSum, answers } = snapshots[index]!
        const suppressed = !shown[index]
        return { ...point, rated: suppressed ? null : contributions.size, meanLevel: suppressed || answers === 0 ? null : levelSum / answers, suppressed }
      })
      return { by: rounds.length > 0 ? 'round' : 'quarter', points: figures.reverse() }
    },

    /** A closed round's results as the trend shows them (the same decision to withhold); undefined before it closes. */
    async roundResults(user: SessionUser, round: { readonly id: number; readonly frameworkId: number; readonly closesAt: Date }, now: Date): Promise<TrendPoint | undefined> {
      if (round.closesAt > now) return undefined
      return (await service.trend(user, round.frameworkId, 0, now)).points.find((point) => point.round?.id === round.id)
    },
  }
  return service
}

export type InsightService = ReturnType<typeof createInsightService>
