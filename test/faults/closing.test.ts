import http from 'node:http'
import t from 'tap'
import { buildApp } from '../../server/app.js'
import { openDatabase } from '../../server/db/database.js'
import { en } from '../../views/messages/en/index.js'
import { TEST_JWT_SECRET } from '../helpers/app.js'
import { createTestDatabase } from '../helpers/database.js'
import { startTcpProxy, targetOf, throughProxy } from '../helpers/tcp-proxy.js'

/**
 * A request that reaches the app while it closes (SIGTERM: it finishes what is in flight) is answered
 * 503 in the app's own shapes, JSON for the API and the 503 page for a browser, and the connection is
 * closed, so the client or the load balancer tries another process.
 */
t.test('requests arriving while the app closes: 503 in our shape, connection closed', async (t) => {
  const database = await createTestDatabase()
  const proxy = await startTcpProxy(targetOf(database.connectionString))
  const handle = openDatabase({ connectionString: throughProxy(database.connectionString, proxy), poolSize: 2, onPoolError: () => {} })
  const app = await buildApp({ db: handle.db, jwtSecret: TEST_JWT_SECRET, sessionHours: 1 })
  const address = await app.listen({ port: 0, host: '127.0.0.1' })
  t.teardown(async () => {
    await handle.close()
    await proxy.close()
    await database.close()
  })
  // Keep-alive connections of one socket each: a second request waits behind the slow first one, and goes out once the app is closing.
  const agents = [new http.Agent({ keepAlive: true, maxSockets: 1 }), new http.Agent({ keepAlive: true, maxSockets: 1 })]
  const get = (path: string, agent = agents[0]) =>
    new Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }>((resolve, reject) => {
      http
        .get(`${address}${path}`, { agent }, (response) => {
          let body = ''
          response.on('data', (chunk: Buffer) => (body += chunk.toString()))
          response.on('end', () => resolve({ status: response.statusCode!, body, headers: response.headers }))
        })
        .on('error', reject)
    })
  // Both sockets and both pool connections open before the database is slowed down.
  t.same((await Promise.all([get('/healthz'), get('/healthz', agents[1])])).map((response) => response.status), [200, 200])
  proxy.delayMs = 500
  const slow = get('/healthz')
  const api = get('/api/v1/framework')
  const slowToo = get('/healthz', agents[1])
  const page = get('/login', agents[1])
  await new Promise((resolve) => setTimeout(resolve, 100))
  const closing = app.close()
  t.same([(await slow).status, (await slowToo).status], [200, 200], 'the requests in flight finish')
  const refused = await api
  t.same([refused.status, JSON.parse(refused.body)], [503, { error: { code: 'shutting_down', message: 'The server is restarting; nothing was changed. Please try again shortly.' } }], 'the API: 503 in its error shape, before the route asks for a signed-in person')
  t.equal(refused.headers.connection, 'close', 'and the connection is closed')
  const html = await page
  t.same([html.status, html.headers['retry-after']], [503, '5'], 'a page: 503, try again in 5 s')
  t.ok(html.body.includes(`<h1>${en.errors.unavailable}</h1>`), 'the 503 page of the app, not Fastify\'s JSON')
  await closing
  for (const agent of agents) agent.destroy()
})
