import { randomBytes } from 'node:crypto'
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import pg from 'pg'
import { prepareDatabase } from '../../server/bootstrap.js'
import { openDatabase } from '../../server/db/database.js'
import { isAlive } from '../../server/db/embedded-lock.js'
import { embeddedConnectionString, startEmbeddedServer, stopEmbeddedServer } from '../../server/db/embedded-server.js'

/**
 * One PostgreSQL server for a whole test run, with a template database that is migrated and holds the
 * shipped frameworks and the demo seed: each test file copies it (`create database ... template`) in a
 * fraction of a second. The server is that of TEST_DATABASE_URL, or an embedded one of this checkout,
 * started detached by tap's `before` script (test/before.ts) and stopped by its `after` script.
 */
export interface TestRun {
  /** A connection to the server's maintenance database, for creating and dropping test databases. */
  readonly serverUrl: string
  readonly template: string
  readonly kind: 'embedded' | 'server'
}

/** Where this run's tests go: the PostgreSQL server of TEST_DATABASE_URL, or an embedded one. */
export const testServerUrl = process.env['TEST_DATABASE_URL'] || undefined

const CACHE = fileURLToPath(new URL('../../node_modules/.cache/competency-tracker/', import.meta.url))
/**
 * Which run a process belongs to: tap spawns the `before` script and every test file itself, so they
 * share a parent. Runs side by side (two passes, two terminals) keep apart.
 */
const RUN_KEY = process.ppid
/** Under the system's temporary directory: run as root, the server's postgres user must reach it, whatever the checkout's path. */
const CLUSTERS = path.join(tmpdir(), 'competency-tracker-tests')
const clusterDir = (key: number) => path.join(CLUSTERS, `pg-${key}`)
const runFile = (key: number) => path.join(CACHE, `test-run-${testServerUrl === undefined ? 'embedded' : 'server'}-${key}.json`)

/** Starts the run (tap's `before`): a fresh embedded server or a new template on the given server. */
export async function prepareTestRun(): Promise<TestRun> {
  await removeLeftovers()
  let serverUrl: string
  let template: string
  if (testServerUrl === undefined) {
    await mkdir(CLUSTERS, { recursive: true, mode: 0o755 })
    // Throwaway: fsync off. Detached: it outlives this script, until tap's `after`.
    serverUrl = (await startEmbeddedServer({ dataDir: clusterDir(RUN_KEY), durable: false, detached: true })).connectionString
    template = 'ct_template'
  } else {
    serverUrl = testServerUrl
    template = `ct_template_${RUN_KEY}_${randomBytes(3).toString('hex')}`
  }
  await withClient(serverUrl, (client) => client.query(`create database ${template}`))
  const handle = openDatabase({ connectionString: databaseUrl(serverUrl, template), poolSize: 2, onPoolError: () => {} })
  try {
    await prepareDatabase(handle.db, { seedDemo: true, now: new Date() })
  } finally {
    await handle.close()
  }
  const run: TestRun = { serverUrl, template, kind: testServerUrl === undefined ? 'embedded' : 'server' }
  await mkdir(CACHE, { recursive: true })
  await writeFile(`${runFile(RUN_KEY)}.tmp`, JSON.stringify(run))
  await rename(`${runFile(RUN_KEY)}.tmp`, runFile(RUN_KEY))
  return run
}

/** Ends the run (tap's `after`): drops the server's template, or stops and removes the embedded server. */
export async function finishTestRun(): Promise<void> {
  const run = await readRun()
  if (run?.kind === 'server') await withClient(run.serverUrl, (client) => client.query(`drop database if exists ${run.template} with (force)`)).catch(() => {})
  if (testServerUrl === undefined) {
    await stopEmbeddedServer(clusterDir(RUN_KEY))
    await rm(clusterDir(RUN_KEY), { recursive: true, force: true })
  }
  await rm(runFile(RUN_KEY), { force: true })
}

/** What runs that were interrupted left: their embedded servers, templates and test databases. */
async function removeLeftovers(): Promise<void> {
  for (const entry of await readdir(CLUSTERS).catch(() => [] as string[])) {
    const key = Number(/^pg-(\d+)$/.exec(entry)?.[1])
    if (!Number.isInteger(key) || isAlive(key)) continue
    await stopEmbeddedServer(path.join(CLUSTERS, entry))
    await rm(path.join(CLUSTERS, entry), { recursive: true, force: true })
  }
  for (const entry of await readdir(CACHE).catch(() => [] as string[])) {
    const key = Number(/^test-run-\w+-(\d+)\.json$/.exec(entry)?.[1])
    if (Number.isInteger(key) && !isAlive(key)) await rm(path.join(CACHE, entry), { force: true })
  }
  if (testServerUrl === undefined) return
  await withClient(testServerUrl, async (client) => {
    const { rows } = await client.query<{ datname: string }>("select datname from pg_database where datname ~ '^ct_(template|test)_[0-9]+_'")
    for (const { datname } of rows) {
      if (!isAlive(Number(datname.split('_')[2]))) await client.query(`drop database if exists ${datname} with (force)`)
    }
  })
}

let current: Promise<TestRun> | undefined

/** This run, as `before` prepared it; a test file run on its own (not through tap) prepares one. */
export function testRun(): Promise<TestRun> {
  current ??= (async () => {
    const run = await readRun()
    if (run !== undefined && (await usable(run))) return run
    console.error('no test run prepared by tap (test/before.ts) for this process: preparing one')
    return prepareTestRun()
  })()
  return current
}

/** The URL of database `name` on the server of `serverUrl`. */
export function databaseUrl(serverUrl: string, name: string): string {
  const url = new URL(serverUrl)
  url.pathname = `/${name}`
  return url.toString()
}

export async function withClient<T>(connectionString: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString })
  await client.connect()
  try {
    return await work(client)
  } finally {
    await client.end()
  }
}

async function readRun(): Promise<TestRun | undefined> {
  return readFile(runFile(RUN_KEY), 'utf8').then(
    (text) => JSON.parse(text) as TestRun,
    () => undefined,
  )
}

async function usable(run: TestRun): Promise<boolean> {
  // The embedded server's password is made anew with each run's server: read it again.
  const serverUrl = run.kind === 'embedded' ? await embeddedConnectionString(clusterDir(RUN_KEY)).catch(() => run.serverUrl) : run.serverUrl
  return withClient(serverUrl, async (client) => (await client.query('select 1 from pg_database where datname = $1', [run.template])).rowCount === 1).catch(() => false)
}
