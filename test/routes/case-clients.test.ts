import t from 'tap'
import { loadConfig } from '../../server/config.js'
import { CASE_READ_SCOPE } from '../../server/http/case-clients.js'
import { apiToken, startTestApp } from '../helpers/app.js'

/**
 * With CASE_CLIENTS set, the CASE provider service answers only with a client-credentials token:
 * a wrong secret, another grant, another scope, a forged, expired or person's token are refused,
 * and a CASE token opens nothing else.
 */

const SECRET = 's3cret-of-the-state-case-consumer-0123456789'
const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`

t.test('CASE_CLIENTS: read and checked at start', async (t) => {
  t.same([...loadConfig({ CASE_CLIENTS: `state-board:${SECRET}, opensalt.mirror:${SECRET}x` }).caseClients], [['state-board', SECRET], ['opensalt.mirror', `${SECRET}x`]])
  t.equal(loadConfig({}).caseClients.size, 0, 'none by default: the service is public')
  for (const bad of ['state-board', 'state-board:short', `bad id:${SECRET}`, `a:${SECRET},a:${SECRET}`]) t.throws(() => loadConfig({ CASE_CLIENTS: bad }), /CASE_CLIENTS: a comma-separated list of client-id:secret/, bad)
})

t.test('the provider asks for a token, gives one to a client that proves itself, and takes nothing else', async (t) => {
  const { app } = await startTestApp(t, { caseClients: new Map([['state-board', SECRET]]) })
  const list = (authorization?: string) => app.inject({ method: 'GET', url: '/ims/case/v1p1/CFDocuments', headers: authorization === undefined ? {} : { authorization } })

  const closed = await list()
  t.equal(closed.statusCode, 401)
  t.match(closed.headers['www-authenticate'], `Bearer realm="CASE", scope="${CASE_READ_SCOPE}"`)
  t.match(closed.json(), { imsx_codeMajor: 'failure', imsx_codeMinor: { imsx_codeMinorField: [{ imsx_codeMinorFieldValue: 'unauthorised_request' }] } })
  t.match((await app.inject({ method: 'GET', url: '/ims/case/v1p0/CFDocuments' })).json(), { imsx_codeMinor: { imsx_codeMinorField: [{ imsx_codeMinorFieldValue: 'unauthorisedrequest' }] } }, 'CASE 1.0 spells it its way')
  t.equal((await app.inject({ method: 'GET', url: '/ims/case/v1p1/CFItems/00000000-0000-4000-8000-000000000000' })).statusCode, 401, 'nor does it say what exists')

  const token = (payload: string, authorization?: string) => app.inject({ method: 'POST', url: '/ims/case/v1p1/oauth2/token', headers: { 'content-type': 'application/x-www-form-urlencoded', ...(authorization === undefined ? {} : { authorization }) }, payload })
  const wrong = await token('grant_type=client_credentials', basic('state-board', `${SECRET}!`))
  t.same([wrong.statusCode, wrong.json().error, wrong.headers['www-authenticate']], [401, 'invalid_client', 'Basic realm="CASE"'], 'a wrong secret')
  t.same([(await token('grant_type=client_credentials', basic('someone', SECRET))).statusCode, (await token('grant_type=client_credentials')).statusCode], [401, 401], 'an unknown client, no client')
  t.same((await token('grant_type=password&username=a&password=b', basic('state-board', SECRET))).json().error, 'unsupported_grant_type')
  t.same((await token('grant_type=client_credentials&scope=admin', basic('state-board', SECRET))).json().error, 'invalid_scope')

  const given = await token(`grant_type=client_credentials&scope=${encodeURIComponent(CASE_READ_SCOPE)}`, basic('state-board', SECRET))
  t.equal(given.statusCode, 200, given.body)
  t.equal(given.headers['cache-control'], 'no-store')
  t.match(given.json(), { token_type: 'Bearer', expires_in: 3600, scope: CASE_READ_SCOPE, access_token: /^ey/ })
  const inForm = await token(`grant_type=client_credentials&client_id=state-board&client_secret=${encodeURIComponent(SECRET)}`)
  t.equal(inForm.statusCode, 200, 'the id and secret in the form work too')

  const bearer = `Bearer ${given.json().access_token as string}`
  const open = await list(bearer)
  t.equal(open.statusCode, 200)
  t.ok(open.json().CFDocuments.length > 0, 'the documents, with the token')
  t.equal((await app.inject({ method: 'GET', url: '/ims/case/v1p0/CFDocuments', headers: { authorization: bearer } })).statusCode, 200, 'in both versions')

  const person = await apiToken(app, 'admin@demo.test')
  t.equal((await list(`Bearer ${person}`)).statusCode, 401, "a person's token does not open the service")
  t.equal((await app.inject({ method: 'GET', url: '/api/v1/me/self-assessment/next', headers: { authorization: bearer } })).statusCode, 401, 'and a CASE token signs no one in')
  const forged = `${bearer.slice(0, -4)}AAAA`
  t.equal((await list(forged)).statusCode, 401, 'a forged token')
  const expired = app.jwt.sign({ sub: 0, ver: 0, purpose: 'case-read', client: 'state-board' }, { expiresIn: -10 })
  t.match((await list(`Bearer ${expired}`)).headers['www-authenticate'], 'error="invalid_token"', 'an expired token')
})

t.test('without CASE_CLIENTS the service is public and has no token endpoint', async (t) => {
  const { app } = await startTestApp(t)
  t.equal((await app.inject({ method: 'GET', url: '/ims/case/v1p1/CFDocuments' })).statusCode, 200)
  const asked = await app.inject({ method: 'POST', url: '/ims/case/v1p1/oauth2/token', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'grant_type=client_credentials' })
  t.same([asked.statusCode >= 400, asked.body.includes('access_token')], [true, false], 'no token is given')
})
