import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { gunzipSync, gzipSync } from 'node:zlib'
import { sql } from 'kysely'
import t, { type Test } from 'tap'
import { backupDatabase, restoreDatabase } from '../../server/db/backup.js'
import { migrateTo } from '../../server/db/migrate.js'
import { createTestDatabase, type TestDatabase } from '../helpers/database.js'

/** Every row of every table of the app, as text: two databases hold the same data when these are equal. */
async function contents(database: TestDatabase): Promise<Record<string, string[]>> {
  const tables = await sql<{ name: string }>`select relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and c.relkind = 'r' and relname not like 'kysely_migration%' order by relname`.execute(database.db)
  const all: Record<string, string[]> = {}
  for (const { name } of tables.rows) {
    const rows = await sql<{ row: string }>`select row_to_json(t)::text as row from ${sql.table(name)} t`.execute(database.db)
    all[name] = rows.rows.map((row) => row.row).sort()
  }
  return all
}

/** A prepared database to back up, an empty one to restore into, and a folder for the files; all removed at the end. */
async function backupScene(t: Test): Promise<{ dir: string; source: TestDatabase; target: TestDatabase }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'ct-backup-'))
  const source = await createTestDatabase()
  const target = await createTestDatabase({ empty: true })
  t.teardown(async () => {
    await source.close()
    await target.close()
    await rm(dir, { recursive: true, force: true })
  })
  return { dir, source, target }
}

const restoreInto = (database: TestDatabase, file: string) => restoreDatabase(database.connectionString, file, async (name) => void (await migrateTo(database.db, name)))

t.test('a backup restored into an empty database holds every row of every table, and the app writes on after it', async (t) => {
  const { dir, source, target } = await backupScene(t)
  // Text that JSON and SQL must both carry through unchanged.
  await source.db.updateTable('users').set({ name: 'Zhāng 张伟 "Wei" \\ O\'Brien\nsecond line' }).where('email', '=', 'lecturer@demo.test').execute()
  const file = path.join(dir, 'demo.backup.gz')
  const written = await backupDatabase(source.connectionString, file)
  const restored = await restoreInto(target, file)
  t.same(restored, written, `the restore read what the backup wrote (${written.rows} rows of ${written.tables} tables)`)
  const [expected, actual] = [await contents(source), await contents(target)]
  t.same(Object.keys(actual), Object.keys(expected), 'the same tables')
  for (const table of Object.keys(expected)) t.same(actual[table], expected[table], `${table}: every row, every column (${expected[table]!.length})`)

  const institution = await target.db.selectFrom('institutions').select('id').executeTakeFirstOrThrow()
  const maxId = Number((await sql<{ n: number }>`select max(id) as n from departments`.execute(target.db)).rows[0]!.n)
  const added = await target.db.insertInto('departments').values({ institution_id: institution.id, name: 'After the restore' }).returning('id').executeTakeFirstOrThrow()
  t.equal(added.id, maxId + 1, 'identities continue after the restored rows')

  await t.rejects(restoreInto(target, file), /A restore needs an empty database, and this one holds data \(assessment_panel_members, audit_log, competencies, crosswalk_links, current_ratings, \.\.\.\): set DATA_DIR to a new directory/, 'a database with data is refused')
})

t.test('a cut, foreign or newer file is refused with a sentence, and the database stays empty', async (t) => {
  const { dir, source, target } = await backupScene(t)
  const file = path.join(dir, 'demo.backup.gz')
  await backupDatabase(source.connectionString, file)
  const lines = gunzipSync(await readFile(file)).toString().split('\n')

  const cut = path.join(dir, 'cut.backup.gz')
  await writeFile(cut, gzipSync(lines.slice(0, -20).join('\n')))
  await t.rejects(restoreInto(target, cut), /cut short: table \w+ has \d+ of its \d+ rows/, 'a file cut short')
  const rows = await sql<{ n: number }>`select count(*)::int as n from users`.execute(target.db)
  t.equal(rows.rows[0]!.n, 0, 'nothing of it kept')

  const newer = path.join(dir, 'newer.backup.gz')
  const header = JSON.parse(lines[0]!) as { migrations: string[] }
  await writeFile(newer, gzipSync([JSON.stringify({ ...header, migrations: [...header.migrations, '9999_from_the_future'] }), ...lines.slice(1)].join('\n')))
  await t.rejects(restoreInto(target, newer), /was made by a newer version of the app \(migrations 9999_from_the_future\)/, 'a backup of a newer version')

  const foreign = path.join(dir, 'notes.txt')
  await writeFile(foreign, 'not a backup')
  await t.rejects(restoreInto(target, foreign), /is not a backup made by npm run backup/, 'a file that is not a backup')

  const restored = await restoreInto(target, file)
  t.ok(restored.rows > 0, 'the whole file is accepted after all that: the refusals left the database empty')
})
