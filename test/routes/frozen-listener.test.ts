import pg from 'pg'
import t from 'tap'
import { buildApp } from '../../server/app.js'
import { openDatabase } from '../../server/db/database.js'
import { openDatabaseListener } from '../../server/db/listener.js'
import { createSessionCache, SESSION_CHANGE_CHANNEL } from '../../server/services/session-cache.js'
import { apiToken, TEST_JWT_SECRET } from '../helpers/app.js'
import { createTestDatabase, testServerUrl } from '../helpers/database.js'
import { startTcpProxy, targetOf, throughProxy } from '../helpers/tcp-proxy.js'

// The listener's defaults: a heartbeat every second, dead after 3 s of silence.
const SILENCE_MS = 3_000
const HEARTBEAT_MS = 1_000
const LECTURER = 'lecturer@demo.test'

t.test(
  'a half-open listener connection is found out: a disable elsewhere takes effect within the bound, then caching resumes',
  { skip: testServerUrl === undefined && 'embedded: the app is the only process, its own connections hear every change' },
  async (t) => {
    const database = await createTestDatabase()
    t.teardown(() => database.close())
    // This process's pool does not listen (as when its idle connections have been closed), so the
    // listener's connection alone brings other processes' changes: the one the proxy will freeze.
    const pool = openDatabase({ connectionString: database.connectionString, poolSize: 4, onPoolError: () => {} })
    t.teardown(() => pool.close())
    const proxy = await startTcpProxy(targetOf(database.connectionString))
    t.teardown(() => proxy.close())
    const cache = createSessionCache()
    const lives: boolean[] = []
    const listener = openDatabaseListener({
      connectionString: throughProxy(database.connectionString, proxy),
      channel: SESSION_CHANGE_CHANNEL,
      onNotification: cache.changed,
      onLive: (live) => {
        lives.push(live)
        cache.setLive(live)
      },
      onError: () => {},
    })
    t.teardown(() => listener.close())
    const app = await buildApp({ db: pool.db, jwtSecret: TEST_JWT_SECRET, sessionHours: 1, sessionCache: cache })
    t.teardown(() => app.close())

    const until = async (check: () => boolean, what: string) => {
      const deadline = Date.now() + 10_000
      while (!check()) {
        if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`)
        await new Promise((resolve) => setTimeout(resolve, 20))
      }
    }
    const me = (token: string) => app.inject({ method: 'GET', url: '/api/v1/me/ratings', headers: { authorization: `Bearer ${token}` } })

    await until(() => cache.live, 'the listener is live')
    const token = await apiToken(app, LECTURER)
    t.equal((await me(token)).statusCode, 200)
    t.equal(cache.size, 1, 'the person is kept')
    // Past a few heartbeats, to show that a healthy listener stays live.
    await new Promise((resolve) => setTimeout(resolve, 2 * HEARTBEAT_MS + 100))
    t.same(lives, [true], 'live and still live')

    proxy.freeze()
    const frozenAt = Date.now()
    const other = new pg.Client({ connectionString: database.connectionString })
    await other.connect()
    t.teardown(() => other.end())
    await other.query('update users set disabled_at = now() where email = $1', [LECTURER])
    const acknowledgedAt = Date.now()

    // Ask as a client would until refused; every answer after the bound must be a refusal.
    const answers: { at: number; status: number }[] = []
    for (;;) {
      const status = (await me(token)).statusCode
      answers.push({ at: Date.now(), status })
      if (status !== 200 || Date.now() - frozenAt > 4 * SILENCE_MS) break
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
    const refused = answers.at(-1)!
    t.equal(refused.status, 401, 'the disabled account is refused')
    const tookMs = refused.at - acknowledgedAt
    t.ok(tookMs <= SILENCE_MS + HEARTBEAT_MS + 500, `refused ${tookMs} ms after the disable was acknowledged (bound ${SILENCE_MS + HEARTBEAT_MS} ms)`)
    t.equal(lives[1], false, 'the listener went down on its own')
    t.equal((await me(token)).statusCode, 401, 'and stays refused')

    // A new connection through the proxy passes: the listener comes back and the cache serves again.
    await until(() => lives.at(-1) === true && lives.length === 3, 'the listener is live again')
    await other.query('update users set disabled_at = null where email = $1', [LECTURER])
    await until(() => cache.live, 'live')
    const again = await apiToken(app, LECTURER)
    t.equal((await me(again)).statusCode, 200)
    t.equal(cache.size, 1, 'kept again once live')
  },
)
