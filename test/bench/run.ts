import { sql } from 'kysely'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { createBenchDatabase } from './database.js'
import { DASHBOARD_SUMS_SQL, ratingSaveFloor, timeDashboardSql } from './floors.js'
import { refreshDomainSums, staffWithoutSums } from '../../server/services/report-sums.js'
import { generateLoad, type LoadSpec } from './generate.js'
import { guidedSave, loadRatingSaves, loadSaves, signInToken, timeGet } from './http.js'
import { measurePages } from './pages.js'
import { REPO_ROOT, startServer } from './process.js'
import { benchmarkRecommendations } from './recommendations.js'
import { benchmarkCaseScale, type CaseScaleResult } from './case-scale.js'
import { formatTable, tableRows, writeResults, type BenchResults } from './results.js'

/**
 * npm run bench [-- --quick] [-- --staff N] [-- --large N]: generates a synthetic load on a fresh database (the embedded
 * server in a temporary directory, or a new database on the server of DATABASE_URL, dropped after),
 * measures the app (a separate process) beside its floors, prints each measurement beside its goal
 * and writes bench-results.json at the repository root.
 */
/** The app as `npm start` runs it: compiled by `npm run build` (the bench script builds first). */
const APP_ENTRY = 'dist/server/main.js'
const argv = process.argv.slice(2)
const quick = argv.includes('--quick')
const numberArgument = (name: string): number | undefined => {
  const at = argv.indexOf(name)
  return at < 0 ? undefined : Number(argv[at + 1])
}
const spec: LoadSpec = {
  staff: numberArgument('--staff') ?? (quick ? 1_000 : 10_000),
  institutions: 10,
  competencies: 60,
  rounds: 3,
  departmentsPerInstitution: 8,
  // One institution at scale besides the others (--large 0: none); --quick keeps its small shape.
  largeInstitutionStaff: numberArgument('--large') ?? (quick ? 0 : 20_000),
}
if (!Number.isSafeInteger(spec.staff) || spec.staff < spec.institutions * 2) throw new Error(`--staff must be a whole number of at least ${spec.institutions * 2}`)
if (!Number.isSafeInteger(spec.largeInstitutionStaff) || spec.largeInstitutionStaff < 0 || spec.largeInstitutionStaff === 1) throw new Error('--large must be 0 (none) or a whole number of at least 2')
const settings = quick ? { dashboardRuns: 20, loadSeconds: 5, connections: 10, tokens: 20 } : { dashboardRuns: 50, loadSeconds: 10, connections: 10, tokens: 50 }
/**
 * Each HTTP load (the hello-world floor and the app) is run unmeasured for this long first: until
 * V8 has optimised the hot path and the pool's connections are open, as they are in the floor's
 * process by the time it is measured, and in an app that has been serving for a while.
 */
const WARM_UP_SECONDS = 3
const serverUrl = process.env['DATABASE_URL'] || undefined
const log = (message: string) => console.log(`[bench ${(performance.now() / 1000).toFixed(0).padStart(4)} s] ${message}`)

const database = await createBenchDatabase(serverUrl)
log(`database: ${database.description}`)
/** CASE packages imported and exported at these sizes (items), as the issue of CASE at scale asks. */
const CASE_SIZES = [1_000, 15_000]
let caseScale: CaseScaleResult[] = []
let measured: Omit<BenchResults, 'recommend' | 'coldStartMs' | 'memory' | 'run' | 'caseScale'> & { appPeakRssMb: number; appLifetimePeakRssMb: number }
try {
  const started = performance.now()
  const load = await generateLoad(database.db, spec)
  log(
    `generated ${load.counts.users} staff, ${load.counts.ratings} ratings, ${load.counts.currentRatings} current ratings ` +
      `(${spec.institutions} institutions${load.large === undefined ? '' : ` + one of ${spec.largeInstitutionStaff} staff`} x ${spec.competencies} competencies x ${spec.rounds} rounds) in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  )
  const lecturerEmails = load.lecturerEmails(settings.tokens)
  const raters = await database.db.selectFrom('users').select(['id as userId', 'institution_id as institutionId']).where('email', 'in', lecturerEmails).execute()
  const institutionId = load.institutionIds[0]!

  // The sums the dashboard adds up (services/report-sums.ts), added up once from nothing as after a
  // migration; then the floors: the best plain query over them, and the same figures from scratch.
  const firstSums = async (id: number) => {
    const started = performance.now()
    await database.db.transaction().execute(async (trx) => refreshDomainSums(trx, id, load.frameworkId, await staffWithoutSums(trx, id, load.frameworkId)))
    return performance.now() - started
  }
  const firstSumsMs = await firstSums(institutionId)
  const firstSumsLargeMs = load.large === undefined ? 0 : await firstSums(load.large.institutionId)
  // As the generator's tables, analysed before they are measured (autovacuum does it in a running app).
  await sql`analyze report_person_sums`.execute(database.db)
  log(`sums added up from nothing: ${firstSumsMs.toFixed(0)} ms${load.large === undefined ? '' : `, ${spec.largeInstitutionStaff} staff: ${firstSumsLargeMs.toFixed(0)} ms`}`)
  const floors = async (id: number, of: string) => {
    const best = await timeDashboardSql(database.connectionString, id, load.frameworkId, settings.dashboardRuns, DASHBOARD_SUMS_SQL)
    const fromScratch = await timeDashboardSql(database.connectionString, id, load.frameworkId, settings.dashboardRuns)
    log(`dashboard raw SQL${of}: median ${best.p50.toFixed(1)} ms, p95 ${best.p95.toFixed(1)} ms (${best.rows} rows); from scratch median ${fromScratch.p50.toFixed(1)} ms (${fromScratch.rows} rows)`)
    return { best, fromScratch }
  }
  const rawSql = await floors(institutionId, '')
  const rawSqlLarge = load.large === undefined ? undefined : await floors(load.large.institutionId, `, ${spec.largeInstitutionStaff} staff`)
  const floor = await ratingSaveFloor({
    connectionString: database.connectionString,
    poolSize: database.appPoolSize,
    concurrency: settings.connections,
    durationMs: settings.loadSeconds * 1000,
    raters,
    competencyIds: load.competencyIds,
    frameworkId: load.frameworkId,
  })
  log(`rating save, database floor: ${floor.tps.toFixed(0)} transactions/s (pool ${database.appPoolSize}, ${settings.connections} workers)`)
  // An operator to import frameworks with, for the CASE measurements.
  await sql`insert into users (institution_id, email, name, password_hash, role)
    select institution_id, 'bench-admin@bench.test', 'Bench admin', password_hash, 'admin' from users where email = ${load.hrEmail}`.execute(database.db)
  // Embedded: only one process may open the data directory, so the benchmark lets go before the app starts.
  await database.release()

  const hello = await startServer('test/bench/hello-server.ts', {}, '/healthz')
  const helloLoadOptions = { baseUrl: hello.baseUrl, tokens: ['none'], competencyIds: load.competencyIds, connections: settings.connections }
  let httpFloor: Awaited<ReturnType<typeof timeGet>>
  const helloLoad = await loadRatingSaves({ ...helloLoadOptions, seconds: WARM_UP_SECONDS })
    .then(() => loadRatingSaves({ ...helloLoadOptions, seconds: settings.loadSeconds }))
    .then(async (result) => {
      httpFloor = await timeGet(`${hello.baseUrl}/healthz`, 'none', settings.dashboardRuns)
      return result
    })
    .finally(() => hello.stop())
  log(`HTTP floor, GET (hello world): median ${httpFloor!.p50.toFixed(2)} ms`)
  log(`rating save, HTTP floor (hello world): ${helloLoad.rps.toFixed(0)} requests/s`)

  const app = await startServer(APP_ENTRY, database.appEnv, '/healthz')
  log(`app started (pid ${app.pid}) in ${(app.readyMs / 1000).toFixed(1)} s`)
  try {
    const hrToken = await signInToken(app.baseUrl, load.hrEmail, load.password)
    const tokens: string[] = []
    for (const email of lecturerEmails) tokens.push(await signInToken(app.baseUrl, email, load.password))
    const dashboard = await timeGet(`${app.baseUrl}/api/v1/institution/gaps?by=department`, hrToken, settings.dashboardRuns)
    log(`dashboard API: median ${dashboard.p50.toFixed(1)} ms, p95 ${dashboard.p95.toFixed(1)} ms (${(dashboard.bytes / 1024).toFixed(1)} KB)`)
    const largeToken = load.large === undefined ? undefined : await signInToken(app.baseUrl, load.large.hrEmail, load.password)
    const dashboardLargeTimed = largeToken === undefined ? undefined : await timeGet(`${app.baseUrl}/api/v1/institution/gaps?by=department`, largeToken, settings.dashboardRuns)
    if (dashboardLargeTimed !== undefined) log(`dashboard API, ${spec.largeInstitutionStaff} staff: median ${dashboardLargeTimed.p50.toFixed(1)} ms, p95 ${dashboardLargeTimed.p95.toFixed(1)} ms (${(dashboardLargeTimed.bytes / 1024).toFixed(1)} KB)`)
    // Resident memory sampled under the load (VmHWM would also count start-up: migrations, framework files).
    const appLoadOptions = { baseUrl: app.baseUrl, tokens, competencyIds: load.competencyIds, connections: settings.connections }
    await loadRatingSaves({ ...appLoadOptions, seconds: WARM_UP_SECONDS })
    let appPeakRssMb = app.rssMb()
    const sampler = setInterval(() => (appPeakRssMb = Math.max(appPeakRssMb, app.rssMb())), 100)
    const appLoad = await loadRatingSaves({ ...appLoadOptions, seconds: settings.loadSeconds }).finally(() =>
      clearInterval(sampler),
    )
    appPeakRssMb = Math.max(appPeakRssMb, app.rssMb())
    if (appLoad.non2xx > 0 || appLoad.errors > 0) throw new Error(`rating saves failed: ${appLoad.non2xx} non-2xx answers, ${appLoad.errors} errors of ${appLoad.requests} (${JSON.stringify(appLoad.statusCodes)})\n${app.stderrTail()}`)
    const appLifetimePeakRssMb = app.peakRssMb()
    log(`rating save, app: ${appLoad.rps.toFixed(0)} requests/s (p99 ${appLoad.p99Ms} ms), peak RSS under load ${appPeakRssMb.toFixed(0)} MB (since start ${appLifetimePeakRssMb.toFixed(0)} MB)`)
    // The first dashboard after the saves adds up again the people who saved (one request, timed alone).
    const afterSaves = async (token: string) => {
      const started = performance.now()
      const response = await fetch(`${app.baseUrl}/api/v1/institution/gaps?by=department`, { headers: { authorization: `Bearer ${token}` } })
      await response.arrayBuffer()
      if (response.status !== 200) throw new Error(`the dashboard after the saves answered ${response.status}`)
      return performance.now() - started
    }
    const afterSavesMs = await afterSaves(hrToken)
    log(`dashboard API, first after the saves: ${afterSavesMs.toFixed(1)} ms`)
    const largeAfterSavesMs = largeToken === undefined ? undefined : await afterSaves(largeToken)
    const pages = await measurePages(app.baseUrl, tokens[0]!, load.competencyIds[0]!)
    // The guided self-assessment: its screen, then "Save and next" under the rating save's load.
    const guidedPage = await timeGet(`${app.baseUrl}/self-assessment/${load.competencyIds[0]!}`, tokens[0]!, settings.dashboardRuns)
    log(`guided screen: median ${guidedPage.p50.toFixed(1)} ms, p95 ${guidedPage.p95.toFixed(1)} ms`)
    const guidedOptions = { baseUrl: app.baseUrl, connections: settings.connections, build: guidedSave({ tokens, competencyIds: load.competencyIds }) }
    await loadSaves({ ...guidedOptions, seconds: WARM_UP_SECONDS })
    const guidedLoad = await loadSaves({ ...guidedOptions, seconds: settings.loadSeconds })
    if (guidedLoad.errors > 0 || Object.keys(guidedLoad.statusCodes).some((code) => code !== '303')) throw new Error(`guided saves failed: ${guidedLoad.errors} errors of ${guidedLoad.requests} (${JSON.stringify(guidedLoad.statusCodes)})\n${app.stderrTail()}`)
    log(`guided save, app: ${guidedLoad.rps.toFixed(0)} requests/s (p99 ${guidedLoad.p99Ms} ms)`)
    for (const entry of pages.detail) log(`  ${entry.name}: ${(entry.bytes / 1024).toFixed(1)} KB compressed`)
    // CASE at scale, last: it loads frameworks of thousands of items into the app's memory.
    caseScale = await benchmarkCaseScale(app, await signInToken(app.baseUrl, 'bench-admin@bench.test', load.password), CASE_SIZES)
    for (const size of caseScale) {
      log(
        `CASE ${size.items} items (${(size.packageBytes / 1024 / 1024).toFixed(1)} MB): import ${(size.importMs / 1000).toFixed(1)} s (peak RSS ${size.importPeakRssMb.toFixed(0)} MB), ` +
          `export ${(size.exportMs / 1000).toFixed(1)} s, ${(size.exportBytes / 1024 / 1024).toFixed(1)} MB (peak ${size.exportPeakRssMb.toFixed(0)} MB), ` +
          `export imported again: ${size.reimportStatus} in ${(size.reimportMs / 1000).toFixed(1)} s (peak ${size.reimportPeakRssMb.toFixed(0)} MB)`,
      )
    }
    measured = {
      dashboard: {
        appMs: dashboard.p50,
        appP95Ms: dashboard.p95,
        rawSqlMs: rawSql.best.p50,
        rawSqlP95Ms: rawSql.best.p95,
        httpFloorMs: httpFloor!.p50,
        ratio: dashboard.p50 / (rawSql.best.p50 + httpFloor!.p50),
        fromScratchMs: rawSql.fromScratch.p50,
        afterSavesMs,
        firstSumsMs,
      },
      ...(dashboardLargeTimed === undefined || rawSqlLarge === undefined
        ? {}
        : {
            dashboardLarge: {
              staff: spec.largeInstitutionStaff,
              appMs: dashboardLargeTimed.p50,
              appP95Ms: dashboardLargeTimed.p95,
              rawSqlMs: rawSqlLarge.best.p50,
              rawSqlP95Ms: rawSqlLarge.best.p95,
              httpFloorMs: httpFloor!.p50,
              ratio: dashboardLargeTimed.p50 / (rawSqlLarge.best.p50 + httpFloor!.p50),
              fromScratchMs: rawSqlLarge.fromScratch.p50,
              // The saves' raters are in the first institution; the large one has nothing to add up again.
              afterSavesMs: largeAfterSavesMs ?? 0,
              firstSumsMs: firstSumsLargeMs,
            },
          }),
      ratingSave: { appRps: appLoad.rps, helloRps: helloLoad.rps, rawSqlTps: floor.tps, ratio: appLoad.rps / Math.min(helloLoad.rps, floor.tps), connections: settings.connections },
      guided: { pageMs: guidedPage.p50, pageP95Ms: guidedPage.p95, saveRps: guidedLoad.rps, saveP99Ms: guidedLoad.p99Ms, ratio: guidedLoad.rps / Math.min(helloLoad.rps, floor.tps) },
      pages: { firstLoadBytes: pages.firstLoadBytes, firstLoadPage: pages.firstLoadPage, maxFragmentBytes: pages.maxFragmentBytes, maxFragment: pages.maxFragment },
      appPeakRssMb,
      appLifetimePeakRssMb,
    }
  } finally {
    await app.stop()
  }
} finally {
  await database.remove()
}

// The embedded default as `npm start` runs it on an empty DATA_DIR: first start, demo seed included.
const coldDir = await mkdtemp(path.join(tmpdir(), 'ct-bench-cold-'))
let cold: { ms: number; rssMb: number }
try {
  const app = await startServer(APP_ENTRY, { DATA_DIR: coldDir }, '/healthz')
  cold = { ms: app.readyMs, rssMb: app.peakRssMb() }
  await app.stop()
} finally {
  await rm(coldDir, { recursive: true, force: true })
}
log(`cold start (embedded, empty DATA_DIR): ${(cold.ms / 1000).toFixed(1)} s, peak RSS ${cold.rssMb.toFixed(0)} MB`)

const recommendation = benchmarkRecommendations({ programmes: 200, competencies: 100, runs: 300 })
const results: BenchResults = {
  run: { database: database.kind, ...spec, quick, at: new Date().toISOString() },
  dashboard: measured.dashboard,
  ...(measured.dashboardLarge === undefined ? {} : { dashboardLarge: measured.dashboardLarge }),
  ratingSave: measured.ratingSave,
  guided: measured.guided,
  recommend: { p95Ms: recommendation.p95 },
  pages: measured.pages,
  coldStartMs: cold.ms,
  memory: { appPeakRssMb: measured.appPeakRssMb, appLifetimePeakRssMb: measured.appLifetimePeakRssMb, embeddedRssMb: cold.rssMb },
  caseScale,
}
const file = path.join(REPO_ROOT, 'bench-results.json')
await writeResults(file, results)
console.log(`\n${formatTable(tableRows(results))}\n\n${database.kind === 'embedded' ? 'embedded PostgreSQL' : 'PostgreSQL server'}, ${spec.staff} staff${spec.largeInstitutionStaff > 0 ? ` + one institution of ${spec.largeInstitutionStaff}` : ''}${quick ? ' (--quick)' : ''}; written to ${path.relative(process.cwd(), file) || file}`)
