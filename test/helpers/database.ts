import { randomBytes } from 'node:crypto'
import type { Kysely } from 'kysely'
import pg from 'pg'
import { prepareDatabase } from '../../server/bootstrap.js'
import { EMBEDDED_POOL_SIZE, openHearingDatabase } from '../../server/db/connect.js'
import { startEmbeddedPostgres } from '../../server/db/embedded.js'
import type { Database } from '../../server/db/schema.js'
import { createSessionCache, SESSION_CHANGE_CHANNEL, type SessionCache } from '../../server/services/session-cache.js'
import { readSnapshot } from './snapshot.js'

export interface TestDatabase {
  readonly db: Kysely<Database>
  readonly kind: 'embedded' | 'server'
  readonly connectionString: string
  /** Signed-in people kept between requests, as in the app: it hears this database's changes. */
  readonly sessionCache: SessionCache
  close(): Promise<void>
}

/** The cache and the channel it hears, as server/main.ts wires them. */
function hearingSessions(): { sessionCache: SessionCache; listen: Parameters<typeof openHearingDatabase>[2] } {
  const sessionCache = createSessionCache()
  return { sessionCache, listen: { channel: SESSION_CHANGE_CHANNEL, onNotification: sessionCache.changed, onLive: sessionCache.setLive } }
}

/** Where this run's tests go: the PostgreSQL server of TEST_DATABASE_URL, or embedded PGlite. */
export const testServerUrl = process.env['TEST_DATABASE_URL'] || undefined

/**
 * A database of its own for one test file, prepared (migrated, frameworks, demo seed) unless `empty`.
 * On a server: a new database, dropped at close. Embedded: a PGlite in memory, from the snapshot.
 */
export async function createTestDatabase(options: { empty?: boolean } = {}): Promise<TestDatabase> {
  if (testServerUrl !== undefined) return createServerDatabase(testServerUrl, options.empty ?? false)
  const embedded = options.empty ? await startEmbeddedPostgres({ maxConnections: 5 }) : await startEmbeddedPostgres({ snapshot: await readSnapshot(), maxConnections: 5 })
  const { sessionCache, listen } = hearingSessions()
  const handle = openHearingDatabase('embedded', { connectionString: embedded.connectionString, poolSize: EMBEDDED_POOL_SIZE, onPoolError: () => {} }, listen)
  return {
    db: handle.db,
    kind: 'embedded',
    connectionString: embedded.connectionString,
    sessionCache,
    async close() {
      await handle.close()
      await embedded.stop()
    },
  }
}

async function createServerDatabase(serverUrl: string, empty: boolean): Promise<TestDatabase> {
  const name = `ct_test_${process.pid}_${randomBytes(4).toString('hex')}`
  const admin = new pg.Client({ connectionString: serverUrl })
  await admin.connect()
  await admin.query(`create database ${name}`)
  await admin.end()
  const url = new URL(serverUrl)
  url.pathname = `/${name}`
  const { sessionCache, listen } = hearingSessions()
  const handle = openHearingDatabase('server', { connectionString: url.toString(), poolSize: 10, onPoolError: () => {} }, listen)
  if (!empty) await prepareDatabase(handle.db, { seedDemo: true, now: new Date() })
  return {
    db: handle.db,
    kind: 'server',
    connectionString: url.toString(),
    sessionCache,
    async close() {
      await handle.close()
      const cleanup = new pg.Client({ connectionString: serverUrl })
      await cleanup.connect()
      await cleanup.query(`drop database if exists ${name} with (force)`)
      await cleanup.end()
    },
  }
}
