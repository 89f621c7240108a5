import t from 'tap'
import { apiToken, browserGet, browserPost, DEMO_PASSWORD, signIn, startTestApp, type BrowserSession } from '../helpers/app.js'

const NEW_PASSWORD = 'a quiet lake at dawn'

t.test('changing one’s password', async (t) => {
  const { app, db } = await startTestApp(t)
  const passwordHash = async (email: string) => (await db.selectFrom('users').select('password_hash').where('email', '=', email).executeTakeFirstOrThrow()).password_hash
  const auditCount = async () => Number((await db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n)

  t.test('the page: linked from the header, a form with the current and new password', async (t) => {
    const session = await signIn(app, 'lecturer@demo.test')
    const home = await browserGet(app, session, '/')
    t.match(home.body, '<a href="/account/password">Change password</a>')
    const page = await browserGet(app, session, '/account/password')
    t.equal(page.statusCode, 200)
    t.match(page.body, 'name="current" type="password" autocomplete="current-password"')
    t.match(page.body, 'name="password" type="password" autocomplete="new-password" minlength="8"')
    t.match(page.body, '8 to 128 characters.')
    t.match(page.body, '<a href="/account/password" aria-current="page">')
    const anonymous = await app.inject({ method: 'GET', url: '/account/password' })
    t.equal(anonymous.statusCode, 303)
    t.equal(anonymous.headers.location, '/login?next=%2Faccount%2Fpassword')
  })

  t.test('each mistake is refused with a message that says exactly what is wrong, and nothing changes', async (t) => {
    const session = await signIn(app, 'hr@demo.test')
    await browserGet(app, session, '/account/password')
    const before = { hash: await passwordHash('hr@demo.test'), audit: await auditCount() }
    const cases: Array<[Record<string, string>, string]> = [
      [{ current: '', password: NEW_PASSWORD, confirm: NEW_PASSWORD }, 'Enter your current password.'],
      [{ current: DEMO_PASSWORD, password: 'short', confirm: 'short' }, 'The password has 5 characters: use at least 8.'],
      [{ current: DEMO_PASSWORD, password: 'x'.repeat(129), confirm: 'x'.repeat(129) }, 'The password has 129 characters: use at most 128.'],
      [{ current: DEMO_PASSWORD, password: 'Password123', confirm: 'Password123' }, 'This is one of the most common passwords, which attackers try first: choose another one.'],
      [{ current: DEMO_PASSWORD, password: 'zzzzzzzzzz', confirm: 'zzzzzzzzzz' }, 'The password is one character repeated: choose one that is harder to guess.'],
      [{ current: DEMO_PASSWORD, password: 'HR@demo.test', confirm: 'HR@demo.test' }, 'The password must not be your email address or your name.'],
      [{ current: DEMO_PASSWORD, password: NEW_PASSWORD, confirm: 'a quiet lake at dusk' }, 'The new password and its repetition are not the same.'],
      [{ current: DEMO_PASSWORD, password: DEMO_PASSWORD, confirm: DEMO_PASSWORD }, 'The new password is the same as your current one: choose a different one.'],
      [{ current: 'not-my-password', password: NEW_PASSWORD, confirm: NEW_PASSWORD }, 'Your current password is not correct.'],
    ]
    for (const [fields, message] of cases) {
      const response = await browserPost(app, session, '/account/password', fields)
      t.equal(response.statusCode, 422, message)
      t.match(response.body, `<p class="form-error" role="alert" id="password-error">${message.replace(/'/g, '&#39;')}</p>`)
      t.notMatch(response.body, fields['password'] === '' ? '\u0000' : `value="${fields['password']}"`, 'the password is not written back')
    }
    t.equal(await passwordHash('hr@demo.test'), before.hash, 'the password is unchanged')
    t.equal(await auditCount(), before.audit, 'nothing audited')
    t.equal((await browserGet(app, session, '/')).statusCode, 200, 'still signed in')
  })

  t.test('with htmx the form section comes back alone', async (t) => {
    const session = await signIn(app, 'hr@demo.test')
    await browserGet(app, session, '/account/password')
    const response = await browserPost(app, session, '/account/password', { current: DEMO_PASSWORD, password: 'short', confirm: 'short' }, { 'hx-request': 'true' })
    t.equal(response.statusCode, 422)
    t.match(response.body, /^<section id="change-password">/)
    t.notMatch(response.body, '<html')
    t.match(response.body, 'use at least 8')
  })

  t.test('a change ends every other session and token; this browser stays signed in', async (t) => {
    const email = 'lecturer@college.test'
    const here = await signIn(app, email)
    const elsewhere = await signIn(app, email)
    const token = await apiToken(app, email)
    const copiedCookie = here.cookies['session']!
    const auditBefore = await auditCount()

    await browserGet(app, here, '/account/password')
    const changed = await browserPost(app, here, '/account/password', { current: DEMO_PASSWORD, password: NEW_PASSWORD, confirm: NEW_PASSWORD })
    t.equal(changed.statusCode, 303)
    t.equal(changed.headers.location, '/account/password?changed=1')
    t.not(here.cookies['session'], copiedCookie, 'a new session cookie')
    const after = await browserGet(app, here, '/account/password?changed=1')
    t.equal(after.statusCode, 200, 'this browser is still signed in')
    t.match(after.body, 'Your password has been changed. Every other session of yours has ended.')

    t.equal((await browserGet(app, elsewhere, '/')).statusCode, 303, 'the other browser is signed out')
    const copied = await app.inject({ method: 'GET', url: '/', cookies: { session: copiedCookie } })
    t.equal(copied.statusCode, 303, 'a copy of the old cookie is refused')
    t.equal(copied.headers.location, '/login?next=%2F')
    const api = await app.inject({ method: 'GET', url: '/api/v1/me/ratings', headers: { authorization: `Bearer ${token}` } })
    t.equal(api.statusCode, 401, 'the old API token is refused')

    t.ok(await apiToken(app, email, NEW_PASSWORD), 'the new password signs in')
    const old = await app.inject({ method: 'POST', url: '/api/v1/auth/token', remoteAddress: '10.9.9.9', payload: { email, password: DEMO_PASSWORD } })
    t.equal(old.statusCode, 401, 'the old one does not')
    t.equal(await auditCount(), auditBefore + 1)
    const entry = await db.selectFrom('audit_log').innerJoin('users', 'users.id', 'audit_log.actor_id').select(['audit_log.action', 'users.email']).orderBy('audit_log.id', 'desc').executeTakeFirstOrThrow()
    t.same(entry, { action: 'account.password', email })
  })

  t.test('with htmx a successful change answers the section with its notice and a new cookie', async (t) => {
    const session = await signIn(app, 'admin@demo.test')
    await browserGet(app, session, '/account/password')
    const old = session.cookies['session']
    const response = await browserPost(app, session, '/account/password', { current: DEMO_PASSWORD, password: NEW_PASSWORD, confirm: NEW_PASSWORD }, { 'hx-request': 'true' })
    t.equal(response.statusCode, 200)
    t.match(response.body, /^<section id="change-password">/)
    t.match(response.body, 'Your password has been changed.')
    t.not(session.cookies['session'], old)
    t.equal((await browserGet(app, session, '/')).statusCode, 200)
  })

  t.test('guessing the current password from a signed-in session is throttled like signing in', async (t) => {
    const session = await signIn(app, 'designer@demo.test')
    await browserGet(app, session, '/account/password')
    const statuses: number[] = []
    for (let attempt = 1; attempt <= 6; attempt++) {
      const response = await browserPost(app, session, '/account/password', { current: `guess-${attempt}`, password: NEW_PASSWORD, confirm: NEW_PASSWORD })
      statuses.push(response.statusCode)
      if (response.statusCode === 429) {
        t.ok(Number(response.headers['retry-after']) > 0, 'Retry-After')
        t.match(response.body, 'Too many sign-in attempts. Wait 1 minute and try again.')
      }
    }
    t.same(statuses, [422, 422, 422, 422, 422, 429])
  })
})

t.test('signing out ends the session everywhere: a copied cookie is refused', async (t) => {
  const { app } = await startTestApp(t)
  const session = await signIn(app, 'lecturer@demo.test')
  const other = await signIn(app, 'lecturer@demo.test')
  const token = await apiToken(app, 'lecturer@demo.test')
  const copiedCookie = session.cookies['session']!
  const out = await browserPost(app, session, '/logout', {})
  t.equal(out.statusCode, 303)
  t.equal(out.headers.location, '/login')
  t.notOk(session.cookies['session'], 'the cookie is cleared')

  const copied = await app.inject({ method: 'GET', url: '/framework', cookies: { session: copiedCookie } })
  t.equal(copied.statusCode, 303, 'the copied cookie no longer signs in')
  t.equal(copied.headers.location, '/login?next=%2Fframework')
  const copiedApi = await app.inject({ method: 'GET', url: '/api/v1/me/ratings', cookies: { session: copiedCookie } })
  t.equal(copiedApi.statusCode, 401)
  t.equal((await browserGet(app, other, '/')).statusCode, 303, 'the other browser is signed out too')
  t.equal((await app.inject({ method: 'GET', url: '/api/v1/me/ratings', headers: { authorization: `Bearer ${token}` } })).statusCode, 401, 'and API tokens')

  const again = await signIn(app, 'lecturer@demo.test')
  t.equal((await browserGet(app, again, '/')).statusCode, 200, 'signing in again works')

  const bearer = await apiToken(app, 'lecturer@demo.test')
  const apiLogout = await app.inject({ method: 'POST', url: '/logout', headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/x-www-form-urlencoded' }, payload: '' })
  t.equal(apiLogout.statusCode, 303)
  t.equal((await browserGet(app, again, '/')).statusCode, 200, 'a POST /logout with a bearer token ends no browser session')
})

t.test('invitations follow the same password rules', async (t) => {
  const { app } = await startTestApp(t)
  const hr = await apiToken(app, 'hr@demo.test')
  const created = await app.inject({
    method: 'POST',
    url: '/api/v1/institution/staff',
    headers: { authorization: `Bearer ${hr}` },
    payload: { email: 'kofi.mensah@demo.test', name: 'Kofi Mensah' },
  })
  t.equal(created.statusCode, 201)
  const path = new URL(created.json().invitationUrl).pathname
  const browser: BrowserSession = { cookies: {}, csrf: '' }
  const form = await browserGet(app, browser, path)
  t.match(form.body, '8 to 128 characters.')
  for (const [password, message] of [
    ['seven!!', 'The password has 7 characters: use at least 8.'],
    ['iloveyou', 'This is one of the most common passwords'],
    ['Kofi Mensah', 'The password must not be your email address or your name.'],
    ['kofi.mensah', 'The password must not be your email address or your name.'],
  ] as const) {
    const response = await browserPost(app, browser, path, { password, confirm: password })
    t.equal(response.statusCode, 422, password)
    t.match(response.body, message)
  }
  const set = await browserPost(app, browser, path, { password: 'eight ch', confirm: 'eight ch' })
  t.equal(set.statusCode, 303, 'eight characters are enough')
  t.ok(await apiToken(app, 'kofi.mensah@demo.test', 'eight ch'))
})
