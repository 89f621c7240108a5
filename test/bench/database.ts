import { randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { Kysely } from 'kysely'
import pg from 'pg'
import { prepareDatabase } from '../../server/bootstrap.js'
import { openDatabase } from '../../server/db/database.js'
import { startEmbeddedServer, type EmbeddedServer } from '../../server/db/embedded-server.js'
import type { Database } from '../../server/db/schema.js'

/**
 * A fresh database for one benchmark run, migrated and with the shipped frameworks (no demo seed):
 * the embedded server in a new temporary DATA_DIR (never ./data), or with a server URL a new database on
 * that server, dropped by `remove()`. The benchmark process holds it open until `release()`; the app
 * process is then started on it with `appEnv`.
 */
export async function createBenchDatabase(serverUrl: string | undefined): Promise<BenchDatabase> {
  return serverUrl === undefined ? createEmbedded() : createOnServer(serverUrl)
}

export interface BenchDatabase {
  readonly kind: 'embedded' | 'server'
  readonly description: string
  readonly db: Kysely<Database>
  /** The same database for a plain `pg` client (the database floor). */
  readonly connectionString: string
  /** The pool size the app uses on this kind of database (10 on either). */
  readonly appPoolSize: number
  /** Environment that points the app process at this database. */
  readonly appEnv: Record<string, string>
  /** Closes the benchmark's own connections (embedded: stops the server, so the app can open the directory). */
  release(): Promise<void>
  /** Deletes the database (temporary directory, or the server database). */
  remove(): Promise<void>
}

async function createEmbedded(): Promise<BenchDatabase> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'ct-bench-data-'))
  let embedded: EmbeddedServer | undefined = await startEmbeddedServer({ dataDir })
  // The same pool size as the app's (server/db/connect.ts).
  const handle = openDatabase({ connectionString: embedded.connectionString, poolSize: 10, onPoolError: () => {} })
  await prepareDatabase(handle.db, { seedDemo: false, now: new Date() })
  let open = true
  const release = async () => {
    if (!open) return
    open = false
    await handle.close()
    await embedded?.stop()
    embedded = undefined
  }
  return {
    kind: 'embedded',
    description: `embedded PostgreSQL in ${dataDir}`,
    db: handle.db,
    connectionString: embedded.connectionString,
    appPoolSize: 10,
    appEnv: { DATA_DIR: dataDir, SEED_DEMO: '0' },
    release,
    async remove() {
      await release()
      await rm(dataDir, { recursive: true, force: true })
    },
  }
}

async function createOnServer(serverUrl: string): Promise<BenchDatabase> {
  const name = `ct_bench_${process.pid}_${randomBytes(4).toString('hex')}`
  await adminQuery(serverUrl, `create database ${name}`)
  const url = new URL(serverUrl)
  url.pathname = `/${name}`
  const connectionString = url.toString()
  const handle = openDatabase({ connectionString, poolSize: 10, onPoolError: () => {} })
  let open = true
  const release = async () => {
    if (!open) return
    open = false
    await handle.close()
  }
  try {
    await prepareDatabase(handle.db, { seedDemo: false, now: new Date() })
  } catch (error) {
    await handle.close()
    await adminQuery(serverUrl, `drop database if exists ${name} with (force)`)
    throw error
  }
  const redacted = new URL(connectionString)
  if (redacted.password) redacted.password = '***'
  return {
    kind: 'server',
    description: `PostgreSQL, database ${name} at ${redacted.host}`,
    db: handle.db,
    connectionString,
    appPoolSize: 10,
    appEnv: { DATABASE_URL: connectionString, JWT_SECRET: randomBytes(32).toString('base64'), SEED_DEMO: '0' },
    release,
    async remove() {
      await release()
      await adminQuery(serverUrl, `drop database if exists ${name} with (force)`)
    },
  }
}

async function adminQuery(serverUrl: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl })
  await client.connect()
  try {
    await client.query(text)
  } finally {
    await client.end()
  }
}
