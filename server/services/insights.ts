import { sql, type Kysely } from 'kysely'
import type { Database } from '../db/schema.js'
import { suppressedKeys } from '../domain/suppression.js'
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
  /** People per level (0 = not rated), or null where suppressed. */
  readonly counts: readonly (number | null)[]
}

export interface QuarterTrend {
  /** e.g. "2026-Q2". */
  readonly quarter: string
  readonly rated: number | null
  readonly meanLevel: number | null
  readonly suppressed: boolean
}

/**
 * The other HR views of an institution: participation per department, the distribution of levels per
 * competency, and the trend of the mean level per quarter; all with small groups suppressed.
 *
 * ```ts
 * const insights = createInsightService(db)
 * await insights.participation(hrUser) // [{ departmentId: 3, people: 9, rated: 8, suppressed: false }, ...]
 * ```
 */
export function createInsightService(db: Kysely<Database>) {
  async function k(user: SessionUser): Promise<number> {
    return (await db.selectFrom('institutions').select('min_group_size').where('id', '=', user.institutionId).executeTakeFirstOrThrow()).min_group_size
  }

  return {
    k,

    async participation(user: SessionUser): Promise<Participation[]> {
      const rows = await sql<{ department_id: number | null; people: number; rated: number }>`
        select u.department_id, count(*)::integer as people,
               (count(*) filter (where exists (select 1 from current_ratings cr where cr.user_id = u.id)))::integer as rated
        from users u where u.institution_id = ${user.institutionId} and u.disabled_at is null
        group by u.department_id`.execute(db)
      const withDepartment = rows.rows.filter((row) => row.department_id !== null)
      const rest = rows.rows.find((row) => row.department_id === null) ?? { people: 0, rated: 0 }
      const hidden = suppressedKeys(
        withDepartment.map((row) => ({ key: String(row.department_id), people: row.people, rated: row.rated })),
        { people: rest.people, rated: rest.rated },
        await k(user),
      )
      return withDepartment.map((row) => {
        const suppressed = hidden.has(String(row.department_id))
        return { departmentId: row.department_id!, people: suppressed ? null : row.people, rated: suppressed ? null : row.rated, suppressed }
      })
    },

    /** People at each level of each competency, institution-wide; a level held by fewer than K is suppressed (and another with it). */
    async distribution(user: SessionUser, maxLevel: number, basis: ReportBasis = 'self'): Promise<LevelDistribution[]> {
      const levels = sql.table(basis === 'validated' ? 'current_validations' : 'current_ratings')
      const rows = await sql<{ competency_id: number; level: number; people: number }>`
        select c.id as competency_id, coalesce(cr.level, 0) as level, count(*)::integer as people
        from users u
        cross join competencies c
        left join ${levels} cr on cr.user_id = u.id and cr.competency_id = c.id
        where u.institution_id = ${user.institutionId} and u.disabled_at is null
          and c.framework_id = ${user.frameworkId} and c.kind = 'competency'
        group by c.id, coalesce(cr.level, 0)`.execute(db)
      const threshold = await k(user)
      const byCompetency = new Map<number, number[]>()
      for (const row of rows.rows) {
        const counts = byCompetency.get(row.competency_id) ?? Array.from({ length: maxLevel + 1 }, () => 0)
        counts[row.level] = row.people
        byCompetency.set(row.competency_id, counts)
      }
      return [...byCompetency].map(([competencyId, counts]) => {
        const people = counts.reduce((sum, count) => sum + count, 0)
        const hidden = suppressedKeys(
          counts.map((count, level) => ({ key: String(level), people: count, rated: count })),
          { people: 0, rated: 0 },
          threshold,
        )
        return { competencyId, people, counts: counts.map((count, level) => (hidden.has(String(level)) ? null : count)) }
      })
    },

    /** The mean self-rated level at the end of each of the last `quarters` quarters, over the ratings held then. */
    async trend(user: SessionUser, quarters: number, now: Date): Promise<QuarterTrend[]> {
      const ends = Array.from({ length: quarters }, (_, index) => {
        const quarterStart = new Date(Date.UTC(now.getUTCFullYear(), Math.floor(now.getUTCMonth() / 3) * 3 - 3 * (quarters - 1 - index), 1))
        const end = new Date(Date.UTC(quarterStart.getUTCFullYear(), quarterStart.getUTCMonth() + 3, 1))
        return { label: `${quarterStart.getUTCFullYear()}-Q${Math.floor(quarterStart.getUTCMonth() / 3) + 1}`, end }
      })
      const threshold = await k(user)
      const result: QuarterTrend[] = []
      let previouslyRated = 0
      for (const { label, end } of ends) {
        const row = await sql<{ rated: number; mean_level: number | null }>`
          with held as (
            select distinct on (r.user_id, r.competency_id) r.level
            from ratings r join users u on u.id = r.user_id
            where r.institution_id = ${user.institutionId} and r.source = 'self' and r.created_at < ${end} and u.disabled_at is null
            order by r.user_id, r.competency_id, r.created_at desc, r.id desc
          ), raters as (
            select count(distinct r.user_id)::integer as rated from ratings r
            where r.institution_id = ${user.institutionId} and r.source = 'self' and r.created_at < ${end}
          )
          select (select rated from raters) as rated, (select avg(level) from held) as mean_level`.execute(db)
        const { rated, mean_level } = row.rows[0]!
        // Each quarter describes everyone who had rated by then: a small number is suppressed, and so is
        // a quarter whose few new raters could be read from its difference with the one before.
        const newRaters = rated - previouslyRated
        const suppressed = (rated > 0 && rated < threshold) || (newRaters > 0 && newRaters < threshold)
        previouslyRated = rated
        result.push({ quarter: label, rated: suppressed ? null : rated, meanLevel: suppressed ? null : mean_level, suppressed })
      }
      return result
    },
  }
}

export type InsightService = ReturnType<typeof createInsightService>
