import { createHmac } from 'node:crypto'
import t from 'tap'
import { browserGet, browserPost, DEMO_PASSWORD, signIn, startTestApp, TEST_JWT_SECRET, type BrowserSession } from '../helpers/app.js'

/** An HS256 JWT signed with the test secret, with exactly the claims given. */
function signedToken(claims: Record<string, unknown>): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url')
  const unsigned = `${part({ alg: 'HS256', typ: 'JWT' })}.${part(claims)}`
  return `${unsigned}.${createHmac('sha256', TEST_JWT_SECRET).update(unsigned).digest('base64url')}`
}

t.test('session tokens and CSRF tokens', async (t) => {
  const { app, db } = await startTestApp(t)
  const lecturer = await db.selectFrom('users').select(['id', 'token_version']).where('email', '=', 'lecturer@demo.test').executeTakeFirstOrThrow()
  const now = Math.floor(Date.now() / 1000)

  t.test('a signed token without exp is refused, as bearer and as cookie', async (t) => {
    const withExp = signedToken({ sub: lecturer.id, ver: lecturer.token_version, iat: now, exp: now + 600 })
    const withoutExp = signedToken({ sub: lecturer.id, ver: lecturer.token_version, iat: now })
    const bearer = (token: string) => app.inject({ method: 'GET', url: '/api/v1/me/ratings', headers: { authorization: `Bearer ${token}` } })
    t.equal((await bearer(withExp)).statusCode, 200, 'the same claims with exp are accepted (the token is well made)')
    t.equal((await bearer(withoutExp)).statusCode, 401, 'without exp: not signed in')
    const page = await app.inject({ method: 'GET', url: '/plan', cookies: { session: withoutExp } })
    t.equal(page.statusCode, 303, 'a page sends the browser to sign in')
    t.match(page.headers.location, /^\/login/)
  })

  t.test('the CSRF secret is replaced at sign-in: a token read before no longer works', async (t) => {
    const browser: BrowserSession = { cookies: {}, csrf: '' }
    await browserGet(app, browser, '/login')
    const before = { secret: browser.cookies['csrf_secret'], token: browser.csrf }
    t.ok(before.secret && before.token)
    const signedIn = await browserPost(app, browser, '/login', { email: 'lecturer@demo.test', password: DEMO_PASSWORD, next: '/' })
    t.equal(signedIn.statusCode, 303)
    t.ok(browser.cookies['csrf_secret'], 'a new secret cookie')
    t.not(browser.cookies['csrf_secret'], before.secret, 'not the one from before sign-in')

    const stale = await browserPost(app, browser, '/language', { lang: 'fr', next: '/', _csrf: before.token })
    t.equal(stale.statusCode, 403, 'the token read before sign-in is refused')
    await browserGet(app, browser, '/')
    const fresh = await browserPost(app, browser, '/language', { lang: 'en', next: '/' })
    t.equal(fresh.statusCode, 303, 'a token from a page read after sign-in works')
  })

  t.test('a token is bound to the session: a planted secret and its token do not work for a signed-in person', async (t) => {
    // Someone who can set cookies for the site (a neighbouring subdomain) plants their own secret and token.
    const attacker: BrowserSession = { cookies: {}, csrf: '' }
    await browserGet(app, attacker, '/login')
    const victim = await signIn(app, 'hr@demo.test')
    const forged = await app.inject({
      method: 'POST',
      url: '/language',
      cookies: { ...victim.cookies, csrf_secret: attacker.cookies['csrf_secret']! },
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: attacker.csrf, lang: 'zh', next: '/' }).toString(),
    })
    t.equal(forged.statusCode, 403)
    const locale = await db.selectFrom('users').select('locale').where('email', '=', 'hr@demo.test').executeTakeFirstOrThrow()
    t.not(locale.locale, 'zh', 'nothing changed')

    // Another person's token, with that person's secret, does not work in this session either.
    const other = await signIn(app, 'designer@demo.test')
    const crossed = await app.inject({
      method: 'POST',
      url: '/language',
      cookies: { ...victim.cookies, csrf_secret: other.cookies['csrf_secret']! },
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: other.csrf, lang: 'zh', next: '/' }).toString(),
    })
    t.equal(crossed.statusCode, 403)
  })
})
