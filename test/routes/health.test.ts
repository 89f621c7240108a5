import t from 'tap'
import { buildApp } from '../../server/app.js'
import { openDatabase } from '../../server/db/database.js'
import { TEST_JWT_SECRET } from '../helpers/app.js'

t.test('GET /healthz is 503 when the database does not answer, and pages say so clearly', async (t) => {
  // Port 1 on loopback: nothing listens, so every connection is refused at once.
  const handle = openDatabase({ connectionString: 'postgresql://postgres@127.0.0.1:1/none', poolSize: 1, onPoolError: () => {} })
  const app = await buildApp({ db: handle.db, jwtSecret: TEST_JWT_SECRET, sessionHours: 1 })
  t.teardown(async () => {
    await app.close()
    await handle.close()
  })
  const health = await app.inject({ method: 'GET', url: '/healthz' })
  t.equal(health.statusCode, 503)
  t.equal(health.json().status, 'unavailable')
  t.equal(health.json().error.code, 'database_unavailable')

  const token = app.jwt.sign({ sub: 1, ver: 0 })
  const page = await app.inject({ method: 'GET', url: '/framework', cookies: { session: token } })
  // An unreachable database is not a fault of ours: 503 and a page that says so, not a 500.
  t.equal(page.statusCode, 503)
  t.match(page.body, 'The database does not answer at the moment')
  t.notMatch(page.body, /ECONNREFUSED|at .*\.ts/, 'no internals leak')
  const api = await app.inject({ method: 'GET', url: '/api/v1/me/ratings', headers: { authorization: `Bearer ${token}` } })
  t.equal(api.statusCode, 503)
  t.equal(api.json().error.code, 'database_unavailable')
  t.notMatch(api.body, /ECONNREFUSED/)
})
