import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely'
import type { Database, ReportPersonSumsTable } from '../db/schema.js'

/** People's ratings (self) or the levels their reviewers validated (validated). Never mixed. */
export type ReportBasis = 'self' | 'validated'

/** Whose sums: the institution's current staff, or these people (enabled or not). */
export type SumsOf = { readonly institutionId: number } | { readonly userIds: readonly number[] }

/** The figures of one person at one node (a domain or a competency) of one framework, as `report_person_sums` keeps them. */
export interface PersonNodeSums extends Pick<ReportPersonSumsTable, 'user_id' | 'institution_id' | 'node_id' | SumFigure> {
  department_id: number | null
  role_profile_id: number | null
}

/** The figures added up per cell (see ReportPersonSumsTable). */
export type SumFigure = 'rated_pairs' | 'level_sum' | 'target_pairs' | 'gap_sum' | 'below_pairs'

/**
 * The one definition of the gap report's figures: per person and node (each competency, or each
 * domain adding up its competencies), from the person's current levels and their targets (their
 * own, else those of the institution's profile in this framework with the code of the profile
 * they hold). Gaps are counted only where the person has rated: an unrated competency is unknown. The report adds these up per department and role profile; `report_person_sums` keeps
 * them per domain (migrations/0020_report_sums.ts).
 */
export function personNodeSums(of: SumsOf, frameworkId: number, node: 'domain' | 'competency', basis: ReportBasis): RawBuilder<PersonNodeSums> {
  const nodeColumn = node === 'competency' ? sql.ref('c.id') : sql.ref('c.parent_id')
  const levels = sql.table(basis === 'validated' ? 'current_validations' : 'current_ratings')
  const people = 'institutionId' in of ? sql`u.institution_id = ${of.institutionId} and u.disabled_at is null` : sql`u.id = any(${[...of.userIds]}::integer[])`
  // Two steps instead of count(distinct): sums per person and node (hashed), then per cell; the
  // means are the sums over the counts, the same figures as averaging the person-competency pairs.
  return sql<PersonNodeSums>`
    with staff as (
      select u.id, u.institution_id, u.department_id, u.role_profile_id, here.id as target_profile_id from users u
      left join role_profiles held on held.id = u.role_profile_id
      left join role_profiles here on here.institution_id = u.institution_id and here.code = held.code and here.framework_id = ${frameworkId}
      where ${people}
    ),
    comp as (
      select c.id, c.parent_id from competencies c where c.framework_id = ${frameworkId} and c.kind = 'competency'
    ),
    pairs as (
      select s.id as user_id, s.institution_id, s.department_id, s.role_profile_id, ${nodeColumn} as node_id,
             -- A personal target of 0 is "not applicable to my role": no target (domain/gaps.ts).
             nullif(coalesce(pt.level, rpt.level), 0) as target, cr.level as current
      from staff s
      cross join comp c
      left join role_profile_targets rpt on rpt.role_profile_id = s.target_profile_id and rpt.competency_id = c.id
      left join personal_targets pt on pt.user_id = s.id and pt.competency_id = c.id
      left join ${levels} cr on cr.user_id = s.id and cr.competency_id = c.id and cr.institution_id = s.institution_id
    )
    select user_id, institution_id, department_id, role_profile_id, node_id,
      count(current)::integer as rated_pairs,
      coalesce(sum(current), 0)::integer as level_sum,
      (count(*) filter (where target is not null and current is not null))::integer as target_pairs,
      coalesce(sum(greatest(0, target - current)), 0)::integer as gap_sum,
      (count(*) filter (where current < target))::integer as below_pairs
    from pairs
    group by user_id, institution_id, department_id, role_profile_id, node_id`
}

/**
 * Brings the stored domain sums of one institution and framework up to date: recomputes the people
 * marked stale (or given as missing) in both bases. Reports of one institution refresh one at a time
 * (a transaction-scoped advisory lock); the marks are claimed in a statement of their own so the
 * recompute's snapshot, taken after any change holding a mark's lock has committed, sees that change.
 */
export async function refreshDomainSums(trx: Transaction<Database>, institutionId: number, frameworkId: number, missing: readonly number[] = []): Promise<number> {
  await sql`select pg_advisory_xact_lock(hashtext('report_person_sums'), ${institutionId})`.execute(trx)
  const claimed = await sql<{ user_id: number }>`
    delete from report_sums_stale where framework_id = ${frameworkId} and institution_id = ${institutionId}
    returning user_id`.execute(trx)
  const userIds = [...new Set([...claimed.rows.map((row) => row.user_id), ...missing])]
  if (userIds.length === 0) return 0
  const of = { userIds }
  await sql`
    insert into report_person_sums (framework_id, basis, institution_id, user_id, node_id, rated_pairs, level_sum, target_pairs, gap_sum, below_pairs)
    select ${frameworkId}::integer, 'self', institution_id, user_id, node_id, rated_pairs, level_sum, target_pairs, gap_sum, below_pairs from (${personNodeSums(of, frameworkId, 'domain', 'self')}) s
    union all
    select ${frameworkId}::integer, 'validated', institution_id, user_id, node_id, rated_pairs, level_sum, target_pairs, gap_sum, below_pairs from (${personNodeSums(of, frameworkId, 'domain', 'validated')}) v
    on conflict (framework_id, basis, institution_id, user_id, node_id) do update set
      rated_pairs = excluded.rated_pairs, level_sum = excluded.level_sum, target_pairs = excluded.target_pairs,
      gap_sum = excluded.gap_sum, below_pairs = excluded.below_pairs`.execute(trx)
  return userIds.length
}

/** The institution's current staff without stored sums in this framework (new to it, or never added up). */
export async function staffWithoutSums(db: Kysely<Database> | Transaction<Database>, institutionId: number, frameworkId: number): Promise<number[]> {
  const { rows } = await sql<{ id: number }>`
    select u.id from users u
    where u.institution_id = ${institutionId} and u.disabled_at is null
      and not exists (select 1 from report_person_sums p where p.framework_id = ${frameworkId} and p.basis = 'self' and p.institution_id = u.institution_id and p.user_id = u.id)`.execute(db)
  return rows.map((row) => row.id)
}
