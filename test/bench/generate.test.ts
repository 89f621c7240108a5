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
  const load = await generateLoad(db, { staff: 40, institutions: 2, competencies: 60, rounds: 3, departmentsPerInstitution: 2, largeInstitutionStaff: 30 })

  t.same(load.counts, { users: 70, ratings: 70 * 60 * 3, currentRatings: 70 * 60 }, 'two institutions of 20 and the large one of 30')
  t.equal(load.institutionIds.length, 2)
  t.ok(load.large !== undefined && !load.institutionIds.includes(load.large.institutionId), 'the large institution is not among the others')
  const large = load.large!
  t.equal(large.hrEmail, 'staff41@bench3.test', 'the large institution numbers its people on after the others')
  const perInstitution = await sql<{ institution_id: number; users: number; departments: number; hr: string; numbers: string }>`
    select u.institution_id, count(*)::integer as users, count(distinct u.department_id)::integer as departments,
           string_agg(u.email, ',') filter (where u.role = 'hr') as hr,
           min(substring(u.email from '^staff([0-9]+)@')::integer) || '..' || max(substring(u.email from '^staff([0-9]+)@')::integer) as numbers
    from users u where u.institution_id = any(${[...load.institutionIds, large.institutionId]}::integer[])
    group by u.institution_id order by u.institution_id`.execute(db)
  t.same(
    perInstitution.rows.map((row) => [row.users, row.departments, row.hr, row.numbers]),
    [
      [20, 2, 'staff1@bench1.test', '1..20'],
      [20, 2, 'staff21@bench2.test', '21..40'],
      [30, 2, 'staff41@bench3.test', '41..70'],
    ],
    'people, departments, HR and the people numbered of each institution',
  )
  t.equal(perInstitution.rows[2]!.institution_id, large.institutionId)
  const allIds = [...load.institutionIds, large.institutionId]
  t.equal(load.competencyIds.length, 60)
  const framework = await db.selectFrom('competencies').select((eb) => eb.fn.countAll<number>().as('n')).where('framework_id', '=', load.frameworkId).where('kind', '=', 'domain').executeTakeFirstOrThrow()
  t.equal(Number(framework.n), 6, 'six generated domains of ten competencies')

  const invariants = await sql<{ stale: number; missing_profile: number; hr: number; wrong_institution: number }>`
    select
      (select count(*) from current_ratings cr
        where cr.institution_id = any(${allIds}::integer[])
          and cr.rating_id <> (select r.id from ratings r where r.user_id = cr.user_id and r.competency_id = cr.competency_id and r.source = 'self'
                               order by r.created_at desc, r.id desc limit 1))::integer as stale,
      (select count(*) from users where institution_id = any(${allIds}::integer[]) and (department_id is null or role_profile_id is null or password_hash is null))::integer as missing_profile,
      (select count(*) from users where institution_id = any(${allIds}::integer[]) and role = 'hr')::integer as hr,
      (select count(*) from current_ratings cr join ratings r on r.id = cr.rating_id
        where cr.institution_id = any(${allIds}::integer[])
          and (cr.level <> r.level or cr.updated_at <> r.created_at or cr.institution_id <> r.institution_id))::integer as wrong_institution`.execute(db)
  t.same(invariants.rows[0], { stale: 0, missing_profile: 0, hr: 3, wrong_institution: 0 }, 'current_ratings hold the latest rating; everyone has a department, a role profile and a password')

  const users = createUserService(db)
  const hr = await users.authenticate(load.hrEmail, BENCH_PASSWORD)
  t.equal(hr?.role, 'hr')
  const lecturers = load.lecturerEmails(4)
  t.same(lecturers, ['staff2@bench1.test', 'staff22@bench2.test', 'staff3@bench1.test', 'staff23@bench2.test'])
  const everyLecturer = load.lecturerEmails(100)
  t.equal(everyLecturer.length, 38, 'every lecturer of the two institutions, none of the large one')
  t.notOk(everyLecturer.some((email) => email.endsWith('@bench3.test')))
  const lecturer = await db.selectFrom('users').select(['role', 'password_hash']).where('email', '=', lecturers[1]!).executeTakeFirstOrThrow()
  t.equal(lecturer.role, 'lecturer')
  t.equal(await verifyPassword(BENCH_PASSWORD, lecturer.password_hash!), true)

  const largeHr = await users.authenticate(large.hrEmail, BENCH_PASSWORD)
  t.equal(largeHr?.role, 'hr')
  t.equal(largeHr?.institutionId, large.institutionId)

  // The hand-written SQL the benchmark compares the API with gives the API's figures, for either HR.
  const client = new pg.Client({ connectionString: database.connectionString })
  await client.connect()
  t.teardown(() => client.end())
  for (const [who, people] of [[hr!, 10], [largeHr!, 15]] as const) {
    const raw = await client.query<{ department_id: number; domain_id: number; people: number; rated: number; mean_level: string; mean_gap: string; below_target: string }>(DASHBOARD_SQL, [who.institutionId, load.frameworkId])
    const report = await createReportService(db).gaps(who, load.frameworkId, { by: 'department' })
    t.equal(raw.rows.length, 2 * 6, 'two departments x six domains')
    t.equal(report.cells.length, raw.rows.length)
    t.equal(report.cells.filter((cell) => !cell.suppressed).length, 12, `departments of ${people} people are shown (K = 5)`)
    for (const cell of report.cells) {
      const row = raw.rows.find((candidate) => candidate.department_id === cell.departmentId && candidate.domain_id === cell.nodeId)
      t.ok(row, `raw row for department ${cell.departmentId}, domain ${cell.nodeId}`)
      t.same(
        [cell.people, cell.rated, cell.meanLevel?.toFixed(9), cell.meanGap?.toFixed(9), cell.belowTarget?.toFixed(9)],
        [row!.people, row!.rated, Number(row!.mean_level).toFixed(9), Number(row!.mean_gap).toFixed(9), Number(row!.below_target).toFixed(9)],
      )
      t.equal(cell.people, people)
    }
  }

  const floor = await ratingSaveFloor({
    connectionString: database.connectionString,
    poolSize: 2,
    concurrency: 4,
    durationMs: 300,
    raters: [{ userId: hr!.id, institutionId: hr!.institutionId }],
    competencyIds: load.competencyIds.slice(0, 3),
    frameworkId: load.frameworkId,
  })
  t.ok(floor.transactions > 0 && floor.tps > 0, 'the database floor saved ratings')
  const after = await sql<{ ratings: number; audit: number; current: number }>`
    select (select count(*) from ratings where user_id = ${hr!.id})::integer as ratings,
           (select count(*) from audit_log where actor_id = ${hr!.id} and action = 'rating.self')::integer as audit,
           (select count(*) from current_ratings cr join ratings r on r.id = cr.rating_id where cr.user_id = ${hr!.id} and cr.level = r.level and cr.evidence = r.evidence)::integer as current`.execute(db)
  t.same(after.rows[0], { ratings: 180 + floor.transactions, audit: floor.transactions, current: 60 }, 'each floor transaction appended a rating and an audit entry and kept current_ratings')
})

t.test('the result writer and the table', async (t) => {
  const results: BenchResults = {
    run: { database: 'server', staff: 20, institutions: 2, competencies: 60, rounds: 3, largeInstitutionStaff: 0, quick: true, at: '2026-01-01T00:00:00.000Z' },
    dashboard: { appMs: 30, appP95Ms: 160, rawSqlMs: 24, rawSqlP95Ms: 40, httpFloorMs: 1, ratio: 1.2, fromScratchMs: 60, afterSavesMs: 45, firstSumsMs: 300 },
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
    [true, false, undefined, undefined, undefined, false, true, undefined, undefined, undefined, true, false],
  )
  const table = formatTable(rows)
  t.match(table, /^MET\s+HR gap dashboard API \/ \(raw SQL \+ HTTP floor\) \(median\)\s+30\.0 ms \/ \(24\.0 \+ 1\.0 ms\) = 1\.20\s+<= 1\.5$/m)
  t.match(table, /^MISSED\s+rating save: app \/ min\(HTTP floor, DB floor\), 10 connections\s+400 \/ min\(5000, 1000\) = 0\.40\s+>= 0\.5$/m)
  t.match(table, /^\s+the same figures from scratch, raw SQL \(median\)\s+60\.0 ms\s+\(reported\)$/m)
  t.match(table, /^MISSED\s+embedded default peak RSS after a cold start\s+700 MB\s+< 600 MB$/m)
  t.notMatch(table, /one institution of/, 'no large institution, no rows of it')

  // With the large institution: its two dashboard rows follow the first institution's.
  const withLarge: BenchResults = {
    ...results,
    run: { ...results.run, largeInstitutionStaff: 20_000 },
    dashboardLarge: { staff: 20_000, appMs: 900, appP95Ms: 980, rawSqlMs: 799, rawSqlP95Ms: 850, httpFloorMs: 1, ratio: 1.125, fromScratchMs: 1900, afterSavesMs: 0, firstSumsMs: 4000 },
  }
  await writeResults(file, withLarge)
  t.same(JSON.parse(await readFile(file, 'utf8')), withLarge)
  const largeRows = tableRows(withLarge)
  t.same(
    largeRows.map((row) => row.met),
    [true, false, undefined, undefined, undefined, true, false, undefined, undefined, undefined, false, true, undefined, undefined, undefined, true, false],
  )
  const largeTable = formatTable(largeRows)
  t.match(largeTable, /^MET\s+HR gap dashboard API \/ \(raw SQL \+ HTTP floor\) \(median\)\s+30\.0 ms \/ \(24\.0 \+ 1\.0 ms\) = 1\.20\s+<= 1\.5$/m)
  t.match(largeTable, /^MET\s+HR gap dashboard API \/ \(raw SQL \+ HTTP floor\) \(median\), one institution of 20000 staff\s+900\.0 ms \/ \(799\.0 \+ 1\.0 ms\) = 1\.13\s+<= 1\.5$/m)
  t.match(largeTable, /^MISSED\s+HR gap dashboard API p95, one institution of 20000 staff\s+980\.0 ms \(raw SQL p95 850\.0 ms\)\s+< 150 ms$/m)
})
