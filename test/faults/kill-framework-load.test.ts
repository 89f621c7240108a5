import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import t from 'tap'
import { createTestDatabase } from '../helpers/database.js'
import { counts, skip, writersInFlight } from '../helpers/faults.js'
import { runNode, waitFor } from '../helpers/processes.js'

/**
 * Faults with real app processes on a real PostgreSQL server (TEST_DATABASE_URL): concurrent writers
 * in two processes, SIGKILL in the middle of a staff import and of a framework load, the database
 * going away and coming back, and SIGTERM with a request in flight. The embedded database can be
 * opened by one process only, so these need a server.
 */
if (skip) t.comment(`skipped: ${skip}`)

t.test('SIGKILL in the middle of a framework load leaves nothing behind; the load then succeeds', { skip }, async (t) => {
  const database = await createTestDatabase()
  const dir = await mkdtemp(path.join(tmpdir(), 'ct-faults-'))
  t.teardown(async () => {
    await rm(dir, { recursive: true, force: true })
    await database.close()
  })
  const file = path.join(dir, 'big-framework.json')
  const template = JSON.parse(await readFile(new URL('../../framework-data/frameworks/digcompedu.json', import.meta.url), 'utf8')) as { nodes: Array<{ children: unknown[] }> } & Record<string, unknown>
  const domain = template.nodes[0]! as Record<string, unknown> & { children: Array<Record<string, unknown>> }
  const DOMAINS = 60
  const PER_DOMAIN = 40
  const nodes = Array.from({ length: DOMAINS }, (_, d) => ({
    ...domain,
    code: `BIG.${d + 1}`,
    title: `Big domain ${d + 1}`,
    children: Array.from({ length: PER_DOMAIN }, (_, c) => ({ ...domain.children[0]!, code: `BIG.${d + 1}.${c + 1}`, title: `Big competency ${d + 1}.${c + 1}` })),
  }))
  await writeFile(file, JSON.stringify({ ...template, id: 'big-fault-test', version: '1', title: 'A big framework for the fault test', nodes }))
  const before = await counts(database.db)
  const env = { DATABASE_URL: database.connectionString, JWT_SECRET: 'x'.repeat(40), SEED_DEMO: '0' }

  const load = runNode('server/cli/framework-load.ts', [file], env)
  await waitFor('the framework load to start writing', async () => (await writersInFlight(database.db)) > 0 || load.child.exitCode !== null)
  load.child.kill('SIGKILL')
  const exit = await load.exited
  t.equal(exit.signal, 'SIGKILL', `the load was killed mid-way (${load.output().slice(0, 200)})`)
  await waitFor('the server to roll the load back', async () => (await writersInFlight(database.db)) === 0)
  t.same(await counts(database.db), before, 'no partial framework: counts unchanged')
  t.equal((await database.db.selectFrom('frameworks').select('id').where('slug', '=', 'big-fault-test').execute()).length, 0, 'the framework is not there')

  const again = runNode('server/cli/framework-load.ts', [file], env)
  const done = await again.exited
  t.equal(done.code, 0, `loading again succeeds: ${again.output().trim().split('\n').at(-1)}`)
  const loaded = await database.db
    .selectFrom('competencies')
    .innerJoin('frameworks', 'frameworks.id', 'competencies.framework_id')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('frameworks.slug', '=', 'big-fault-test')
    .executeTakeFirstOrThrow()
  t.ok(Number(loaded.n) >= DOMAINS * (PER_DOMAIN + 1), `all ${loaded.n} nodes are there`)
})
