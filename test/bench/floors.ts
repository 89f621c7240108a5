import pg from 'pg'
import { summarise, type BenchResult } from './recommendations.js'

/**
 * The HR gap dashboard's aggregate (departments x domains of one institution: people, rated, mean
 * level, mean gap, share below target, over `current_ratings` and each person's targets) written by
 * hand as the best plain query for those figures and run through a plain `pg` client: what the
 * database alone costs. (The API computes the same figures plus the institution's totals per domain,
 * then suppression, JSON and HTTP.)
 */
export const DASHBOARD_SQL = `
  with staff as (
    select id, department_id, role_profile_id from users where institution_id = $1 and disabled_at is null
  ),
  comp as (
    select id, parent_id from competencies where framework_id = $2 and kind = 'competency'
  ),
  pairs as (
    select s.id as user_id, s.department_id, c.parent_id as domain_id, coalesce(pt.level, rpt.level) as target, cr.level as current
    from staff s
    cross join comp c
    left join role_profile_targets rpt on rpt.role_profile_id = s.role_profile_id and rpt.competency_id = c.id
    left join personal_targets pt on pt.user_id = s.id and pt.competency_id = c.id
    left join current_ratings cr on cr.user_id = s.id and cr.competency_id = c.id and cr.institution_id = $1
  ),
  per_person as (
    select user_id, department_id, domain_id, count(current) as rated_pairs, sum(current) as level_sum,
      count(*) filter (where target is not null and current is not null) as target_pairs,
      sum(greatest(0, target - current)) as gap_sum, count(*) filter (where current < target) as below_pairs
    from pairs group by user_id, department_id, domain_id
  )
  select department_id, domain_id, count(*)::integer as people, (count(*) filter (where rated_pairs > 0))::integer as rated,
    sum(level_sum)::numeric / nullif(sum(rated_pairs), 0) as mean_level,
    sum(gap_sum)::numeric / nullif(sum(target_pairs), 0) as mean_gap,
    sum(below_pairs)::numeric / nullif(sum(target_pairs), 0) as below_target
  from per_person group by department_id, domain_id`

/**
 * The same figures from the sums the app keeps per person and domain (migrations/0020_report_sums.ts),
 * up to date: the best plain query once those are kept, and so the floor the API is measured against.
 */
export const DASHBOARD_SUMS_SQL = `
  select u.department_id, p.node_id as domain_id, count(*)::integer as people, (count(*) filter (where p.rated_pairs > 0))::integer as rated,
    sum(p.level_sum)::numeric / nullif(sum(p.rated_pairs), 0) as mean_level,
    sum(p.gap_sum)::numeric / nullif(sum(p.target_pairs), 0) as mean_gap,
    sum(p.below_pairs)::numeric / nullif(sum(p.target_pairs), 0) as below_target
  from users u join report_person_sums p on p.framework_id = $2 and p.basis = 'self' and p.institution_id = u.institution_id and p.user_id = u.id
  where u.institution_id = $1 and u.disabled_at is null
  group by u.department_id, p.node_id`

/** Times a hand-written dashboard aggregate `runs` times in a row (after one warm-up). */
export async function timeDashboardSql(connectionString: string, institutionId: number, frameworkId: number, runs: number, query = DASHBOARD_SQL): Promise<BenchResult & { rows: number }> {
  const client = new pg.Client({ connectionString })
  await client.connect()
  try {
    const warm = await client.query(query, [institutionId, frameworkId])
    const timings: number[] = []
    for (let run = 0; run < runs; run++) {
      const started = performance.now()
      await client.query(query, [institutionId, frameworkId])
      timings.push(performance.now() - started)
    }
    return { ...summarise(timings), rows: warm.rowCount ?? 0 }
  } finally {
    await client.end()
  }
}

export interface Rater {
  readonly userId: number
  readonly institutionId: number
}

/**
 * The database floor of a rating save: the app's statement (services/judgements.ts: upsert
 * `current_ratings` unless nothing changed, append to `ratings` and `audit_log`, as data-modifying CTEs of one statement) driven directly through a `pg` pool of the app's size by
 * `concurrency` workers for `durationMs`. Returns transactions per second.
 */
export async function ratingSaveFloor(options: {
  connectionString: string
  poolSize: number
  concurrency: number
  durationMs: number
  raters: readonly Rater[]
  competencyIds: readonly number[]
  frameworkId: number
}): Promise<{ tps: number; transactions: number }> {
  const pool = new pg.Pool({ connectionString: options.connectionString, max: options.poolSize })
  pool.on('error', () => {})
  let next = 0
  let transactions = 0
  const deadline = performance.now() + options.durationMs
  const started = performance.now()
  async function worker(): Promise<void> {
    while (performance.now() < deadline) {
      const n = next++
      const rater = options.raters[n % options.raters.length]!
      const competencyId = options.competencyIds[n % options.competencyIds.length]!
      const level = 1 + (n % 3)
      await pool.query(
        `with current as (
           insert into current_ratings as c (institution_id, user_id, competency_id, level, evidence, evidence_url, rating_id, updated_at)
           select $1, $2, $3, $4, $5, $6, nextval(pg_get_serial_sequence('ratings', 'id')), clock_timestamp()
           where exists (select 1 from institution_frameworks where institution_id = $1 and framework_id = $8)
           on conflict (user_id, competency_id) do update
             set level = excluded.level, evidence = excluded.evidence, evidence_url = excluded.evidence_url,
               rating_id = nextval(pg_get_serial_sequence('ratings', 'id')), updated_at = clock_timestamp()
             where (c.level, c.evidence, c.evidence_url) is distinct from (excluded.level, excluded.evidence, excluded.evidence_url)
           returning rating_id, updated_at
         ), inserted as (
           insert into ratings (id, institution_id, user_id, competency_id, level, evidence, evidence_url, source, rated_by, created_at)
           overriding system value
           select rating_id, $1, $2, $3, $4, $5, $6, 'self', $2, updated_at from current
           returning id, created_at
         ), audit as (
           insert into audit_log (institution_id, actor_id, action, entity, entity_id, data)
           select $1, $2, 'rating.self', 'competency', $7, jsonb_build_object('ratingId', id)
             || case when (select rating_visibility from institutions where id = $1) = 'everything' then jsonb_build_object('level', $4::int) else '{}'::jsonb end
           from inserted
         )
         select id, created_at from inserted`,
        // Evidence new each time, as the app's load sends it: every save writes.
        [rater.institutionId, rater.userId, competencyId, level, `Benchmark ${n}`, null, String(competencyId), options.frameworkId],
      )
      transactions++
    }
  }
  try {
    await Promise.all(Array.from({ length: options.concurrency }, () => worker()))
  } finally {
    await pool.end()
  }
  return { tps: transactions / ((performance.now() - started) / 1000), transactions }
}
