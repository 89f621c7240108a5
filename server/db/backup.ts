import { createReadStream, createWriteStream } from 'node:fs'
import { rename, rm } from 'node:fs/promises'
import { createInterface } from 'node:readline'
import { pipeline } from 'node:stream/promises'
import { Readable } from 'node:stream'
import { createGunzip, createGzip } from 'node:zlib'
import pg from 'pg'
import { migrations } from '../../migrations/index.js'

/**
 * Backups of the app's data, the same for the embedded default and a server: a gzip file of JSON
 * lines, one header, then each table's rows as PostgreSQL's own `row_to_json` writes them, read in one
 * snapshot while the app keeps running. A restore goes into an empty database (a new DATA_DIR, or a new
 * database on a server, so also from the embedded default to a server): it migrates to the backup's
 * schema, loads every row in one transaction, then migrates to this version's schema.
 *
 * Not pg_dump's format: the embedded server binaries ship without pg_dump, and a pg_dump older than
 * the server (Debian's 15 against our 18) refuses to run. On a server of your own, pg_dump works as ever.
 */
export const BACKUP_FORMAT = 'competency-tracker-backup/1'

export interface BackupHeader {
  readonly format: typeof BACKUP_FORMAT
  readonly createdAt: string
  /** The migrations the data was written under, oldest first. */
  readonly migrations: readonly string[]
}

export interface BackupSummary {
  readonly tables: number
  readonly rows: number
}

export class BackupRefused extends Error {
  override name = 'BackupRefused'
}

/** Writes a backup of the database at `connectionString` to `file` (written aside, renamed when whole). */
export async function backupDatabase(connectionString: string, file: string): Promise<BackupSummary> {
  const client = new pg.Client({ connectionString })
  await client.connect()
  const partial = `${file}.partial`
  let tables = 0
  let rows = 0
  try {
    await client.query('begin isolation level repeatable read read only')
    const applied = (await client.query<{ name: string }>('select name from kysely_migration order by name')).rows.map((row) => row.name)
    const order = await tablesInOrder(client)
    async function* lines(): AsyncGenerator<string> {
      const header: BackupHeader = { format: BACKUP_FORMAT, createdAt: new Date().toISOString(), migrations: applied }
      yield JSON.stringify(header) + '\n'
      for (const table of order) {
        const count = Number((await client.query<{ n: string }>(`select count(*) as n from ${pg.escapeIdentifier(table.name)}`)).rows[0]!.n)
        yield JSON.stringify({ table: table.name, rows: count }) + '\n'
        // Parents before children within a table (competencies' parent_id): by primary key.
        await client.query(`declare rows_of cursor for select row_to_json(t)::text as row from ${pg.escapeIdentifier(table.name)} t ${table.orderBy}`)
        for (;;) {
          const batch = await client.query<{ row: string }>('fetch 2000 from rows_of')
          if (batch.rows.length === 0) break
          yield batch.rows.map((row) => row.row).join('\n') + '\n'
        }
        await client.query('close rows_of')
        tables++
        rows += count
      }
    }
    await pipeline(Readable.from(lines()), createGzip(), createWriteStream(partial, { mode: 0o600 }))
    await client.query('commit')
    await rename(partial, file)
    return { tables, rows }
  } catch (error) {
    await rm(partial, { force: true })
    throw error
  } finally {
    await client.end()
  }
}

/**
 * Loads `file` into the empty database at `connectionString`; `migrateTo` brings its schema to a
 * named migration (the backup's, then this version's newest).
 */
export async function restoreDatabase(connectionString: string, file: string, migrateTo: (name: string | undefined) => Promise<void>): Promise<BackupSummary> {
  const input = createInterface({ input: createReadStream(file).pipe(createGunzip()), crlfDelay: Infinity })
  const lines = input[Symbol.asyncIterator]()
  const first = await lines.next().catch(() => ({ done: true, value: undefined }))
  const header = parseHeader(first.done ? undefined : first.value, file)
  const known = new Set(Object.keys(migrations))
  const unknown = header.migrations.filter((name) => !known.has(name))
  if (unknown.length > 0) throw new BackupRefused(`${file} was made by a newer version of the app (migrations ${unknown.join(', ')}): restore it with that version or a later one`)

  const client = new pg.Client({ connectionString })
  await client.connect()
  try {
    const filled = await tablesWithRows(client)
    if (filled.length > 0) {
      throw new BackupRefused(`A restore needs an empty database, and this one holds data (${filled.slice(0, 5).join(', ')}${filled.length > 5 ? ', ...' : ''}): set DATA_DIR to a new directory, or DATABASE_URL to a new database`)
    }
    await migrateTo(header.migrations.at(-1))
    await client.query('begin')
    // Rows come back as they were: triggers that derive rows from others (0016) stand aside.
    await client.query("set local competency_tracker.restoring = 'on'")
    let tables = 0
    let rows = 0
    let table: { name: string; rows: number } | undefined
    let batch: string[] = []
    let seen = 0
    const flush = async () => {
      if (table === undefined || batch.length === 0) return
      const name = pg.escapeIdentifier(table.name)
      await client.query(`insert into ${name} overriding system value select * from json_populate_recordset(null::${name}, $1::json)`, [`[${batch.join(',')}]`])
      batch = []
    }
    const finishTable = () => {
      if (table !== undefined && seen !== table.rows) throw new BackupRefused(`${file} is cut short: table ${table.name} has ${seen} of its ${table.rows} rows`)
    }
    for (let next = await lines.next(); !next.done; next = await lines.next()) {
      const line = next.value
      if (line === '') continue
      if (line.startsWith('{"table":')) {
        await flush()
        finishTable()
        const announced = JSON.parse(line) as { table: string; rows: number }
        table = { name: announced.table, rows: announced.rows }
        seen = 0
        tables++
        continue
      }
      if (table === undefined) throw new BackupRefused(`${file} is not a backup of this app: rows before any table`)
      batch.push(line)
      seen++
      rows++
      if (batch.length === 1000) await flush()
    }
    await flush()
    finishTable()
    await resetIdentities(client)
    await client.query('commit')
    await migrateTo(undefined)
    return { tables, rows }
  } catch (error) {
    await client.query('rollback').catch(() => {})
    if (error instanceof BackupRefused) throw error
    const cause = error instanceof Error ? error.message : String(error)
    throw new BackupRefused(`${file} could not be restored (${cause}); nothing of it was kept: the database is as empty as it was`)
  } finally {
    await client.end()
    input.close()
  }
}

function parseHeader(line: string | undefined, file: string): BackupHeader {
  try {
    const header = JSON.parse(line ?? '') as Partial<BackupHeader>
    if (header.format === BACKUP_FORMAT && Array.isArray(header.migrations)) return header as BackupHeader
  } catch {
    // Not JSON, or not gzip at all: refused below.
  }
  throw new BackupRefused(`${file} is not a backup made by npm run backup (${BACKUP_FORMAT})`)
}

interface TableOrder {
  readonly name: string
  readonly orderBy: string
}

/** The app's tables, each after the tables its foreign keys point to. */
async function tablesInOrder(client: pg.Client): Promise<TableOrder[]> {
  const { rows } = await client.query<{ name: string; parents: string[] | null; key: string[] | null }>(`
    select c.relname as name,
      (select array_agg(distinct p.relname::text) from pg_constraint f join pg_class p on p.oid = f.confrelid
        where f.conrelid = c.oid and f.contype = 'f' and f.confrelid <> c.oid) as parents,
      (select array_agg(a.attname::text order by k.ordinality) from pg_constraint pk
        cross join unnest(pk.conkey) with ordinality as k(attnum, ordinality)
        join pg_attribute a on a.attrelid = c.oid and a.attnum = k.attnum
        where pk.conrelid = c.oid and pk.contype = 'p') as key
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and c.relkind = 'r' and c.relname not like 'kysely_migration%'
    order by c.relname`)
  const ordered: TableOrder[] = []
  const placed = new Set<string>()
  while (ordered.length < rows.length) {
    const ready = rows.filter((row) => !placed.has(row.name) && (row.parents ?? []).every((parent) => placed.has(parent)))
    if (ready.length === 0) throw new Error(`foreign keys in a cycle among ${rows.filter((row) => !placed.has(row.name)).map((row) => row.name).join(', ')}`)
    for (const row of ready) {
      placed.add(row.name)
      ordered.push({ name: row.name, orderBy: row.key === null ? '' : `order by ${row.key.map((column) => pg.escapeIdentifier(column)).join(', ')}` })
    }
  }
  return ordered
}

async function tablesWithRows(client: pg.Client): Promise<string[]> {
  const filled: string[] = []
  const { rows } = await client.query<{ name: string }>(`select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and c.relkind = 'r' and c.relname not like 'kysely_migration%' order by c.relname`)
  for (const { name } of rows) {
    if ((await client.query(`select 1 from ${pg.escapeIdentifier(name)} limit 1`)).rowCount! > 0) filled.push(name)
  }
  return filled
}

/** Identity columns continue after the restored rows. */
async function resetIdentities(client: pg.Client): Promise<void> {
  const { rows } = await client.query<{ table_name: string; column_name: string }>(
    "select table_name, column_name from information_schema.columns where table_schema = 'public' and is_identity = 'YES'",
  )
  for (const { table_name: table, column_name: column } of rows) {
    const qualified = pg.escapeIdentifier(table)
    await client.query(`select setval(pg_get_serial_sequence($1, $2), coalesce((select max(${pg.escapeIdentifier(column)}) from ${qualified}), 0) + 1, false)`, [table, column])
  }
}
