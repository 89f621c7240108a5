import { randomBytes } from 'node:crypto'
import type { Kysely } from 'kysely'
import pg from 'pg'
import { prepareDatabase } from '../../server/bootstrap.js'
import { EMBEDDED_POOL_SIZE } from '../../server/db/connect.js'
import { openDatabase } from '../../server/db/database.js'
import { startEmbeddedPostgres } from '../../server/db/embedded.js'
import type { Database } from '../../server/db/schema.js'
import { readSnapshot } from './snapshot.js'

export interface TestDatabase {
  readonly db: Kysely<Database>
  readonly kind: 'embedded' | 'server'
  readonly connectionString: string
  close(): Promise<void>
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
  const handle = openDatabase({ connectionString: embedded.connectionString, poolSize: EMBEDDED_POOL_SIZE, onPoolError: () => {} })
  return {
    db: handle.db,
    kind: 'embedded',
    connectionString: embedded.connectionString,
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
  const handle = openDatabase({ connectionString: url.toString(), poolSize: 10, onPoolError: () => {} })
  if (!empty) await prepareDatabase(handle.db, { seedDemo: true, now: new Date() })
  return {
    db: handle.db,
    kind: 'server',
    connectionString: url.toString(),
    async close() {
      await handle.close()
      const cleanup = new pg.Client({ connectionString: serverUrl })
      await cleanup.connect()
      await cleanup.query(`drop database if exists ${name} with (force)`)
      await cleanup.end()
    },
  }
}
