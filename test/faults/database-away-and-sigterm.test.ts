import t from 'tap'
import { en } from '../../views/messages/en/index.js'
import { createTestDatabase, type TestDatabase } from '../helpers/database.js'
import { skip, stop, token } from '../helpers/faults.js'
import { startAppProcess, waitFor, type AppProcess } from '../helpers/processes.js'
import { startTcpProxy, targetOf, throughProxy } from '../helpers/tcp-proxy.js'

/**
 * Faults with real app processes on a real PostgreSQL server (TEST_DATABASE_URL): concurrent writers
 * in two processes, SIGKILL in the middle of a staff import and of a framework load, the database
 * going away and coming back, and SIGTERM with a request in flight. The embedded database can be
 * opened by one process only, so these need a server.
 */
if (skip) t.comment(`skipped: ${skip}`)

t.test('database away and back under a running process; SIGTERM lets a slow request finish, then exits 0', { skip }, async (t) => {
  const database: TestDatabase = await createTestDatabase()
  const proxy = await startTcpProxy(targetOf(database.connectionString))
  let app: AppProcess | undefined
  t.teardown(async () => {
    await stop(app)
    await proxy.close()
    await database.close()
  })
  app = await startAppProcess(throughProxy(database.connectionString, proxy))
  const lecturer = await token(app, 'lecturer@demo.test')
  t.equal((await fetch(`${app.url}/healthz`)).status, 200, 'healthy')

  await proxy.close()
  const health = await fetch(`${app.url}/healthz`)
  t.equal(health.status, 503, '/healthz: 503 with the database away')
  // The bearer token is also what the session cookie holds.
  const page = await fetch(`${app.url}/framework`, { headers: { cookie: `session=${lecturer}` } })
  const html = await page.text()
  t.equal(page.status, 503, 'a page: 503')
  t.ok(html.includes(`<h1>${en.errors.unavailable}</h1>`), 'the 503 page, not a stack trace')
  t.notMatch(html, /ECONNREFUSED|\bat .*:\d+:\d+/)
  const api = await fetch(`${app.url}/api/v1/me/ratings`, { headers: { authorization: `Bearer ${lecturer}` } })
  t.equal(api.status, 503, 'the API: 503')
  t.equal(((await api.json()) as { error: { code: string } }).error.code, 'database_unavailable')
  await proxy.open()
  await waitFor('/healthz to be 200 again', async () => (await fetch(`${app!.url}/healthz`)).status === 200)
  t.pass('/healthz is 200 again without a restart')
  t.equal((await fetch(`${app.url}/api/v1/me/ratings`, { headers: { authorization: `Bearer ${lecturer}` } })).status, 200, 'the API answers again')

  proxy.delayMs = 700
  const sentBefore = proxy.queriesSent
  const slow = fetch(`${app.url}/api/v1/me/ratings`, { headers: { authorization: `Bearer ${lecturer}` } }).then(async (response) => ({ status: response.status, body: (await response.json()) as unknown[], at: performance.now() }))
  await waitFor('the slow request to reach the database', async () => proxy.queriesSent > sentBefore)
  app.child.kill('SIGTERM')
  const [answer, exit] = await Promise.all([slow, app.exited])
  t.equal(answer.status, 200, 'the request in flight completes')
  t.ok(Array.isArray(answer.body) && answer.body.length > 0, 'with its ratings')
  t.equal(exit.code, 0, `then the process exits 0 (${exit.code ?? exit.signal})`, { output: app.output().slice(-1500) })
  t.ok(exit.at >= answer.at - 50, 'after the answer was sent')
  t.comment(`faults: database cut once and restored; SIGTERM with a request held ${proxy.delayMs} ms per answer`)
})
