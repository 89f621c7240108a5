import { fork } from 'node:child_process'
import { access, mkdir, rename, rm, rmdir } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { PGlite } from '@electric-sql/pglite'
import { PGLiteSocketServer } from '@electric-sql/pglite-socket'
import { keepExtendedQueriesWhole } from './pglite-queue.js'

/**
 * An embedded PostgreSQL (PGlite) served on a loopback port, so the app talks to it through the same
 * `pg` pool as to a real server. Its data lives in `dataDir`; with `snapshot` it starts in memory from
 * a gzip dump (tests). Only one process may open a data directory at a time.
 *
 * ```ts
 * const embedded = await startEmbeddedPostgres({ dataDir: './data/pgdata', maxConnections: 5 })
 * const pool = new pg.Pool({ connectionString: embedded.connectionString })
 * ```
 */
export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedPostgres> {
  let pglite: PGlite
  if ('snapshot' in options) {
    pglite = await PGlite.create({ loadDataDir: new Blob([new Uint8Array(options.snapshot)], { type: 'application/x-gzip' }) })
  } else if (options.dataDir === undefined) {
    pglite = await PGlite.create()
  } else {
    await initializeDataDir(options.dataDir)
    pglite = await PGlite.create({ dataDir: options.dataDir })
  }
  // Port 0: the system picks a free loopback port, so several embedded instances (tests) never collide.
  const server = new PGLiteSocketServer({ db: pglite, host: '127.0.0.1', port: 0, maxConnections: options.maxConnections })
  keepExtendedQueriesWhole(server, pglite)
  await server.start()
  return {
    connectionString: `postgresql://postgres@${server.getServerConn()}/postgres?sslmode=disable`,
    async dumpGzip() {
      const file = await pglite.dumpDataDir('gzip')
      return Buffer.from(await file.arrayBuffer())
    },
    async stop() {
      await server.stop()
      await pglite.close()
    },
  }
}

/**
 * Creates the data directory when it does not exist yet, in a child process (see embedded-init.ts),
 * into a scratch directory renamed into place once whole: a first start that was interrupted leaves
 * no half-made directory behind to be opened.
 */
async function initializeDataDir(dataDir: string): Promise<void> {
  if (await exists(path.join(dataDir, 'PG_VERSION'))) return
  await mkdir(path.dirname(path.resolve(dataDir)), { recursive: true })
  const scratch = `${path.resolve(dataDir)}.init-${process.pid}`
  await rm(scratch, { recursive: true, force: true })
  // The same extension as this module: .ts under tsx (npm start, tests), .js when compiled.
  const script = fileURLToPath(new URL(`./embedded-init${path.extname(fileURLToPath(import.meta.url))}`, import.meta.url))
  const child = fork(script, [scratch], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject)
    child.once('exit', (exitCode, signal) => resolve(exitCode ?? (signal === null ? null : -1)))
  })
  if (code !== 0) {
    await rm(scratch, { recursive: true, force: true })
    throw new Error(`Creating the embedded database in ${dataDir} failed (exit code ${code})`)
  }
  // An empty directory (made by hand, or left by an earlier version) is replaced; one with files is not ours to remove.
  await rmdir(dataDir).catch(async (error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return
    await rm(scratch, { recursive: true, force: true })
    throw new Error(`${dataDir} is not empty but holds no database (no PG_VERSION): move it away or set DATA_DIR elsewhere`)
  })
  await rename(scratch, dataDir)
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  )
}

export type EmbeddedOptions =
  | { readonly dataDir?: string; readonly maxConnections: number }
  | { readonly snapshot: Buffer; readonly maxConnections: number }

export interface EmbeddedPostgres {
  readonly connectionString: string
  dumpGzip(): Promise<Buffer>
  stop(): Promise<void>
}
