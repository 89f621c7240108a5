import type { FastifyInstance } from 'fastify'
import t from 'tap'
import { CATALOGUES } from '../../views/messages/index.js'
import { escapeHtml } from '../../views/html.js'
import { apiToken, startTestApp } from '../helpers/app.js'
import { createSamlIdp, IDP_KEYS, OID, type AuthnRequestSeen, type ResponseOptions, type SamlIdp } from '../helpers/saml-idp.js'

const en = CATALOGUES.en
const fr = CATALOGUES.fr
const auth = (token: string) => ({ authorization: `Bearer ${token}` })
const NAME = 'Demo University SAFIRE'

/** Who a session cookie signs in: the `sub` of its JWT. */
const subjectOf = (cookie: string) => (JSON.parse(Buffer.from(cookie.split('.')[1]!, 'base64url').toString()) as { sub: number }).sub
const sessionOf = (response: { cookies: { name: string; value: string }[] }) => response.cookies.find((cookie) => cookie.name === 'session' && cookie.value !== '')?.value

/** The browser's first request: the app sends it to the IdP with an AuthnRequest. */
async function start(app: FastifyInstance, idp: SamlIdp, providerId: number, query = ''): Promise<AuthnRequestSeen> {
  const response = await app.inject({ method: 'GET', url: `/auth/saml/${providerId}${query}` })
  if (response.statusCode !== 302) throw new Error(`start answered ${response.statusCode}: ${response.body.slice(0, 300)}`)
  return idp.requestOf(response.headers.location as string)
}

/** The IdP's page posts its answer to the ACS (a cross-site form post: no cookie, no CSRF token). */
function post(app: FastifyInstance, providerId: number, samlResponse: string, relayState: string | null = null, headers: Record<string, string> = {}) {
  const form = new URLSearchParams({ SAMLResponse: samlResponse, ...(relayState === null ? {} : { RelayState: relayState }) })
  return app.inject({ method: 'POST', url: `/auth/saml/${providerId}/acs`, headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, payload: form.toString() })
}

t.test('SAML 2.0 sign-in with an IdP built on the same library, and attacks on it', async (t) => {
  const { app, db } = await startTestApp(t)
  const idp = createSamlIdp()
  const hr = await apiToken(app, 'hr@demo.test')
  const profile = await db.selectFrom('role_profiles').select(['id']).where('institution_id', '=', 1).orderBy('id').executeTakeFirstOrThrow()

  const created = await app.inject({
    method: 'POST',
    url: '/api/v1/identity-providers',
    headers: auth(hr),
    payload: { kind: 'saml', name: NAME, metadataXml: idp.metadata(), emailDomains: ['demo.test'], createUnknown: true, mappings: [{ claim: 'eduPersonAffiliation', value: 'faculty', roleProfileId: profile.id }] },
  })
  t.equal(created.statusCode, 201, created.body)
  const providerId = created.json<{ id: number }>().id
  const sp = { entityId: `http://localhost/auth/saml/${providerId}/metadata`, acsUrl: `http://localhost/auth/saml/${providerId}/acs`, metadataUrl: `http://localhost/auth/saml/${providerId}/metadata` }
  t.same(created.json(), { id: providerId, redirectUri: null, serviceProvider: sp })

  /** One whole sign-in: start, the IdP's answer (changed by `options`), posted back. */
  const signInWith = async (attributes: ResponseOptions['attributes'], options: Partial<ResponseOptions> = {}, query = '') => {
    const request = await start(app, idp, providerId, query)
    const answer = idp.response({ request, attributes, ...options })
    return { request, answer, response: await post(app, providerId, answer, request.relayState) }
  }
  const amina = await db.selectFrom('users').select(['id']).where('email', '=', 'lecturer@demo.test').executeTakeFirstOrThrow()

  await t.test('what HR and the federation are given', async (t) => {
    const got = await app.inject({ method: 'GET', url: `/api/v1/identity-providers/${providerId}`, headers: auth(hr) })
    t.equal(got.statusCode, 200)
    t.match(got.json(), { kind: 'saml', issuer: idp.entityId, clientId: '', hasClientSecret: false, ssoUrl: idp.ssoUrl, metadataUrl: null, redirectUri: null, serviceProvider: sp })
    t.same(got.json<{ certificates: { subject: string }[] }>().certificates.map((one) => one.subject), ['CN=test-idp.saml.example'], 'the signing certificate only, not the encryption one')
    t.match(got.json<{ certificates: { notAfter: string; sha256: string }[] }>().certificates[0], { notAfter: /^21\d\d-/, sha256: /^([0-9A-F]{2}:){31}[0-9A-F]{2}$/ })

    const metadata = await app.inject({ method: 'GET', url: `/auth/saml/${providerId}/metadata` })
    t.equal(metadata.statusCode, 200)
    t.match(metadata.headers['content-type'], 'application/samlmetadata+xml')
    t.match(metadata.body, `entityID="${sp.entityId}"`)
    t.match(metadata.body, `<AssertionConsumerService index="1" isDefault="true" Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="${sp.acsUrl}"/>`)
    t.match(metadata.body, 'WantAssertionsSigned="true"')
    t.equal((await app.inject({ method: 'GET', url: '/auth/saml/999999/metadata' })).statusCode, 404)
    t.equal((await app.inject({ method: 'GET', url: '/auth/saml/x/metadata' })).statusCode, 404)

    const login = await app.inject({ method: 'GET', url: '/login' })
    t.match(login.headers['content-security-policy'], ";form-action 'self' https://idp.uni.ac.za;", "the IdP's sign-on origin may end the work-email form's redirects")
    const found = await app.inject({ method: 'GET', url: '/login/provider?email=lecturer%40demo.test&next=%2Fplan' })
    t.equal(found.statusCode, 303)
    t.equal(found.headers.location, `/auth/saml/${providerId}?next=%2Fplan&login_hint=lecturer%40demo.test`)
  })

  await t.test('the request the app sends', async (t) => {
    const request = await start(app, idp, providerId, '?next=%2Fplan&login_hint=lecturer%40demo.test')
    t.match(request, { acsUrl: sp.acsUrl, issuer: sp.entityId, destination: idp.ssoUrl, relayState: '/plan', loginHint: 'lecturer@demo.test', id: /^_[0-9a-f]{40}$/ })
    t.ok(await db.selectFrom('saml_requests').select('id').where('id', '=', request.id).where('provider_id', '=', providerId).executeTakeFirst(), 'kept for any process to check')
    const offsite = await start(app, idp, providerId, '?next=%2F%2Fevil.test')
    t.equal(offsite.relayState, null, 'a next off this site is dropped')
    const long = await start(app, idp, providerId, `?next=%2F${'a'.repeat(100)}`)
    t.equal(long.relayState, null, 'RelayState is at most 80 bytes: a longer next is dropped')
  })

  await t.test('an existing person signs in by mail and is bound by the persistent NameID', async (t) => {
    const { response, answer } = await signInWith({ [OID.mail]: 'Lecturer@Demo.test', [OID.displayName]: 'Amina Okafor' }, { nameId: { value: 'amina-persistent-id', format: 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent' } }, '?next=%2Fplan')
    t.equal(response.statusCode, 303, response.body.slice(0, 500))
    t.equal(response.headers.location, '/plan')
    t.equal(subjectOf(sessionOf(response)!), amina.id)
    t.equal((await app.inject({ method: 'GET', url: '/plan', cookies: { session: sessionOf(response)! } })).statusCode, 200, 'the session works')
    t.same(await db.selectFrom('user_identities').select(['subject', 'user_id']).where('provider_id', '=', providerId).execute(), [{ subject: 'persistent:amina-persistent-id', user_id: amina.id }])
    const replayed = await post(app, providerId, answer, '/plan')
    t.equal(replayed.statusCode, 400, 'the same answer posted again')
    t.match(replayed.body, escapeHtml(en.login.providerFailed(NAME)))
    t.equal(sessionOf(replayed), undefined)
    // Her mail changes at the IdP: the NameID, not the mail, says who she is.
    const again = await signInWith({ [OID.mail]: 'amina.okafor@demo.test' }, { nameId: { value: 'amina-persistent-id', format: 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent' } })
    t.equal(subjectOf(sessionOf(again.response)!), amina.id)
  })

  await t.test('an answer posted twice at once signs in once', async (t) => {
    const request = await start(app, idp, providerId)
    const answer = idp.response({ request, attributes: { [OID.mail]: 'lecturer@demo.test' }, nameId: { value: 'amina-persistent-id', format: 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent' } })
    const both = await Promise.all([post(app, providerId, answer), post(app, providerId, answer)])
    t.same(both.map((one) => one.statusCode).sort(), [303, 400])
  })

  await t.test('an unknown person is created as a lecturer, placed by the eduPerson affiliation', async (t) => {
    const { response } = await signInWith({ [OID.mail]: 'thandi.nkosi@demo.test', [OID.displayName]: 'Thandi Nkosi', [OID.eduPersonAffiliation]: ['member', 'faculty'], [OID.eduPersonPrincipalName]: 'tnkosi@demo.test' }, { nameId: { value: 'transient-1', format: 'urn:oasis:names:tc:SAML:2.0:nameid-format:transient' } })
    t.equal(response.statusCode, 303, response.body.slice(0, 500))
    const thandi = await db.selectFrom('users').selectAll().where('email', '=', 'thandi.nkosi@demo.test').executeTakeFirstOrThrow()
    t.match(thandi, { institution_id: 1, name: 'Thandi Nkosi', role: 'lecturer', role_profile_id: profile.id, department_id: null, password_hash: null })
    t.equal(subjectOf(sessionOf(response)!), thandi.id)
    t.same(await db.selectFrom('user_identities').select('subject').where('user_id', '=', thandi.id).execute(), [{ subject: 'eppn:tnkosi@demo.test' }], 'bound by eduPersonPrincipalName, never by a transient NameID')
    const log = await db.selectFrom('audit_log').select(['action']).where('actor_id', '=', thandi.id).orderBy('id').execute()
    t.same(log.map((row) => row.action), ['staff.create', 'signIn.provider'])
  })

  await t.test('answers that fail a check: none signs anyone in', async (t) => {
    // Each answer would sign Amina in if it passed: a 303, not a refusal for some other reason.
    const mail = { [OID.mail]: 'lecturer@demo.test' }
    const amina = { nameId: { value: 'amina-persistent-id', format: 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent' } }
    const other = createSamlIdp({ entityId: 'https://evil.test/idp' })
    const cases: [string, Partial<ResponseOptions>][] = [
      ['an InResponseTo the app never sent', { inResponseTo: '_0123456789abcdef0123456789abcdef01234567' }],
      ['another audience', { audience: 'https://another-sp.test/shibboleth' }],
      ['another recipient', { recipient: 'https://another-sp.test/acs' }],
      ['another destination', { destination: 'https://another-sp.test/acs' }],
      ['another issuer', { issuer: other.entityId }],
      ['expired', { notOnOrAfter: new Date(Date.now() - 10 * 60_000) }],
      ['not yet valid', { notBefore: new Date(Date.now() + 10 * 60_000) }],
      ['unsigned', { signedBy: 'nobody' }],
      ['signed by a key the IdP never published', { signedBy: 'other' }],
      ['only the response signed, not the assertion', { signResponseOnly: true }],
      ['changed after signing', { afterSigning: (xml) => xml.replace('lecturer@demo.test', 'hr@demo.test') }],
      ['a cut signature', { afterSigning: (xml) => xml.replace(/<SignatureValue>[^<]{20}/, '<SignatureValue>AAAAAAAAAAAAAAAAAAAA') }],
      [
        'an unsigned assertion wrapped around the signed one',
        { afterSigning: (xml) => xml.replace('<saml:Assertion ', `<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_evil" Version="2.0" IssueInstant="2026-01-01T00:00:00Z"><saml:Issuer>${idp.entityId}</saml:Issuer><saml:Subject><saml:NameID>hr@demo.test</saml:NameID></saml:Subject><saml:AttributeStatement><saml:Attribute Name="${OID.mail}"><saml:AttributeValue>hr@demo.test</saml:AttributeValue></saml:Attribute></saml:AttributeStatement></saml:Assertion><saml:Assertion `) },
      ],
    ]
    for (const [what, options] of cases) {
      const { response } = await signInWith(mail, { ...amina, ...options })
      t.equal(response.statusCode, 400, what)
      t.match(response.body, escapeHtml(en.login.providerFailed(NAME)), what)
      t.equal(sessionOf(response), undefined, `${what}: no session`)
    }
    const cancelled = await signInWith(mail, { failure: 'AuthnFailed' })
    t.equal(cancelled.response.statusCode, 400)
    t.match(cancelled.response.body, escapeHtml(en.login.providerCancelled(NAME)))

    const old = await start(app, idp, providerId)
    await db.updateTable('saml_requests').set({ created_at: new Date(Date.now() - 11 * 60_000) }).where('id', '=', old.id).execute()
    t.equal((await post(app, providerId, idp.response({ request: old, attributes: mail }))).statusCode, 400, 'an answer after the request expired')

    const empty = await post(app, providerId, '')
    t.equal(empty.statusCode, 400)
    t.match(empty.body, escapeHtml(en.login.flowLost))
    const garbage = await post(app, providerId, Buffer.from('<not-saml/>').toString('base64'))
    t.equal(garbage.statusCode, 400)
    const notBase64 = await post(app, providerId, '%%%')
    t.equal(notBase64.statusCode, 400)
    const transient = await signInWith({}, { nameId: { value: 'transient-2', format: 'urn:oasis:names:tc:SAML:2.0:nameid-format:transient' } })
    t.equal(transient.response.statusCode, 400, 'nobody named lastingly')
    t.equal((await db.selectFrom('user_identities').select('subject').where('subject', 'like', '%hr@demo.test%').execute()).length, 0)
  })

  await t.test('refusals by who the person is', async (t) => {
    await db.updateTable('users').set({ disabled_at: new Date() }).where('email', '=', 'designer@demo.test').execute()
    const cases: [string, string, string][] = [
      ['someone@gmail.test', en.login.refusals.emailOutsideDomains(NAME), 'emailOutsideDomains'],
      ['admin@demo.test', en.login.refusals.noAccount(NAME), 'noAccount'],
      ['designer@demo.test', en.login.refusals.accountDisabled(NAME), 'accountDisabled'],
      ['lecturer@college.test', en.login.refusals.emailOutsideDomains(NAME), 'emailOutsideDomains'],
    ]
    for (const [mail, message] of cases) {
      const { response } = await signInWith({ [OID.mail]: mail })
      t.equal(response.statusCode, 403, mail)
      t.match(response.body, escapeHtml(message), mail)
      t.equal(sessionOf(response), undefined, `${mail}: no session`)
    }
    const refusals = await db.selectFrom('audit_log').select('data').where('action', '=', 'signIn.refused').orderBy('id').execute()
    t.same(refusals.map((row) => (row.data as { refusal: string }).refusal).slice(-4), cases.map((one) => one[2]))
    const french = await signInWith({ [OID.mail]: 'someone@gmail.test' }, {}, '')
    const frenchPost = await post(app, providerId, idp.response({ request: await start(app, idp, providerId), attributes: { [OID.mail]: 'someone@gmail.test' } }), null, { 'accept-language': 'fr' })
    t.equal(french.response.statusCode, 403)
    t.match(frenchPost.body, escapeHtml(fr.login.refusals.emailOutsideDomains(NAME)))
  })

  await t.test("an answer for one provider is refused at another's ACS", async (t) => {
    const second = createSamlIdp({ entityId: 'https://idp2.uni.ac.za/idp', ssoUrl: 'https://idp2.uni.ac.za/sso' })
    const made = await app.inject({ method: 'POST', url: '/api/v1/identity-providers', headers: auth(hr), payload: { kind: 'saml', name: 'Second', metadataXml: second.metadata(), emailDomains: ['staff.demo.test'] } })
    t.equal(made.statusCode, 201, made.body)
    const secondId = made.json<{ id: number }>().id
    const request = await start(app, idp, providerId)
    const answer = idp.response({ request, attributes: { [OID.mail]: 'lecturer@demo.test' } })
    t.equal((await post(app, secondId, answer)).statusCode, 400)
    t.equal((await app.inject({ method: 'GET', url: `/auth/oidc/${providerId}` })).statusCode, 404, 'a SAML provider is not started as OpenID')
  })
})

t.test('SAML providers through the API: metadata by address or file, and what is refused', async (t) => {
  const { app, db } = await startTestApp(t)
  const hr = await apiToken(app, 'hr@demo.test')
  const idp = createSamlIdp()
  const { createServer } = await import('node:http')
  let served = idp.metadata()
  let status = 200
  const server = createServer((_request, response) => response.writeHead(status, { 'content-type': 'application/samlmetadata+xml' }).end(served))
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())))
  const metadataUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}/idp/shibboleth`
  const add = (payload: Record<string, unknown>) => app.inject({ method: 'POST', url: '/api/v1/identity-providers', headers: auth(hr), payload: { kind: 'saml', name: 'IdP', emailDomains: ['demo.test'], ...payload } })
  const count = async () => (await db.selectFrom('identity_providers').select('id').execute()).length

  const byUrl = await add({ metadataUrl })
  t.equal(byUrl.statusCode, 201, byUrl.body)
  const id = byUrl.json<{ id: number }>().id
  t.match((await app.inject({ method: 'GET', url: `/api/v1/identity-providers/${id}`, headers: auth(hr) })).json(), { metadataUrl, ssoUrl: idp.ssoUrl, issuer: idp.entityId })

  // The IdP rolls its certificate over: saving the provider again reads the new metadata.
  served = idp.metadata([IDP_KEYS.idp.certificate, IDP_KEYS.other.certificate])
  const reread = await app.inject({ method: 'PATCH', url: `/api/v1/identity-providers/${id}`, headers: auth(hr), payload: { metadataUrl } })
  t.equal(reread.statusCode, 200, reread.body)
  t.same(reread.json<{ certificates: { subject: string }[] }>().certificates.map((one) => one.subject), ['CN=test-idp.saml.example', 'CN=test-other.saml.example'])

  const before = await count()
  status = 404
  const unreachable = await add({ metadataUrl })
  t.equal(unreachable.statusCode, 400)
  t.match(unreachable.json(), { error: { reason: 'samlMetadataUnreachable', details: { metadataUrl: 'unreachable' } } })
  status = 200

  const federation = `<md:EntitiesDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata">${[idp, createSamlIdp({ entityId: 'https://idp.other.ac.ke/idp' })].map((one) => one.metadata().replace(/<\?xml[^>]*>/, '')).join('')}</md:EntitiesDescriptor>`
  const refused: [string, Record<string, unknown>, string, string][] = [
    ['a DOCTYPE (no entity is ever expanded)', { metadataXml: `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>${idp.metadata().replace(/<\?xml[^>]*>/, '')}` }, 'samlMetadataUnusable', 'doctype'],
    ['not XML', { metadataXml: 'hello' }, 'samlMetadataUnusable', 'notXml'],
    ['no signing certificate', { metadataXml: idp.metadata([]).replace(/<md:KeyDescriptor use="encryption">.*?<\/md:KeyDescriptor>/s, '') }, 'samlMetadataUnusable', 'noCertificate'],
    ['a broken certificate', { metadataXml: idp.metadata(['AAAA']) }, 'samlMetadataUnusable', 'badCertificate'],
    ['no redirect binding', { metadataXml: idp.metadata().replace('bindings:HTTP-Redirect', 'bindings:SOAP') }, 'samlMetadataUnusable', 'noRedirectSso'],
    ['a plain-http sign-on address', { metadataXml: createSamlIdp({ ssoUrl: 'http://idp.uni.ac.za/sso' }).metadata() }, 'samlMetadataUnusable', 'ssoNotHttps'],
    ["a federation's metadata without saying which IdP", { metadataXml: federation }, 'samlMetadataUnusable', 'severalIdps'],
    ['an IdP the federation does not list', { metadataXml: federation, entityId: 'https://nowhere.test/idp' }, 'samlMetadataUnusable', 'entityNotFound'],
  ]
  for (const [what, payload, code, fault] of refused) {
    const response = await add(payload)
    t.equal(response.statusCode, 400, what)
    t.match(response.json(), { error: { code: 'invalid_request', reason: code, details: { metadataXml: fault } } }, what)
  }
  const both = await add({ metadataUrl, metadataXml: idp.metadata() })
  t.equal(both.statusCode, 400, 'the address and the file: one of the two')
  const neither = await add({})
  t.equal(neither.statusCode, 400)
  const insecure = await add({ metadataUrl: 'http://idp.uni.ac.za/metadata' })
  t.equal(insecure.statusCode, 400, 'plain http only on this machine')
  t.equal(await count(), before, 'nothing written')

  const chosen = await app.inject({ method: 'POST', url: '/api/v1/identity-providers', headers: auth(hr), payload: { kind: 'saml', name: 'Kenya', emailDomains: ['uni.ac.ke'], metadataXml: federation, entityId: 'https://idp.other.ac.ke/idp' } })
  t.equal(chosen.statusCode, 201, 'the IdP named in a federation’s metadata')
  t.match((await app.inject({ method: 'GET', url: `/api/v1/identity-providers/${chosen.json<{ id: number }>().id}`, headers: auth(hr) })).json(), { issuer: 'https://idp.other.ac.ke/idp' })

  const oidcField = await app.inject({ method: 'PATCH', url: `/api/v1/identity-providers/${id}`, headers: auth(hr), payload: { clientSecret: 'x' } })
  t.equal(oidcField.statusCode, 400)
  t.match(oidcField.json(), { error: { reason: 'providerFieldOfOtherKind', details: { clientSecret: 'not for this kind of provider' } } })
  const french = await app.inject({ method: 'PATCH', url: `/api/v1/identity-providers/${id}`, headers: { ...auth(hr), 'accept-language': 'fr' }, payload: { metadataXml: 'hello' } })
  t.equal(french.statusCode, 400)
  const log = await db.selectFrom('audit_log').select('data').where('action', '=', 'identityProvider.create').where('entity_id', '=', String(chosen.json<{ id: number }>().id)).executeTakeFirstOrThrow()
  t.notMatch(JSON.stringify(log.data), '<md:', 'the log keeps how long the metadata was, not the file')

  // A day later the IdP has rolled its certificate over: the next sign-in reads its metadata again first.
  const certificatesOf = async () => (await db.selectFrom('identity_providers').select('signing_certificates').where('id', '=', id).executeTakeFirstOrThrow()).signing_certificates
  const ageMetadata = () => db.updateTable('identity_providers').set({ metadata_read_at: new Date(Date.now() - 25 * 3600_000) }).where('id', '=', id).execute()
  const startAt = async () => {
    const response = await app.inject({ method: 'GET', url: `/auth/saml/${id}` })
    t.equal(response.statusCode, 302, 'the sign-in goes on whatever the metadata address answers')
    return idp.requestOf(response.headers.location as string)
  }
  served = idp.metadata([IDP_KEYS.other.certificate])
  await startAt()
  t.same(await certificatesOf(), [IDP_KEYS.idp.certificate, IDP_KEYS.other.certificate], 'metadata read less than a day ago is not read again')
  await ageMetadata()
  const request = await startAt()
  t.same(await certificatesOf(), [IDP_KEYS.other.certificate], 'the new certificate, read as the sign-in started')
  const signedIn = await post(app, id, idp.response({ request, attributes: { [OID.mail]: 'lecturer@demo.test' }, signedBy: 'other' }))
  t.equal(signedIn.statusCode, 303, 'an answer signed with the new key signs in')
  const refreshes = await db.selectFrom('audit_log').select(['actor_id', 'data']).where('action', '=', 'identityProvider.metadataRefresh').execute()
  t.same(refreshes, [{ actor_id: null, data: { ssoUrl: idp.ssoUrl, certificates: 1 } }])

  await ageMetadata()
  status = 500
  await startAt()
  t.same(await certificatesOf(), [IDP_KEYS.other.certificate], 'an address that fails leaves what is kept')
  status = 200
  served = createSamlIdp({ entityId: 'https://impostor.test/idp' }).metadata([IDP_KEYS.idp.certificate])
  await app.services.identityProviders.refreshSamlMetadata(id, new Date(Date.now() + 2 * 3600_000))
  t.same(await certificatesOf(), [IDP_KEYS.other.certificate], 'another IdP at the address is kept out')
})

t.test('over https, an answer signs in only the browser that started its request (no login CSRF)', async (t) => {
  const { app, db } = await startTestApp(t, { trustProxy: 1, publicUrl: 'https://ct.uni.ac.za' })
  const idp = createSamlIdp()
  const hr = await apiToken(app, 'hr@demo.test')
  const created = await app.inject({ method: 'POST', url: '/api/v1/identity-providers', headers: auth(hr), payload: { kind: 'saml', name: NAME, metadataXml: idp.metadata(), emailDomains: ['demo.test'] } })
  const providerId = created.json<{ id: number }>().id
  const https = { 'x-forwarded-proto': 'https' }
  const startHere = async () => {
    const response = await app.inject({ method: 'GET', url: `/auth/saml/${providerId}`, headers: https })
    t.equal(response.statusCode, 302)
    const cookie = response.cookies.find((one) => one.name === 'saml_request')!
    t.match(cookie, { path: '/auth/saml/', httpOnly: true, secure: true, sameSite: 'None' }, 'a cookie the cross-site POST brings back')
    return { request: idp.requestOf(response.headers.location as string), cookie: cookie.value }
  }
  const answerFor = (request: AuthnRequestSeen, mail: string) => idp.response({ request, attributes: { [OID.mail]: mail } })
  const acs = (answer: string, cookie: string | undefined) =>
    app.inject({ method: 'POST', url: `/auth/saml/${providerId}/acs`, headers: { ...https, 'content-type': 'application/x-www-form-urlencoded' }, cookies: cookie === undefined ? {} : { saml_request: cookie }, payload: new URLSearchParams({ SAMLResponse: answer }).toString() })

  const attacker = await startHere()
  const victim = await startHere()
  t.match(attacker.request.acsUrl, `https://ct.uni.ac.za/auth/saml/${providerId}/acs`)
  const planted = await acs(answerFor(attacker.request, 'designer@demo.test'), victim.cookie)
  t.equal(planted.statusCode, 400, "the attacker's own answer posted into the victim's browser")
  t.equal(sessionOf(planted), undefined)
  t.equal((await acs(answerFor(victim.request, 'lecturer@demo.test'), undefined)).statusCode, 400, 'no cookie, no sign-in over https')
  const own = await startHere()
  const signedIn = await acs(answerFor(own.request, 'lecturer@demo.test'), own.cookie)
  t.equal(signedIn.statusCode, 303, signedIn.body.slice(0, 300))
  const amina = await db.selectFrom('users').select('id').where('email', '=', 'lecturer@demo.test').executeTakeFirstOrThrow()
  t.equal(subjectOf(sessionOf(signedIn)!), amina.id)
  t.equal((await acs(answerFor(attacker.request, 'designer@demo.test'), attacker.cookie)).statusCode, 303, "the attacker's answer still signs in the attacker's own browser")
})
