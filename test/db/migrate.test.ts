import { sql } from 'kysely'
import t from 'tap'
import { migrateDownToEmpty, migrateToLatest } from '../../server/db/migrate.js'
import { migrations } from '../../migrations/index.js'
import { createTestDatabase } from '../helpers/database.js'

// Every migration, in the order of their numbers (the index lists them; this checks the order too).
const ALL = Object.keys(migrations)

const TABLES = [
  'assessment_panel_members',
  'assessment_rounds',
  'audit_log',
  'competencies',
  'credential_levels',
  'credentials',
  'crosswalk_links',
  'current_ratings',
  'current_validations',
  'departments',
  'evidence_files',
  'framework_transitions',
  'frameworks',
  'idempotency_keys',
  'identity_providers',
  'institution_frameworks',
  'institutions',
  'issuer_keys',
  'pd_activities',
  'personal_targets',
  'programme_competencies',
  'programmes',
  'rating_shares',
  'ratings',
  'report_person_sums',
  'report_shares',
  'report_sums_stale',
  'review_mail',
  'review_requests',
  'reviews',
  'role_profile_targets',
  'role_profiles',
  'round_answers',
  'round_mail',
  'round_members',
  'round_reminders',
  'saml_requests',
  'scim_group_members',
  'scim_groups',
  'scim_tokens',
  'scim_users',
  'sign_in_throttle',
  'subject_ratings',
  'user_identities',
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
  t.same(ALL, [...ALL].sort(), 'the index lists them in order')
  t.same(ALL.slice(0, 5), ['0001_data_model', '0002_profiles_and_catalogue', '0003_reviewers', '0004_validations', '0005_department_archive'])
  t.same(await migrateToLatest(database.db), ALL)
  t.same(await tables(), TABLES, 'the whole data model')
  t.same(await migrateToLatest(database.db), [], 'a second run has nothing to do')
  t.same(await migrateDownToEmpty(database.db), [...ALL].reverse())
  t.same(await tables(), [], 'undone')
  t.same(await migrateToLatest(database.db), ALL, 'and again')
})
