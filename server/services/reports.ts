import { sql, type Kysely } from 'kysely'
import type { Database } from '../db/schema.js'
import { suppressedKeys } from '../domain/suppression.js'
import type { SessionUser } from './users.js'

export type ReportGrouping = 'department' | 'domain' | 'competency'

export interface GapQuery {
  /** department: departments x domains; domain: the institution per domain; competency: per competency. */
  readonly by: ReportGrouping
  readonly departmentId?: number | undefined
  readonly roleProfileId?: number | undefined
  /** self: people's own ratings; validated: the levels their reviewers validated. Never mixed. */
  readonly basis?: ReportBasis | undefined
}

export type ReportBasis = 'self' | 'validated'

/** One cell of a gap report. When suppressed, every figure is null. */
export interface GapCell {
  readonly departmentId: number | null
  /** The domain (by department or domain) or the competency (by competency) the cell is about. */
  readonly nodeId: number
  readonly people: number | null
  readonly rated: number | null
  readonly meanLevel: number | null
  readonly meanGap: number | null
  /** Share (0..1) of person-competency pairs with a target where the current level is below it. */
  readonly belowTarget: number | null
  /** Nothing of the cell is shown: it describes too few people, or would give such a group away. */
  readonly suppressed: boolean
  /**
   * The gap figures (meanGap, belowTarget) are not shown although the rest is: they describe only the
   * people with a target here, and those are too few (a competency only leaders aim at, say).
   */
  readonly gapSuppressed: boolean
}

export interface GapReport {
  readonly k: number
  readonly basis: ReportBasis
  readonly by: ReportGrouping
  readonly cells: readonly GapCell[]
}

interface AggregateRow {
  department_id: number | null
  node_id: number
  /** The institution's total for the node (grouping set without the department). */
  total: boolean
  people: number
  rated: number
  /** People with a target in the node: the gap figures describe them. */
  targeted: number
  mean_level: number | null
  mean_gap: number | null
  below_target: number | null
}

/**
 * Institution-wide gap reports for HR, always of the caller's institution, computed in one set-based
 * query over `current_ratings` and the targets of each person's role profile (or their own). Every
 * figure for fewer than the institution's K people is suppressed, and so are the cells from which
 * it could be recovered by subtraction (see domain/suppression.ts).
 *
 * ```ts
 * const report = await createReportService(db).gaps(hrUser, { by: 'department' })
 * report.cells[0] // { departmentId: 3, nodeId: 12, people: 8, rated: 6, meanLevel: 1.9, meanGap: 0.6, belowTarget: 0.4, suppressed: false }
 * ```
 */
export function createReportService(db: Kysely<Database>) {
  /**
   * The figures per department (or none) and node. With `withTotals` (by department, no filter), the
   * same scan also yields the institution's total per node (`total` true), via grouping sets.
   */
  async function aggregate(user: SessionUser, query: GapQuery, filtered: boolean, withTotals = false): Promise<AggregateRow[]> {
    const byDepartment = query.by === 'department' || query.departmentId !== undefined
    const node = query.by === 'competency' ? sql.ref('c.id') : sql.ref('c.parent_id')
    const department = byDepartment ? sql`s.department_id` : sql<null>`null::integer`
    const groups = withTotals ? sql`grouping sets ((p.department_id, p.node_id), (p.node_id))` : sql`p.department_id, p.node_id`
    const total = withTotals ? sql`grouping(p.department_id) = 1` : sql`false`
    const departmentFilter = filtered && query.departmentId !== undefined ? sql`and u.department_id = ${query.departmentId}` : sql``
    const profileFilter = filtered && query.roleProfileId !== undefined ? sql`and u.role_profile_id = ${query.roleProfileId}` : sql``
    const levels = sql.table(query.basis === 'validated' ? 'current_validations' : 'current_ratings')
    // Two steps instead of count(distinct): sums per person and cell (hashed), then per cell; the
    // means are the sums over the counts, the same figures as averaging the person-competency pairs.
    const result = await sql<AggregateRow>`
      with staff as (
        select u.id, u.department_id, u.role_profile_id from users u
        where u.institution_id = ${user.institutionId} and u.disabled_at is null ${departmentFilter} ${profileFilter}
      ),
      comp as (
        select c.id, c.parent_id from competencies c where c.framework_id = ${user.frameworkId} and c.kind = 'competency'
      ),
      pairs as (
        select s.id as user_id, ${department} as department_id, ${node} as node_id,
               coalesce(pt.level, rpt.level) as target, cr.level as current
        from staff s
        cross join comp c
        left join role_profile_targets rpt on rpt.role_profile_id = s.role_profile_id and rpt.competency_id = c.id
        left join personal_targets pt on pt.user_id = s.id and pt.competency_id = c.id
        left join ${levels} cr on cr.user_id = s.id and cr.competency_id = c.id and cr.institution_id = ${user.institutionId}
      ),
      per_person as (
        select user_id, department_id, node_id,
          count(current) as rated_pairs,
          sum(current) as level_sum,
          count(target) as target_pairs,
          sum(greatest(0, target - coalesce(current, 0))) as gap_sum,
          count(*) filter (where coalesce(current, 0) < target) as below_pairs
        from pairs
        group by user_id, department_id, node_id
      )
      select p.department_id, p.node_id, ${total} as total,
        count(*)::integer as people,
        (count(*) filter (where p.rated_pairs > 0))::integer as rated,
        (count(*) filter (where p.target_pairs > 0))::integer as targeted,
        sum(p.level_sum)::numeric / nullif(sum(p.rated_pairs), 0) as mean_level,
        sum(p.gap_sum)::numeric / nullif(sum(p.target_pairs), 0) as mean_gap,
        sum(p.below_pairs)::numeric / nullif(sum(p.target_pairs), 0) as below_target
      from per_person p
      group by ${groups}`.execute(db)
    return result.rows
  }

  return {
    async gaps(user: SessionUser, query: GapQuery): Promise<GapReport> {
      const narrowed = query.departmentId !== undefined || query.roleProfileId !== undefined
      const [institution, figures] = await Promise.all([
        db.selectFrom('institutions').select('min_group_size').where('id', '=', user.institutionId).executeTakeFirstOrThrow(),
        aggregate(user, query, true, !narrowed && query.by === 'department'),
      ])
      const k = institution.min_group_size
      const rows = figures.filter((row) => !row.total)
      // The institution's own totals per column are published (unfiltered, by domain or competency):
      // from the same scan when nothing narrows it, the rows themselves without departments, else one more query.
      const totals = !narrowed
        ? query.by === 'department'
          ? figures.filter((row) => row.total)
          : rows
        : await aggregate(user, { by: query.by === 'competency' ? 'competency' : 'domain', basis: query.basis }, false)
      const totalOf = new Map(totals.map((row) => [row.node_id, row]))
      // With a role-profile filter, each department cell must also not give away the rest of its department.
      const unfilteredDepartments =
        query.roleProfileId !== undefined && (query.by === 'department' || query.departmentId !== undefined)
          ? new Map((await aggregate(user, { ...query, roleProfileId: undefined }, true)).map((row) => [`${row.department_id}:${row.node_id}`, row]))
          : undefined

      const keyOf = (row: AggregateRow) => `${row.department_id}:${row.node_id}`
      const columns = new Map<number, AggregateRow[]>()
      for (const row of rows) columns.set(row.node_id, [...(columns.get(row.node_id) ?? []), row])
      /** The cells to hide so that no group of `size` below K can be read, directly or by subtraction. */
      const suppress = (size: (row: AggregateRow) => { people: number; rated: number }, alreadyHidden: ReadonlySet<string>) => {
        const hidden = new Set(alreadyHidden)
        for (const row of rows) {
          const whole = unfilteredDepartments?.get(keyOf(row))
          if (whole === undefined) continue
          const part = size(row)
          const rest = { people: size(whole).people - part.people, rated: size(whole).rated - part.rated }
          for (const key of suppressedKeys([{ key: keyOf(row), ...part }], rest, k)) hidden.add(key)
        }
        for (const [nodeId, column] of columns) {
          const total = totalOf.get(nodeId)
          const shown = column.reduce((sum, row) => ({ people: sum.people + size(row).people, rated: sum.rated + size(row).rated }), { people: 0, rated: 0 })
          // Without a narrowing filter and without department rows, the cell is the total itself: its remainder is empty.
          const remainder =
            total === undefined || (!narrowed && query.by !== 'department') ? { people: 0, rated: 0 } : { people: size(total).people - shown.people, rated: size(total).rated - shown.rated }
          const cells = column.map((row) => ({ key: keyOf(row), ...size(row) }))
          for (const key of suppressedKeys(cells, remainder, k, hidden)) hidden.add(key)
        }
        return hidden
      }
      const hidden = suppress((row) => ({ people: row.people, rated: row.rated }), new Set())
      // The gaps describe the people with a target, a smaller group than the cell's people: it gets the same rule.
      const gapHidden = suppress((row) => ({ people: row.targeted, rated: row.targeted }), hidden)
      return {
        k,
        basis: query.basis ?? 'self',
        by: query.by,
        cells: rows
          .map((row) => {
            const suppressed = hidden.has(keyOf(row))
            const gapSuppressed = gapHidden.has(keyOf(row))
            return {
              departmentId: row.department_id,
              nodeId: row.node_id,
              people: suppressed ? null : row.people,
              rated: suppressed ? null : row.rated,
              meanLevel: suppressed ? null : row.mean_level,
              meanGap: gapSuppressed ? null : row.mean_gap,
              belowTarget: gapSuppressed ? null : row.below_target,
              suppressed,
              gapSuppressed,
            }
          })
          .sort((a, b) => (a.departmentId ?? 0) - (b.departmentId ?? 0) || a.nodeId - b.nodeId),
      }
    },
  }
}

export type ReportService = ReturnType<typeof createReportService>
