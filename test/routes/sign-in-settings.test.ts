import t from 'tap'
import { CATALOGUES } from '../../views/messages/index.js'
import { escapeHtml } from '../../views/html.js'
import { apiToken, browserGet, browserPost, signIn, startTestApp } from '../helpers/app.js'
import { createSamlIdp } from '../helpers/saml-idp.js'
import { apiSignIn, pageSignIn, samePage } from '../helpers/sign-in.js'

const en = CATALOGUES.en
const fr = CATALOGUES.fr
const auth = (token: string) => ({ authorization: `Bearer ${token}` })

t.test('HR keep their providers from a page without JavaScript, in their language', async (t) => {
  const { app, db } = await startTestApp(t)
  const hr = await signIn(app, 'hr@demo.test')
  const collegeHr = await signIn(app, 'hr@college.test')
  const lecturer = await signIn(app, 'lecturer@demo.test')
  const s = en.signInSettings
  const empty = await browserGet(app, hr, '/hr/sign-in')
  t.equal(empty.statusCode, 200)
  t.match(empty.body, s.none)
  t.match((await browserGet(app, hr, '/hr')).body, '<a href="/hr/sign-in">', 'the dashboard links to it')
  t.equal((await browserGet(app, lecturer, '/hr/sign-in')).statusCode, 403)
  t.match((await browserGet(app, hr, '/hr/sign-in', { 'accept-language': 'zh-CN' })).body, CATALOGUES.zh.signInSettings.title)

  const profile = await db.selectFrom('role_profiles').select('id').where('institution_id', '=', 1).orderBy('id').executeTakeFirstOrThrow()
  const form = { name: 'Google <Workspace>', issuer: 'https://accounts.google.com', clientId: 'google-client', clientSecret: 'google-secret', emailDomains: 'demo.test, staff.demo.test', createUnknown: '1', 'claim-0': 'groups', 'value-0': 'teaching', 'roleProfile-0': String(profile.id), 'department-0': '' }
  const badIssuer = await browserPost(app, hr, '/hr/sign-in', { ...form, issuer: 'http://idp.example.org' })
  t.equal(badIssuer.statusCode, 400)
  t.match(badIssuer.body, s.invalid.issuer)
  t.match(badIssuer.body, 'value="Google &lt;Workspace&gt;"', 'what was typed comes back, escaped')
  t.notMatch(badIssuer.body, 'google-secret', 'but never the secret')
  const halfRule = await browserPost(app, hr, '/hr/sign-in', { ...form, 'roleProfile-0': '' })
  t.equal(halfRule.statusCode, 400)
  t.match(halfRule.body, s.invalid.mappings)
  t.equal((await db.selectFrom('identity_providers').select('id').execute()).length, 0, 'nothing refused was written')

  const added = await browserPost(app, hr, '/hr/sign-in', form)
  t.equal(added.statusCode, 303)
  const stored = await db.selectFrom('identity_providers').selectAll().executeTakeFirstOrThrow()
  t.equal(added.headers.location, `/hr/sign-in?added=${stored.id}#provider-${stored.id}`)
  t.match(stored, { name: 'Google <Workspace>', issuer: 'https://accounts.google.com', client_id: 'google-client', email_domains: ['demo.test', 'staff.demo.test'], create_unknown: true, mappings: [{ claim: 'groups', value: 'teaching', roleProfileId: profile.id, departmentId: null }] })
  const page = await browserGet(app, hr, added.headers.location as string)
  t.match(page.body, escapeHtml(s.added('Google <Workspace>')))
  t.match(page.body, `<code>http://localhost/auth/oidc/${stored.id}/callback</code>`)
  t.match(page.body, s.secretStored)
  t.notMatch(page.body, 'google-secret')

  const kept = await browserPost(app, hr, `/hr/sign-in/${stored.id}`, { ...form, name: 'Google', clientSecret: '', createUnknown: '', 'claim-0': '', 'value-0': '', 'roleProfile-0': '' })
  t.equal(kept.statusCode, 303)
  t.match(await db.selectFrom('identity_providers').select(['name', 'create_unknown', 'mappings']).executeTakeFirstOrThrow(), { name: 'Google', create_unknown: false, mappings: [] })
  t.equal((await app.services.identityProviders.forSignIn(stored.id))?.clientSecret, 'google-secret', 'an empty secret field keeps the secret')

  const collegeForm = { ...form, name: 'College', clientId: 'college-client', emailDomains: 'college.test', 'claim-0': '', 'value-0': '', 'roleProfile-0': '' }
  t.equal((await browserPost(app, collegeHr, '/hr/sign-in', collegeForm)).statusCode, 303)
  const taken = await browserPost(app, hr, `/hr/sign-in/${stored.id}`, { ...form, emailDomains: 'demo.test, college.test' }, { 'accept-language': 'fr' })
  t.equal(taken.statusCode, 409)
  t.match(taken.body, escapeHtml(fr.problems.emailDomainServedElsewhere({ domain: 'college.test' })))
  t.equal((await browserPost(app, collegeHr, `/hr/sign-in/${stored.id}`, collegeForm)).statusCode, 404, 'another institution’s provider is not there')
  t.equal((await browserPost(app, collegeHr, `/hr/sign-in/${stored.id}/remove`, {})).statusCode, 404)
  t.notMatch((await browserGet(app, collegeHr, '/hr/sign-in')).body, 'google-client', 'nor shown to them')

  const removed = await browserPost(app, hr, `/hr/sign-in/${stored.id}/remove`, {})
  t.equal(removed.headers.location, '/hr/sign-in?removed=1')
  t.match((await browserGet(app, hr, '/hr/sign-in?removed=1')).body, s.removed)
  t.equal((await db.selectFrom('identity_providers').select('id').where('id', '=', stored.id).execute()).length, 0)
})

t.test('an institution may stop password sign-in once it has a provider; the operator’s password always works', async (t) => {
  const { app, db } = await startTestApp(t)
  const hr = await apiToken(app, 'hr@demo.test')
  const put = (allowed: boolean) => app.inject({ method: 'PUT', url: '/api/v1/institution/password-sign-in', headers: auth(hr), payload: { allowed } })
  const noProvider = await put(false)
  t.equal(noProvider.statusCode, 409)
  t.equal(noProvider.json<{ error: { message: string } }>().error.message, 'Passwords stay allowed while the institution has no sign-in provider: add one first, and keep one while passwords are off')
  const made = await app.inject({ method: 'POST', url: '/api/v1/identity-providers', headers: auth(hr), payload: { kind: 'oidc', name: 'Google', issuer: 'https://accounts.google.com', clientId: 'c', emailDomains: ['demo.test'] } })
  const providerId = made.json<{ id: number }>().id
  t.same((await put(false)).json(), { allowed: false, changed: true })
  t.same((await put(false)).json(), { allowed: false, changed: false }, 'twice is once')
  t.same((await app.inject({ method: 'GET', url: '/api/v1/institution/password-sign-in', headers: auth(hr) })).json(), { allowed: false })

  const refused = await pageSignIn(app, '10.0.0.1', 'lecturer@demo.test', 'demo-password')
  t.equal(refused.statusCode, 401, 'the right password opens nothing')
  t.match(refused.body, escapeHtml(en.login.passwordsOff))
  const unknown = await pageSignIn(app, '10.0.0.2', 'nobody-here@demo.test', 'demo-password')
  // The demo's hint lists lecturer@demo.test: the form's value is compared, the rest must be equal.
  const typed = (body: string, email: string) => samePage(body.replace(`value="${email}"`, 'value="TYPED"'), 'nothing')
  t.equal(typed(unknown.body, 'nobody-here@demo.test'), typed(refused.body, 'lecturer@demo.test'), 'the same page for a person who exists and one who does not')
  t.equal((await apiSignIn(app, '10.0.0.3', 'lecturer@demo.test', 'demo-password')).statusCode, 401, 'nor an API token')
  t.equal((await pageSignIn(app, '10.0.0.4', 'admin@demo.test', 'demo-password')).statusCode, 303, 'the operator signs in with a password')
  t.equal((await pageSignIn(app, '10.0.0.5', 'lecturer@college.test', 'demo-password')).statusCode, 303, 'another institution is not touched')
  const last = await app.inject({ method: 'DELETE', url: `/api/v1/identity-providers/${providerId}`, headers: auth(hr) })
  t.equal(last.statusCode, 409, 'the last way in is not removed')

  const page = await signIn(app, 'hr@college.test')
  t.equal((await browserPost(app, page, '/hr/sign-in/passwords', {})).statusCode, 400, 'a choice is needed')
  t.match((await browserPost(app, page, '/hr/sign-in/passwords', { passwords: 'off' })).body, escapeHtml(en.problems.passwordsNeedProvider({})))
  t.same((await put(true)).json(), { allowed: true, changed: true })
  t.equal((await pageSignIn(app, '10.0.0.6', 'lecturer@demo.test', 'demo-password')).statusCode, 303, 'passwords work again')
  t.same((await db.selectFrom('audit_log').select('data').where('action', '=', 'institution.passwordSignIn').orderBy('id').execute()).map((row) => row.data), [{ allowed: false }, { allowed: true }])
})

t.test('HR add a SAML IdP from its metadata on the page, and read what to give the federation', async (t) => {
  const { app, db } = await startTestApp(t)
  const hr = await signIn(app, 'hr@demo.test')
  const s = en.signInSettings
  const idp = createSamlIdp()
  const empty = await browserGet(app, hr, '/hr/sign-in')
  t.match(empty.body, `<h2 id="add-saml-title">${s.addSamlTitle}</h2>`)
  t.match(empty.body, '<input type="hidden" name="kind" value="saml">')

  const form = { kind: 'saml', name: 'SAFIRE <IdP>', metadataUrl: '', metadataXml: idp.metadata(), entityId: '', emailDomains: 'demo.test', 'claim-0': 'eduPersonAffiliation', 'value-0': 'faculty', 'roleProfile-0': '', 'department-0': '' }
  const noPlace = await browserPost(app, hr, '/hr/sign-in', form)
  t.equal(noPlace.statusCode, 400, 'a rule that places nobody')
  t.match(noPlace.body, s.invalid.mappings)
  const broken = await browserPost(app, hr, '/hr/sign-in', { ...form, 'claim-0': '', 'value-0': '', metadataXml: idp.metadata().replace('bindings:HTTP-Redirect', 'bindings:SOAP') }, { 'accept-language': 'fr' })
  t.equal(broken.statusCode, 400)
  t.match(broken.body, escapeHtml(fr.problems.samlMetadataUnusable({ fault: 'noRedirectSso', detail: '' })), 'why, in French')
  t.match(broken.body, 'value="SAFIRE &lt;IdP&gt;"', 'the form back as typed')
  t.match(broken.body, 'bindings:SOAP', 'the metadata pasted too')
  t.match(broken.body, '<input type="hidden" name="kind" value="saml">')
  t.equal((await db.selectFrom('identity_providers').select('id').execute()).length, 0, 'nothing refused was written')

  const added = await browserPost(app, hr, '/hr/sign-in', { ...form, 'claim-0': '', 'value-0': '' })
  t.equal(added.statusCode, 303, added.body.slice(0, 300))
  const stored = await db.selectFrom('identity_providers').selectAll().executeTakeFirstOrThrow()
  t.match(stored, { kind: 'saml', name: 'SAFIRE <IdP>', issuer: idp.entityId, client_id: '', sso_url: idp.ssoUrl, metadata_url: null, email_domains: ['demo.test'] })
  const page = await browserGet(app, hr, added.headers.location as string)
  t.match(page.body, `<a href="http://localhost/auth/saml/${stored.id}/metadata"><code>http://localhost/auth/saml/${stored.id}/metadata</code></a>`)
  t.match(page.body, `<dt>${s.acsUrl}</dt><dd><code>http://localhost/auth/saml/${stored.id}/acs</code></dd>`)
  t.match(page.body, `<dt>${s.idpSso}</dt><dd><code>${idp.ssoUrl}</code></dd>`)
  t.match(page.body, escapeHtml(s.certificate('CN=test-idp.saml.example', '')).slice(0, 40))
  t.notMatch(page.body, s.redirectUri, 'no OpenID redirect URI for a SAML provider')

  const renamed = await browserPost(app, hr, `/hr/sign-in/${stored.id}`, { ...form, name: 'SAFIRE', metadataXml: '', 'claim-0': '', 'value-0': '', issuer: 'https://ignored.test' })
  t.equal(renamed.statusCode, 303, 'the kind is the stored one: OpenID fields typed are not read')
  t.match(await db.selectFrom('identity_providers').select(['name', 'sso_url', 'issuer']).executeTakeFirstOrThrow(), { name: 'SAFIRE', sso_url: idp.ssoUrl, issuer: idp.entityId }, 'the metadata kept when none is given')
  const chinese = await browserGet(app, hr, '/hr/sign-in', { 'accept-language': 'zh-CN' })
  t.match(chinese.body, CATALOGUES.zh.signInSettings.spMetadata)
})
