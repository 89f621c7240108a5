import type { FastifyInstance } from 'fastify'
import t from 'tap'
import { buildApp } from '../../server/app.js'
import { ConfigError, loadConfig } from '../../server/config.js'
import { DEFAULT_SIGN_IN_LIMITS } from '../../server/domain/sign-in-delays.js'
import { browserGet, DEMO_PASSWORD, startTestApp, TEST_JWT_SECRET, type BrowserSession } from '../helpers/app.js'

const LIMITS = { ...DEFAULT_SIGN_IN_LIMITS, pairAttempts: 100, addressAttempts: 3 }

/** A failed API sign-in through a proxy at `proxy`, with the X-Forwarded-For header given. */
function throughProxy(app: FastifyInstance, proxy: string, forwardedFor: string, email: string, password = 'wrong') {
  return app.inject({ method: 'POST', url: '/api/v1/auth/token', remoteAddress: proxy, headers: { 'x-forwarded-for': forwardedFor }, payload: { email, password } })
}

t.test('TRUST_PROXY is a hop count or a list of addresses; "true" is refused by name', async (t) => {
  t.equal(loadConfig({}).trustProxy, false)
  for (const off of ['0', 'false', '', 'no']) t.equal(loadConfig({ TRUST_PROXY: off }).trustProxy, false, JSON.stringify(off))
  t.equal(loadConfig({ TRUST_PROXY: '1' }).trustProxy, 1)
  t.equal(loadConfig({ TRUST_PROXY: '2' }).trustProxy, 2)
  t.same(loadConfig({ TRUST_PROXY: '10.0.0.0/8, 127.0.0.1,::1,fd00::/8,loopback' }).trustProxy, ['10.0.0.0/8', '127.0.0.1', '::1', 'fd00::/8', 'loopback'])
  for (const all of ['true', 'all', 'yes', '*']) {
    t.throws(() => loadConfig({ TRUST_PROXY: all }), { name: 'ConfigError', message: /TRUST_PROXY: .*would believe the X-Forwarded-For any client writes/ }, all)
  }
  t.throws(() => loadConfig({ TRUST_PROXY: '10.0.0.0/33,proxy.example' }), { name: 'ConfigError', message: 'Invalid configuration:\n  TRUST_PROXY: not an address or CIDR: "10.0.0.0/33", "proxy.example" (use e.g. 1, or 10.0.0.0/8,127.0.0.1)' })
  t.throws(() => loadConfig({ TRUST_PROXY: '11' }), ConfigError)
})

t.test('behind one trusted proxy, the client is the address the proxy appended', async (t) => {
  const { app: base, db } = await startTestApp(t)
  await base.close()

  t.test('TRUST_PROXY=1: rotating the left-most X-Forwarded-For does not escape the per-address limit', async (t) => {
    const app = await buildApp({ db, jwtSecret: TEST_JWT_SECRET, sessionHours: 1, trustProxy: 1, signInLimits: LIMITS })
    t.teardown(() => app.close())
    const statuses: number[] = []
    for (let attempt = 1; attempt <= 5; attempt++) {
      statuses.push((await throughProxy(app, '10.9.0.1', `198.51.100.${attempt}, 203.0.113.7`, `guess-${attempt}@demo.test`)).statusCode)
    }
    t.same(statuses, [401, 401, 401, 429, 429], 'the client address 203.0.113.7 is throttled whatever it writes before it')
    const rows = await db.selectFrom('sign_in_throttle').select('key').where('key', 'like', 'address:%').execute()
    t.same(rows.map((row) => row.key).filter((key) => key.startsWith('address:198.51.100.')), [], 'no counter for a spoofed address')
    const neighbour = await throughProxy(app, '10.9.0.1', '203.0.113.8', 'admin@demo.test', DEMO_PASSWORD)
    t.equal(neighbour.statusCode, 200, 'another client behind the same proxy is not throttled')
  })

  t.test('a list of proxies: their X-Forwarded-For is believed, a stranger’s is not', async (t) => {
    const app = await buildApp({ db, jwtSecret: TEST_JWT_SECRET, sessionHours: 1, trustProxy: ['10.8.0.0/16'], signInLimits: LIMITS })
    t.teardown(() => app.close())
    const viaProxy: number[] = []
    for (let attempt = 1; attempt <= 4; attempt++) viaProxy.push((await throughProxy(app, '10.8.0.5', `198.51.100.${attempt}, 203.0.113.20`, `list-${attempt}@demo.test`)).statusCode)
    t.same(viaProxy, [401, 401, 401, 429])
    const direct: number[] = []
    for (let attempt = 1; attempt <= 4; attempt++) direct.push((await throughProxy(app, '192.0.2.50', `198.51.100.${attempt}`, `direct-${attempt}@demo.test`)).statusCode)
    t.same(direct, [401, 401, 401, 429], 'a client that is not a listed proxy is counted by its own address, whatever it writes')
  })

  t.test('cookies are Secure when a trusted proxy says the request came over HTTPS', async (t) => {
    const app = await buildApp({ db, jwtSecret: TEST_JWT_SECRET, sessionHours: 1, trustProxy: 1 })
    t.teardown(() => app.close())
    const browser: BrowserSession = { cookies: {}, csrf: '' }
    const page = await browserGet(app, browser, '/login', { 'x-forwarded-proto': 'https', 'x-forwarded-for': '203.0.113.30' })
    t.equal(page.cookies.find((cookie) => cookie.name === 'csrf_secret')?.secure, true)
    const response = await app.inject({
      method: 'POST',
      url: '/login',
      remoteAddress: '10.9.0.1',
      cookies: browser.cookies,
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-proto': 'https', 'x-forwarded-for': '203.0.113.30' },
      payload: new URLSearchParams({ _csrf: browser.csrf, email: 'lecturer@demo.test', password: DEMO_PASSWORD, next: '/' }).toString(),
    })
    t.equal(response.statusCode, 303)
    t.equal(response.cookies.find((cookie) => cookie.name === 'session')?.secure, true)
  })
})
