import t from 'tap'
import { createTestDatabase } from '../helpers/database.js'
import { counts, skip, stop, token, writersInFlight } from '../helpers/faults.js'
import { startAppProcess, waitFor, type AppProcess } from '../helpers/processes.js'

/**
 * Faults with real app processes on a real PostgreSQL server (TEST_DATABASE_URL): concurrent writers
 * in two processes, SIGKILL in the middle of a staff import and of a framework load, the database
 * going away and coming back, and SIGTERM with a request in flight. The embedded database can be
 * opened by one process only, so these need a server.
 */
if (skip) t.comment(`skipped: ${skip}`)

t.test('SIGKILL in the middle of a 5,000-row staff import leaves nothing behind; the app restarts cleanly', { skip }, async (t) => {
  const database = await createTestDatabase()
  let app: AppProcess | undefined
  t.teardown(async () => {
    await stop(app)
    await database.close()
  })
  app = await startAppProcess(database.connectionString)
  const hr = await token(app, 'hr@demo.test')
  const before = await counts(database.db)
  const ROWS = 5000
  const csv = 'email,name,department\n' + Array.from({ length: ROWS }, (_, i) => `bulk-${i}@demo.test,Bulk Person ${i},Bulk Department ${i % 25}`).join('\n') + '\n'

  const importing = fetch(`${app.url}/api/v1/institution/staff/import?dryRun=0&createDepartments=1`, { method: 'POST', headers: { 'content-type': 'text/csv', authorization: `Bearer ${hr}` }, body: csv }).then(
    (response) => `answered ${response.status}`,
    () => 'cut off',
  )
  await waitFor('the import transaction to start writing', async () => (await writersInFlight(database.db)) > 0)
  app.child.kill('SIGKILL')
  const exit = await app.exited
  t.equal(exit.signal, 'SIGKILL', 'the process was killed mid-import')
  t.equal(await importing, 'cut off', 'the request never got an answer')
  await waitFor('the server to roll the import back', async () => (await writersInFlight(database.db)) === 0)
  t.same(await counts(database.db), before, 'no partial import: every table count unchanged')
  t.equal((await database.db.selectFrom('users').select('id').where('email', 'like', 'bulk-%').execute()).length, 0, 'no imported person')

  app = await startAppProcess(database.connectionString)
  t.equal((await fetch(`${app.url}/healthz`)).status, 200, 'a new process starts on the same database and is healthy')
  const dryRun = await fetch(`${app.url}/api/v1/institution/staff/import?dryRun=1&createDepartments=1`, { method: 'POST', headers: { 'content-type': 'text/csv', authorization: `Bearer ${await token(app, 'hr@demo.test')}` }, body: csv })
  const plan = (await dryRun.json()) as { created: number; errors: unknown[] }
  t.same([dryRun.status, plan.created, plan.errors.length], [200, ROWS, 0], 'the same file would now create all 5,000 people: none was half-imported')
})
