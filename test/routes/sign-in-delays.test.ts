import t from 'tap'
import { DEFAULT_SIGN_IN_LIMITS, delayAfter } from '../../server/domain/sign-in-delays.js'
import { browserGet, DEMO_PASSWORD, startTestApp, type BrowserSession } from '../helpers/app.js'
import { apiSignIn, endWaits, pageSignIn } from '../helpers/sign-in.js'

t.test('growing delays after five failures', async (t) => {
  t.same([1, 4, 5, 6, 7, 8, 9, 30].map((attempts) => delayAfter(attempts, DEFAULT_SIGN_IN_LIMITS)), [0, 0, 60, 120, 240, 480, 900, 900])
})

t.test('growing delays per (account, address), which no stranger can turn into a lock', async (t) => {
  const { app, db } = await startTestApp(t)
  for (let attempt = 1; attempt <= 5; attempt++) t.equal((await apiSignIn(app, '10.0.0.1', 'lecturer@demo.test', `wrong-${attempt}`)).statusCode, 401)

  t.test('each further failure doubles the wait; once it has passed, the right password signs in and clears it', async (t) => {
    const waits: number[] = []
    for (let round = 0; round < 3; round++) {
      await endWaits(db, 'pair:lecturer@demo.test|10.0.0.1')
      t.equal((await apiSignIn(app, '10.0.0.1', 'lecturer@demo.test', 'wrong-again')).statusCode, 401, 'the attempt after the wait is checked')
      const next = await apiSignIn(app, '10.0.0.1', 'lecturer@demo.test', DEMO_PASSWORD)
      t.equal(next.statusCode, 429)
      waits.push(Math.round(Number(next.headers['retry-after']) / 60))
    }
    t.same(waits, [2, 4, 8], 'minutes: 2, 4, 8')
    await endWaits(db, 'pair:lecturer@demo.test|10.0.0.1')
    t.equal((await pageSignIn(app, '10.0.0.1', 'lecturer@demo.test', DEMO_PASSWORD)).statusCode, 303)
    const left = await db.selectFrom('sign_in_throttle').select('key').where('key', '=', 'pair:lecturer@demo.test|10.0.0.1').execute()
    t.same(left, [], 'the pair is forgiven')
  })

  t.test('a stranger’s failures do not hold the owner back: from another address, by invitation, or changing the password', async (t) => {
    // A stranger hammers the account from their address, and from the owner's own (a campus behind one address).
    for (const address of ['10.0.7.1', '10.0.7.2']) {
      for (let attempt = 1; attempt <= 8; attempt++) await apiSignIn(app, address, 'hr@demo.test', `guess-${attempt}`)
      t.equal((await apiSignIn(app, address, 'hr@demo.test', DEMO_PASSWORD)).statusCode, 429, `the stranger waits at ${address}`)
    }
    t.equal((await pageSignIn(app, '10.0.7.3', 'hr@demo.test', DEMO_PASSWORD)).statusCode, 303, 'the owner signs in from another address')
    t.equal((await apiSignIn(app, '10.0.7.4', 'hr@demo.test', DEMO_PASSWORD)).statusCode, 200, 'and gets an API token')

    // Signed in (from the shared address), the owner changes their password.
    const owner: BrowserSession = { cookies: {}, csrf: '' }
    await browserGet(app, owner, '/login')
    const signedIn = await app.inject({
      method: 'POST', url: '/login', remoteAddress: '10.0.7.9', cookies: owner.cookies,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: owner.csrf, email: 'hr@demo.test', password: DEMO_PASSWORD, next: '/' }).toString(),
    })
    t.equal(signedIn.statusCode, 303)
    owner.cookies = Object.fromEntries(signedIn.cookies.map((cookie) => [cookie.name, cookie.value]))
    await browserGet(app, owner, '/account/password')
    const changed = await app.inject({
      method: 'POST', url: '/account/password', remoteAddress: '10.0.7.2', cookies: owner.cookies,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: owner.csrf, current: DEMO_PASSWORD, password: 'a-new-passphrase-42', confirm: 'a-new-passphrase-42' }).toString(),
    })
    t.equal(changed.statusCode, 303, 'the password change from the hammered address is not blocked')
    t.equal(changed.headers.location, '/account/password?changed=1')

    // An invited person whose email a stranger hammers still sets their password through the link.
    const invited = await db.selectFrom('users').select(['id', 'token_version']).where('email', '=', 'lecturer@college.test').executeTakeFirstOrThrow()
    for (let attempt = 1; attempt <= 8; attempt++) await apiSignIn(app, '10.0.7.5', 'lecturer@college.test', `guess-${attempt}`)
    const link = `/invite/${app.issueInvitation({ id: invited.id, tokenVersion: invited.token_version })}`
    const visitor: BrowserSession = { cookies: {}, csrf: '' }
    t.equal((await browserGet(app, visitor, link)).statusCode, 200)
    const accepted = await app.inject({
      method: 'POST', url: link, remoteAddress: '10.0.7.5', cookies: visitor.cookies,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: visitor.csrf, password: 'an-invited-passphrase', confirm: 'an-invited-passphrase' }).toString(),
    })
    t.equal(accepted.statusCode, 303, 'the invitation link works from the hammered address')
    t.ok(accepted.cookies.find((cookie) => cookie.name === 'session'), 'and signs the person in')
  })

})
