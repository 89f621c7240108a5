import { readFileSync } from 'node:fs'
import Ajv2019 from 'ajv/dist/2019.js'
import addFormats from 'ajv-formats'
import { createLocalJWKSet, jwtVerify, type JWK } from 'jose'
import t from 'tap'
import { unbakePng } from '../../server/domain/badge-image.js'
import { credentialKeyFrom } from '../../server/secret.js'
import { createCredentialService } from '../../server/services/credentials.js'
import { createIssuerService } from '../../server/services/issuers.js'
import { createIssuerKeys } from '../../server/services/issuer-keys.js'
import { apiToken, browserGet, browserPost, competencyOf, signIn, startTestApp, TEST_JWT_SECRET } from '../helpers/app.js'

const ORIGIN = 'https://skills.iioe.test'
const ajv = new Ajv2019.default({ allErrors: true })
addFormats.default(ajv)
const validateOpenBadge = ajv.compile(JSON.parse(readFileSync(new URL('../fixtures/open-badges/ob_v3p0_achievementcredential_schema.json', import.meta.url), 'utf8')) as object)

const auth = (token: string) => ({ authorization: `Bearer ${token}` })
const count = (body: string, text: string) => body.split(text).length - 1

t.test('credentials in pages: the holder, the public check, completions, HR', async (t) => {
  const { app, db } = await startTestApp(t, { publicUrl: ORIGIN })
  const lecturer = await apiToken(app, 'lecturer@demo.test')
  const hr = await apiToken(app, 'hr@demo.test')
  const competency = await competencyOf(db, 'iioe-hew', 'PED.3')
  const person = await db.selectFrom('users').select(['id', 'institution_id']).where('email', '=', 'lecturer@demo.test').executeTakeFirstOrThrow()

  // A validated level at the person's target: the credential the pages show.
  await app.inject({ method: 'PUT', url: `/api/v1/me/targets/${competency.id}`, headers: auth(lecturer), payload: { level: 2 } })
  await app.inject({ method: 'PUT', url: `/api/v1/me/ratings/${competency.id}`, headers: auth(lecturer), payload: { level: 2, evidence: 'Redesigned the course' } })
  const asked = await app.inject({ method: 'POST', url: '/api/v1/me/review-requests', headers: auth(lecturer), payload: { competencyIds: [competency.id] } })
  await app.inject({ method: 'POST', url: `/api/v1/reviews/${asked.json().reviews[0].id}`, headers: auth(hr), payload: { decision: 'validate', level: 2, comment: 'Seen' } })
  const [held] = (await app.inject({ method: 'GET', url: '/api/v1/me/credentials', headers: auth(lecturer) })).json<{ id: string; credential: string; name: string }[]>()
  t.ok(held, 'issued')
  if (held === undefined) return

  t.test('the holder lists it with its downloads, and is told who sees it', async (t) => {
    const amina = await signIn(app, 'lecturer@demo.test')
    const page = await browserGet(app, amina, '/credentials')
    t.equal(page.statusCode, 200)
    t.match(page.body, 'Nobody finds it unless you share the link.')
    t.match(page.body, `<a href="/credentials/${held.id}">Public page</a>`)
    t.match(page.body, `<a href="/credentials/${held.id}/badge.png" download>Badge image (PNG)</a>`)
    t.match(page.body, `<a href="/credentials/${held.id}.jwt" download>`)
    t.match(page.body, '<a href="/credentials" aria-current="page">My credentials</a>')
    t.match((await browserGet(app, amina, '/reviews')).body, `<a href="/credentials/${held.id}">This level earned a credential</a>`)
    const mine = (await app.inject({ method: 'GET', url: '/api/v1/me/reviews', headers: auth(lecturer) })).json<{ status: string; credentialId: string | null }[]>()
    t.same(mine.map((review) => review.credentialId), [held.id])
    const baked = await app.inject({ method: 'GET', url: `/credentials/${held.id}/badge.png` })
    t.equal(baked.headers['content-type'], 'image/png')
    t.equal(unbakePng(baked.rawPayload), held.credential, 'the badge image carries the signed credential')
    const jwt = await app.inject({ method: 'GET', url: `/credentials/${held.id}.jwt` })
    t.equal(jwt.body, held.credential)
    t.match(jwt.headers['content-disposition'], `attachment; filename="credential-${held.id}.jwt"`)
    const json = await app.inject({ method: 'GET', url: `/credentials/${held.id.toUpperCase()}.json` })
    t.equal(json.statusCode, 200)
    t.equal(json.json<{ id: string }>().id, `${ORIGIN}/credentials/${held.id}`)
    t.ok(validateOpenBadge(json.json()))
    const exported = await app.inject({ method: 'GET', url: '/api/v1/me/export', headers: auth(lecturer) })
    t.match(exported.json<{ credentials: unknown[] }>().credentials, [{ id: held.id, kind: 'competency', revokedAt: null, credential: held.credential }], 'in the person’s own data')
    const image = await app.inject({ method: 'GET', url: `/issuers/${person.institution_id}/badge.png` })
    t.equal(image.headers['content-type'], 'image/png')
    t.equal(unbakePng(image.rawPayload), undefined, 'the achievement image carries nothing')
  })

  t.test('the public page checks it live, in the reader’s language, and shows nothing else of the person', async (t) => {
    const page = await app.inject({ method: 'GET', url: `/credentials/${held.id}`, headers: { 'accept-language': 'fr' } })
    t.equal(page.statusCode, 200)
    t.equal(page.headers['cache-control'], 'no-store')
    t.equal(page.headers['x-robots-tag'], 'noindex')
    t.match(page.body, 'Ce certificat est authentique')
    t.match(page.body, 'Sa signature correspond à la clé publiée par Demo University')
    t.equal(count(page.body, 'réussi'), 4, 'four checks passed')
    t.match(page.body, 'Amina Okafor')
    for (const hidden of ['lecturer@demo.test', 'Redesigned the course', 'Seen', 'Computer Science']) t.notMatch(page.body, hidden, `not “${hidden}”`)
    t.match(page.body, `href="${ORIGIN}/ims/case/v1p0/CFItems/`)
    const zh = await app.inject({ method: 'GET', url: `/credentials/${held.id}`, headers: { 'accept-language': 'zh-CN' } })
    t.match(zh.body, '此证书真实有效')
    t.equal((await app.inject({ method: 'GET', url: '/credentials/00000000-0000-4000-8000-000000000000' })).statusCode, 404)
    t.equal((await app.inject({ method: 'GET', url: '/credentials/../etc/passwd' })).statusCode, 404)
    t.equal((await app.inject({ method: 'GET', url: '/credentials/nope.json' })).statusCode, 404)
  })

  t.test('a completed programme: asked for, confirmed by a designer once, credited', async (t) => {
    const programme = await db.selectFrom('programmes').innerJoin('programme_competencies', 'programme_competencies.programme_id', 'programmes.id').select(['programmes.id', 'programmes.title']).where('programmes.published', '=', true).orderBy('programmes.id').executeTakeFirstOrThrow()
    const logged = await app.inject({ method: 'POST', url: '/api/v1/me/activities', headers: auth(lecturer), payload: { programmeId: programme.id, status: 'completed', startedAt: '2026-10-01', completedAt: '2026-11-20', certificateUrl: 'https://iioe.example/cert/1' } })
    t.equal(logged.statusCode, 201, logged.body)
    const activityId = logged.json<{ id: number }>().id
    const amina = await signIn(app, 'lecturer@demo.test')
    const page = await browserGet(app, amina, '/credentials')
    t.match(page.body, `action="/credentials/completions/${activityId}/ask"`)
    const ask = await browserPost(app, amina, `/credentials/completions/${activityId}/ask`, {})
    t.equal(ask.statusCode, 303)
    const again = await browserPost(app, amina, `/credentials/completions/${activityId}/ask`, {})
    t.equal(again.statusCode, 303, 'a double submit asks once')
    const asked = await browserGet(app, amina, ask.headers.location as string)
    t.match(asked.body, `You asked for “${programme.title}” to be confirmed.`)
    t.match(asked.body, 'Waiting for confirmation since')

    const otherLecturer = await db.selectFrom('users').select('email').where('email', 'like', '%@demo.test').where('role', '=', 'lecturer').where('email', '!=', 'lecturer@demo.test').orderBy('id').executeTakeFirstOrThrow()
    // A colleague who can sign in: the demo staff have no password of their own.
    const hash = await db.selectFrom('users').select('password_hash').where('email', '=', 'lecturer@demo.test').executeTakeFirstOrThrow()
    await db.updateTable('users').set({ password_hash: hash.password_hash }).where('email', '=', otherLecturer.email).execute()
    const colleague = await signIn(app, otherLecturer.email)
    await browserGet(app, colleague, '/credentials')
    t.equal((await browserPost(app, colleague, `/credentials/completions/${activityId}/ask`, {})).statusCode, 404, 'nobody asks for another')
    t.equal((await browserPost(app, colleague, `/credentials/completions/${activityId}/confirm`, {})).statusCode, 403, 'a lecturer confirms nothing')

    const mei = await signIn(app, 'designer@demo.test')
    const queue = await browserGet(app, mei, '/credentials')
    t.match(queue.body, 'Completions to confirm')
    t.match(queue.body, 'Amina Okafor')
    t.match(queue.body, 'href="https://iioe.example/cert/1" rel="noopener noreferrer nofollow"')
    const confirmed = await browserPost(app, mei, `/credentials/completions/${activityId}/confirm`, {})
    t.equal(confirmed.statusCode, 303)
    t.equal((await browserPost(app, mei, `/credentials/completions/${activityId}/confirm`, {})).statusCode, 303, 'confirming twice issues once')
    t.match((await browserGet(app, mei, confirmed.headers.location as string)).body, `Amina Okafor’s completion of “${programme.title}” is confirmed and the credential issued.`)
    const credentials = await db.selectFrom('credentials').select(['id', 'jwt', 'issued_by']).where('kind', '=', 'programme').execute()
    t.equal(credentials.length, 1)
    const jwks = (await app.inject({ method: 'GET', url: `/issuers/${person.institution_id}/jwks` })).json<{ keys: JWK[] }>()
    const { payload } = await jwtVerify(credentials[0]!.jwt, createLocalJWKSet(jwks), { issuer: `${ORIGIN}/issuers/${person.institution_id}`, algorithms: ['ES256'] })
    t.ok(validateOpenBadge(payload['vc']), JSON.stringify(validateOpenBadge.errors))
    const achievement = (payload['vc'] as { credentialSubject: { achievement: { achievementType: string; alignment: unknown[]; criteria: { narrative: string } } } }).credentialSubject.achievement
    t.equal(achievement.achievementType, 'Course')
    t.ok(achievement.alignment.length > 0, 'aligned to the competencies the programme develops')
    t.match(achievement.criteria.narrative, 'on 2026-11-20; Demo University confirmed the completion.')
    t.match((await browserGet(app, amina, '/credentials')).body, `<a href="/credentials/${credentials[0]!.id}">Issued</a>`)
  })

  t.test('HR: counts withheld below K, the level that earns one, revocation from the page', async (t) => {
    const farid = await signIn(app, 'hr@demo.test')
    const page = await browserGet(app, farid, '/hr/credentials')
    t.equal(page.statusCode, 200)
    t.match(page.body, '<a href="/hr/credentials" aria-current="page">Credentials</a>')
    t.match(page.body, '<td><span class="muted">fewer than 5</span></td>', 'one holder is not shown as a number')
    t.notMatch(page.body, /<td>1<\/td>/)
    const framework = String(competency.frameworkId)
    const offScale = await browserPost(app, farid, '/hr/credentials/levels', { framework, [`level-${competency.id}`]: '9' })
    t.equal(offScale.statusCode, 400)
    t.match(offScale.body, 'The level for PED.3 must be one of 1, 2, 3')
    const saved = await browserPost(app, farid, '/hr/credentials/levels', { framework, [`level-${competency.id}`]: '1' })
    t.equal(saved.statusCode, 303)
    t.match((await browserGet(app, farid, saved.headers.location as string)).body, 'One level changed.')
    t.same(await db.selectFrom('credential_levels').select(['competency_id', 'level']).execute(), [{ competency_id: competency.id, level: 1 }])

    const unknown = await browserPost(app, farid, '/hr/credentials/revoke', { credential: `${ORIGIN}/credentials/00000000-0000-4000-8000-000000000000`, reason: 'kept <b>text</b>' })
    t.equal(unknown.statusCode, 404)
    t.match(unknown.body, 'No credential of your institution has this address.')
    t.match(unknown.body, 'kept &lt;b&gt;text&lt;/b&gt;', 'the reason is kept, escaped')
    const revoked = await browserPost(app, farid, '/hr/credentials/revoke', { credential: `${ORIGIN}/credentials/${held.id}`, reason: 'Evidence found false' })
    t.equal(revoked.statusCode, 303)
    const check = await app.inject({ method: 'GET', url: `/credentials/${held.id}`, headers: { 'accept-language': 'zh' } })
    t.match(check.body, '此证书已被撤销')
    t.match(check.body, 'verdict-revoked')
  })

  t.test('a tampered credential shows as unverifiable, with nothing of what it says', async (t) => {
    const [head, body, signature] = held.credential.split('.') as [string, string, string]
    const claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'))
    claims.vc.name = 'Forged achievement'
    await db.updateTable('credentials').set({ jwt: `${head}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}` }).where('id', '=', held.id).execute()
    t.teardown(() => db.updateTable('credentials').set({ jwt: held.credential }).where('id', '=', held.id).execute())
    const page = await app.inject({ method: 'GET', url: `/credentials/${held.id}` })
    t.match(page.body, 'This credential could not be verified')
    t.notMatch(page.body, 'Forged achievement')
    t.notMatch(page.body, 'Amina Okafor')
  })

  t.test('expiry, and a changed secret: new keys sign, old credentials still verify', async (t) => {
    const later = new Date(Date.now() + 25 * 31 * 86_400_000)
    const rotated = createCredentialService(db, createIssuerKeys(db, credentialKeyFrom('another-secret-that-is-long-enough-1234')), { origin: ORIGIN }, () => later)
    const stillFine = createCredentialService(db, createIssuerKeys(db, credentialKeyFrom(TEST_JWT_SECRET)), { origin: ORIGIN }, () => new Date())
    const programmeCredential = await db.selectFrom('credentials').select('id').where('kind', '=', 'programme').executeTakeFirstOrThrow()
    t.match(await rotated.check(held.id), { state: 'revoked' })
    t.match(await rotated.check(programmeCredential.id), { state: 'valid' }, 'a completion does not expire')
    const competencyCredential = await db.transaction().execute((trx) => rotated.forValidation(trx, { institutionId: person.institution_id, userId: person.id, competencyId: competency.id, level: 1, issuedBy: person.id }))
    t.ok(competencyCredential, 'issued at the institution’s level 1')
    t.equal((await createIssuerService(db, createIssuerKeys(db, credentialKeyFrom(TEST_JWT_SECRET)), { origin: ORIGIN }, () => later).jwks(person.institution_id)).keys.length, 2, 'the old key stays published beside the new one')
    t.equal((await db.selectFrom('issuer_keys').select('id').where('retired_at', 'is not', null).execute()).length, 1)
    t.match(await stillFine.check(programmeCredential.id), { state: 'valid' }, 'what the old key signed still verifies')
    const expired = createCredentialService(db, createIssuerKeys(db, credentialKeyFrom(TEST_JWT_SECRET)), { origin: ORIGIN }, () => new Date(later.getTime() + 25 * 31 * 86_400_000))
    t.match(await expired.check(competencyCredential!), { state: 'expired', checks: { signature: true, expired: true } })
  })
})
