import path from 'node:path'
import type { DatabaseConfig } from '../config.js'
import { openDatabase, type DatabaseHandle } from './database.js'
import { startEmbeddedPostgres } from './embedded.js'

export interface ConnectedDatabase extends DatabaseHandle {
  /** What the process is talking to, for the start-up message. */
  readonly description: string
}

/**
 * Opens the configured database: a real server by URL, or the embedded one in `dataDir/pgdata`
 * (started here, stopped by `close()`).
 *
 * ```ts
 * const database = await connectDatabase(config.database, config.dataDir, (error) => log.error(error))
 * ```
 */
export async function connectDatabase(config: DatabaseConfig, dataDir: string, onPoolError: (error: Error) => void): Promise<ConnectedDatabase> {
  if (config.kind === 'server') {
    const handle = openDatabase({ connectionString: config.url, poolSize: 10, onPoolError })
    return { ...handle, description: `PostgreSQL at ${redact(config.url)}` }
  }
  const pgdata = path.join(dataDir, 'pgdata')
  // PGlite runs one query at a time in one session that every socket shares, and pglite-socket
  // interleaves the protocol messages of concurrent sockets (one socket's Bind can meet another's
  // Parse: "portal does not exist", or wrong parameters). One connection keeps each query whole.
  const embedded = await startEmbeddedPostgres({ dataDir: pgdata, maxConnections: 5 })
  const handle = openDatabase({ connectionString: embedded.connectionString, poolSize: EMBEDDED_POOL_SIZE, onPoolError })
  return {
    db: handle.db,
    description: `embedded PostgreSQL (PGlite) in ${pgdata}`,
    async close() {
      await handle.close()
      await embedded.stop()
    },
  }
}

function redact(url: string): string {
  try {
    const parsed = new URL(url)
    if (parsed.password) parsed.password = '***'
    return parsed.toString()
  } catch {
    return '(unparseable URL)'
  }
}

/** Connections to the embedded database: one (see connectDatabase). */
export const EMBEDDED_POOL_SIZE = 1
