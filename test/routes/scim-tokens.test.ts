import { createHash } from 'node:crypto'
import t from 'tap'
import { escapeHtml } from '../../views/html.js'
import { CATALOGUES } from '../../views/messages/index.js'
import { apiToken, browserGet, browserPost, signIn, startTestApp } from '../helpers/app.js'
import { makeScimToken, scimCaller, scimErrorOf } from '../helpers/scim.js'

const en = CATALOGUES.en
const fr = CATALOGUES.fr

t.test('HR make, list and revoke tokens from a page without JavaScript, in English and French; the token is shown once', async (t) => {
  const { app, db } = await startTestApp(t)
  const hr = await signIn(app, 'hr@demo.test')
  const p = en.provisioning
  t.match((await browserGet(app, hr, '/hr')).body, '<a href="/hr/provisioning">', 'the dashboard links to it')
  const empty = await browserGet(app, hr, '/hr/provisioning')
  t.equal(empty.statusCode, 200)
  t.match(empty.body, p.noTokens)
  t.match(empty.body, 'value="http://localhost/scim/v2"', 'the base URL to give the directory')
  t.equal((await browserGet(app, await signIn(app, 'lecturer@demo.test'), '/hr/provisioning')).statusCode, 403)

  const refused = await browserPost(app, hr, '/hr/provisioning/tokens', { label: `  ${'x'.repeat(101)}` }, { 'accept-language': 'fr' })
  t.equal(refused.statusCode, 400)
  t.match(refused.body, escapeHtml(fr.problems.scimTokenLabelInvalid({ max: 100 })))
  t.match(refused.body, `value="  ${'x'.repeat(101)}"`, 'what was typed comes back')
  t.equal((await db.selectFrom('scim_tokens').select('id').execute()).length, 0, 'nothing refused was written')
  const forged = await browserPost(app, hr, '/hr/provisioning/tokens', { label: 'Entra ID', _csrf: 'forged' })
  t.equal(forged.statusCode, 403, 'the form asks for its CSRF token')

  const made = await browserPost(app, hr, '/hr/provisioning/tokens', { label: 'Entra <ID>' })
  t.equal(made.statusCode, 200)
  t.equal(made.headers['cache-control'], 'no-store')
  const token = /id="scim-token" readonly value="(ct_scim_[A-Za-z0-9_-]{43})"/.exec(made.body)?.[1]
  t.ok(token, 'the token is on the answer page')
  t.match(made.body, escapeHtml(p.made('Entra <ID>')))
  const stored = await db.selectFrom('scim_tokens').selectAll().executeTakeFirstOrThrow()
  t.equal(stored.token_hash, createHash('sha256').update(token!).digest('hex'), 'only its SHA-256 is kept')
  t.notMatch(JSON.stringify(stored), token!, 'and never the token itself')
  const later = await browserGet(app, hr, '/hr/provisioning', { 'accept-language': 'fr' })
  t.notMatch(later.body, token!, 'never shown again')
  t.match(later.body, fr.provisioning.inUse)
  t.equal((await scimCaller(app, token!)('GET', '/Users?count=1')).statusCode, 200, 'the directory provisions with it')

  const revoked = await browserPost(app, hr, `/hr/provisioning/tokens/${stored.id}/revoke`, {})
  t.equal(revoked.headers.location, '/hr/provisioning?revoked=1#tokens-title')
  t.match((await browserGet(app, hr, '/hr/provisioning?revoked=1')).body, p.revoked)
  t.equal((await scimCaller(app, token!)('GET', '/Users?count=1')).statusCode, 401, 'a revoked token opens nothing')
  const collegeHr = await signIn(app, 'hr@college.test')
  await browserGet(app, collegeHr, '/hr/provisioning')
  t.equal((await browserPost(app, collegeHr, `/hr/provisioning/tokens/${stored.id}/revoke`, {})).statusCode, 404)
  t.same((await db.selectFrom('audit_log').select('action').where('entity', '=', 'scimToken').orderBy('id').execute()).map((entry) => entry.action), ['scimToken.create', 'scimToken.revoke'])
})

t.test('the tokens API; who may open /scim/v2 and what each caller can see', async (t) => {
  const { app, db } = await startTestApp(t)
  const hrApi = await apiToken(app, 'hr@demo.test')
  const made = await app.inject({ method: 'POST', url: '/api/v1/institution/scim-tokens', headers: { authorization: `Bearer ${hrApi}` }, payload: { label: 'Okta' } })
  t.equal(made.statusCode, 201)
  t.match(made.json(), { id: Number, token: /^ct_scim_/, label: 'Okta', createdAt: String })
  const listed = await app.inject({ method: 'GET', url: '/api/v1/institution/scim-tokens', headers: { authorization: `Bearer ${hrApi}` } })
  t.match(listed.json(), [{ id: made.json().id, label: 'Okta', lastUsedAt: null, revokedAt: null }])
  t.notMatch(listed.body, made.json().token, 'a listing never holds a token')
  const demo = scimCaller(app, made.json().token)
  const college = scimCaller(app, (await makeScimToken(app, 'hr@college.test', 'College')).token)
  const collegeHrApi = await apiToken(app, 'hr@college.test')
  t.equal((await app.inject({ method: 'DELETE', url: `/api/v1/institution/scim-tokens/${made.json().id}`, headers: { authorization: `Bearer ${collegeHrApi}` } })).statusCode, 404, 'another institution’s token is not theirs to revoke')

  const ama = (await demo('POST', '/Users', { userName: 'ama@demo.test' })).json().id as string
  const group = (await demo('POST', '/Groups', { displayName: 'Demo group', members: [{ value: ama }] })).json().id as string
  const before = await db.selectFrom('users').select(['email', 'name', 'disabled_at']).where('id', '=', Number(ama)).executeTakeFirstOrThrow()
  for (const [method, url, body] of [['GET', `/Users/${ama}`], ['PUT', `/Users/${ama}`, { userName: 'taken@college.test' }], ['PATCH', `/Users/${ama}`, { Operations: [{ op: 'replace', value: { active: false } }] }], ['DELETE', `/Users/${ama}`], ['GET', `/Groups/${group}`], ['PATCH', `/Groups/${group}`, { Operations: [{ op: 'remove', path: 'members' }] }], ['DELETE', `/Groups/${group}`]] as const) {
    const response = await college(method, url, body)
    t.equal(response.statusCode, 404, `another institution’s token: ${method} ${url}`)
    t.match(scimErrorOf(response), { schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '404' })
  }
  t.same(await db.selectFrom('users').select(['email', 'name', 'disabled_at']).where('id', '=', Number(ama)).executeTakeFirstOrThrow(), before, 'nothing of Demo University’s person changed')
  t.notMatch((await college('GET', '/Users')).body, '@demo.test', 'nor does it list them')
  t.equal((await college('GET', `/Users?filter=${encodeURIComponent('userName eq "ama@demo.test"')}`)).json().totalResults, 0)

  const hrSession = await signIn(app, 'hr@demo.test')
  const anonymous = await app.inject({ method: 'GET', url: '/scim/v2/Users' })
  t.equal(anonymous.statusCode, 401)
  t.match(anonymous.headers['content-type'], /^application\/scim\+json/)
  t.match(anonymous.headers['www-authenticate'], /^Bearer realm="SCIM"/)
  t.match(scimErrorOf(anonymous), { status: '401', detail: /Authorization: Bearer/ })
  const byCookie = await app.inject({ method: 'POST', url: '/scim/v2/Users', cookies: hrSession.cookies, headers: { 'content-type': 'application/json', 'x-csrf-token': hrSession.csrf }, payload: { userName: 'cookie@demo.test' } })
  t.equal(byCookie.statusCode, 401, 'HR’s browser session opens nothing here')
  t.equal((await app.inject({ method: 'GET', url: '/scim/v2/Users', headers: { authorization: `Bearer ${hrApi}` } })).statusCode, 401, 'nor HR’s API token')
  t.equal((await app.inject({ method: 'GET', url: '/scim/v2/Users', headers: { authorization: 'Bearer ct_scim_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' } })).statusCode, 401, 'nor a made-up token')
  t.notOk(await db.selectFrom('users').select('id').where('email', '=', 'cookie@demo.test').executeTakeFirst())
  t.not((await db.selectFrom('scim_tokens').select('last_used_at').where('id', '=', made.json().id).executeTakeFirstOrThrow()).last_used_at, null, 'a token’s last use is kept')
  t.equal((await demo('GET', '/Nothing')).statusCode, 404)
  t.match(scimErrorOf(await demo('GET', '/Nothing')), { status: '404' })
})

t.test('an email of another institution or of the operator is refused as any taken one, saying nothing of whose', async (t) => {
  const { app, db } = await startTestApp(t)
  const scim = scimCaller(app, (await makeScimToken(app)).token)
  const count = async () => Number((await db.selectFrom('users').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n)
  const people = await count()
  const details = []
  for (const email of ['lecturer@college.test', 'admin@demo.test', 'HR@demo.test']) {
    const refused = await scim('POST', '/Users', { userName: email, emails: [{ value: email, primary: true }] })
    t.equal(refused.statusCode, 409, email)
    t.equal(scimErrorOf(refused).scimType, 'uniqueness')
    t.notMatch(refused.body.replaceAll(email, 'EMAIL'), /College|Demo University|operator|admin|institution/i, 'nothing says whose it is')
    details.push(scimErrorOf(refused).detail.replace(JSON.stringify(email), 'EMAIL'))
  }
  t.equal(new Set(details).size, 1, 'the same sentence for each')
  const ama = (await scim('POST', '/Users', { userName: 'ama@demo.test' })).json().id as string
  const moved = await scim('PATCH', `/Users/${ama}`, { Operations: [{ op: 'Replace', path: 'userName', value: 'lecturer@college.test' }] })
  t.equal(moved.statusCode, 409, 'nor can a person be renamed to it')
  t.equal(await count(), people + 1)
  t.equal((await db.selectFrom('users').select('email').where('id', '=', Number(ama)).executeTakeFirstOrThrow()).email, 'ama@demo.test')
})

t.test('hostile input: a SCIM 400 (or 413, 415) that says why, never a 500, and nothing written', async (t) => {
  const { app, db } = await startTestApp(t)
  const scim = scimCaller(app, (await makeScimToken(app)).token)
  const ama = (await scim('POST', '/Users', { userName: 'ama@demo.test', name: { givenName: 'Ama' } })).json().id as string
  const group = (await scim('POST', '/Groups', { displayName: 'G' })).json().id as string
  const snapshot = async () => JSON.stringify(await Promise.all(['users', 'scim_users', 'scim_groups', 'scim_group_members', 'audit_log'].map((table) => db.selectFrom(table as 'users').selectAll().execute())))
  const before = await snapshot()
  const cases: [string, 'POST' | 'PUT' | 'PATCH', string, unknown, number, string?, string?][] = [
    ['userName a number', 'POST', '/Users', { userName: 5 }, 400, 'invalidValue'],
    ['no userName', 'POST', '/Users', { name: { givenName: 'X' } }, 400, 'invalidValue'],
    ['userName no email and no emails', 'POST', '/Users', { userName: 'just-a-name' }, 400, 'invalidValue'],
    ['active maybe', 'POST', '/Users', { userName: 'x@demo.test', active: 'maybe' }, 400, 'invalidValue'],
    ['emails a string', 'POST', '/Users', { userName: 'x@demo.test', emails: 'x@demo.test' }, 400, 'invalidValue'],
    ['name a list', 'POST', '/Users', { userName: 'x@demo.test', name: [] }, 400, 'invalidValue'],
    ['a lone surrogate in a name', 'POST', '/Users', { userName: 'x@demo.test', name: { givenName: '\ud800' } }, 400, 'invalidValue'],
    ['a lone surrogate in userName', 'PATCH', `/Users/${ama}`, { Operations: [{ op: 'Replace', path: 'userName', value: 'a\udc00@demo.test' }] }, 400, 'invalidValue'],
    ['a control character', 'POST', '/Users', { userName: 'x@demo.test', displayName: 'a\u0007b' }, 400, 'invalidValue'],
    ['NUL', 'POST', '/Users', { userName: 'x\u0000@demo.test' }, 400, 'invalidValue'],
    ['a body that is a list', 'POST', '/Users', [], 400, 'invalidSyntax'],
    ['a body that is not JSON', 'POST', '/Users', '{"userName": ', 400, 'invalidSyntax'],
    ['a body as text', 'POST', '/Users', 'userName=x', 415, undefined, 'text/plain'],
    ['a body as a form', 'POST', '/Users', 'userName=x', 415, undefined, 'application/x-www-form-urlencoded'],
    ['a huge body', 'POST', '/Users', { userName: 'x@demo.test', displayName: 'x'.repeat(300_000) }, 413],
    ['a long name', 'POST', '/Users', { userName: 'x@demo.test', displayName: 'x'.repeat(201) }, 400, 'invalidValue'],
    ['an unknown op', 'PATCH', `/Users/${ama}`, { Operations: [{ op: 'move', path: 'active', value: false }] }, 400, 'invalidSyntax'],
    ['no Operations', 'PATCH', `/Users/${ama}`, { Operations: [] }, 400, 'invalidSyntax'],
    ['an unknown path', 'PATCH', `/Users/${ama}`, { Operations: [{ op: 'replace', path: 'salary', value: 1 }] }, 400, 'invalidPath'],
    ['a path that is not a path', 'PATCH', `/Users/${ama}`, { Operations: [{ op: 'replace', path: 'emails[type eq ', value: 1 }] }, 400, 'invalidPath'],
    ['a remove without a path', 'PATCH', `/Users/${ama}`, { Operations: [{ op: 'remove' }] }, 400, 'noTarget'],
    ['active removed', 'PATCH', `/Users/${ama}`, { Operations: [{ op: 'remove', path: 'active' }] }, 400, 'mutability'],
    ['a good op, then a bad one', 'PATCH', `/Users/${ama}`, { Operations: [{ op: 'replace', path: 'displayName', value: 'Changed' }, { op: 'replace', path: 'active', value: 'yes' }] }, 400, 'invalidValue'],
    ['a pathless replace of a string', 'PATCH', `/Users/${ama}`, { Operations: [{ op: 'replace', value: 'x' }] }, 400, 'invalidValue'],
    ['name replaced by a string', 'PATCH', `/Users/${ama}`, { Operations: [{ op: 'replace', path: 'name', value: 'x' }] }, 400, 'invalidValue'],
    ['members not a list of objects', 'PATCH', `/Groups/${group}`, { Operations: [{ op: 'add', path: 'members', value: ['1'] }] }, 400, 'invalidValue'],
    ['a member added by filter', 'PATCH', `/Groups/${group}`, { Operations: [{ op: 'add', path: `members[value eq "${ama}"]`, value: [{ value: ama }] }] }, 400, 'invalidPath'],
    ['a group without a name', 'PUT', `/Groups/${group}`, { members: [] }, 400, 'invalidValue'],
    ['a group name removed', 'PATCH', `/Groups/${group}`, { Operations: [{ op: 'remove', path: 'displayName' }] }, 400, 'mutability'],
  ]
  for (const [label, method, url, body, status, scimType, contentType] of cases) {
    const response = await scim(method, url, body, contentType)
    t.equal(response.statusCode, status, `${label}: ${response.body.slice(0, 200)}`)
    t.match(response.headers['content-type'], /^application\/scim\+json/, label)
    const error = scimErrorOf(response)
    t.match(error, { schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: String(status), detail: /\w{4,}/ }, label)
    if (scimType !== undefined) t.equal(error.scimType, scimType, label)
  }
  t.equal(await snapshot(), before, 'nothing refused was written')
  t.equal((await scim('GET', '/Users/abc')).statusCode, 404, 'an id that is no id')
  t.equal((await scim('GET', '/Users/99999999999')).statusCode, 404)
})

t.test('discovery: ServiceProviderConfig, ResourceTypes and Schemas as RFC 7643 describes them', async (t) => {
  const { app } = await startTestApp(t)
  const scim = scimCaller(app, (await makeScimToken(app)).token)
  const config = (await scim('GET', '/ServiceProviderConfig')).json()
  t.match(config, { schemas: ['urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig'], patch: { supported: true }, bulk: { supported: false }, filter: { supported: true, maxResults: 200 }, changePassword: { supported: false }, sort: { supported: false }, etag: { supported: false }, authenticationSchemes: [{ type: 'oauthbearertoken' }] })
  const types = (await scim('GET', '/ResourceTypes')).json()
  t.same(types.Resources.map((type: { id: string; endpoint: string }) => [type.id, type.endpoint]), [['User', '/Users'], ['Group', '/Groups']])
  t.equal((await scim('GET', '/ResourceTypes/User')).json().schema, 'urn:ietf:params:scim:schemas:core:2.0:User')
  const schemas = (await scim('GET', '/Schemas')).json()
  t.same(schemas.Resources.map((schema: { id: string }) => schema.id), ['urn:ietf:params:scim:schemas:core:2.0:User', 'urn:ietf:params:scim:schemas:core:2.0:Group'])
  t.ok(schemas.Resources[0].attributes.some((attribute: { name: string; uniqueness: string }) => attribute.name === 'userName' && attribute.uniqueness === 'server'))
  t.equal((await scim('GET', '/Schemas/urn:nothing')).statusCode, 404)
})
