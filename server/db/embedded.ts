import { mkdir } from 'node:fs/promises'
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
    await mkdir(options.dataDir, { recursive: true })
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

export type EmbeddedOptions =
  | { readonly dataDir?: string; readonly maxConnections: number }
  | { readonly snapshot: Buffer; readonly maxConnections: number }

export interface EmbeddedPostgres {
  readonly connectionString: string
  dumpGzip(): Promise<Buffer>
  stop(): Promise<void>
}
