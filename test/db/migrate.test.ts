import { sql } from 'kysely'
import t from 'tap'
import { migrateDownToEmpty, migrateToLatest } from '../../server/db/migrate.js'
import { createTestDatabase } from '../helpers/database.js'

const TABLES = [
  'audit_log',
  'competencies',
  'crosswalk_links',
  'current_ratings',
  'current_validations',
  'departments',
  'framework_transitions',
  'frameworks',
  'institutions',
  'pd_activities',
  'personal_targets',
  'programme_competencies',
  'programmes',
  'ratings',
  'role_profile_targets',
  'role_profiles',
  'users',
]

t.test('migrations run from an empty database, undo cleanly, and run again', async (t) => {
  const database = await createTestDatabase({ empty: true })
  t.teardown(() => database.close())
  const tables = async () =>
    (
      await sql<{ table_name: string }>`select table_name from information_schema.tables where table_schema = 'public' and table_name not like 'kysely_%' order by table_name`.execute(
        database.db,
      )
    ).rows.map((row) => row.table_name)

  t.same(await tables(), [], 'empty at first')
  t.same(await migrateToLatest(database.db), ['0001_data_model', '0002_profiles_and_catalogue', '0003_reviewers', '0004_validations', '0005_department_archive', '0008_framework_lifecycle'])
  t.same(await tables(), TABLES, 'the whole data model')
  t.same(await migrateToLatest(database.db), [], 'a second run has nothing to do')
  t.same(await migrateDownToEmpty(database.db), ['0008_framework_lifecycle', '0005_department_archive', '0004_validations', '0003_reviewers', '0002_profiles_and_catalogue', '0001_data_model'])
  t.same(await tables(), [], 'undone')
  t.same(await migrateToLatest(database.db), ['0001_data_model', '0002_profiles_and_catalogue', '0003_reviewers', '0004_validations', '0005_department_archive', '0008_framework_lifecycle'], 'and again')
})
