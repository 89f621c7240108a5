import { sql } from 'kysely'
import t from 'tap'
import { prepareDatabase } from '../../server/bootstrap.js'
import { createTestDatabase } from '../helpers/database.js'

// App processes behind a load balancer start together on one database: each prepares it at once.
t.test('three preparations of one empty database at the same time: one migrates and seeds, none fails, nothing is doubled', async (t) => {
  const database = await createTestDatabase({ empty: true })
  t.teardown(() => database.close())
  const now = new Date()
  const outcomes = await Promise.all([1, 2, 3].map(() => prepareDatabase(database.db, { seedDemo: true, now })))

  t.equal(outcomes.filter((outcome) => outcome.migrations.length > 0).length, 1, 'one of them ran the migrations')
  t.equal(outcomes.filter((outcome) => outcome.seeded).length, 1, 'one of them seeded the demo institutions')
  const links = outcomes[0]!.crosswalks.links
  t.ok(links > 0, 'the crosswalks are loaded')
  t.same(
    outcomes.map((outcome) => outcome.crosswalks.links),
    [links, links, links],
    'each replaced the crosswalks whole',
  )
  const count = async (table: 'crosswalk_links' | 'institutions' | 'frameworks' | 'programmes') =>
    Number((await database.db.selectFrom(table).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n)
  t.equal(await count('crosswalk_links'), links, 'the crosswalk links once')
  t.equal(await count('institutions'), 2, 'Demo University and Demo College once')
  const again = await prepareDatabase(database.db, { seedDemo: true, now })
  t.same({ migrations: again.migrations, seeded: again.seeded }, { migrations: [], seeded: false }, 'a later start has nothing to migrate or seed')
  t.equal(await count('frameworks'), outcomes[0]!.frameworks.length, 'each shipped framework loaded once')
  const shipped = outcomes[0]!.programmes.added + outcomes[0]!.programmes.kept
  t.same(
    outcomes.map((outcome) => outcome.programmes.added).sort(),
    [0, 0, shipped],
    'one of them added the shipped programmes, the others kept them',
  )
  t.equal(await count('programmes'), shipped, 'each shipped programme loaded once')
})

t.test('preparation leaves the planner statistics of the data it wrote', async (t) => {
  const database = await createTestDatabase({ empty: true })
  t.teardown(() => database.close())
  const tuples = async (table: string) => Number((await sql<{ reltuples: number }>`select reltuples from pg_class where relname = ${table}`.execute(database.db)).rows[0]!.reltuples)
  await prepareDatabase(database.db, { seedDemo: true, now: new Date() })
  const users = Number((await database.db.selectFrom('users').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n)
  t.equal(await tuples('users'), users, 'a first start (it seeded) analyzed: the planner knows how many users there are')

  await database.db.insertInto('departments').values({ institution_id: (await database.db.selectFrom('institutions').select('id').executeTakeFirstOrThrow()).id, name: 'Statistics test' }).execute()
  const departments = Number((await database.db.selectFrom('departments').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n)
  const before = await tuples('departments')
  await prepareDatabase(database.db, { seedDemo: true, now: new Date() })
  t.equal(await tuples('departments'), before, 'a start that changed nothing leaves the statistics to autovacuum')
  t.not(before, departments, '(which has not yet counted the new department)')
})

// A database prepared by an earlier release holds the shipped framework and catalogue without the
// translations added since: the next start brings them in, leaving alone what a designer rewrote.
t.test('a start brings in the translations added to the shipped files since the database was prepared', async (t) => {
  const database = await createTestDatabase({ empty: true })
  t.teardown(() => database.close())
  const { db } = database
  await prepareDatabase(db, { seedDemo: false, now: new Date() })
  const iioe = await db.selectFrom('frameworks').select(['id', 'translations']).where('slug', '=', 'iioe-hew').executeTakeFirstOrThrow()
  t.ok(iioe.translations['fr']?.title, 'the shipped framework has a French title')

  // As an earlier release left it: no framework translations, descriptors in English only, another content hash.
  await db.updateTable('frameworks').set({ translations: '{}', content_hash: 'from an earlier release' }).where('id', '=', iioe.id).execute()
  await sql`update competencies set level_descriptors = (select coalesce(jsonb_object_agg(key, value - 'translations'), '{}'::jsonb) from jsonb_each(level_descriptors)) where framework_id = ${iioe.id}`.execute(db)
  await db.updateTable('programmes').set({ translations: '{}' }).where('code', 'in', ['IIOE-TPD-201', 'IIOE-TPD-210']).execute()
  await db.updateTable('programmes').set({ title: 'Rewritten by a designer' }).where('code', '=', 'IIOE-TPD-210').execute()

  const outcome = await prepareDatabase(db, { seedDemo: false, now: new Date() })
  t.same(outcome.frameworks.find((loaded) => loaded.slug === 'iioe-hew')?.status, 'translated')
  const framework = await db.selectFrom('frameworks').select(['translations', 'content_hash']).where('id', '=', iioe.id).executeTakeFirstOrThrow()
  t.same(framework.translations, iioe.translations, 'the framework title and description translated again')
  const descriptor = await db.selectFrom('competencies').select('level_descriptors').where('framework_id', '=', iioe.id).where('code', '=', 'POL.1').executeTakeFirstOrThrow()
  t.ok(descriptor.level_descriptors['1']?.translations?.['zh']?.description, 'the level descriptors translated again')
  const programmes = new Map((await db.selectFrom('programmes').select(['code', 'translations']).where('code', 'in', ['IIOE-TPD-201', 'IIOE-TPD-210']).execute()).map((row) => [row.code, row.translations]))
  t.ok(programmes.get('IIOE-TPD-201')?.['fr']?.description, 'a programme as shipped takes the translations of the file')
  t.same(programmes.get('IIOE-TPD-210'), {}, 'a programme rewritten in English keeps no translation of the old text')
  t.same((await prepareDatabase(db, { seedDemo: false, now: new Date() })).frameworks.map((loaded) => loaded.status), ['unchanged', 'unchanged', 'unchanged', 'unchanged'], 'the start after: nothing to do')
})
