import { sql, type Kysely } from 'kysely'
import { stopEmbeddedServer } from '../../server/db/embedded-server.js'
import type { Database } from '../../server/db/schema.js'
import { DEMO_PASSWORD, rowCounts } from './app.js'
import { testServerUrl } from './database.js'
import type { AppProcess } from './processes.js'

/** Shared by test/faults/*.test.ts: faults with real app processes on a real PostgreSQL server. */
export const skip = testServerUrl === undefined ? 'needs a PostgreSQL server: set TEST_DATABASE_URL (e.g. postgresql://postgres@127.0.0.1:5432/postgres)' : false

export const USERS = ['lecturer@demo.test', 'hr@demo.test', 'designer@demo.test', 'admin@demo.test'] as const

export async function token(app: AppProcess, email: string): Promise<string> {
  const response = await fetch(`${app.url}/api/v1/auth/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: DEMO_PASSWORD }) })
  if (response.status !== 200) throw new Error(`token for ${email}: ${response.status}`)
  return ((await response.json()) as { token: string }).token
}

/** Backends of this database (other than ours) inside a transaction that has written. */
export async function writersInFlight(db: Kysely<Database>): Promise<number> {
  const row = await sql<{ n: number }>`select count(*)::int as n from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid() and backend_xid is not null`.execute(db)
  return row.rows[0]!.n
}

export async function counts(db: Kysely<Database>): Promise<Record<string, number>> {
  const departments = await db.selectFrom('departments').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
  return { ...(await rowCounts(db)), departments: Number(departments.n) }
}

export async function demoCompetency(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom('competencies')
    .innerJoin('institutions', 'institutions.framework_id', 'competencies.framework_id')
    .select('competencies.id')
    .where('institutions.name', '=', 'Demo University')
    .where('competencies.kind', '=', 'competency')
    .orderBy('competencies.id')
    .executeTakeFirstOrThrow()
  return row.id
}

/**
 * Kills an embedded app and waits for its database server to be gone: after a kill -9 its watchdog
 * stops the server, which goes on writing for a moment, so the directory is not removed under it.
 */
export async function stopEmbedded(app: AppProcess | undefined, dataDir: string): Promise<void> {
  await stop(app)
  await stopEmbeddedServer(dataDir)
}

export function stop(app: AppProcess | undefined): Promise<unknown> {
  if (app === undefined || app.child.exitCode !== null || app.child.signalCode !== null) return Promise.resolve()
  app.child.kill('SIGKILL')
  return app.exited
}


/** The ids of the competencies in a framework tree as GET /api/v1/framework returns it, in tree order. */
export function competenciesIn(tree: unknown): number[] {
  const found: number[] = []
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(visit)
    else if (node !== null && typeof node === 'object') {
      const record = node as Record<string, unknown>
      if (record['kind'] === 'competency' && typeof record['id'] === 'number') found.push(record['id'])
      Object.values(record).forEach(visit)
    }
  }
  visit(tree)
  return found
}
