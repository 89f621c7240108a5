import { createHash, randomBytes, randomInt, randomUUID } from 'node:crypto'
import { decodeProtectedHeader, importJWK, jwtVerify, SignJWT, type JWK } from 'jose'
import { sql, type Kysely } from 'kysely'
import { v5 as uuidv5 } from 'uuid'
import type { Database } from '../db/schema.js'
import { CASE_ID_NAMESPACE } from '../domain/case-identity.js'
import { REVOKE_REASON_MAX } from '../domain/credentials.js'
import type { LevelDescriptor } from '../domain/framework.js'
import {
  credentialAddresses,
  credentialClaims,
  openBadgeCredential,
  STATUS_LIST_LENGTH,
  type AlignedItem,
  type CredentialKind,
  type CredentialLanguage,
  type CredentialState,
  type LevelStep,
  type OpenBadgeCredential,
} from '../domain/open-badge.js'
import type { Scale } from '../domain/scale.js'
import type { Translations } from '../domain/translations.js'
import { auditBy } from './audit.js'
import { InvalidInputError, NotFoundError } from './errors.js'
import { SIGNING_ALGORITHM, type IssuerKeys } from './issuer-keys.js'
import type { SessionUser } from './users.js'

/** A credential as its holder lists it. */
export interface HeldCredential {
  readonly id: string
  readonly kind: CredentialKind
  readonly competencyId: number | null
  readonly programmeId: number | null
  readonly level: number | null
  /** The credential's name as issued (in the holder's language then). */
  readonly name: string
  readonly issuedAt: Date
  readonly expiresAt: Date | null
  readonly revokedAt: Date | null
  /** The signed credential: a compact VC-JWT. */
  readonly credential: string
}

/** What the public verification page shows: the checks made now, and what the credential says. */
export interface CredentialCheck {
  readonly id: string
  readonly state: CredentialState
  readonly checks: { readonly signature: boolean; readonly issuer: boolean; readonly expired: boolean; readonly revoked: boolean }
  readonly kind: CredentialKind
  readonly institutionId: number
  readonly competencyId: number | null
  readonly programmeId: number | null
  readonly level: number | null
  /** The credential as signed (undefined when its signature does not hold: nothing of it is shown). */
  readonly credential: OpenBadgeCredential | undefined
  readonly issuedAt: Date
  readonly expiresAt: Date | null
  readonly revokedAt: Date | null
}

/** Where credentials and their issuers live on the web (PUBLIC_URL, else where the app listens). */
export interface CredentialAddresses {
  readonly origin: string
}

/**
 * Open Badges 3.0 credentials: a validated competency level (at or above the level the institution
 * chose for the competency, else the person's target) and a programme completion HR or a designer
 * confirmed are each issued as an `OpenBadgeCredential`, signed as a VC-JWT with the institution's
 * key, in the transaction that validated or confirmed. The institution is the issuer: its profile,
 * its keys (JWK Set) and its revocation list (Bitstring Status List) are published at stable
 * addresses under `/issuers/<id>`; each credential at `/credentials/<uuid>`.
 *
 * ```ts
 * const credentials = createCredentialService(db, keys, { origin: 'https://tracker.example' }, () => new Date())
 * await credentials.forValidation(trx, { institutionId, userId, competencyId, level: 3, issuedBy: reviewer.id })
 * await credentials.check(id) // { state: 'valid', checks: { signature: true, … }, … }
 * ```
 */
export function createCredentialService(db: Kysely<Database>, keys: IssuerKeys, addresses: CredentialAddresses, now: () => Date) {
  const { issuerId, listUrl, credentialUrl, keyUrl, caseUri } = credentialAddresses(addresses.origin)

  /** The credential's language: the holder's, where we write credentials in it. */
  const languageOf = (locale: string | null): CredentialLanguage => (locale === 'fr' || locale === 'zh' ? locale : 'en')
  const translated = (text: string, translations: Translations | undefined, language: string, field: 'title' | 'label' | 'description' = 'title') => translations?.[language]?.[field] ?? text

  /** The holder as the credential names them: a per-issuer uuid, their name, their email hashed with a salt. */
  function holderOf(person: { id: number; institutionId: number; name: string; email: string }) {
    const salt = randomBytes(12).toString('base64url')
    return {
      id: `urn:uuid:${uuidv5(`holder:${person.institutionId}:${person.id}`, CASE_ID_NAMESPACE)}`,
      name: person.name,
      emailHash: `sha256$${createHash('sha256').update(person.email.toLowerCase() + salt).digest('hex')}`,
      salt,
    }
  }


  /** Signs the credential and keeps it, at a free random place in the revocation list. */
  async function issue(
    trx: Kysely<Database>,
    row: { institutionId: number; userId: number; kind: CredentialKind; competencyId?: number; level?: number; activityId?: number; programmeId?: number; issuedBy: number },
    build: (id: string, status: { listUrl: string; index: number }) => OpenBadgeCredential,
  ): Promise<string | undefined> {
    const key = await keys.signingKey(trx, row.institutionId)
    const taken = await trx.selectFrom('credentials').select('status_index').where('institution_id', '=', row.institutionId).execute()
    const used = new Set(taken.map((entry) => entry.status_index))
    if (used.size >= STATUS_LIST_LENGTH / 2) throw new Error(`the revocation list of institution ${row.institutionId} is half full`)
    let id: string | undefined
    for (let attempt = 0; id === undefined; attempt += 1) {
      if (attempt === 4) throw new Error(`no free place in the revocation list of institution ${row.institutionId}`)
      let index = randomInt(STATUS_LIST_LENGTH)
      while (used.has(index)) index = randomInt(STATUS_LIST_LENGTH)
      const candidate = randomUUID()
      const credential = build(credentialUrl(candidate), { listUrl: listUrl(row.institutionId), index })
      const jwt = await new SignJWT(credentialClaims(credential)).setProtectedHeader({ alg: SIGNING_ALGORITHM, typ: 'JWT', kid: keyUrl(row.institutionId, key.kid) }).sign(key.privateKey)
      const made = await trx
        .insertInto('credentials')
        .values({
          id: candidate,
          institution_id: row.institutionId,
          user_id: row.userId,
          kind: row.kind,
          competency_id: row.competencyId ?? null,
          level: row.level ?? null,
          activity_id: row.activityId ?? null,
          programme_id: row.programmeId ?? null,
          issued_by: row.issuedBy,
          key_id: key.id,
          status_index: index,
          jwt,
          issued_at: new Date(credential.issuanceDate),
        })
        // Either the same competency and level (or completion) got its live credential meanwhile, or
        // another credential took this place in the list: the first ends here, the second tries again.
        .onConflict((oc) => oc.doNothing())
        .returning('id')
        .executeTakeFirst()
      if (made !== undefined) id = made.id
      else if (await live(trx, row)) return undefined
      else used.add(index)
    }
    await auditBy(trx, { id: row.issuedBy, institutionId: row.institutionId }, 'credential.issue', 'credential', id, {
      kind: row.kind,
      userId: row.userId,
      ...(row.competencyId === undefined ? { programmeId: row.programmeId } : { competencyId: row.competencyId }),
    })
    return id
  }

  /** Whether the person holds a live credential for this competency and level, or this completion. */
  async function live(trx: Kysely<Database>, row: { userId: number; competencyId?: number; level?: number; activityId?: number }): Promise<boolean> {
    let query = trx.selectFrom('credentials').select('id').where('user_id', '=', row.userId).where('revoked_at', 'is', null)
    query = row.activityId === undefined ? query.where('competency_id', '=', row.competencyId!).where('level', '=', row.level!) : query.where('activity_id', '=', row.activityId)
    return (await query.executeTakeFirst()) !== undefined
  }

  return {
    /**
     * Issues the credential a validation earns, in the validation's transaction: when the validated
     * level reaches the institution's level for the competency (else the person's target). A level
     * already credited (a live credential) is not credited twice. The id of the new credential, if any.
     */
    async forValidation(trx: Kysely<Database>, input: { readonly institutionId: number; readonly userId: number; readonly competencyId: number; readonly level: number; readonly issuedBy: number }): Promise<string | undefined> {
      const threshold = await sql<{ level: number | null }>`
        select coalesce(
          (select level from credential_levels where institution_id = ${input.institutionId} and competency_id = ${input.competencyId}),
          (select nullif(level, 0) from personal_targets where user_id = ${input.userId} and competency_id = ${input.competencyId}),
          case when exists (select 1 from personal_targets where user_id = ${input.userId} and competency_id = ${input.competencyId}) then null else
          (select t.level from users u
             join role_profiles held on held.id = u.role_profile_id
             join competencies c on c.id = ${input.competencyId}
             join role_profiles p on p.institution_id = u.institution_id and p.code = held.code and p.framework_id = c.framework_id
             join role_profile_targets t on t.role_profile_id = p.id and t.competency_id = c.id
           where u.id = ${input.userId}) end
        ) as level`.execute(trx)
      const reached = threshold.rows[0]?.level ?? null
      if (reached === null || input.level < reached) return undefined
      if (await live(trx, input)) return undefined
      const about = await trx
        .selectFrom('users')
        .innerJoin('institutions', 'institutions.id', 'users.institution_id')
        .innerJoin('competencies', (join) => join.on('competencies.id', '=', input.competencyId))
        .innerJoin('frameworks', 'frameworks.id', 'competencies.framework_id')
        .select([
          'users.name',
          'users.email',
          'users.locale',
          'institutions.name as institutionName',
          'institutions.stale_after_months as staleAfterMonths',
          'competencies.code',
          'competencies.title',
          'competencies.description',
          'competencies.translations',
          'competencies.level_descriptors as descriptors',
          'competencies.case_identifier as caseIdentifier',
          'frameworks.title as frameworkTitle',
          'frameworks.translations as frameworkTranslations',
          'frameworks.scale',
        ])
        .where('users.id', '=', input.userId)
        .where('users.institution_id', '=', input.institutionId)
        .executeTakeFirstOrThrow()
      const language = languageOf(about.locale)
      const scale = about.scale as Scale
      const descriptors = about.descriptors as Record<string, LevelDescriptor>
      const steps: LevelStep[] = scale.levels.map((entry) => {
        const descriptor = descriptors[String(entry.level)]
        return {
          level: entry.level,
          label: translated(descriptor?.label ?? entry.label, descriptor?.label === undefined ? entry.translations : descriptor.translations, language, 'label'),
          description: translated(descriptor?.description ?? entry.description, descriptor?.translations ?? entry.translations, language, 'description'),
        }
      })
      const issuedAt = now()
      const expiresAt = new Date(issuedAt)
      // A validated level stands as long as the institution counts a rating current.
      expiresAt.setUTCMonth(expiresAt.getUTCMonth() + about.staleAfterMonths)
      return issue(trx, { ...input, kind: 'competency' }, (id, status) =>
        openBadgeCredential({
          kind: 'competency',
          id,
          issuer: { id: issuerId(input.institutionId), name: about.institutionName },
          holder: holderOf({ id: input.userId, institutionId: input.institutionId, name: about.name, email: about.email }),
          issuedAt,
          expiresAt,
          language,
          status,
          achievementId: `urn:uuid:${uuidv5(`achievement:${input.institutionId}:${about.caseIdentifier}`, CASE_ID_NAMESPACE)}`,
          imageUrl: `${issuerId(input.institutionId)}/badge.png`,
          item: {
            code: about.code,
            title: translated(about.title, about.translations, language),
            description: translated(about.description, about.translations, language, 'description'),
            caseUri: caseUri(about.caseIdentifier),
            frameworkTitle: translated(about.frameworkTitle, about.frameworkTranslations, language),
          },
          scale: steps,
          scaleTitle: translated(scale.title ?? '', scale.translations, language),
          level: input.level,
        }),
      )
    },

    /** Issues the credential of a confirmed programme completion, in the confirmation's transaction. */
    async forCompletion(trx: Kysely<Database>, input: { readonly institutionId: number; readonly activityId: number; readonly issuedBy: number }): Promise<string | undefined> {
      const about = await trx
        .selectFrom('pd_activities')
        .innerJoin('users', 'users.id', 'pd_activities.user_id')
        .innerJoin('institutions', 'institutions.id', 'pd_activities.institution_id')
        .innerJoin('programmes', 'programmes.id', 'pd_activities.programme_id')
        .select([
          'pd_activities.user_id as userId',
          'programmes.id as programmeId',
          'programmes.code',
          'programmes.title',
          'programmes.description',
          'programmes.translations',
          'programmes.hours',
          'programmes.provider',
          'programmes.url',
          sql<string>`to_char(pd_activities.completed_at, 'YYYY-MM-DD')`.as('completedOn'),
          'users.name',
          'users.email',
          'users.locale',
          'institutions.name as institutionName',
        ])
        .where('pd_activities.id', '=', input.activityId)
        .where('pd_activities.institution_id', '=', input.institutionId)
        .executeTakeFirstOrThrow()
      const language = languageOf(about.locale)
      const aligned = await trx
        .selectFrom('programme_competencies as link')
        .innerJoin('competencies', 'competencies.id', 'link.competency_id')
        .innerJoin('frameworks', 'frameworks.id', 'competencies.framework_id')
        .select(['competencies.code', 'competencies.title', 'competencies.translations', 'competencies.case_identifier as caseIdentifier', 'frameworks.title as frameworkTitle', 'frameworks.translations as frameworkTranslations'])
        .where('link.programme_id', '=', about.programmeId)
        .orderBy('competencies.code')
        .execute()
      return issue(trx, { institutionId: input.institutionId, userId: about.userId, kind: 'programme', activityId: input.activityId, programmeId: about.programmeId, issuedBy: input.issuedBy }, (id, status) =>
        openBadgeCredential({
          kind: 'programme',
          id,
          issuer: { id: issuerId(input.institutionId), name: about.institutionName },
          holder: holderOf({ id: about.userId, institutionId: input.institutionId, name: about.name, email: about.email }),
          issuedAt: now(),
          language,
          status,
          achievementId: `urn:uuid:${uuidv5(`programme:${input.institutionId}:${about.code}`, CASE_ID_NAMESPACE)}`,
          imageUrl: `${issuerId(input.institutionId)}/badge.png`,
          programme: {
            code: about.code,
            title: translated(about.title, about.translations, language),
            description: translated(about.description, about.translations, language, 'description'),
            hours: about.hours,
            provider: about.provider,
            url: about.url,
          },
          aligned: aligned.map(
            (item): AlignedItem => ({ code: item.code, title: translated(item.title, item.translations, language), caseUri: caseUri(item.caseIdentifier), frameworkTitle: translated(item.frameworkTitle, item.frameworkTranslations, language) }),
          ),
          completedOn: about.completedOn,
        }),
      )
    },

    /** The holder's credentials, newest first. */
    async mine(user: SessionUser): Promise<HeldCredential[]> {
      const rows = await db
        .selectFrom('credentials')
        .select(['id', 'kind', 'competency_id as competencyId', 'programme_id as programmeId', 'level', 'issued_at as issuedAt', 'revoked_at as revokedAt', 'jwt'])
        .where('user_id', '=', user.id)
        .where('institution_id', '=', user.institutionId)
        .orderBy('issued_at', 'desc')
        .orderBy('id')
        .execute()
      return rows.map(({ jwt, ...row }) => {
        const credential = payloadOf(jwt)
        return { ...row, name: String(credential.name), issuedAt: new Date(row.issuedAt), expiresAt: credential.expirationDate === undefined ? null : new Date(credential.expirationDate), revokedAt: row.revokedAt === null ? null : new Date(row.revokedAt), credential: jwt }
      })
    },

    /**
     * Checks a credential as a verifier would, now: its signature against the issuer's published key
     * named in its header, that its issuer and id are ours, its expiry and its revocation. Undefined
     * for an id we never issued.
     */
    async check(id: string): Promise<CredentialCheck | undefined> {
      const row = await db
        .selectFrom('credentials')
        .select(['id', 'institution_id as institutionId', 'kind', 'competency_id as competencyId', 'programme_id as programmeId', 'level', 'jwt', 'issued_at as issuedAt', 'revoked_at as revokedAt'])
        .where('id', '=', id)
        .executeTakeFirst()
      if (row === undefined) return undefined
      let credential: OpenBadgeCredential | undefined
      let issuerHolds = false
      try {
        const header = decodeProtectedHeader(row.jwt)
        const prefix = keyUrl(row.institutionId, '')
        const kid = typeof header.kid === 'string' && header.kid.startsWith(prefix) ? header.kid.slice(prefix.length) : undefined
        const jwk = kid === undefined ? undefined : await keys.publicKey({ institutionId: row.institutionId, kid })
        if (jwk !== undefined) {
          // Expiry is judged below, so an expired credential still shows what it was.
          const { payload } = await jwtVerify(row.jwt, await importJWK(jwk as JWK, SIGNING_ALGORITHM), { algorithms: [SIGNING_ALGORITHM], currentDate: new Date(row.issuedAt) })
          credential = payload.vc as OpenBadgeCredential
          issuerHolds = payload.iss === issuerId(row.institutionId) && payload.jti === credentialUrl(row.id) && (credential.issuer as { id?: unknown }).id === payload.iss && credential.id === payload.jti
        }
      } catch {
        credential = undefined
      }
      const signature = credential !== undefined
      const expiresAt = credential?.expirationDate === undefined ? null : new Date(credential.expirationDate)
      const expired = expiresAt !== null && expiresAt.getTime() <= now().getTime()
      const revoked = row.revokedAt !== null
      const state: CredentialState = !signature || !issuerHolds ? 'invalid' : revoked ? 'revoked' : expired ? 'expired' : 'valid'
      return {
        id: row.id,
        state,
        checks: { signature, issuer: issuerHolds, expired, revoked },
        kind: row.kind,
        institutionId: row.institutionId,
        competencyId: row.competencyId,
        programmeId: row.programmeId,
        level: row.level,
        credential: signature && issuerHolds ? credential : undefined,
        issuedAt: new Date(row.issuedAt),
        expiresAt,
        revokedAt: row.revokedAt === null ? null : new Date(row.revokedAt),
      }
    },

    /** The signed credential, for anyone with its address (what the public page verifies). */
    async signed(id: string): Promise<string | undefined> {
      return (await db.selectFrom('credentials').select('jwt').where('id', '=', id).executeTakeFirst())?.jwt
    },

    /**
     * Revokes a credential of the actor's institution (HR): its bit is set in the revocation list and
     * its page says so from now on. Revoking it again changes nothing.
     */
    async revoke(actor: SessionUser, id: string, reason: string): Promise<{ readonly id: string; readonly revokedAt: Date; readonly changed: boolean }> {
      if (reason.trim().length > REVOKE_REASON_MAX) throw InvalidInputError.of('credentialReasonTooLong', { max: REVOKE_REASON_MAX }, { reason: `at most ${REVOKE_REASON_MAX} characters` })
      return db.transaction().execute(async (trx) => {
        const row = await trx.selectFrom('credentials').select(['id', 'revoked_at', 'user_id']).where('id', '=', id).where('institution_id', '=', actor.institutionId).forUpdate().executeTakeFirst()
        if (row === undefined) throw NotFoundError.of('notFound', { thing: 'credential', id })
        if (row.revoked_at !== null) return { id, revokedAt: new Date(row.revoked_at), changed: false }
        const revokedAt = now()
        await trx.updateTable('credentials').set({ revoked_at: revokedAt, revoked_by: actor.id, revoked_reason: reason.trim() }).where('id', '=', id).execute()
        await auditBy(trx, actor, 'credential.revoke', 'credential', id, { userId: row.user_id })
        return { id, revokedAt, changed: true }
      })
    },

  }
}

/** The credential a VC-JWT carries, read without checking (the holder's own list; `check` verifies). */
function payloadOf(jwt: string): OpenBadgeCredential {
  const payload = JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8')) as { vc: OpenBadgeCredential }
  return payload.vc
}

export type CredentialService = ReturnType<typeof createCredentialService>
