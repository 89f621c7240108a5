import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { sql, type Kysely } from 'kysely'
import type { Database } from '../../server/db/schema.js'
import { readFrameworkFiles } from '../../server/services/data-files.js'
import { createFrameworkService } from '../../server/services/frameworks.js'
import { hashPassword } from '../../server/services/passwords.js'

/** What the synthetic load consists of. */
export interface LoadSpec {
  readonly staff: number
  readonly institutions: number
  /** Competencies of the generated framework (domains of 10 competencies each). */
  readonly competencies: number
  readonly rounds: number
  readonly departmentsPerInstitution: number
  /**
   * Staff of one more institution, generated after the others in the same way (departments, role
   * profiles, rounds): the dashboard at scale. 0: none.
   */
  readonly largeInstitutionStaff: number
}

export interface GeneratedLoad {
  readonly frameworkId: number
  readonly competencyIds: number[]
  /** The `institutions` institutions of `staff` people (not the large one). */
  readonly institutionIds: number[]
  /** Every generated account has this password. */
  readonly password: string
  /** The first institution's HR account. */
  readonly hrEmail: string
  /** The large institution (`largeInstitutionStaff` > 0) and its HR account. */
  readonly large: { readonly institutionId: number; readonly hrEmail: string } | undefined
  /** Lecturers of the first institutions (never the large one), to sign in as. */
  lecturerEmails(count: number): string[]
  /** Every generated institution, the large one included. */
  readonly counts: { users: number; ratings: number; currentRatings: number }
}

export const BENCH_PASSWORD = 'bench-password'
export const BENCH_FRAMEWORK_SLUG = 'bench-synthetic'

/**
 * Fills a prepared (migrated) database with a synthetic load, set-based (`insert ... select from
 * generate_series`): a generated framework of `competencies` competencies loaded through the normal
 * loader, `institutions` institutions with departments, three role profiles with targets, `staff`
 * people (the first of each institution HR, the rest lecturers; all with one password hash) and
 * `rounds` rounds of self-ratings of every competency, `current_ratings` holding the latest of each.
 * With `largeInstitutionStaff`, one more institution ("Bench University <institutions + 1>") of that
 * many people, generated the same way; its people are numbered on after the others' (its HR is
 * `staff<staff + 1>@bench<institutions + 1>.test`).
 *
 * ```ts
 * const load = await generateLoad(db, { staff: 1000, institutions: 10, competencies: 60, rounds: 3, departmentsPerInstitution: 8, largeInstitutionStaff: 0 })
 * ```
 */
export async function generateLoad(db: Kysely<Database>, spec: LoadSpec): Promise<GeneratedLoad> {
  const frameworkId = await loadSyntheticFramework(db, spec.competencies)
  const competencyIds = (
    await db.selectFrom('competencies').select('id').where('framework_id', '=', frameworkId).where('kind', '=', 'competency').orderBy('id').execute()
  ).map((row) => row.id)
  const passwordHash = await hashPassword(BENCH_PASSWORD)
  const perInstitution = Math.ceil(spec.staff / spec.institutions)

  const large = spec.largeInstitutionStaff > 0
  const total = spec.institutions + (large ? 1 : 0)
  await db.transaction().execute(async (trx) => {
    await sql`
      insert into institutions (name, country, framework_id)
      select 'Bench University ' || i, 'Benchland', ${frameworkId}::integer from generate_series(1, ${total}::integer) i`.execute(trx)
  })
  const allInstitutionIds = (await db.selectFrom('institutions').select('id').where('name', 'like', 'Bench University %').orderBy('id').execute()).map((row) => row.id)
  const institutionIds = allInstitutionIds.slice(0, spec.institutions)

  for (const [index, institutionId] of allInstitutionIds.entries()) {
    // The large institution (the last) numbers its people on after everyone else's.
    const first = index < spec.institutions ? index * perInstitution : spec.staff
    const count = index < spec.institutions ? Math.max(0, Math.min(perInstitution, spec.staff - first)) : spec.largeInstitutionStaff
    await db.transaction().execute(async (trx) => {
      await sql`
        insert into departments (institution_id, name)
        select ${institutionId}::integer, 'Department ' || d from generate_series(1, ${spec.departmentsPerInstitution}::integer) d`.execute(trx)
      await sql`
        insert into role_profiles (institution_id, name, code, framework_id)
        select ${institutionId}::integer, initcap(code), code, ${frameworkId}::integer from unnest(array['teacher', 'leader', 'support']) code`.execute(trx)
      // Targets 1..3 spread over competencies, higher for leaders.
      await sql`
        insert into role_profile_targets (role_profile_id, competency_id, level)
        select rp.id, c.id, least(3, 1 + (c.id + rp.id) % 3 + case when rp.code = 'leader' then 1 else 0 end)
        from role_profiles rp cross join competencies c
        where rp.institution_id = ${institutionId} and c.framework_id = ${frameworkId} and c.kind = 'competency'`.execute(trx)
      // Person n of the institution: n = 1 is HR, the others lecturers; the last department is support staff.
      await sql`
        with d as (select id, row_number() over (order by id) - 1 as n, count(*) over () as total from departments where institution_id = ${institutionId}),
        rp as (select id, code from role_profiles where institution_id = ${institutionId})
        insert into users (institution_id, email, name, password_hash, role, department_id, role_profile_id)
        select ${institutionId}::integer, 'staff' || (${first}::integer + s) || '@bench' || ${index + 1}::integer || '.test',
               'Staff ' || (${first}::integer + s), ${passwordHash}::text,
               case when s = 1 then 'hr' else 'lecturer' end, d.id,
               (select rp.id from rp where rp.code = case when s = 1 then 'leader' when d.n = d.total - 1 then 'support' else 'teacher' end)
        from generate_series(1, ${count}::integer) s
        join d on d.n = s % d.total`.execute(trx)
      // Statistics that count the rows just written (a transaction's own rows count as live): the
      // foreign-key checks of the inserts below (ratings -> users, current_ratings -> ratings) are
      // planned once per connection and kept, and planned while the table held few rows they scan it
      // whole for every row inserted. Without this the 20,000-staff institution took over 10 minutes
      // (growing with the square of its size); with it, about 2.
      await sql`analyze users`.execute(trx)
      // Round r of R is r * 90 days after the first; levels drift upwards over the rounds.
      await sql`
        insert into ratings (institution_id, user_id, competency_id, level, evidence, source, rated_by, created_at)
        select u.institution_id, u.id, c.id,
               least(3, 1 + (u.id * 7 + c.id * 13) % 3 + case when r > 1 and (u.id + c.id + r) % 4 = 0 then 1 else 0 end),
               case when (u.id + c.id) % 5 = 0 then 'Taught a blended course' else '' end,
               'self', u.id, now() - make_interval(days => 90 * (${spec.rounds}::integer - r) + 1) + make_interval(secs => (u.id % 3600))
        from users u
        cross join competencies c
        cross join generate_series(1, ${spec.rounds}::integer) r
        where u.institution_id = ${institutionId} and c.framework_id = ${frameworkId} and c.kind = 'competency'`.execute(trx)
      await sql`analyze ratings`.execute(trx)
      await sql`
        insert into current_ratings (institution_id, user_id, competency_id, level, evidence, evidence_url, rating_id, updated_at)
        select distinct on (user_id, competency_id) institution_id, user_id, competency_id, level, evidence, evidence_url, id, created_at
        from ratings where institution_id = ${institutionId} and source = 'self'
        order by user_id, competency_id, created_at desc, id desc`.execute(trx)
    })
  }
  // Vacuumed as well as analyzed: left to autovacuum, the vacuum of 1.8 M new rows starts about a
  // minute later and competes for the CPU with whatever is being measured then (on PostgreSQL that
  // was the dashboard API, timed a minute after the raw SQL it is compared with).
  await sql`vacuum analyze`.execute(db)

  const counted = await sql<{ users: number; ratings: number; current_ratings: number }>`
    select (select count(*) from users where institution_id = any(${allInstitutionIds}::integer[]))::integer as users,
           (select count(*) from ratings where institution_id = any(${allInstitutionIds}::integer[]))::integer as ratings,
           (select count(*) from current_ratings where institution_id = any(${allInstitutionIds}::integer[]))::integer as current_ratings`.execute(db)
  const row = counted.rows[0]!
  return {
    frameworkId,
    competencyIds,
    institutionIds,
    password: BENCH_PASSWORD,
    hrEmail: `staff1@bench1.test`,
    large: large ? { institutionId: allInstitutionIds[spec.institutions]!, hrEmail: `staff${spec.staff + 1}@bench${spec.institutions + 1}.test` } : undefined,
    lecturerEmails(wanted: number) {
      // Lecturers are spread over the institutions, as the load is.
      const emails: string[] = []
      for (let n = 0; emails.length < wanted && n < spec.staff; n++) {
        const institution = n % institutionIds.length
        const local = 2 + Math.floor(n / institutionIds.length)
        if (local > perInstitution || institution * perInstitution + local > spec.staff) continue
        emails.push(`staff${institution * perInstitution + local}@bench${institution + 1}.test`)
      }
      return emails
    },
    counts: { users: row.users, ratings: row.ratings, currentRatings: row.current_ratings },
  }
}

/** Writes a framework of `competencies` competencies (domains of 10) to a file and loads it through the normal loader. */
export async function loadSyntheticFramework(db: Kysely<Database>, competencies: number): Promise<number> {
  const dir = await mkdtemp(path.join(tmpdir(), 'ct-bench-framework-'))
  try {
    const file = path.join(dir, `${BENCH_FRAMEWORK_SLUG}.json`)
    await writeFile(file, JSON.stringify(syntheticFramework(competencies)))
    const [outcome] = await createFrameworkService(db).loadAll(await readFrameworkFiles([file]))
    return outcome!.frameworkId
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

/** A framework file (see framework-data/schema/framework.schema.json) with a 3-level scale. */
export function syntheticFramework(competencies: number): object {
  const source = { title: 'Synthetic framework for the benchmark' }
  const domains = Math.ceil(competencies / 10)
  return {
    id: BENCH_FRAMEWORK_SLUG,
    version: `${competencies}`,
    title: `Benchmark framework (${competencies} competencies)`,
    publisher: 'competency-tracker benchmark',
    status: 'provisional',
    languages: ['en'],
    sources: [source],
    scale: {
      levels: [1, 2, 3].map((level) => ({ level, label: `Level ${level}`, description: `Synthetic level ${level}` })),
    },
    nodes: Array.from({ length: domains }, (_, d) => ({
      kind: 'domain',
      code: `D${d + 1}`,
      title: `Domain ${d + 1}`,
      description: `Synthetic domain ${d + 1}`,
      source,
      children: Array.from({ length: Math.min(10, competencies - d * 10) }, (_, c) => ({
        kind: 'competency',
        code: `D${d + 1}.${c + 1}`,
        title: `Competency ${d + 1}.${c + 1}`,
        description: `Synthetic competency ${d + 1}.${c + 1}, described in a sentence of ordinary length for a page.`,
        source,
      })),
    })),
  }
}
