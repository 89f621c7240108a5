import t from 'tap'
import { buildApp } from '../../server/app.js'
import { openDatabase } from '../../server/db/database.js'
import { en } from '../../views/messages/en/index.js'
import { apiToken, rowCounts, signIn, TEST_JWT_SECRET } from '../helpers/app.js'
import { createTestDatabase } from '../helpers/database.js'
import { startTcpProxy, targetOf, throughProxy } from '../helpers/tcp-proxy.js'

/**
 * The database goes away under a running app (a TCP proxy in front of it is closed) and comes back:
 * /healthz says 503, pages show the 503 page, the API a 503 JSON error, nothing is written; once the
 * proxy reopens, the same app (same pool) answers 200 again. Runs on the embedded database and on a
 * real server alike.
 */
t.test('database down: 503 everywhere, then recovery without a restart', async (t) => {
  const database = await createTestDatabase()
  const proxy = await startTcpProxy(targetOf(database.connectionString))
  const poolErrors: string[] = []
  const handle = openDatabase({ connectionString: throughProxy(database.connectionString, proxy), poolSize: 2, onPoolError: (error) => poolErrors.push(error.message) })
  const app = await buildApp({ db: handle.db, jwtSecret: TEST_JWT_SECRET, sessionHours: 1 })
  t.teardown(async () => {
    await app.close()
    await handle.close()
    await proxy.close()
    await database.close()
  })

  t.equal((await app.inject({ url: '/healthz' })).statusCode, 200, 'healthy while the database answers')
  const session = await signIn(app, 'lecturer@demo.test')
  const token = await apiToken(app, 'lecturer@demo.test')
  const competency = await database.db
    .selectFrom('competencies')
    .innerJoin('institutions', 'institutions.framework_id', 'competencies.framework_id')
    .select('competencies.id')
    .where('institutions.name', '=', 'Demo University')
    .where('competencies.kind', '=', 'competency')
    .orderBy('competencies.id')
    .executeTakeFirstOrThrow()
  const before = await rowCounts(database.db)
  const cookie = Object.entries(session.cookies).map(([name, value]) => `${name}=${value}`).join('; ')

  await proxy.close()
  const started = performance.now()
  const health = await app.inject({ url: '/healthz' })
  t.equal(health.statusCode, 503, '/healthz: 503 when the database does not answer')
  t.equal(health.json().error.code, 'database_unavailable')
  t.ok(performance.now() - started < 5_000, 'and says so within the health timeout')

  const page = await app.inject({ url: '/framework', headers: { cookie } })
  t.equal(page.statusCode, 503, 'a page: 503')
  t.match(page.headers['content-type'], /text\/html/)
  t.ok(page.body.includes(`<h1>${en.errors.unavailable}</h1>`) && page.body.includes(en.errors.unavailableText), 'the page says the database is unavailable')
  t.notMatch(page.body, /\bat .*:\d+:\d+|node_modules|ECONNREFUSED/, 'no stack trace, no error code')
  t.equal(page.headers['retry-after'], '5')

  const fragment = await app.inject({ url: '/framework', headers: { cookie, 'hx-request': 'true' } })
  t.equal(fragment.statusCode, 503, 'an htmx request: 503')
  t.match(fragment.body, /role="alert"/, 'with the message as a fragment')

  const saved = await app.inject({
    method: 'POST',
    url: `/framework/${competency.id}/rating`,
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ _csrf: session.csrf, level: '2', evidence: 'while the database is down' }).toString(),
  })
  t.equal(saved.statusCode, 503, 'a form post: 503')

  const api = await app.inject({ method: 'PUT', url: `/api/v1/me/ratings/${competency.id}`, headers: { authorization: `Bearer ${token}` }, payload: { level: 2 } })
  t.equal(api.statusCode, 503, 'the API: 503')
  t.same(Object.keys(api.json()), ['error'])
  t.equal(api.json().error.code, 'database_unavailable', 'with its JSON error')
  t.notMatch(api.body, /ECONNREFUSED|\bat .*:\d+:\d+/)

  await proxy.open()
  const deadline = Date.now() + 15_000
  let status = 0
  while (Date.now() < deadline) {
    status = (await app.inject({ url: '/healthz' })).statusCode
    if (status === 200) break
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  t.equal(status, 200, '/healthz is 200 again once the database is back, without a restart')
  t.equal((await app.inject({ url: '/framework', headers: { cookie } })).statusCode, 200, 'pages work again')
  t.same(await rowCounts(database.db), before, 'nothing was written while the database was away')
  const retried = await app.inject({ method: 'PUT', url: `/api/v1/me/ratings/${competency.id}`, headers: { authorization: `Bearer ${token}` }, payload: { level: 2, evidence: 'after recovery' } })
  t.equal(retried.statusCode, 200, 'and a rating is saved')
  t.comment(`faults injected: the database cut once (${proxy.connections} connections through the proxy); pool errors seen: ${poolErrors.length}`)
})
