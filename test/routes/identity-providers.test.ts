import type { FastifyInstance } from 'fastify'
import t from 'tap'
import { CATALOGUES } from '../../views/messages/index.js'
import { escapeHtml } from '../../views/html.js'
import { apiToken, browserGet, browserPost, signIn, startTestApp } from '../helpers/app.js'
import { startFakeProvider } from '../helpers/fake-oidc.js'
import { listenLoopback, signInAtProvider, startOidcProvider, type TestAccount } from '../helpers/oidc-provider.js'

const en = CATALOGUES.en
const fr = CATALOGUES.fr
const auth = (token: string) => ({ authorization: `Bearer ${token}` })
const CLIENT = { clientId: 'competency-tracker', clientSecret: 'a-client-secret-nobody-else-knows' }

/** Who a session cookie signs in: the `sub` of its JWT. */
const subjectOf = (cookie: string) => (JSON.parse(Buffer.from(cookie.split('.')[1]!, 'base64url').toString()) as { sub: number }).sub

/** Starts a sign-in at the app, as the browser's first request: the provider's URL and the sealed flow. */
async function start(app: FastifyInstance, providerId: number, query = '') {
  const response = await app.inject({ method: 'GET', url: `/auth/oidc/${providerId}${query}` })
  if (response.statusCode !== 302) throw new Error(`start answered ${response.statusCode}: ${response.body.slice(0, 300)}`)
  const flow = response.cookies.find((cookie) => cookie.name === 'sign_in_flow')
  if (flow === undefined) throw new Error('no flow cookie')
  return { location: response.headers.location as string, flow: flow.value, cookie: flow }
}

/** Comes back to the app's callback with the URL the provider sent the browser to. */
function callback(app: FastifyInstance, back: URL, flow: string | undefined, headers: Record<string, string> = {}) {
  return app.inject({ method: 'GET', url: `${back.pathname}${back.search}`, cookies: flow === undefined ? {} : { sign_in_flow: flow }, headers })
}

const sessionOf = (response: { cookies: { name: string; value: string }[] }) => response.cookies.find((cookie) => cookie.name === 'session' && cookie.value !== '')?.value

t.test('OpenID Connect sign-in through the certified provider, and attacks on it', async (t) => {
  const { app, db } = await startTestApp(t)
  const loopback = await listenLoopback(t)
  const accounts: Record<string, TestAccount> = {
    amina: { email: 'lecturer@demo.test', email_verified: true, name: 'Amina Okafor' },
    kofi: { email: 'Kofi.Boateng@demo.test', email_verified: true, name: 'Kofi Boateng', groups: ['all-staff', 'teaching-staff'] },
    unverified: { email: 'ama@demo.test', email_verified: false, name: 'Ama' },
    outsider: { email: 'someone@gmail.test', email_verified: true },
    operator: { email: 'admin@demo.test', email_verified: true },
    designer: { email: 'designer@demo.test', email_verified: true },
    impostor: { email: 'lecturer@demo.test', email_verified: true },
    colleague: { email: 'lecturer@college.test', email_verified: true },
  }
  const hr = await apiToken(app, 'hr@demo.test')
  const admin = await apiToken(app, 'admin@demo.test')

  const before = await app.inject({ method: 'GET', url: '/login' })
  t.notMatch(before.body, 'provider-email', 'no provider anywhere: the sign-in page offers only passwords')
  t.match(before.headers['content-security-policy'], ";form-action 'self';")

  const profile = await db.selectFrom('role_profiles').select(['id', 'name']).where('institution_id', '=', 1).orderBy('id').executeTakeFirstOrThrow()
  const department = await db.selectFrom('departments').select(['id', 'name']).where('institution_id', '=', 1).orderBy('id').executeTakeFirstOrThrow()
  const created = await app.inject({
    method: 'POST',
    url: '/api/v1/identity-providers',
    headers: auth(hr),
    payload: {
      kind: 'oidc',
      name: 'Demo University Google',
      issuer: loopback.issuer,
      ...CLIENT,
      emailDomains: ['Demo.TEST'],
      createUnknown: true,
      mappings: [{ claim: 'groups', value: 'teaching-staff', roleProfileId: profile.id, departmentId: department.id }],
    },
  })
  t.equal(created.statusCode, 201, created.body)
  const providerId = created.json<{ id: number; redirectUri: string }>().id
  t.equal(created.json<{ redirectUri: string }>().redirectUri, `http://localhost/auth/oidc/${providerId}/callback`)
  // A second provider of the same institution at the same issuer: it serves college.test, whose people belong to another institution.
  const college = await app.inject({ method: 'POST', url: '/api/v1/identity-providers', headers: auth(admin), payload: { institutionId: 1, kind: 'oidc', name: 'Stray', issuer: loopback.issuer, ...CLIENT, emailDomains: ['college.test'], createUnknown: true } })
  t.equal(college.statusCode, 201, college.body)
  const strayId = college.json<{ id: number }>().id
  await startOidcProvider(loopback, { ...CLIENT, redirectUris: [providerId, strayId].map((id) => `http://localhost/auth/oidc/${id}/callback`), accounts })

  const signInAs = async (login: string, options: { query?: string; headers?: Record<string, string>; provider?: number } = {}) => {
    const { location, flow } = await start(app, options.provider ?? providerId, options.query)
    const back = await signInAtProvider(location, login)
    return { back, flow, response: await callback(app, back, flow, options.headers) }
  }

  await t.test('the sign-in page: email first, the provider found from the domain', async (t) => {
    const page = await app.inject({ method: 'GET', url: '/login' })
    t.match(page.body, `<label for="provider-email">${en.login.providerEmail}</label>`)
    t.match(page.body, '<form method="get" action="/login/provider"', 'a plain form: it works without JavaScript')
    // Browsers check form-action on each redirect a submission follows: the providers' origins are named, no others.
    t.match(page.headers['content-security-policy'], new RegExp(`;form-action 'self' ${loopback.issuer.replace(/[.:/]/g, '\\$&')};`))
    const one = await app.inject({ method: 'GET', url: '/login/provider?email=lecturer%40demo.test&next=%2Fplan' })
    t.equal(one.statusCode, 303)
    t.equal(one.headers.location, `/auth/oidc/${providerId}?next=%2Fplan&login_hint=lecturer%40demo.test`)
    const unknown = await app.inject({ method: 'GET', url: '/login/provider?email=someone%40nowhere.test' })
    t.equal(unknown.statusCode, 404)
    t.match(unknown.body, escapeHtml(en.login.unknownDomain('nowhere.test')))
    t.match(unknown.body, 'value="someone@nowhere.test"', 'the email typed is kept')
    const french = await app.inject({ method: 'GET', url: '/login/provider?email=', headers: { 'accept-language': 'fr' } })
    t.equal(french.statusCode, 400)
    t.match(french.body, escapeHtml(fr.login.emailMissing))
    const offsite = await app.inject({ method: 'GET', url: '/login/provider?email=lecturer%40demo.test&next=%2F%2Fevil.test' })
    t.equal(offsite.headers.location, `/auth/oidc/${providerId}?login_hint=lecturer%40demo.test`, 'a next off this site is dropped')
  })

  await t.test('an existing person signs in; the provider is bound to them by its subject', async (t) => {
    const { response } = await signInAs('amina', { query: '?next=%2Fplan' })
    t.equal(response.statusCode, 303, response.body.slice(0, 500))
    t.equal(response.headers.location, '/plan')
    const session = sessionOf(response)
    const amina = await db.selectFrom('users').select(['id', 'name']).where('email', '=', 'lecturer@demo.test').executeTakeFirstOrThrow()
    t.equal(subjectOf(session!), amina.id)
    t.equal((await app.inject({ method: 'GET', url: '/plan', cookies: { session: session! } })).statusCode, 200, 'the session works')
    t.same(await db.selectFrom('user_identities').select(['provider_id', 'subject', 'user_id']).execute(), [{ provider_id: providerId, subject: 'amina', user_id: amina.id }])
    t.same(
      (await db.selectFrom('audit_log').select(['action', 'actor_id']).where('action', 'like', 'signIn.%').execute()).map((row) => row.action),
      ['signIn.provider'],
    )
    // The provider changes her email: the binding, not the email, says who she is.
    accounts['amina'] = { ...accounts['amina'], email: 'amina.okafor@demo.test' }
    const again = await signInAs('amina')
    t.equal(subjectOf(sessionOf(again.response)!), amina.id)
    accounts['amina'] = { ...accounts['amina'], email: 'lecturer@demo.test' }
    // Signing out ends the provider's session as it ends a password one.
    const browser = { cookies: { session: session! }, csrf: '' }
    await browserGet(app, browser, '/plan')
    t.equal((await browserPost(app, browser, '/logout', {})).statusCode, 303)
    const after = await app.inject({ method: 'GET', url: '/plan', cookies: { session: session! } })
    t.equal(after.statusCode, 303, 'the old cookie no longer signs anyone in')
  })

  await t.test('an unknown person is created as a lecturer, placed by the mappings', async (t) => {
    const { response } = await signInAs('kofi')
    t.equal(response.statusCode, 303, response.body.slice(0, 500))
    t.equal(response.headers.location, '/')
    const kofi = await db.selectFrom('users').selectAll().where('email', '=', 'kofi.boateng@demo.test').executeTakeFirstOrThrow()
    t.match(kofi, { institution_id: 1, name: 'Kofi Boateng', role: 'lecturer', role_profile_id: profile.id, department_id: department.id, password_hash: null })
    t.equal(subjectOf(sessionOf(response)!), kofi.id)
    const log = await db.selectFrom('audit_log').select(['action', 'data']).where('actor_id', '=', kofi.id).orderBy('id').execute()
    t.same(log.map((row) => row.action), ['staff.create', 'signIn.provider'])
    t.match(log[0]!.data, { via: providerId, role: 'lecturer', roleProfileId: profile.id, departmentId: department.id })
    // Disabled by HR: the provider's next sign-in is refused.
    await db.updateTable('users').set({ disabled_at: new Date() }).where('id', '=', kofi.id).execute()
    const refused = await signInAs('kofi')
    t.equal(refused.response.statusCode, 403)
    t.match(refused.response.body, escapeHtml(en.login.refusals.accountDisabled('Demo University Google')))
    t.equal(sessionOf(refused.response), undefined)
  })

  await t.test('refusals: each says why, none signs anyone in or creates anyone', async (t) => {
    const users = (await db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n
    await db.updateTable('users').set({ disabled_at: new Date() }).where('email', '=', 'designer@demo.test').execute()
    const cases: [string, string, number | undefined][] = [
      ['unverified', en.login.refusals.emailNotVerified('Demo University Google'), undefined],
      ['outsider', en.login.refusals.emailOutsideDomains('Demo University Google'), undefined],
      ['operator', en.login.refusals.noAccount('Demo University Google'), undefined],
      ['designer', en.login.refusals.accountDisabled('Demo University Google'), undefined],
      ['impostor', en.login.refusals.identityTaken('Demo University Google'), undefined],
      ['colleague', en.login.refusals.noAccount('Stray'), strayId],
    ]
    for (const [login, message, provider] of cases) {
      const { response } = await signInAs(login, provider === undefined ? {} : { provider })
      t.equal(response.statusCode, 403, login)
      t.match(response.body, escapeHtml(message), login)
      t.equal(sessionOf(response), undefined, `${login}: no session`)
    }
    t.equal((await db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n, users)
    const refusals = await db.selectFrom('audit_log').select('data').where('action', '=', 'signIn.refused').orderBy('id').execute()
    t.same(refusals.map((row) => (row.data as { refusal: string }).refusal).slice(-6), ['emailNotVerified', 'emailOutsideDomains', 'noAccount', 'accountDisabled', 'identityTaken', 'noAccount'])
    const college = await db.selectFrom('users').select('id').where('email', '=', 'lecturer@college.test').executeTakeFirstOrThrow()
    t.same(refusals.at(-1)!.data, { refusal: 'noAccount', subject: 'colleague', email: 'lecturer@college.test' }, 'another institution’s person: not even their id in this log')
    t.notMatch(JSON.stringify(refusals.map((row) => row.data)), `"userId":${college.id}`)
    const auditPage = await browserGet(app, await signIn(app, 'hr@demo.test'), '/hr/audit')
    t.match(auditPage.body, en.audit.actions['signIn.refused'], 'HR read the refusals in their audit log')
    t.match(auditPage.body, en.audit.actions['signIn.provider'])
    const french = await signInAs('unverified', { headers: { 'accept-language': 'fr' } })
    t.match(french.response.body, escapeHtml(fr.login.refusals.emailNotVerified('Demo University Google')))
  })

  await t.test('a wrong state, a replayed code, a lost flow', async (t) => {
    const { location, flow } = await start(app, providerId)
    const back = await signInAtProvider(location, 'amina')
    const forged = new URL(back)
    forged.searchParams.set('state', 'a-state-someone-else-made')
    const wrongState = await callback(app, forged, flow)
    t.equal(wrongState.statusCode, 400)
    t.match(wrongState.body, escapeHtml(en.login.providerFailed('Demo University Google')))
    t.equal(sessionOf(wrongState), undefined)

    const first = await signInAs('amina')
    t.equal(first.response.statusCode, 303)
    const replayed = await callback(app, first.back, first.flow)
    t.equal(replayed.statusCode, 400, 'the provider refuses the code a second time')
    t.match(replayed.body, escapeHtml(en.login.providerFailed('Demo University Google')))
    t.equal(sessionOf(replayed), undefined)

    const noFlow = await callback(app, first.back, undefined)
    t.equal(noFlow.statusCode, 400)
    t.match(noFlow.body, escapeHtml(en.login.flowLost))
    const otherProvider = await callback(app, new URL(first.back.href.replace(`/oidc/${providerId}/`, `/oidc/${strayId}/`)), first.flow)
    t.equal(otherProvider.statusCode, 400, 'a flow started for one provider does not finish at another')
    const tampered = await callback(app, first.back, `${first.flow.slice(0, -4)}AAAA`)
    t.match(tampered.body, escapeHtml(en.login.flowLost))
    const cancelled = await callback(app, new URL(`http://localhost/auth/oidc/${providerId}/callback?error=access_denied&state=x`), (await start(app, providerId)).flow)
    t.equal(cancelled.statusCode, 400)
    t.match(cancelled.body, escapeHtml(en.login.providerCancelled('Demo University Google')))
  })

  await t.test('ID tokens no honest provider signs are refused', async (t) => {
    const fakeServer = await listenLoopback(t)
    const fake = await startFakeProvider(fakeServer)
    const made = await app.inject({ method: 'POST', url: '/api/v1/identity-providers', headers: auth(hr), payload: { kind: 'oidc', name: 'Hostile', issuer: fake.issuer, ...CLIENT, emailDomains: ['demo.test'] } })
    t.equal(made.statusCode, 201, made.body)
    const hostileId = made.json<{ id: number }>().id
    const now = Math.floor(Date.now() / 1000)
    const honest = (nonce: string) => ({ iss: fake.issuer, aud: CLIENT.clientId, sub: 'h-1', nonce, iat: now, exp: now + 300, email: 'lecturer@demo.test', email_verified: true })
    const attempt = async (idToken: (nonce: string) => Promise<string>) => {
      fake.idToken = ({ nonce }) => idToken(nonce)
      const { location, flow } = await start(app, hostileId)
      return callback(app, fake.approve(location, `http://localhost/auth/oidc/${hostileId}/callback`), flow)
    }
    const unsigned = (claims: object) => `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.`
    const attacks: [string, (nonce: string) => Promise<string>][] = [
      ['another audience', (nonce) => fake.sign({ ...honest(nonce), aud: 'someone-else' })],
      ['another issuer', (nonce) => fake.sign({ ...honest(nonce), iss: 'https://accounts.google.com' })],
      ['expired', (nonce) => fake.sign({ ...honest(nonce), iat: now - 7200, exp: now - 3600 })],
      ['a wrong nonce', () => fake.sign(honest('a-nonce-from-another-sign-in'))],
      ['no nonce', (nonce) => fake.sign({ ...honest(nonce), nonce: undefined })],
      ['unsigned', async (nonce) => unsigned(honest(nonce))],
      ['signed by a key never published, under the published kid', (nonce) => fake.sign(honest(nonce), { key: fake.strangerKey })],
      ['its signature cut', async (nonce) => `${(await fake.sign(honest(nonce))).split('.').slice(0, 2).join('.')}.AAAA`],
    ]
    for (const [name, idToken] of attacks) {
      const response = await attempt(idToken)
      t.equal(response.statusCode, 400, name)
      t.match(response.body, escapeHtml(en.login.providerFailed('Hostile')), name)
      t.equal(sessionOf(response), undefined, `${name}: no session`)
    }
    t.equal(fake.exchanges, attacks.length, 'each attack reached the token endpoint: the refusals are the ID token checks')
    t.equal(await db.selectFrom('user_identities').select('subject').where('provider_id', '=', hostileId).executeTakeFirst(), undefined)
    // The same provider signing honestly signs in: what was refused was the token, not the provider.
    const control = await attempt(async (nonce) => fake.sign(honest(nonce)))
    t.equal(control.statusCode, 303, control.body.slice(0, 300))
  })
})

t.test('the identity-provider API: who keeps which, secrets kept encrypted, domains kept apart', async (t) => {
  const { app, db } = await startTestApp(t)
  const hr = await apiToken(app, 'hr@demo.test')
  const admin = await apiToken(app, 'admin@demo.test')
  const lecturer = await apiToken(app, 'lecturer@demo.test')
  const collegeHr = await apiToken(app, 'hr@college.test')
  const college = await db.selectFrom('institutions').select('id').where('name', '=', 'Demo College').executeTakeFirstOrThrow()
  const body = { kind: 'oidc', name: 'Demo Entra ID', issuer: 'https://login.microsoftonline.com/common/v2.0/', clientId: 'entra-client', clientSecret: 'entra-secret-value', emailDomains: ['demo.test', '@Staff.Demo.Test'] }
  const post = (token: string, payload: object) => app.inject({ method: 'POST', url: '/api/v1/identity-providers', headers: auth(token), payload })

  const made = await post(hr, body)
  t.equal(made.statusCode, 201, made.body)
  const id = made.json<{ id: number }>().id
  const listed = await app.inject({ method: 'GET', url: '/api/v1/identity-providers', headers: auth(hr) })
  t.same(listed.json(), [
    { id, institutionId: 1, kind: 'oidc', name: 'Demo Entra ID', emailDomains: ['demo.test', 'staff.demo.test'], createUnknown: false, mappings: [], issuer: 'https://login.microsoftonline.com/common/v2.0', clientId: 'entra-client', hasClientSecret: true, redirectUri: `http://localhost/auth/oidc/${id}/callback`, ssoUrl: null, metadataUrl: null, certificates: [], serviceProvider: null },
  ])
  t.notMatch(listed.body, 'entra-secret-value', 'the secret is never read back')
  const stored = await db.selectFrom('identity_providers').select('client_secret_jwe').where('id', '=', id).executeTakeFirstOrThrow()
  t.match(stored.client_secret_jwe, /^eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0\.\.[\w-]+\.[\w-]+\.[\w-]+$/, 'kept as JWE (dir, A256GCM)')
  t.notMatch(stored.client_secret_jwe, 'entra-secret-value')
  t.equal((await app.services.identityProviders.forSignIn(id))?.clientSecret, 'entra-secret-value', 'the sign-in can open it')
  const audit = await db.selectFrom('audit_log').select('data').where('action', '=', 'identityProvider.create').executeTakeFirstOrThrow()
  t.notMatch(JSON.stringify(audit.data), 'entra-secret-value', 'nor does the log keep it')

  const refusals: [string, string, object, number, string][] = [
    ['HR for another institution', hr, { ...body, institutionId: college.id, emailDomains: ['x.test'] }, 403, 'HR set up sign-in for their own institution only: leave institutionId out'],
    ['the operator without an institution', admin, { ...body, emailDomains: ['x.test'] }, 400, 'Say which institution the provider serves (institutionId): GET /api/v1/institutions lists them'],
    ['a domain another institution serves', collegeHr, { ...body, emailDomains: ['college.test', 'staff.demo.test'] }, 409, "staff.demo.test is served by another institution's sign-in: an email domain belongs to one institution"],
    ['a plain-http issuer on the internet', hr, { ...body, issuer: 'http://idp.example.org' }, 400, ''],
    ['an issuer with a query', hr, { ...body, issuer: 'https://idp.example.org/?x=1' }, 400, ''],
    ['no domain', hr, { ...body, emailDomains: [] }, 400, ''],
    ['a domain that is not one', hr, { ...body, emailDomains: ['not a domain'] }, 400, ''],
    ['a role profile of another institution', hr, { ...body, mappings: [{ claim: 'groups', value: 'x', roleProfileId: 999_999 }] }, 400, 'There is no role profile 999999 in your institution'],
    ['a lecturer', lecturer, body, 403, ''],
  ]
  for (const [name, token, payload, status, message] of refusals) {
    const response = await post(token, payload)
    t.equal(response.statusCode, status, `${name}: ${response.body}`)
    if (message !== '') t.equal(response.json<{ error: { message: string } }>().error.message, message, name)
  }
  t.equal((await db.selectFrom('identity_providers').select('id').execute()).length, 1, 'nothing refused was written')

  const forCollege = await post(admin, { ...body, institutionId: college.id, emailDomains: ['college.test'] })
  t.equal(forCollege.statusCode, 201, 'the operator adds one for any institution')
  const collegeId = forCollege.json<{ id: number }>().id
  t.same((await app.inject({ method: 'GET', url: '/api/v1/institutions', headers: auth(admin) })).json<{ name: string }[]>().map((row) => row.name).sort(), ['Demo College', 'Demo University'])
  t.same((await app.inject({ method: 'GET', url: '/api/v1/identity-providers', headers: auth(collegeHr) })).json<{ id: number }[]>().map((row) => row.id), [collegeId], 'HR see their own only')
  t.same((await app.inject({ method: 'GET', url: '/api/v1/identity-providers', headers: auth(admin) })).json<{ id: number }[]>().map((row) => row.id), [id, collegeId], 'the operator sees all')
  for (const [method, payload] of [['GET', undefined], ['PATCH', { name: 'Taken over' }], ['DELETE', undefined]] as const) {
    const response = await app.inject({ method, url: `/api/v1/identity-providers/${id}`, headers: auth(collegeHr), ...(payload === undefined ? {} : { payload }) })
    t.equal(response.statusCode, 404, `${method} another institution's provider: not there`)
  }

  const renamed = await app.inject({ method: 'PATCH', url: `/api/v1/identity-providers/${id}`, headers: auth(hr), payload: { name: 'Microsoft', clientSecret: 'rotated-secret' } })
  t.equal(renamed.statusCode, 200, renamed.body)
  t.match(renamed.json(), { name: 'Microsoft', emailDomains: ['demo.test', 'staff.demo.test'], hasClientSecret: true })
  t.equal((await app.services.identityProviders.forSignIn(id))?.clientSecret, 'rotated-secret')
  const stolen = await app.inject({ method: 'PATCH', url: `/api/v1/identity-providers/${id}`, headers: auth(hr), payload: { emailDomains: ['college.test'] } })
  t.equal(stolen.statusCode, 409, 'a domain cannot be taken by a change either')
  t.equal((await app.inject({ method: 'PATCH', url: `/api/v1/identity-providers/${id}`, headers: auth(hr), payload: { kind: 'saml' } })).statusCode, 400, 'the kind stays')

  // A changed IDENTITY_SECRET: the stored secret can no longer be opened, and says so.
  const other = await startTestApp(t, { identitySecret: 'another-identity-secret-of-at-least-32-chars' })
  await other.db.insertInto('identity_providers').values({ institution_id: 1, kind: 'oidc', name: 'Copied', email_domains: '["demo.test"]', mappings: '[]', issuer: 'https://idp.example.org', client_id: 'c', client_secret_jwe: stored.client_secret_jwe }).execute()
  const copied = (await other.app.services.identityProviders.forEmail('x@demo.test'))[0]!
  t.equal((await other.app.services.identityProviders.forSignIn(copied.id))?.clientSecret, 'unreadable')

  t.equal((await app.inject({ method: 'DELETE', url: `/api/v1/identity-providers/${id}`, headers: auth(hr) })).statusCode, 204)
  t.equal((await app.inject({ method: 'GET', url: `/api/v1/identity-providers/${id}`, headers: auth(hr) })).statusCode, 404)
  t.same((await db.selectFrom('audit_log').select('action').where('entity', '=', 'identityProvider').orderBy('id').execute()).map((row) => row.action), ['identityProvider.create', 'identityProvider.create', 'identityProvider.update', 'identityProvider.remove'])
})
