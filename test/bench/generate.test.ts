import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { sql } from 'kysely'
import pg from 'pg'
import t from 'tap'
import { createReportService } from '../../server/services/reports.js'
import { createUserService } from '../../server/services/users.js'
import { verifyPassword } from '../../server/services/passwords.js'
import { createTestDatabase } from '../helpers/database.js'
import { DASHBOARD_SQL, ratingSaveFloor } from './floors.js'
import { BENCH_PASSWORD, generateLoad } from './generate.js'
import { formatTable, tableRows, writeResults, type BenchResults } from './results.js'

// A smoke test of the benchmark's parts on a tiny load; no timings are asserted.
t.test('the generator, the raw dashboard SQL, the database floor and the result writer on a tiny load', async (t) => {
  const database = await createTestDatabase()
  t.teardown(() => database.close())
  const { db } = database
  const load = await generateLoad(db, { staff: 40, institutions: 2, competencies: 60, rounds: 3, departmentsPerInstitution: 2 })

  t.same(load.counts, { users: 40, ratings: 40 * 60 * 3, currentRatings: 40 * 60 })
  t.equal(load.competencyIds.length, 60)
  const framework = await db.selectFrom('competencies').select((eb) => eb.fn.countAll<number>().as('n')).where('framework_id', '=', load.frameworkId).where('kind', '=', 'domain').executeTakeFirstOrThrow()
  t.equal(Number(framework.n), 6, 'six generated domains of ten competencies')

  const invariants = await sql<{ stale: number; missing_profile: number; hr: number; wrong_institution: number }>`
    select
      (select count(*) from current_ratings cr
        where cr.institution_id = any(${load.institutionIds}::integer[])
          and cr.rating_id <> (select r.id from ratings r where r.user_id = cr.user_id and r.competency_id = cr.competency_id and r.source = 'self'
                               order by r.created_at desc, r.id desc limit 1))::integer as stale,
      (select count(*) from users where institution_id = any(${load.institutionIds}::integer[]) and (department_id is null or role_profile_id is null or password_hash is null))::integer as missing_profile,
      (select count(*) from users where institution_id = any(${load.institutionIds}::integer[]) and role = 'hr')::integer as hr,
      (select count(*) from current_ratings cr join ratings r on r.id = cr.rating_id
        where cr.institution_id = any(${load.institutionIds}::integer[])
          and (cr.level <> r.level or cr.updated_at <> r.created_at or cr.institution_id <> r.institution_id))::integer as wrong_institution`.execute(db)
  t.same(invariants.rows[0], { stale: 0, missing_profile: 0, hr: 2, wrong_institution: 0 }, 'current_ratings hold the latest rating; everyone has a department, a role profile and a password')

  const users = createUserService(db)
  const hr = await users.authenticate(load.hrEmail, BENCH_PASSWORD)
  t.equal(hr?.role, 'hr')
  const lecturers = load.lecturerEmails(4)
  t.same(lecturers, ['staff2@bench1.test', 'staff22@bench2.test', 'staff3@bench1.test', 'staff23@bench2.test'])
  const lecturer = await db.selectFrom('users').select(['role', 'password_hash']).where('email', '=', lecturers[1]!).executeTakeFirstOrThrow()
  t.equal(lecturer.role, 'lecturer')
  t.equal(await verifyPassword(BENCH_PASSWORD, lecturer.password_hash!), true)

  // The hand-written SQL the benchmark compares the API with gives the API's figures.
  const client = new pg.Client({ connectionString: database.connectionString })
  await client.connect()
  const raw = await client.query<{ department_id: number; domain_id: number; people: number; rated: number; mean_level: string; mean_gap: string; below_target: string }>(DASHBOARD_SQL, [hr!.institutionId, load.frameworkId])
  await client.end()
  const report = await createReportService(db).gaps(hr!, load.frameworkId, { by: 'department' })
  t.equal(raw.rows.length, 2 * 6, 'two departments x six domains')
  t.equal(report.cells.length, raw.rows.length)
  t.equal(report.cells.filter((cell) => !cell.suppressed).length, 12, 'departments of 10 people are shown (K = 5)')
  for (const cell of report.cells) {
    const row = raw.rows.find((candidate) => candidate.department_id === cell.departmentId && candidate.domain_id === cell.nodeId)
    t.ok(row, `raw row for department ${cell.departmentId}, domain ${cell.nodeId}`)
    t.same(
      [cell.people, cell.rated, cell.meanLevel?.toFixed(9), cell.meanGap?.toFixed(9), cell.belowTarget?.toFixed(9)],
      [row!.people, row!.rated, Number(row!.mean_level).toFixed(9), Number(row!.mean_gap).toFixed(9), Number(row!.below_target).toFixed(9)],
    )
  }

  const floor = await ratingSaveFloor({
    connectionString: database.connectionString,
    poolSize: 2,
    concurrency: 4,
    durationMs: 300,
    raters: [{ userId: hr!.id, institutionId: hr!.institutionId }],
    competencyIds: load.competencyIds.slice(0, 3),
  })
  t.ok(floor.transactions > 0 && floor.tps > 0, 'the database floor saved ratings')
  const after = await sql<{ ratings: number; audit: number; current: number }>`
    select (select count(*) from ratings where user_id = ${hr!.id})::integer as ratings,
           (select count(*) from audit_log where actor_id = ${hr!.id} and action = 'rating.self')::integer as audit,
           (select count(*) from current_ratings cr join ratings r on r.id = cr.rating_id where cr.user_id = ${hr!.id} and cr.level = r.level)::integer as current`.execute(db)
  t.same(after.rows[0], { ratings: 180 + floor.transactions, audit: floor.transactions, current: 60 }, 'each floor transaction appended a rating and an audit entry and kept current_ratings')
})

t.test('the result writer and the table', async (t) => {
  const results: BenchResults = {
    run: { database: 'server', staff: 20, institutions: 2, competencies: 60, rounds: 3, quick: true, at: '2026-01-01T00:00:00.000Z' },
    dashboard: { appMs: 30, appP95Ms: 160, rawSqlMs: 25, rawSqlP95Ms: 40, ratio: 1.2 },
    ratingSave: { appRps: 400, helloRps: 5000, rawSqlTps: 1000, ratio: 0.4, connections: 10 },
    recommend: { p95Ms: 3 },
    pages: { firstLoadBytes: 20480, firstLoadPage: '/framework', maxFragmentBytes: 900, maxFragment: 'POST /framework/1/rating' },
    coldStartMs: 7000,
    memory: { appPeakRssMb: 150, appLifetimePeakRssMb: 180, embeddedRssMb: 700 },
  }
  const dir = await mkdtemp(path.join(tmpdir(), 'ct-bench-results-'))
  t.teardown(() => rm(dir, { recursive: true, force: true }))
  const file = path.join(dir, 'bench-results.json')
  await writeResults(file, results)
  t.same(JSON.parse(await readFile(file, 'utf8')), results)

  const rows = tableRows(results)
  t.same(
    rows.map((row) => row.met),
    [true, false, false, true, undefined, undefined, undefined, true, false],
  )
  const table = formatTable(rows)
  t.match(table, /^MET\s+HR gap dashboard API \/ raw SQL \(median\)\s+30\.0 ms \/ 25\.0 ms = 1\.20\s+<= 1\.5$/m)
  t.match(table, /^MISSED\s+rating save: app \/ min\(HTTP floor, DB floor\), 10 connections\s+400 \/ min\(5000, 1000\) = 0\.40\s+>= 0\.5$/m)
  t.match(table, /^MISSED\s+embedded default peak RSS after a cold start\s+700 MB\s+< 600 MB$/m)
})
