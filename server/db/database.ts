import { Kysely, PostgresDialect } from 'kysely'
import pg from 'pg'
import type { Database } from './schema.js'

/**
 * A Kysely instance over a `pg` pool: the one code path for the embedded default and a real server.
 *
 * ```ts
 * const { db, close } = openDatabase({ connectionString, poolSize: 5, onPoolError: log.error })
 * ```
 */
export function openDatabase(options: OpenDatabaseOptions): DatabaseHandle {
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.poolSize,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
    types: { getTypeParser: typeParser },
  })
  // Without a listener, an idle client's error (server restart, network) would crash the process.
  pool.on('error', (error) => options.onPoolError(error))
  // That listener covers idle clients only: a client checked out when its connection drops emits
  // 'error' too, and without a listener of its own would crash the process. Its query fails (the
  // request is answered 503) and the pool drops it on release, so there is nothing more to do here.
  pool.on('connect', (client) => {
    client.on('error', () => {})
    // A failed LISTEN means a broken connection: its query fails too, and the pool drops it.
    if (options.listen !== undefined) listenOn(client, options.listen).catch(() => {})
  })
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) })
  return { db, close: () => db.destroy() }
}

export interface OpenDatabaseOptions {
  readonly connectionString: string
  readonly poolSize: number
  readonly onPoolError: (error: Error) => void
  /**
   * A channel every connection of the pool listens on. The database hands a connection the
   * notifications of its own transactions before their COMMIT returns, so what this process changes
   * is heard before the change's request is answered (other processes hear it on a listener of their
   * own: server/db/listener.ts).
   */
  readonly listen?: ChannelListener
}

export interface ChannelListener {
  readonly channel: string
  readonly onNotification: (payload: string) => void
}

/** Listens on a connection; on a new one, the LISTEN is queued ahead of the query it was opened for. */
export async function listenOn(client: pg.Client, listener: ChannelListener): Promise<void> {
  client.on('notification', (message) => {
    if (message.channel === listener.channel) listener.onNotification(message.payload ?? '')
  })
  await client.query(`listen ${pg.escapeIdentifier(listener.channel)}`)
}

export interface DatabaseHandle {
  readonly db: Kysely<Database>
  close(): Promise<void>
}

const INT8_OID = 20
const NUMERIC_OID = 1700

// Counts and identities fit in a double; averages are wanted as numbers, not strings.
function typeParser(oid: number, format?: 'text' | 'binary'): (value: string) => unknown {
  if (oid === INT8_OID || oid === NUMERIC_OID) return Number
  return pg.types.getTypeParser(oid, format as 'text') as (value: string) => unknown
}
