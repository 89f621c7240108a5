import { randomBytes } from 'node:crypto'
import type { Kysely } from 'kysely'
import { openHearingDatabase } from '../../server/db/connect.js'
import type { Database } from '../../server/db/schema.js'
import { createSessionCache, SESSION_CHANGE_CHANNEL, type SessionCache } from '../../server/services/session-cache.js'
import { databaseUrl, testRun, withClient } from './test-run.js'

export { testServerUrl } from './test-run.js'

export interface TestDatabase {
  readonly db: Kysely<Database>
  readonly kind: 'embedded' | 'server'
  readonly connectionString: string
  /** Signed-in people kept between requests, as in the app: it hears this database's changes. */
  readonly sessionCache: SessionCache
  close(): Promise<void>
}

/**
 * A database of its own for one test file, on this run's server (test/helpers/test-run.ts): a copy of
 * the prepared template (migrated, frameworks, demo seed), or with `empty` a new empty one. Dropped at close.
 */
export async function createTestDatabase(options: { empty?: boolean } = {}): Promise<TestDatabase> {
  const run = await testRun()
  const name = `ct_test_${process.pid}_${randomBytes(4).toString('hex')}`
  await withClient(run.serverUrl, (client) => client.query(options.empty ? `create database ${name}` : `create database ${name} template ${run.template}`))
  const connectionString = databaseUrl(run.serverUrl, name)
  const sessionCache = createSessionCache()
  const listen = { channel: SESSION_CHANGE_CHANNEL, onNotification: sessionCache.changed, onLive: sessionCache.setLive }
  const handle = openHearingDatabase(run.kind, { connectionString, poolSize: 10, onPoolError: () => {} }, listen)
  return {
    db: handle.db,
    kind: run.kind,
    connectionString,
    sessionCache,
    async close() {
      await handle.close()
      await withClient(run.serverUrl, (client) => client.query(`drop database if exists ${name} with (force)`))
    },
  }
}
