import path from 'node:path'
import type { DatabaseConfig } from '../config.js'
import { openDatabase, type ChannelListener, type DatabaseHandle, type OpenDatabaseOptions } from './database.js'
import { startEmbeddedPostgres } from './embedded.js'
import { openDatabaseListener } from './listener.js'

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
export async function connectDatabase(config: DatabaseConfig, dataDir: string, onPoolError: (error: Error) => void, listen?: LiveChannelListener): Promise<ConnectedDatabase> {
  if (config.kind === 'server') {
    const handle = openHearingDatabase('server', { connectionString: config.url, poolSize: 10, onPoolError }, listen)
    return { ...handle, description: `PostgreSQL at ${redact(config.url)}` }
  }
  const pgdata = path.join(dataDir, 'pgdata')
  // PGlite runs one query at a time in one session that every socket shares, and pglite-socket
  // interleaves the protocol messages of concurrent sockets (one socket's Bind can meet another's
  // Parse: "portal does not exist", or wrong parameters). One connection keeps each query whole.
  const embedded = await startEmbeddedPostgres({ dataDir: pgdata, maxConnections: 5 })
  const handle = openHearingDatabase('embedded', { connectionString: embedded.connectionString, poolSize: EMBEDDED_POOL_SIZE, onPoolError }, listen)
  return {
    db: handle.db,
    description: `embedded PostgreSQL (PGlite) in ${pgdata}`,
    async close() {
      await handle.close()
      await embedded.stop()
    },
  }
}

/** A channel to hear, and whether everything sent on it is being heard (see openHearingDatabase). */
export interface LiveChannelListener extends ChannelListener {
  readonly onLive: (live: boolean) => void
}

/**
 * Opens the pool so that this process hears every notification on `listen`'s channel. Each pool
 * connection listens, which delivers this process's own changes before their COMMIT returns. Embedded,
 * that is every change (no other process can open the database), so it is live at once. On a server,
 * other processes change things too: a listener connection of its own hears them, and says when it
 * is live.
 */
export function openHearingDatabase(kind: 'embedded' | 'server', options: OpenDatabaseOptions, listen: LiveChannelListener | undefined): DatabaseHandle {
  if (listen === undefined) return openDatabase(options)
  const handle = openDatabase({ ...options, listen })
  if (kind === 'embedded') {
    listen.onLive(true)
    return handle
  }
  const listener = openDatabaseListener({ ...listen, connectionString: options.connectionString, onError: options.onPoolError })
  return {
    db: handle.db,
    async close() {
      await listener.close()
      await handle.close()
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
