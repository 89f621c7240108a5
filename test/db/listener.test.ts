import pg from 'pg'
import t from 'tap'
import { LISTENER_APPLICATION_NAME, openDatabaseListener } from '../../server/db/listener.js'
import { testServerUrl } from '../helpers/database.js'

t.test('a listener that cannot reach its server is never live, says why, keeps trying, and stops when closed', async (t) => {
  const lives: boolean[] = []
  const errors: string[] = []
  const listener = openDatabaseListener({
    // Nothing listens on port 1 of the loopback address: each attempt is refused at once.
    connectionString: 'postgresql://nobody@127.0.0.1:1/none',
    channel: 'session_change',
    onNotification: () => t.fail('no notification can come'),
    onLive: (live) => lives.push(live),
    onError: (error) => errors.push(error.message),
    maxRetryMs: 50,
  })
  await new Promise((resolve) => setTimeout(resolve, 600))
  await listener.close()
  const attempts = errors.length
  t.ok(attempts >= 3, `it tried again and again (${attempts} attempts)`)
  t.match(errors[0], /ECONNREFUSED/, 'each failure is reported')
  t.notOk(lives.includes(true), 'never live')
  await new Promise((resolve) => setTimeout(resolve, 200))
  t.equal(errors.length, attempts, 'no attempt after close()')
})

t.test('on a server: live once listening, hears what another connection sends, goes down and comes back with its connection', { skip: testServerUrl === undefined && 'no PostgreSQL server (TEST_DATABASE_URL)' }, async (t) => {
  const heard: string[] = []
  const lives: boolean[] = []
  const listener = openDatabaseListener({
    connectionString: testServerUrl!,
    channel: 'listener_test',
    onNotification: (payload) => heard.push(payload),
    onLive: (live) => lives.push(live),
    onError: () => {},
  })
  t.teardown(() => listener.close())
  const until = async (check: () => boolean) => {
    const deadline = Date.now() + 5_000
    while (!check()) {
      if (Date.now() > deadline) throw new Error('timed out')
      await new Promise((resolve) => setTimeout(resolve, 10))
    }
  }
  const other = new pg.Client({ connectionString: testServerUrl })
  await other.connect()
  t.teardown(() => other.end())

  await until(() => lives.at(-1) === true)
  await other.query(`select pg_notify('listener_test', 'first')`)
  await until(() => heard.length === 1)
  t.same(heard, ['first'])

  // Only this database's listeners: other test files' listeners are on databases of their own.
  await other.query(`select pg_terminate_backend(pid) from pg_stat_activity where application_name = $1 and datname = current_database()`, [LISTENER_APPLICATION_NAME])
  await until(() => lives.at(-1) === false)
  await until(() => lives.at(-1) === true)
  t.same(lives.slice(0, 3), [true, false, true], 'live, down, live again')
  await other.query(`select pg_notify('listener_test', 'second')`)
  await until(() => heard.length === 2)
  t.same(heard, ['first', 'second'], 'heard again after reconnecting')

  await listener.close()
  t.equal(lives.at(-1), false, 'not live once closed')
})
