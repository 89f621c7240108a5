import t from 'tap'
import { apiToken, browserGet, browserPost, signIn, startTestApp, type BrowserSession } from '../helpers/app.js'

t.test('sign-in, session and sign-out in a browser', async (t) => {
  const { app } = await startTestApp(t)

  t.test('an anonymous page request is sent to the sign-in page, keeping where it was going', async (t) => {
    const response = await app.inject({ method: 'GET', url: '/framework' })
    t.equal(response.statusCode, 303)
    t.equal(response.headers.location, '/login?next=%2Fframework')
  })

  t.test('a wrong password re-renders the form with the email kept and a message that names no account', async (t) => {
    const session: BrowserSession = { cookies: {}, csrf: '' }
    await browserGet(app, session, '/login')
    const response = await browserPost(app, session, '/login', { email: 'lecturer@demo.test', password: 'wrong-password' })
    t.equal(response.statusCode, 401)
    t.match(response.body, 'value="lecturer@demo.test"')
    t.match(response.body, 'That email and password do not match an account')
    t.notOk(response.cookies.some((cookie) => cookie.name === 'session'), 'no session cookie')
    const unknown = await browserPost(app, session, '/login', { email: 'nobody@demo.test', password: 'wrong-password' })
    t.equal(unknown.statusCode, 401)
    t.match(unknown.body, 'That email and password do not match an account', 'the same message for an unknown email')
  })

  t.test('an empty form is refused with a 400 and a message', async (t) => {
    const session: BrowserSession = { cookies: {}, csrf: '' }
    await browserGet(app, session, '/login')
    const response = await browserPost(app, session, '/login', { email: '', password: '' })
    t.equal(response.statusCode, 400)
    t.match(response.body, 'Enter your email and your password.')
  })

  t.test('a sign-in without the CSRF token is refused', async (t) => {
    const response = await app.inject({
      method: 'POST',
      url: '/login',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'email=lecturer%40demo.test&password=demo-password',
    })
    t.equal(response.statusCode, 403)
    t.match(response.body, 'This form has expired')
  })

  t.test('the right password sets an httpOnly SameSite=Lax session cookie and redirects to next', async (t) => {
    const session: BrowserSession = { cookies: {}, csrf: '' }
    await browserGet(app, session, '/login')
    const response = await browserPost(app, session, '/login', { email: 'Lecturer@Demo.test ', password: 'demo-password', next: '/framework' })
    t.equal(response.statusCode, 303)
    t.equal(response.headers.location, '/framework')
    const cookie = response.cookies.find((c) => c.name === 'session')
    t.ok(cookie, 'session cookie set')
    t.equal(cookie?.httpOnly, true)
    t.equal(cookie?.sameSite, 'Lax')
    const home = await browserGet(app, session, '/')
    t.equal(home.statusCode, 200)
    t.match(home.body, 'Signed in as Amina Okafor, Demo University')
  })

  t.test('without a next, each role lands on its own area; a next is kept', async (t) => {
    for (const [email, landing] of [
      ['lecturer@demo.test', '/'],
      ['hr@demo.test', '/hr'],
      ['designer@demo.test', '/design'],
      ['admin@demo.test', '/admin/frameworks'],
    ] as const) {
      const session: BrowserSession = { cookies: {}, csrf: '' }
      const form = await browserGet(app, session, '/login')
      t.match(form.body, '<input type="hidden" name="next" value="">', 'the form carries no destination of its own')
      const response = await browserPost(app, session, '/login', { email, password: 'demo-password', next: '' })
      t.equal(response.headers.location, landing, `${email} lands on ${landing}`)
      const again = await browserGet(app, session, '/login')
      t.equal(again.headers.location, landing, `${email}, signed in, is sent there from the sign-in page too`)
      t.equal((await browserGet(app, session, landing)).statusCode, 200, `${landing} is theirs`)
    }
    const session: BrowserSession = { cookies: {}, csrf: '' }
    await browserGet(app, session, '/login?next=%2Fplan')
    const kept = await browserPost(app, session, '/login', { email: 'hr@demo.test', password: 'demo-password', next: '/plan' })
    t.equal(kept.headers.location, '/plan', 'on the way elsewhere, they go there')
  })

  t.test('next may only lead to a page of this site', async (t) => {
    const session: BrowserSession = { cookies: {}, csrf: '' }
    await browserGet(app, session, '/login')
    const response = await browserPost(app, session, '/login', { email: 'lecturer@demo.test', password: 'demo-password', next: '//evil.example/' })
    t.equal(response.headers.location, '/')
  })

  t.test('signing out clears the cookie; the page then asks to sign in again', async (t) => {
    const session = await signIn(app, 'lecturer@demo.test')
    const response = await browserPost(app, session, '/logout', {})
    t.equal(response.statusCode, 303)
    t.equal(response.headers.location, '/login')
    t.notOk(session.cookies['session'], 'cookie cleared')
    const after = await browserGet(app, session, '/')
    t.equal(after.statusCode, 303)
  })

  t.test('a forged or expired token is treated as no sign-in', async (t) => {
    const forged = await app.inject({ method: 'GET', url: '/', cookies: { session: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOjF9.bad' } })
    t.equal(forged.statusCode, 303)
    const expired = app.jwt.sign({ sub: 1, ver: 0 }, { expiresIn: -10 })
    const response = await app.inject({ method: 'GET', url: '/api/v1/me/ratings', headers: { authorization: `Bearer ${expired}` } })
    t.equal(response.statusCode, 401)
  })

})

t.test('API tokens', async (t) => {
  const { app, db } = await startTestApp(t)

  t.test('POST /api/v1/auth/token gives a bearer token for the right password', async (t) => {
    const response = await app.inject({ method: 'POST', url: '/api/v1/auth/token', payload: { email: 'lecturer@demo.test', password: 'demo-password' } })
    t.equal(response.statusCode, 200)
    const body = response.json()
    t.equal(body.tokenType, 'Bearer')
    t.equal(body.expiresIn, 3600)
    t.match(body.token, /^[\w-]+\.[\w-]+\.[\w-]+$/)
    const me = await app.inject({ method: 'GET', url: '/api/v1/me/ratings', headers: { authorization: `Bearer ${body.token}` } })
    t.equal(me.statusCode, 200)
  })

  t.test('a wrong password is a 401 with an error body', async (t) => {
    const response = await app.inject({ method: 'POST', url: '/api/v1/auth/token', payload: { email: 'lecturer@demo.test', password: 'nope' } })
    t.equal(response.statusCode, 401)
    t.same(response.json(), { error: { code: 'invalid_credentials', message: 'The email and password do not match an account' } })
  })

  t.test('a malformed body is a 400 that says what is wrong', async (t) => {
    const missing = await app.inject({ method: 'POST', url: '/api/v1/auth/token', payload: { email: 'lecturer@demo.test' } })
    t.equal(missing.statusCode, 400)
    t.equal(missing.json().error.code, 'invalid_request')
    t.match(missing.json().error.message, 'password')
    const broken = await app.inject({ method: 'POST', url: '/api/v1/auth/token', headers: { 'content-type': 'application/json' }, payload: '{"email":' })
    t.equal(broken.statusCode, 400)
    t.type(broken.json().error.message, 'string')
    const wrongType = await app.inject({ method: 'POST', url: '/api/v1/auth/token', headers: { 'content-type': 'text/plain' }, payload: 'hello' })
    t.equal(wrongType.statusCode, 415)
    t.equal(wrongType.json().error.code, 'unsupported_media_type')
  })

  t.test('a disabled account gets no token and its old token stops working', async (t) => {
    const token = await apiToken(app, 'designer@demo.test')
    await db.updateTable('users').set({ disabled_at: new Date() }).where('email', '=', 'designer@demo.test').execute()
    const refused = await app.inject({ method: 'POST', url: '/api/v1/auth/token', payload: { email: 'designer@demo.test', password: 'demo-password' } })
    t.equal(refused.statusCode, 401)
    const old = await app.inject({ method: 'GET', url: '/api/v1/me/ratings', headers: { authorization: `Bearer ${token}` } })
    t.equal(old.statusCode, 401)
  })

  t.test('anonymous API calls are 401 with the error body', async (t) => {
    const response = await app.inject({ method: 'GET', url: '/api/v1/framework' })
    t.equal(response.statusCode, 401)
    t.equal(response.json().error.code, 'unauthenticated')
  })

  t.test('an unknown API route is a JSON 404, in any version; an unknown page is a page', async (t) => {
    for (const url of ['/api/v1/nothing-here', '/api/v2/framework', '/api/nothing?x=1']) {
      const response = await app.inject({ method: 'GET', url })
      t.equal(response.statusCode, 404, url)
      t.same(response.json(), { error: { code: 'not_found', message: `No route GET ${url.split('?')[0]}` } }, url)
    }
    const page = await app.inject({ method: 'GET', url: '/apis/nothing' })
    t.equal(page.statusCode, 404)
    t.match(page.headers['content-type'], /^text\/html/)
  })

  t.test('an anonymous page is sent to sign in; under htmx by HX-Redirect; a POST without the way back', async (t) => {
    const page = await app.inject({ method: 'GET', url: '/plan?framework=1' })
    t.equal(page.statusCode, 303)
    t.equal(page.headers.location, `/login?next=${encodeURIComponent('/plan?framework=1')}`)
    const fragment = await app.inject({ method: 'GET', url: '/plan', headers: { 'hx-request': 'true' } })
    t.equal(fragment.statusCode, 401)
    t.equal(fragment.headers['hx-redirect'], `/login?next=${encodeURIComponent('/plan')}`)
    const post = await app.inject({ method: 'POST', url: '/account/password', payload: {} })
    t.equal(post.statusCode, 303)
    t.equal(post.headers.location, '/login')
  })
})
