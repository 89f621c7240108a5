import t from 'tap'
import { BODY_LIMIT, buildApp, DEFAULT_TIMEOUTS, IMPORT_BODY_LIMIT } from '../../server/app.js'
import { ConfigError, loadConfig } from '../../server/config.js'
import { apiToken, browserGet, browserPost, rowCounts, signIn, startTestApp, TEST_JWT_SECRET } from '../helpers/app.js'

t.test('request body limits', async (t) => {
  const { app, db } = await startTestApp(t)
  const lecturer = await apiToken(app, 'lecturer@demo.test')
  const hr = await apiToken(app, 'hr@demo.test')
  const framework = await db.selectFrom('frameworks').select('id').where('slug', '=', 'iioe-hew').executeTakeFirstOrThrow()
  const competency = await db.selectFrom('competencies').select('id').where('framework_id', '=', framework.id).where('kind', '=', 'competency').orderBy('id').executeTakeFirstOrThrow()

  t.test('64 KB for JSON: a larger body is a 413 in the API error shape, and nothing is written', async (t) => {
    t.equal(BODY_LIMIT, 64 * 1024)
    t.equal(app.initialConfig.bodyLimit, 64 * 1024)
    const before = await rowCounts(db)
    const response = await app.inject({
      method: 'PUT',
      url: `/api/v1/me/ratings/${competency.id}`,
      headers: { authorization: `Bearer ${lecturer}`, 'content-type': 'application/json' },
      payload: JSON.stringify({ level: 2, evidence: 'x'.repeat(70 * 1024) }),
    })
    t.equal(response.statusCode, 413)
    t.same(response.json(), { error: { code: 'payload_too_large', message: 'The request is too large: this address accepts at most 64 KB.' } })
    t.same(await rowCounts(db), before)
    const small = await app.inject({
      method: 'PUT',
      url: `/api/v1/me/ratings/${competency.id}`,
      headers: { authorization: `Bearer ${lecturer}` },
      payload: { level: 2, evidence: 'under the limit' },
    })
    t.equal(small.statusCode, 200, `a body under the limit is accepted: ${small.body.slice(0, 200)}`)
  })

  t.test('64 KB for forms: a larger form is a 413 error page', async (t) => {
    const session = await signIn(app, 'lecturer@demo.test')
    const response = await browserPost(app, session, `/framework/${competency.id}/rating`, { level: '1', evidence: 'x'.repeat(70 * 1024) })
    t.equal(response.statusCode, 413)
    t.match(response.headers['content-type'], 'text/html')
    t.match(response.body, 'The request is too large: this address accepts at most 64 KB.')
    const fragment = await browserPost(app, session, `/framework/${competency.id}/rating`, { level: '1', evidence: 'x'.repeat(70 * 1024) }, { 'hx-request': 'true' })
    t.equal(fragment.statusCode, 413)
    t.notMatch(fragment.body, '<html')
    t.match(fragment.body, 'at most 64 KB')
  })

  t.test('2 MB for the CSV imports, as a form or as text/csv', async (t) => {
    t.equal(IMPORT_BODY_LIMIT, 2 * 1024 * 1024)
    const rows = Array.from({ length: 1800 }, (_, i) => `limit.person.${i}@demo.test,Limit Person ${i}`)
    const csv = ['email,name', ...rows].join('\n')
    t.ok(csv.length > 64 * 1024, `${csv.length} bytes: over the default limit`)
    const session = await signIn(app, 'hr@demo.test')
    await browserGet(app, session, '/hr/staff/import')
    const form = await browserPost(app, session, '/hr/staff/import', { mode: 'check', csv })
    t.equal(form.statusCode, 200, 'the import form takes more than 64 KB')
    t.match(form.body, 'limit.person.1799@demo.test')
    const tooLarge = await browserPost(app, session, '/hr/staff/import', { mode: 'check', csv: 'x'.repeat(IMPORT_BODY_LIMIT) })
    t.equal(tooLarge.statusCode, 413)
    t.match(tooLarge.body, 'The request is too large: this address accepts at most 2 MB.')

    const api = await app.inject({ method: 'POST', url: '/api/v1/institution/staff/import?dryRun=1', headers: { authorization: `Bearer ${hr}`, 'content-type': 'text/csv' }, payload: csv })
    t.equal(api.statusCode, 200)
    const apiTooLarge = await app.inject({
      method: 'POST',
      url: '/api/v1/institution/staff/import?dryRun=1',
      headers: { authorization: `Bearer ${hr}`, 'content-type': 'text/csv' },
      payload: 'email,name\n' + 'x'.repeat(IMPORT_BODY_LIMIT),
    })
    t.equal(apiTooLarge.statusCode, 413)
    t.same(apiTooLarge.json(), { error: { code: 'payload_too_large', message: 'The request is too large: this address accepts at most 2 MB.' } })
  })
})

t.test('pagination: page is 1 to 100000, the page size is fixed (50); anything else is a 400', async (t) => {
  const { app } = await startTestApp(t)
  const hr = await apiToken(app, 'hr@demo.test')
  const get = (url: string) => app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${hr}` } })
  for (const path of ['/api/v1/institution/audit', '/api/v1/institution/staff']) {
    for (const query of ['page=0', 'page=-1', 'page=100001', 'page=abc', 'page=1.5', 'pageSize=500', 'limit=1000']) {
      const response = await get(`${path}?${query}`)
      t.equal(response.statusCode, 400, `${path}?${query}`)
      t.equal(response.json().error.code, 'invalid_request')
    }
    const first = await get(`${path}?page=1`)
    t.equal(first.statusCode, 200)
    t.equal(first.json().pageSize, 50)
    const beyond = await get(`${path}?page=100000`)
    t.equal(beyond.statusCode, 200, 'the last allowed page is simply empty')
    t.same(beyond.json().entries ?? beyond.json().staff, [])
  }
  const session = await signIn(app, 'hr@demo.test')
  for (const url of ['/hr/audit?page=0', '/hr/audit?page=100001', '/hr/staff?page=0', '/hr/staff?page=100001', '/hr/staff?page=abc']) {
    const response = await browserGet(app, session, url)
    t.equal(response.statusCode, 400, url)
  }
  t.equal((await browserGet(app, session, '/hr/staff?page=2')).statusCode, 200)
})

t.test('server timeouts: defaults, options and configuration', async (t) => {
  const { app, db } = await startTestApp(t)
  t.same(DEFAULT_TIMEOUTS, { connectionSeconds: 120, requestSeconds: 30, keepAliveSeconds: 72 })
  t.equal(app.initialConfig.connectionTimeout, 120_000)
  t.equal(app.initialConfig.keepAliveTimeout, 72_000)
  t.equal(app.server.timeout, 120_000, 'the Node server closes idle sockets')
  t.equal(app.server.requestTimeout, 30_000)
  t.equal(app.server.keepAliveTimeout, 72_000)

  const tuned = await buildApp({ db, jwtSecret: TEST_JWT_SECRET, sessionHours: 1, timeouts: { requestSeconds: 10, keepAliveSeconds: 65 } })
  t.teardown(() => tuned.close())
  t.equal(tuned.server.requestTimeout, 10_000)
  t.equal(tuned.server.keepAliveTimeout, 65_000)
  t.equal(tuned.server.timeout, 120_000, 'a timeout not given keeps its default')

  t.same(loadConfig({}).timeouts, { connectionSeconds: 120, requestSeconds: 30, keepAliveSeconds: 72 })
  t.same(loadConfig({ CONNECTION_TIMEOUT_SECONDS: '300', REQUEST_TIMEOUT_SECONDS: '15', KEEP_ALIVE_TIMEOUT_SECONDS: '61' }).timeouts, {
    connectionSeconds: 300,
    requestSeconds: 15,
    keepAliveSeconds: 61,
  })
  t.throws(() => loadConfig({ REQUEST_TIMEOUT_SECONDS: 'soon' }), ConfigError)
  t.throws(() => loadConfig({ KEEP_ALIVE_TIMEOUT_SECONDS: '0' }), /KEEP_ALIVE_TIMEOUT_SECONDS/)
})
