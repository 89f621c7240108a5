import { Migrator, sql } from 'kysely'
import t from 'tap'
import { migrations } from '../../migrations/index.js'
import { createTestDatabase } from '../helpers/database.js'

const NAME = '0015_unique_where_one'

t.test(`${NAME}: duplicates that races wrote before it are kept under new names, then refused`, async (t) => {
  const database = await createTestDatabase()
  t.teardown(() => database.close())
  const db = database.db
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } })
  // Down to the migration before it (the later ones undone first), then up to it alone.
  const names = Object.keys(migrations)
  t.equal((await migrator.migrateTo(names[names.indexOf(NAME) - 1]!)).error, undefined)

  const lecturer = await db.selectFrom('users').select(['id', 'institution_id']).where('email', '=', 'lecturer@demo.test').executeTakeFirstOrThrow()
  const programme = await db.selectFrom('programmes').select(['id', 'title']).orderBy('id').executeTakeFirstOrThrow()
  const activity = { institution_id: lecturer.institution_id, user_id: lecturer.id, programme_id: programme.id, title: programme.title, hours: 4 }
  await db.insertInto('pd_activities').values([{ ...activity, status: 'planned', notes: 'first' }, { ...activity, status: 'in_progress', notes: 'second' }, { ...activity, status: 'completed', completed_at: '2026-01-10', notes: 'done' }]).execute()
  await db.insertInto('departments').values([{ institution_id: lecturer.institution_id, name: 'Case Dept X' }, { institution_id: lecturer.institution_id, name: 'CASE DEPT X' }]).execute()

  t.equal((await migrator.migrateTo(NAME)).error, undefined, 'the migration runs over the duplicates')
  const activities = await db.selectFrom('pd_activities').select(['programme_id', 'title', 'status', 'notes']).where('user_id', '=', lecturer.id).where('notes', 'in', ['first', 'second', 'done']).orderBy('id').execute()
  t.same(activities, [
    { programme_id: programme.id, title: programme.title, status: 'planned', notes: 'first' },
    { programme_id: null, title: programme.title, status: 'in_progress', notes: 'second' },
    { programme_id: programme.id, title: programme.title, status: 'completed', notes: 'done' },
  ], 'the first open one keeps the programme; the later open one stays, as a free activity of the same title; the completed one is untouched')
  const departments = await db.selectFrom('departments').select('name').where('institution_id', '=', lecturer.institution_id).where(sql<string>`lower(name)`, 'like', 'case dept x%').orderBy('id').execute()
  t.same(departments.map((row) => row.name), ['Case Dept X', 'CASE DEPT X (2)'])

  await t.rejects(db.insertInto('departments').values({ institution_id: lecturer.institution_id, name: 'case dept x' }).execute(), { code: '23505', constraint: 'departments_institution_name_key' })
  await t.rejects(db.insertInto('pd_activities').values({ ...activity, status: 'planned' }).execute(), { code: '23505', constraint: 'pd_activities_one_open_per_programme' })
  await t.rejects(db.insertInto('institutions').values({ name: 'DEMO UNIVERSITY', framework_id: (await db.selectFrom('frameworks').select('id').executeTakeFirstOrThrow()).id }).execute(), { code: '23505', constraint: 'institutions_name_lower_key' })
})
