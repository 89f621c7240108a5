import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import Ajv2019 from 'ajv/dist/2019.js'
import addFormats from 'ajv-formats'
import type { FastifyInstance } from 'fastify'
import { createLocalJWKSet, decodeProtectedHeader, exportJWK, generateKeyPair, jwtVerify, SignJWT, type JWK } from 'jose'
import { sql } from 'kysely'
import t from 'tap'
import { statusListHas } from '../../server/domain/open-badge.js'
import { credentialKeyFrom } from '../../server/secret.js'
import { createCredentialService } from '../../server/services/credentials.js'
import { createIssuerKeys } from '../../server/services/issuer-keys.js'
import { apiToken, competencyOf, createInstitutionWithUser, startTestApp } from '../helpers/app.js'
import { createTestDatabase } from '../helpers/database.js'
import { waitFor } from '../helpers/processes.js'

const ORIGIN = 'https://skills.iioe.test'
const schema = JSON.parse(readFileSync(new URL('../fixtures/open-badges/ob_v3p0_achievementcredential_schema.json', import.meta.url), 'utf8')) as object
const ajv = new Ajv2019.default({ allErrors: true })
addFormats.default(ajv)
const validateOpenBadge = ajv.compile(schema)

const auth = (token: string) => ({ authorization: `Bearer ${token}` })

/** What a verifier fetches from the issuer's published addresses (through the app, as a client would). */
async function published(app: FastifyInstance, url: string) {
  if (!url.startsWith(ORIGIN)) throw new Error(`${url} is not one of ours`)
  return app.inject({ method: 'GET', url: url.slice(ORIGIN.length) })
}

interface HeldJson {
  id: string
  kind: string
  competencyId: number | null
  level: number | null
  name: string
  url: string
  credential: string
  revokedAt: string | null
  expiresAt: string | null
}

t.test('a validated level at the target earns an Open Badges 3.0 credential that verifies against the published key', async (t) => {
  const { app, db } = await startTestApp(t, { publicUrl: ORIGIN })
  const lecturer = await apiToken(app, 'lecturer@demo.test')
  const hr = await apiToken(app, 'hr@demo.test')
  const competency = await competencyOf(db, 'iioe-hew', 'PED.3')
  const person = await db.selectFrom('users').select(['id', 'institution_id']).where('email', '=', 'lecturer@demo.test').executeTakeFirstOrThrow()
  const issuerId = `${ORIGIN}/issuers/${person.institution_id}`

  t.equal((await app.inject({ method: 'PUT', url: `/api/v1/me/targets/${competency.id}`, headers: auth(lecturer), payload: { level: 3 } })).statusCode, 200)
  t.equal((await app.inject({ method: 'PUT', url: `/api/v1/me/ratings/${competency.id}`, headers: auth(lecturer), payload: { level: 3, evidence: 'Redesigned the course' } })).statusCode, 200)

  /** The person asks; HR (their reviewer) decides at this level. */
  async function reviewedAt(level: number) {
    const asked = await app.inject({ method: 'POST', url: '/api/v1/me/review-requests', headers: auth(lecturer), payload: { competencyIds: [competency.id] } })
    t.equal(asked.statusCode, 201, asked.body)
    const reviewId = asked.json<{ reviews: { id: number }[] }>().reviews[0]!.id
    const decided = await app.inject({ method: 'POST', url: `/api/v1/reviews/${reviewId}`, headers: auth(hr), payload: { decision: 'validate', level, comment: `Seen at ${level}` } })
    t.equal(decided.statusCode, 200, decided.body)
  }
  const held = async () => (await app.inject({ method: 'GET', url: '/api/v1/me/credentials', headers: auth(lecturer) })).json<HeldJson[]>()

  await reviewedAt(2)
  t.same(await held(), [], 'a level below the target earns nothing')
  t.equal(Number((await db.selectFrom('issuer_keys').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n), 0, 'nor makes a key')

  await reviewedAt(3)
  const [credential, ...others] = await held()
  t.equal(others.length, 0)
  t.ok(credential)
  if (credential === undefined) return
  t.match(credential, { kind: 'competency', competencyId: competency.id, level: 3, revokedAt: null, url: `${ORIGIN}/credentials/${credential.id}` })

  // An independent verifier: the key the header names, fetched from where it says, and jose's own check.
  const header = decodeProtectedHeader(credential.credential)
  t.equal(header.alg, 'ES256')
  t.equal(header.typ, 'JWT')
  t.match(header.kid, new RegExp(`^${issuerId}/keys/[0-9a-f-]{36}$`))
  const keyResponse = await published(app, header.kid!)
  t.equal(keyResponse.statusCode, 200)
  t.equal(keyResponse.headers['access-control-allow-origin'], '*')
  const jwks = (await published(app, `${issuerId}/jwks`)).json<{ keys: JWK[] }>()
  t.equal(jwks.keys.length, 1)
  t.same(keyResponse.json(), jwks.keys[0], 'the kid dereferences to the key in the JWK Set')
  t.notOk('d' in jwks.keys[0]!, 'no private part is published')
  const { payload, protectedHeader } = await jwtVerify(credential.credential, createLocalJWKSet(jwks), { issuer: issuerId, algorithms: ['ES256'], typ: 'JWT' })
  t.equal(protectedHeader.kid, header.kid)

  const vc = payload['vc'] as Record<string, any>
  t.ok(validateOpenBadge(vc), JSON.stringify(validateOpenBadge.errors))
  t.same(vc['@context'], ['https://www.w3.org/2018/credentials/v1', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'])
  t.same(vc['type'], ['VerifiableCredential', 'OpenBadgeCredential'])
  t.equal(vc['id'], credential.url)
  t.same(vc['issuer'], { id: issuerId, type: ['Profile'], name: 'Demo University' })
  // The VC-JWT claims Open Badges 3.0 requires, each from the credential.
  t.equal(payload.iss, issuerId)
  t.equal(payload.jti, vc['id'])
  t.equal(payload.sub, vc['credentialSubject'].id)
  t.equal(payload.nbf, Date.parse(vc['issuanceDate']) / 1000)
  t.equal(payload.exp, Date.parse(vc['expirationDate']) / 1000)
  const issued = new Date(vc['issuanceDate'])
  const expires = new Date(vc['expirationDate'])
  t.equal(expires.getUTCFullYear() * 12 + expires.getUTCMonth() - (issued.getUTCFullYear() * 12 + issued.getUTCMonth()), 24, 'it stands as long as the institution counts a rating current (24 months)')

  const subject = vc['credentialSubject']
  t.match(subject.id, /^urn:uuid:[0-9a-f-]{36}$/)
  const [emailIdentity, nameIdentity] = subject.identifier
  t.same(nameIdentity, { type: 'IdentityObject', identityHash: 'Amina Okafor', identityType: 'name', hashed: false })
  t.equal(emailIdentity.identityHash, `sha256$${createHash('sha256').update(`lecturer@demo.test${emailIdentity.salt}`).digest('hex')}`, 'the holder can prove the address is theirs')
  const item = await db.selectFrom('competencies').select(['case_identifier', 'title']).where('id', '=', competency.id).executeTakeFirstOrThrow()
  const achievement = subject.achievement
  t.equal(achievement.name, item.title)
  t.equal(achievement.humanCode, 'PED.3')
  t.equal(achievement.inLanguage, 'en')
  t.match(achievement.criteria.narrative, /validated level 3, "[^"]+", against its descriptor: /)
  t.same(achievement.alignment, [{ type: ['Alignment'], targetName: item.title, targetUrl: `${ORIGIN}/ims/case/v1p0/CFItems/${item.case_identifier}`, targetCode: 'PED.3', targetFramework: achievement.alignment[0].targetFramework, targetType: 'CFItem' }])
  const caseItem = await published(app, achievement.alignment[0].targetUrl)
  t.equal(caseItem.statusCode, 200, 'the alignment resolves to the CASE item')
  t.equal(caseItem.json<{ identifier: string }>().identifier, item.case_identifier)
  const rubric = achievement.resultDescription[0]
  t.equal(rubric.resultType, 'RubricCriterionLevel')
  t.same(
    rubric.rubricCriterionLevel.map((level: { level: string }) => level.level),
    ['1', '2', '3'],
  )
  t.same(subject.result, [{ type: ['Result'], resultDescription: rubric.id, achievedLevel: `${achievement.id}#level-3`, value: rubric.rubricCriterionLevel[2].name }])
  t.equal(credential.name, vc['name'])
  const profile = await published(app, issuerId)
  t.same(profile.json(), { '@context': ['https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'], id: issuerId, type: ['Profile'], name: 'Demo University', url: ORIGIN })

  t.test('a tampered credential, or one signed by another key under our kid, fails the check', async (t) => {
    const [head, body, signature] = credential.credential.split('.') as [string, string, string]
    const claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'))
    claims.vc.credentialSubject.result[0].achievedLevel = `${achievement.id}#level-4`
    const tampered = `${head}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}`
    await t.rejects(jwtVerify(tampered, createLocalJWKSet(jwks), { issuer: issuerId, algorithms: ['ES256'] }), { code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED' })
    const forger = await generateKeyPair('ES256')
    const forged = await new SignJWT(claims).setProtectedHeader({ alg: 'ES256', typ: 'JWT', kid: header.kid! }).sign(forger.privateKey)
    await t.rejects(jwtVerify(forged, createLocalJWKSet(jwks), { issuer: issuerId, algorithms: ['ES256'] }), { code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED' })
    t.match(await exportJWK(forger.publicKey), { kty: 'EC' })
    // The app's own page judges a tampered row the same way.
    await db.updateTable('credentials').set({ jwt: tampered }).where('id', '=', credential.id).execute()
    t.teardown(() => db.updateTable('credentials').set({ jwt: credential.credential }).where('id', '=', credential.id).execute())
    t.match(await app.services.credentials.check(credential.id), { state: 'invalid', checks: { signature: false }, credential: undefined })
  })

  t.test('the same level validated again is not credited twice', async (t) => {
    await reviewedAt(3)
    t.equal((await held()).length, 1)
  })

  t.test('the private key is kept only encrypted', async (t) => {
    const key = await db.selectFrom('issuer_keys').selectAll().executeTakeFirstOrThrow()
    t.same(JSON.parse(Buffer.from(key.private_jwe.split('.')[0]!, 'base64url').toString('utf8')), { alg: 'dir', enc: 'A256GCM' })
    t.notOk('d' in key.public_jwk)
    t.notMatch(key.private_jwe, /"d"/)
  })

  t.test('HR revokes it: the signed revocation list sets its bit, the check says revoked', async (t) => {
    const list = async () => {
      const response = await published(app, vc['credentialStatus'].statusListCredential)
      t.equal(response.headers['content-type'], 'application/vc+jwt')
      const { payload } = await jwtVerify(response.body, createLocalJWKSet(jwks), { issuer: issuerId, algorithms: ['ES256'], typ: 'vc+jwt' })
      t.same(payload['type'], ['VerifiableCredential', 'BitstringStatusListCredential'])
      return (payload['credentialSubject'] as { encodedList: string }).encodedList
    }
    const index = Number(vc['credentialStatus'].statusListIndex)
    t.match(vc['credentialStatus'], { type: 'BitstringStatusListEntry', statusPurpose: 'revocation', statusListCredential: `${issuerId}/status/revocation`, id: `${issuerId}/status/revocation#${index}` })
    t.equal(statusListHas(await list(), index), false)
    t.match(await app.services.credentials.check(credential.id), { state: 'valid', checks: { signature: true, issuer: true, expired: false, revoked: false } })

    const lecturerTries = await app.inject({ method: 'POST', url: `/api/v1/institution/credentials/${credential.id}/revoke`, headers: auth(lecturer), payload: {} })
    t.equal(lecturerTries.statusCode, 403)
    await createInstitutionWithUser(db, { institution: 'Elsewhere University', email: 'hr@elsewhere.test', role: 'hr' })
    const elsewhere = await app.inject({ method: 'POST', url: `/api/v1/institution/credentials/${credential.id}/revoke`, headers: auth(await apiToken(app, 'hr@elsewhere.test')), payload: {} })
    t.equal(elsewhere.statusCode, 404, 'another institution cannot revoke it')
    t.equal(statusListHas(await list(), index), false)

    const revoked = await app.inject({ method: 'POST', url: `/api/v1/institution/credentials/${credential.id}/revoke`, headers: auth(hr), payload: { reason: 'Issued in error' } })
    t.equal(revoked.statusCode, 200, revoked.body)
    t.match(revoked.json(), { id: credential.id, changed: true })
    const again = await app.inject({ method: 'POST', url: `/api/v1/institution/credentials/${credential.id.toUpperCase()}/revoke`, headers: auth(hr), payload: {} })
    t.match(again.json(), { id: credential.id, changed: false })
    t.equal(statusListHas(await list(), index), true)
    t.match(await app.services.credentials.check(credential.id), { state: 'revoked', checks: { signature: true, revoked: true } })
    t.match((await held())[0], { id: credential.id, revokedAt: revoked.json<{ revokedAt: string }>().revokedAt })
    const audit = await db.selectFrom('audit_log').select(['action', 'entity_id']).where('action', 'like', 'credential.%').orderBy('id').execute()
    t.same(audit, [
      { action: 'credential.issue', entity_id: credential.id },
      { action: 'credential.revoke', entity_id: credential.id },
    ])
    t.equal((await app.inject({ method: 'POST', url: '/api/v1/institution/credentials/not-a-credential/revoke', headers: auth(hr), payload: {} })).statusCode, 404)
    t.equal((await app.inject({ method: 'POST', url: `/api/v1/institution/credentials/${credential.id}/revoke`, headers: auth(hr), payload: { reason: 'x'.repeat(501) } })).statusCode, 400)
  })

  t.test('two app processes making the first key and issuing at once: one key, one credential each, distinct places in the list', async (t) => {
    const fresh = await createTestDatabase()
    t.teardown(() => fresh.close())
    // Two processes: each its own service and key cache, one database.
    const processes = [0, 1].map(() => createCredentialService(fresh.db, createIssuerKeys(fresh.db, credentialKeyFrom('the-same-secret-in-every-process-123')), { origin: ORIGIN }, () => new Date()))
    const demo = await fresh.db.selectFrom('users').select(['id', 'institution_id']).where('email', 'like', '%@demo.test').where('role', '=', 'lecturer').orderBy('id').limit(2).execute()
    const item = await competencyOf(fresh.db, 'iioe-hew', 'PED.3')
    await fresh.db.insertInto('credential_levels').values({ institution_id: demo[0]!.institution_id, competency_id: item.id, level: 1 }).execute()
    const [first, second] = demo.map((person) => ({ institutionId: person.institution_id, userId: person.id, competencyId: item.id, level: 2, issuedBy: person.id }))
    // The first process has made the key, not yet committed, when the second looks for one: the second
    // then makes its own, waits on the first's (one signing key per institution), and takes it.
    let reached!: () => void
    const atGate = new Promise<void>((resolve) => (reached = resolve))
    let open!: () => void
    const gate = new Promise<void>((resolve) => (open = resolve))
    const one = fresh.db.transaction().execute(async (trx) => {
      const id = await processes[0]!.forValidation(trx, first!)
      reached()
      await gate
      return id
    })
    await atGate
    const two = fresh.db.transaction().execute((trx) => processes[1]!.forValidation(trx, second!))
    await waitFor('the second process to wait on the first one\'s key', async () => Number((await sql<{ n: string }>`select count(*) as n from pg_locks where not granted`.execute(fresh.db)).rows[0]!.n) > 0, 10_000)
    open()
    const issued = await Promise.all([one, two])
    t.equal(issued.filter((id) => id !== undefined).length, 2)
    t.equal((await fresh.db.selectFrom('issuer_keys').select('id').execute()).length, 1, 'one signing key')
    const places = await fresh.db.selectFrom('credentials').select('status_index').execute()
    t.equal(new Set(places.map((row) => row.status_index)).size, 2)
    const again = await Promise.all(processes.map((service) => fresh.db.transaction().execute((trx) => service.forValidation(trx, { institutionId: demo[0]!.institution_id, userId: demo[0]!.id, competencyId: item.id, level: 2, issuedBy: demo[0]!.id }))))
    t.same(again, [undefined, undefined], 'a level already credited is not credited again')
  })

  t.test('unknown issuers and keys are 404', async (t) => {
    t.equal((await app.inject({ method: 'GET', url: '/issuers/999999' })).statusCode, 404)
    const college = await db.selectFrom('institutions').select('id').where('name', '=', 'Demo College').executeTakeFirstOrThrow()
    for (const path of ['', '/jwks', '/badge.png', '/status/revocation']) t.equal((await app.inject({ method: 'GET', url: `/issuers/${college.id}${path}` })).statusCode, 404, `an institution that issued nothing is no issuer: ${path || 'profile'}`)
    t.equal((await app.inject({ method: 'GET', url: '/issuers/abc/jwks' })).statusCode, 404)
    t.equal((await app.inject({ method: 'GET', url: `/issuers/${person.institution_id}/keys/nope` })).statusCode, 404)
    t.equal((await app.inject({ method: 'GET', url: '/issuers/999999/status/revocation' })).statusCode, 404)
  })
})
