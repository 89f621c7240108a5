import { sql } from 'kysely'
import t from 'tap'
import { buildApp } from '../../server/app.js'
import { DEFAULT_SIGN_IN_LIMITS } from '../../server/domain/sign-in-delays.js'
import { DEMO_PASSWORD, startTestApp, TEST_JWT_SECRET } from '../helpers/app.js'
import { apiSignIn, pageSignIn, samePage, THROTTLED } from '../helpers/sign-in.js'

t.test('sign-in throttling per (account, address) and per client address', async (t) => {
  const { app, db } = await startTestApp(t)

  t.test('five failures make that account wait from that address: even the right password gets a 429 with Retry-After', async (t) => {
    for (let attempt = 1; attempt <= 5; attempt++) {
      const response = await pageSignIn(app, '10.0.0.1', 'lecturer@demo.test', `wrong-${attempt}`)
      t.equal(response.statusCode, 401, `failure ${attempt}`)
    }
    const waiting = await pageSignIn(app, '10.0.0.1', 'lecturer@demo.test', DEMO_PASSWORD)
    t.equal(waiting.statusCode, 429)
    const retryAfter = Number(waiting.headers['retry-after'])
    t.ok(retryAfter > 50 && retryAfter <= 60, `Retry-After ${retryAfter} s`)
    t.match(waiting.body, THROTTLED)
    t.match(waiting.body, 'value="lecturer@demo.test"', 'the email is kept')
    t.notOk(waiting.cookies.find((cookie) => cookie.name === 'session'), 'no session')
    const api = await apiSignIn(app, '10.0.0.1', 'Lecturer@Demo.test ', DEMO_PASSWORD)
    t.equal(api.statusCode, 429, 'the API shares the counter, in another spelling of the email')
    t.same(api.json(), { error: { code: 'rate_limited', message: THROTTLED } })
  })

  t.test('an unknown email is answered exactly like a wrong password, throttle included', async (t) => {
    const known: number[] = []
    const unknown: number[] = []
    for (let attempt = 1; attempt <= 6; attempt++) {
      const a = await pageSignIn(app, '10.0.1.1', 'hr@college.test', 'wrong-password')
      const b = await pageSignIn(app, '10.0.1.2', 'nobody@college.test', 'wrong-password')
      known.push(a.statusCode)
      unknown.push(b.statusCode)
      t.equal(samePage(a.body, 'hr@college.test'), samePage(b.body, 'nobody@college.test'), `attempt ${attempt}: the same page`)
    }
    t.same(known, [401, 401, 401, 401, 401, 429])
    t.same(unknown, [401, 401, 401, 401, 401, 429])
    const apiKnown = await apiSignIn(app, '10.0.1.1', 'hr@college.test', 'wrong-password')
    const apiUnknown = await apiSignIn(app, '10.0.1.2', 'nobody@college.test', 'wrong-password')
    t.same([apiKnown.statusCode, apiUnknown.statusCode], [429, 429])
    t.same(apiKnown.json(), apiUnknown.json())
    const fresh = await apiSignIn(app, '10.0.1.3', 'nobody@college.test', 'wrong-password')
    t.same(fresh.json(), { error: { code: 'invalid_credentials', message: 'The email and password do not match an account' } }, 'from a third address: no wait')
  })

  t.test('checking an unknown email costs a password hash too (similar timing)', async (t) => {
    const time = async (email: string) => {
      let best = Infinity
      for (let run = 0; run < 3; run++) {
        const started = performance.now()
        await app.services.users.authenticate(email, 'wrong-password')
        best = Math.min(best, performance.now() - started)
      }
      return best
    }
    const known = await time('admin@demo.test')
    const unknown = await time('nobody-at-all@demo.test')
    t.ok(unknown > known * 0.5 && unknown < known * 2, `unknown ${unknown.toFixed(0)} ms, known ${known.toFixed(0)} ms`)
  })

  t.test('a success forgives the pair its failures', async (t) => {
    for (let attempt = 1; attempt <= 4; attempt++) t.equal((await apiSignIn(app, '10.0.2.1', 'admin@demo.test', 'wrong')).statusCode, 401)
    t.equal((await pageSignIn(app, '10.0.2.1', 'admin@demo.test', DEMO_PASSWORD)).statusCode, 303)
    const statuses: number[] = []
    for (let attempt = 1; attempt <= 6; attempt++) statuses.push((await apiSignIn(app, '10.0.2.1', 'admin@demo.test', 'wrong')).statusCode)
    t.same(statuses, [401, 401, 401, 401, 401, 429], 'five new failures before the wait')
  })

  t.test('twenty failures from one address stop that address, for any account; other addresses are not affected', async (t) => {
    for (let attempt = 1; attempt <= 20; attempt++) {
      t.equal((await apiSignIn(app, '10.0.3.1', `guess-${attempt}@demo.test`, 'wrong')).statusCode, 401, `failure ${attempt}`)
    }
    const stopped = await apiSignIn(app, '10.0.3.1', 'designer@demo.test', DEMO_PASSWORD)
    t.equal(stopped.statusCode, 429)
    t.ok(Number(stopped.headers['retry-after']) > 600, 'until the window ends')
    t.equal((await pageSignIn(app, '10.0.3.1', 'designer@demo.test', DEMO_PASSWORD)).statusCode, 429, 'the page too')
    t.equal((await apiSignIn(app, '10.0.3.2', 'designer@demo.test', DEMO_PASSWORD)).statusCode, 200, 'from another address the account signs in')
  })

  t.test('successes do not count against an address: a campus behind one address can sign in', async (t) => {
    // Three failures per address here, to keep the test short; the default (20) is tested above.
    const campus = await buildApp({ db, jwtSecret: TEST_JWT_SECRET, sessionHours: 1, signInLimits: { ...DEFAULT_SIGN_IN_LIMITS, addressAttempts: 3 } })
    t.teardown(() => campus.close())
    for (let attempt = 1; attempt <= 2; attempt++) t.equal((await apiSignIn(campus, '10.0.4.1', `typo-${attempt}@demo.test`, 'wrong')).statusCode, 401)
    for (let attempt = 1; attempt <= 4; attempt++) t.equal((await apiSignIn(campus, '10.0.4.1', 'designer@demo.test', DEMO_PASSWORD)).statusCode, 200, `success ${attempt}`)
    t.equal((await apiSignIn(campus, '10.0.4.1', 'typo-3@demo.test', 'wrong')).statusCode, 401, 'the third failure')
    t.equal((await apiSignIn(campus, '10.0.4.1', 'designer@demo.test', DEMO_PASSWORD)).statusCode, 429, 'then the address waits')
  })

  t.test('when a window has passed, old rows are pruned', async (t) => {
    await db
      .updateTable('sign_in_throttle')
      .set({ window_start: sql<Date>`window_start - interval '16 minutes'`, last_attempt_at: sql<Date>`last_attempt_at - interval '16 minutes'`, blocked_until: null })
      .where('key', 'in', ['pair:admin@demo.test|10.0.2.1', 'address:10.0.3.1'])
      .execute()
    t.equal((await apiSignIn(app, '10.0.3.1', 'admin@demo.test', DEMO_PASSWORD)).statusCode, 200, 'the address may try again')
    const left = await db.selectFrom('sign_in_throttle').select(['key', 'attempts']).where('key', 'in', ['pair:admin@demo.test|10.0.2.1', 'address:10.0.3.1']).execute()
    t.same(left, [{ key: 'address:10.0.3.1', attempts: 0 }], 'the quiet pair is gone; the address has a fresh row, its attempt given back after the success')
  })

  t.test('the counters live in the database: every app process sees them', async (t) => {
    const other = await buildApp({ db, jwtSecret: TEST_JWT_SECRET, sessionHours: 1 })
    t.teardown(() => other.close())
    for (let attempt = 1; attempt <= 3; attempt++) t.equal((await apiSignIn(app, '10.0.5.1', 'designer@demo.test', 'wrong')).statusCode, 401)
    for (let attempt = 1; attempt <= 2; attempt++) t.equal((await apiSignIn(other, '10.0.5.1', 'designer@demo.test', 'wrong')).statusCode, 401)
    t.equal((await apiSignIn(other, '10.0.5.1', 'designer@demo.test', DEMO_PASSWORD)).statusCode, 429, 'the second process counts the first one’s failures')
    t.equal((await apiSignIn(app, '10.0.5.1', 'designer@demo.test', DEMO_PASSWORD)).statusCode, 429)
  })

  t.test('limits can be set per app (buildApp signInLimits)', async (t) => {
    const strict = await buildApp({ db, jwtSecret: TEST_JWT_SECRET, sessionHours: 1, signInLimits: { ...DEFAULT_SIGN_IN_LIMITS, pairAttempts: 1, firstDelaySeconds: 30 } })
    t.teardown(() => strict.close())
    t.equal((await apiSignIn(strict, '10.0.6.1', 'strict@demo.test', 'wrong')).statusCode, 401)
    const waiting = await apiSignIn(strict, '10.0.6.1', 'strict@demo.test', 'wrong')
    t.equal(waiting.statusCode, 429)
    t.ok(Number(waiting.headers['retry-after']) <= 30)
    t.equal(waiting.json().error.message, 'Too many sign-in attempts. Wait 1 minute and try again.')
  })
})
