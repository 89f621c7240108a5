import { sql, type Kysely } from 'kysely'
import type { Database } from '../db/schema.js'
import { groupKey, withheldGroups, type TableGroup } from '../domain/report-table.js'
import { personNodeSums, refreshDomainSums, staffWithoutSums, type ReportBasis } from './report-sums.js'
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

export type { ReportBasis }

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

/** The figures of one cell of the protected table (department × role profile) at one node. */
interface AtomRow {
  /** The institution's K, read in the same statement (one round trip for the whole report). */
  k: number
  department_id: number | null
  role_profile_id: number | null
  node_id: number
  people: number
  rated: number
  /** People with a target in the node: the gap figures describe them. */
  targeted: number
  level_sum: number
  rated_pairs: number
  gap_sum: number
  target_pairs: number
  below_pairs: number
}

/**
 * Institution-wide gap reports for HR, always of the caller's institution: the figures per person
 * and node (services/report-sums.ts: kept per domain, computed on the fly per competency) added up
 * per department and role profile in one statement.
 *
 * The query reads the whole table department × role profile × node, whatever the filters, and
 * suppression is decided on that table for every filter combination at once (domain/report-table.ts):
 * a figure is shown only when neither it nor anything worked out from it together with any other
 * filter's figures describes 1 to K-1 people. People counts are protected across every node and
 * basis, raters per node, and the gap figures per node over the people with a target.
 *
 * ```ts
 * const report = await createReportService(db).gaps(hrUser, frameworkId, { by: 'department' })
 * report.cells[0] // { departmentId: 3, nodeId: 12, people: 8, rated: 6, meanLevel: 1.9, meanGap: 0.6, belowTarget: 0.4, suppressed: false }
 * ```
 */
export function createReportService(db: Kysely<Database>) {
  /** The figures per department (or none), role profile (or none) and node, for the whole institution. */
  async function table(user: SessionUser, frameworkId: number, query: GapQuery): Promise<AtomRow[]> {
    const basis = query.basis ?? 'self'
    if (query.by === 'competency') {
      const { rows } = await sql<AtomRow>`
        with per_person as (${personNodeSums({ institutionId: user.institutionId }, frameworkId, 'competency', basis)})
        select ${k(user)} as k, p.department_id, p.role_profile_id, p.node_id, ${cellFigures}
        from per_person p
        group by p.department_id, p.role_profile_id, p.node_id`.execute(db)
      return rows
    }
    // Domains: the sums kept per person (services/report-sums.ts), read in one statement that also
    // says whether any of them is marked stale; only then are they brought up to date and read again.
    const storedTable = (executor: Kysely<Database>) => sql<AtomRow & { node_id: number | null; stale: boolean }>`
      select ${k(user)} as k, u.department_id, u.role_profile_id, p.node_id, ${cellFigures},
        exists (select 1 from report_sums_stale s where s.framework_id = ${frameworkId} and s.institution_id = ${user.institutionId}) as stale
      from users u
      left join report_person_sums p on p.framework_id = ${frameworkId} and p.basis = ${basis} and p.institution_id = u.institution_id and p.user_id = u.id
      where u.institution_id = ${user.institutionId} and u.disabled_at is null
      group by u.department_id, u.role_profile_id, p.node_id`.execute(executor)
    // People without sums (new to the framework, or it has no domain for them) show as a row without a node.
    const upToDate = (rows: readonly { node_id: number | null; stale: boolean }[]) => rows.every((row) => !row.stale && row.node_id !== null)
    let { rows } = await storedTable(db)
    if (!upToDate(rows)) {
      rows = await db.transaction().execute(async (trx) => {
        await refreshDomainSums(trx, user.institutionId, frameworkId)
        const refreshed = (await storedTable(trx)).rows
        if (refreshed.every((row) => row.node_id !== null)) return refreshed
        const added = await refreshDomainSums(trx, user.institutionId, frameworkId, await staffWithoutSums(trx, user.institutionId, frameworkId))
        return added > 0 ? (await storedTable(trx)).rows : refreshed
      })
    }
    return rows.filter((row): row is AtomRow & { node_id: number; stale: boolean } => row.node_id !== null)
  }

  return {
    /** The gap report of one framework the institution uses (the route has checked it does). */
    async gaps(user: SessionUser, frameworkId: number, query: GapQuery): Promise<GapReport> {
      const rows = await table(user, frameworkId, query)
      // No rows (nobody on the staff): K from the institution itself.
      const k = rows[0]?.k ?? (await db.selectFrom('institutions').select('min_group_size').where('id', '=', user.institutionId).executeTakeFirstOrThrow()).min_group_size
      const byNode = new Map<number, AtomRow[]>()
      for (const row of rows) byNode.set(row.node_id, [...(byNode.get(row.node_id) ?? []), row])
      // People counts are the same at every node and in both bases: one decision for all of them.
      const anyNode = byNode.values().next().value ?? []
      const peopleWithheld = withheldGroups(anyNode.map((row) => atomOf(row, row.people)), k)

      const groups = publishedGroups(query, rows)
      const cells: GapCell[] = []
      for (const [nodeId, atoms] of byNode) {
        const withheld = withheldGroups(atoms.map((row) => atomOf(row, row.rated)), k, peopleWithheld)
        // The gaps describe the people with a target, a smaller group than the cell's people: the same rule.
        const gapWithheld = withheldGroups(atoms.map((row) => atomOf(row, row.targeted)), k, withheld)
        for (const group of groups) {
          const members = atoms.filter((row) => inGroup(row, group))
          if (members.length === 0) continue
          const sum = (field: keyof AtomRow) => members.reduce((total, row) => total + Number(row[field]), 0)
          const suppressed = withheld.has(group.key)
          const gapSuppressed = gapWithheld.has(group.key)
          const ratedPairs = sum('rated_pairs')
          const targetPairs = sum('target_pairs')
          cells.push({
            departmentId: group.departmentId ?? null,
            nodeId,
            people: suppressed ? null : sum('people'),
            rated: suppressed ? null : sum('rated'),
            meanLevel: suppressed || ratedPairs === 0 ? null : sum('level_sum') / ratedPairs,
            meanGap: gapSuppressed || targetPairs === 0 ? null : sum('gap_sum') / targetPairs,
            belowTarget: gapSuppressed || targetPairs === 0 ? null : sum('below_pairs') / targetPairs,
            suppressed,
            gapSuppressed,
          })
        }
      }
      return {
        k,
        basis: query.basis ?? 'self',
        by: query.by,
        cells: cells.sort((a, b) => (a.departmentId ?? 0) - (b.departmentId ?? 0) || a.nodeId - b.nodeId),
      }
    },
  }
}

/** The institution's K, read in the same statement (one round trip for the whole report). */
function k(user: SessionUser) {
  return sql<number>`(select min_group_size from institutions where id = ${user.institutionId})`
}

/** A cell's figures from the per-person sums `p` of its people. */
const cellFigures = sql`
  count(*)::integer as people,
  (count(*) filter (where p.rated_pairs > 0))::integer as rated,
  (count(*) filter (where p.target_pairs > 0))::integer as targeted,
  coalesce(sum(p.level_sum), 0)::integer as level_sum,
  coalesce(sum(p.rated_pairs), 0)::integer as rated_pairs,
  coalesce(sum(p.gap_sum), 0)::integer as gap_sum,
  coalesce(sum(p.target_pairs), 0)::integer as target_pairs,
  coalesce(sum(p.below_pairs), 0)::integer as below_pairs`

/** The groups of the table one query shows: its filters, and each department when grouped by department. */
function publishedGroups(query: GapQuery, rows: readonly AtomRow[]): TableGroup[] {
  const { departmentId, roleProfileId } = query
  if (query.by !== 'department' || departmentId !== undefined) {
    return [{ key: groupKey({ departmentId, roleProfileId }), ...(departmentId === undefined ? {} : { departmentId }), ...(roleProfileId === undefined ? {} : { roleProfileId }) }]
  }
  const departments = [...new Set(rows.flatMap((row) => (row.department_id === null ? [] : [row.department_id])))]
  return departments.map((id) => ({ key: groupKey({ departmentId: id, roleProfileId }), departmentId: id, ...(roleProfileId === undefined ? {} : { roleProfileId }) }))
}

function inGroup(row: AtomRow, group: TableGroup): boolean {
  return (group.departmentId === undefined || row.department_id === group.departmentId) && (group.roleProfileId === undefined || row.role_profile_id === group.roleProfileId)
}

function atomOf(row: AtomRow, size: number) {
  return { departmentId: row.department_id, roleProfileId: row.role_profile_id, size }
}

export type ReportService = ReturnType<typeof createReportService>
