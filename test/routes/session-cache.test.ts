import { sql } from 'kysely'
import pg from 'pg'
import t from 'tap'
import { LISTENER_APPLICATION_NAME } from '../../server/db/listener.js'
import { browserGet, signIn, startTestApp, type TestApp } from '../helpers/app.js'

const LECTURER = 'lecturer@demo.test'

/** Waits until `check` holds (the other processes' changes arrive on a connection of their own). */
async function eventually(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

/** Runs SQL as another app process would: on a connection of its own (embedded: the app's, the only one there can be). */
async function elsewhere(testApp: TestApp, statement: string): Promise<void> {
  if (testApp.database.kind === 'embedded') {
    await sql.raw(statement).execute(testApp.db)
    return
  }
  const client = new pg.Client({ connectionString: testApp.database.connectionString })
  await client.connect()
  try {
    await client.query(statement)
  } finally {
    await client.end()
  }
}

const headerName = async (testApp: TestApp, session: Awaited<ReturnType<typeof signIn>>) => {
  const page = await browserGet(testApp.app, session, '/')
  return page.statusCode === 200 ? /<span class="who">Signed in as (.*), ([^<]*)<\/span>/.exec(page.body)?.slice(1, 3).join(' / ') : `status ${page.statusCode}`
}

t.test('a signed-in person is read once and kept: a change the database does not announce is not seen', async (t) => {
  const testApp = await startTestApp(t)
  const session = await signIn(testApp.app, LECTURER)
  t.equal(await headerName(testApp, session), 'Amina Okafor / Demo University')
  t.ok(testApp.database.sessionCache.size >= 1, 'the person is kept')
  // With the announcement switched off, only the kept copy can explain the old name.
  await sql`alter table users disable trigger users_session_change`.execute(testApp.db)
  await sql`update users set name = 'Unannounced' where email = ${LECTURER}`.execute(testApp.db)
  t.equal(await headerName(testApp, session), 'Amina Okafor / Demo University', 'the kept copy is served')
  await sql`alter table users enable trigger users_session_change`.execute(testApp.db)
})

t.test('a change elsewhere to a person or their institution is seen on the next request', async (t) => {
  const testApp = await startTestApp(t)
  const session = await signIn(testApp.app, LECTURER)
  t.equal(await headerName(testApp, session), 'Amina Okafor / Demo University')

  await elsewhere(testApp, `update users set name = 'Amina O. Okafor' where email = '${LECTURER}'`)
  await eventually(async () => (await headerName(testApp, session)) === 'Amina O. Okafor / Demo University', 'the new name is shown')

  await elsewhere(testApp, `update institutions set name = 'Demo University of Nairobi' where name = 'Demo University'`)
  await eventually(async () => (await headerName(testApp, session)) === 'Amina O. Okafor / Demo University of Nairobi', 'the new institution name is shown')

  // Signing out on another process moves the token version on: this session's token stops working.
  await elsewhere(testApp, `update users set token_version = token_version + 1 where email = '${LECTURER}'`)
  await eventually(async () => (await headerName(testApp, session)) === 'status 303', 'the old session is sent to sign in')

  const other = await signIn(testApp.app, LECTURER)
  t.equal(await headerName(testApp, other), 'Amina O. Okafor / Demo University of Nairobi')
  await elsewhere(testApp, `update users set disabled_at = now() where email = '${LECTURER}'`)
  await eventually(async () => (await headerName(testApp, other)) === 'status 303', 'a disabled account is signed out')
})

t.test('while the listener is down nothing is kept, and no change made meanwhile is missed', async (t) => {
  const testApp = await startTestApp(t)
  const cache = testApp.database.sessionCache
  if (testApp.database.kind === 'embedded') {
    t.ok(cache.live, 'embedded: every change is made by this process, and heard as it commits')
    return
  }
  const session = await signIn(testApp.app, LECTURER)
  t.equal(await headerName(testApp, session), 'Amina Okafor / Demo University')
  t.ok(cache.live && cache.size >= 1)

  await elsewhere(testApp, `select pg_terminate_backend(pid) from pg_stat_activity where application_name = '${LISTENER_APPLICATION_NAME}' and datname = current_database()`)
  await eventually(() => !cache.live, 'the cache knows the listener is down')
  t.equal(cache.size, 0, 'what was kept is dropped')
  await elsewhere(testApp, `update users set name = 'Renamed While Deaf' where email = '${LECTURER}'`)
  t.equal(await headerName(testApp, session), 'Renamed While Deaf / Demo University', 'each request reads the person meanwhile')
  t.equal(cache.size, 0, 'and keeps nothing')

  await eventually(() => cache.live, 'the listener is back')
  await headerName(testApp, session)
  t.ok(cache.size >= 1, 'people are kept again')
  await elsewhere(testApp, `update users set name = 'Heard Again' where email = '${LECTURER}'`)
  await eventually(async () => (await headerName(testApp, session)) === 'Heard Again / Demo University', 'changes are heard again')
})
