import type { DatabaseConfig } from '../config.js'
import { openDatabase, type ChannelListener, type DatabaseHandle, type OpenDatabaseOptions } from './database.js'
import { liveHolder } from './embedded-lock.js'
import { embeddedConnectionString, startEmbeddedServer } from './embedded-server.js'
import { openDatabaseListener } from './listener.js'

export interface ConnectedDatabase extends DatabaseHandle {
  /** What the process is talking to, for the start-up message. */
  readonly description: string
}

/**
 * Opens the configured database: a real server by URL, or the embedded one in `dataDir/pgdata`
 * (started here, stopped by `close()`; `onEmbeddedExit` hears it end by itself).
 *
 * ```ts
 * const database = await connectDatabase(config.database, config.dataDir, (error) => log.error(error))
 * ```
 */
export async function connectDatabase(
  config: DatabaseConfig,
  dataDir: string,
  onPoolError: (error: Error) => void,
  listen?: LiveChannelListener,
  onEmbeddedExit?: (message: string) => void,
): Promise<ConnectedDatabase> {
  if (config.kind === 'server') {
    const handle = openHearingDatabase('server', { connectionString: config.url, poolSize: 10, onPoolError }, listen)
    return { ...handle, description: `PostgreSQL at ${redact(config.url)}` }
  }
  const embedded = await startEmbeddedServer({ dataDir, ...(onEmbeddedExit === undefined ? {} : { onUnexpectedExit: onEmbeddedExit }) })
  const handle = openHearingDatabase('embedded', { connectionString: embedded.connectionString, poolSize: 10, onPoolError }, listen)
  return {
    db: handle.db,
    description: `embedded PostgreSQL in ${embedded.pgdata} (Unix socket only)`,
    async close() {
      await handle.close()
      await embedded.stop()
    },
  }
}

/**
 * A connection string for a one-off command (backup, restore) and how to let it go: a server's URL; the
 * embedded server of the app that holds DATA_DIR, as a second client of it; or, when no app runs, the
 * embedded server started for the command.
 */
export async function connectForCommand(config: DatabaseConfig, dataDir: string): Promise<{ connectionString: string; close(): Promise<void> }> {
  if (config.kind === 'server') return { connectionString: config.url, close: async () => {} }
  if ((await liveHolder(dataDir)) !== undefined) return { connectionString: await embeddedConnectionString(dataDir), close: async () => {} }
  const embedded = await startEmbeddedServer({ dataDir })
  return { connectionString: embedded.connectionString, close: () => embedded.stop() }
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
 * is live. The embedded server is this process's alone (server/db/embedded-lock.ts).
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
