/** Noticing that a request wrote to the database: table checksums, taken only when a transaction id moved. */
import { sql, type Kysely } from 'kysely'
import type { Database } from '../../../server/db/schema.js'

/**
 * Notices any write: the next transaction id moves whenever a transaction writes (even one rolled
 * back), and only then are all tables checksummed and compared.
 */
export async function databaseWatch(db: Kysely<Database>) {
  const tables = (await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`.execute(db)).rows.map((row) => row.name)
  const checksums = async () => {
    const parts = tables.map((name) => sql`select ${name} as name, count(*)::int as n, md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as sum from ${sql.table(name)} t`)
    const rows = (await sql<{ name: string; n: number; sum: string }>`${sql.join(parts, sql` union all `)}`.execute(db)).rows
    return new Map(rows.map((row) => [row.name, `${row.n}:${row.sum}`]))
  }
  const nextXid = async () => (await sql<{ x: string }>`select pg_snapshot_xmax(pg_current_snapshot())::text as x`.execute(db)).rows[0]!.x
  let last = await checksums()
  let mark = await nextXid()
  const stats = { checksums: 0, ms: 0 }
  return {
    stats,
    /** The tables whose content changed since the last call (checksummed only when a transaction wrote). */
    async changes(): Promise<string[]> {
      const xid = await nextXid()
      if (xid === mark) return []
      mark = xid
      const started = performance.now()
      const now = await checksums()
      stats.checksums++
      stats.ms += performance.now() - started
      const changed = tables.filter((name) => now.get(name) !== last.get(name))
      last = now
      return changed
    },
  }
}
