import { writeFile } from 'node:fs/promises'
import type { CaseScaleResult } from './case-scale.js'

/** What `npm run bench` writes to bench-results.json. */
export interface BenchResults {
  readonly run: {
    readonly database: 'embedded' | 'server'
    readonly staff: number
    readonly institutions: number
    readonly competencies: number
    readonly rounds: number
    /** Staff of the one large institution besides the others (0: none). */
    readonly largeInstitutionStaff: number
    readonly quick: boolean
    readonly at: string
  }
  /** The dashboard of the first of the `institutions` institutions (staff / institutions people). */
  readonly dashboard: DashboardResult
  /** The same dashboard for the large institution, when there is one. */
  readonly dashboardLarge?: DashboardResult & { readonly staff: number }
  readonly ratingSave: { readonly appRps: number; readonly helloRps: number; readonly rawSqlTps: number; readonly ratio: number; readonly connections: number }
  /** The guided self-assessment: its screen (sequential GETs) and its "Save and next" under load (form posts, 303). */
  readonly guided?: { readonly pageMs: number; readonly pageP95Ms: number; readonly saveRps: number; readonly saveP99Ms: number; readonly ratio: number }
  readonly recommend: { readonly p95Ms: number }
  readonly pages: { readonly firstLoadBytes: number; readonly firstLoadPage: string; readonly maxFragmentBytes: number; readonly maxFragment: string }
  readonly coldStartMs: number
  readonly memory: { readonly appPeakRssMb: number; readonly appLifetimePeakRssMb: number; readonly embeddedRssMb: number }
  /** CASE packages of each size imported, exported, and the export imported again (test/bench/case-scale.ts). */
  readonly caseScale?: readonly CaseScaleResult[]
}

/**
 * The dashboard API (sequential requests, its institution's HR) beside its raw SQL, in ms: the best
 * plain query for its figures (over the sums the app keeps), and the same figures from scratch.
 */
export interface DashboardResult {
  readonly appMs: number
  readonly appP95Ms: number
  readonly rawSqlMs: number
  readonly rawSqlP95Ms: number
  /** The HTTP floor: the same client's GET of a plain Fastify route (no work behind it), median. */
  readonly httpFloorMs: number
  /** appMs / (rawSqlMs + httpFloorMs): the API beside its query plus one bare HTTP round trip. */
  readonly ratio: number
  /** The figures from scratch (every person x competency x target), without the kept sums. */
  readonly fromScratchMs: number
  /** The first dashboard after the rating-save load: it adds up again the people who saved. */
  readonly afterSavesMs: number
  /** Adding up everyone's sums from nothing (a migration, a new framework in use), in the bench process. */
  readonly firstSumsMs: number
}

export interface TableRow {
  readonly name: string
  readonly value: string
  readonly goal: string
  /** undefined: reported, no goal applies here. */
  readonly met: boolean | undefined
}

/** Each measurement beside its goal. */
export function tableRows(results: BenchResults): TableRow[] {
  const { dashboard, dashboardLarge, ratingSave, recommend, pages, memory } = results
  const onServer = results.run.database === 'server'
  return [
    ...dashboardRows(dashboard, ''),
    ...(dashboardLarge === undefined ? [] : dashboardRows(dashboardLarge, `, one institution of ${dashboardLarge.staff} staff`)),
    {
      name: `rating save: app / min(HTTP floor, DB floor), ${ratingSave.connections} connections`,
      value: `${ratingSave.appRps.toFixed(0)} / min(${ratingSave.helloRps.toFixed(0)}, ${ratingSave.rawSqlTps.toFixed(0)}) = ${ratingSave.ratio.toFixed(2)}`,
      goal: '>= 0.5',
      met: ratingSave.ratio >= 0.5,
    },
    ...(results.guided === undefined ? [] : guidedRows(results.guided, ratingSave)),
    { name: 'recommendations + learning path, 200 programmes x 100 competencies (p95)', value: `${recommend.p95Ms.toFixed(2)} ms`, goal: '< 20 ms', met: recommend.p95Ms < 20 },
    { name: `first load, compressed (${pages.firstLoadPage} + its CSS and JS)`, value: `${(pages.firstLoadBytes / 1024).toFixed(1)} KB`, goal: '(reported)', met: undefined },
    { name: `largest htmx fragment, compressed (${pages.maxFragment})`, value: `${(pages.maxFragmentBytes / 1024).toFixed(1)} KB`, goal: '(reported)', met: undefined },
    { name: 'cold start, embedded default, empty DATA_DIR, to /healthz 200', value: `${(results.coldStartMs / 1000).toFixed(1)} s`, goal: '(reported)', met: undefined },
    {
      name: `app peak RSS under rating-save load (${onServer ? 'PostgreSQL server' : 'embedded: the app process, its server apart'})`,
      value: `${memory.appPeakRssMb.toFixed(0)} MB (since start ${memory.appLifetimePeakRssMb.toFixed(0)} MB)`,
      goal: '< 200 MB',
      met: memory.appPeakRssMb < 200,
    },
    { name: 'embedded default peak RSS after a cold start', value: `${memory.embeddedRssMb.toFixed(0)} MB`, goal: '< 600 MB', met: memory.embeddedRssMb < 600 },
    ...(results.caseScale ?? []).map(caseScaleRow),
  ]
}

/** A CASE package size: its import, export and re-import, with the app's peak memory in each (the app's goal, as under load). */
function caseScaleRow(size: CaseScaleResult): TableRow {
  const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`
  const peak = Math.max(size.importPeakRssMb, size.exportPeakRssMb, size.reimportPeakRssMb)
  return {
    name: `CASE ${size.items} items (${(size.packageBytes / 1024 / 1024).toFixed(1)} MB): import / export (${(size.exportBytes / 1024 / 1024).toFixed(1)} MB) / export imported again`,
    value: `${seconds(size.importMs)} / ${seconds(size.exportMs)} / ${seconds(size.reimportMs)} (${size.reimportStatus}); peak RSS ${size.importPeakRssMb.toFixed(0)} / ${size.exportPeakRssMb.toFixed(0)} / ${size.reimportPeakRssMb.toFixed(0)} MB`,
    goal: 'peak RSS < 200 MB; the export re-imports (200)',
    met: peak < 200 && size.reimportStatus === 200,
  }
}

function guidedRows(guided: NonNullable<BenchResults['guided']>, ratingSave: BenchResults['ratingSave']): TableRow[] {
  return [
    { name: 'guided self-assessment screen (median / p95)', value: `${guided.pageMs.toFixed(1)} / ${guided.pageP95Ms.toFixed(1)} ms`, goal: 'p95 < 150 ms', met: guided.pageP95Ms < 150 },
    {
      name: `guided "Save and next" (form post, 303): app / min(HTTP floor, DB floor), ${ratingSave.connections} connections`,
      value: `${guided.saveRps.toFixed(0)} / min(${ratingSave.helloRps.toFixed(0)}, ${ratingSave.rawSqlTps.toFixed(0)}) = ${guided.ratio.toFixed(2)} (p99 ${guided.saveP99Ms} ms)`,
      goal: '>= 0.5',
      met: guided.ratio >= 0.5,
    },
  ]
}

function dashboardRows(dashboard: DashboardResult, of: string): TableRow[] {
  return [
    {
      name: `HR gap dashboard API / (raw SQL + HTTP floor) (median)${of}`,
      value: `${dashboard.appMs.toFixed(1)} ms / (${dashboard.rawSqlMs.toFixed(1)} + ${dashboard.httpFloorMs.toFixed(1)} ms) = ${dashboard.ratio.toFixed(2)}`,
      goal: '<= 1.5',
      met: dashboard.ratio <= 1.5,
    },
    { name: `HR gap dashboard API p95${of}`, value: `${dashboard.appP95Ms.toFixed(1)} ms (raw SQL p95 ${dashboard.rawSqlP95Ms.toFixed(1)} ms)`, goal: '< 150 ms', met: dashboard.appP95Ms < 150 },
    { name: `  the same figures from scratch, raw SQL (median)${of}`, value: `${dashboard.fromScratchMs.toFixed(1)} ms`, goal: '(reported)', met: undefined },
    { name: `  first dashboard after the rating-save load${of}`, value: `${dashboard.afterSavesMs.toFixed(1)} ms`, goal: '(reported)', met: undefined },
    { name: `  adding up everyone's sums from nothing${of}`, value: `${dashboard.firstSumsMs.toFixed(0)} ms`, goal: '(reported)', met: undefined },
  ]
}

/** The table as text: status, measurement, value, goal. */
export function formatTable(rows: readonly TableRow[]): string {
  const status = (row: TableRow) => (row.met === undefined ? '' : row.met ? 'MET' : 'MISSED')
  const widths = [6, Math.max(...rows.map((row) => row.name.length)), Math.max(...rows.map((row) => row.value.length))]
  const line = (cells: string[]) => cells.map((cell, index) => cell.padEnd(widths[index] ?? 0)).join('  ').trimEnd()
  return [line(['', 'measurement', 'value', 'goal']), ...rows.map((row) => line([status(row), row.name, row.value, row.goal]))].join('\n')
}

/** Writes the results as pretty JSON. */
export async function writeResults(file: string, results: BenchResults): Promise<void> {
  await writeFile(file, JSON.stringify(results, null, 2) + '\n')
}
