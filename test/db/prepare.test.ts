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
