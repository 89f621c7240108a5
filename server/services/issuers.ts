import { SignJWT, type JWK } from 'jose'
import type { Kysely } from 'kysely'
import type { Database } from '../db/schema.js'
import { credentialAddresses, encodeStatusList, issuerProfile, statusListCredential } from '../domain/open-badge.js'
import { SIGNING_ALGORITHM, type IssuerKeys } from './issuer-keys.js'

/**
 * What verifiers fetch of an issuer (an institution that has issued credentials): its Open Badges
 * profile, its public keys, and its revocation list, signed now. Nothing of an institution that has
 * issued nothing: the addresses do not list the platform's institutions.
 *
 * ```ts
 * const issuers = createIssuerService(db, keys, { origin: 'https://tracker.example' }, () => new Date())
 * await issuers.jwks(3) // { keys: [{ kty: 'EC', crv: 'P-256', kid: 'https://tracker.example/issuers/3/keys/…', … }] }
 * ```
 */
export function createIssuerService(db: Kysely<Database>, keys: IssuerKeys, addresses: { readonly origin: string }, now: () => Date) {
  const { issuerId, listUrl, keyUrl, origin } = credentialAddresses(addresses.origin)
  return {
    /** The institution's issuer profile (undefined for an institution that has issued nothing, or is not there). */
    async issuer(institutionId: number): Promise<Record<string, unknown> | undefined> {
      const institution = await db
        .selectFrom('institutions')
        .select('name')
        .where('id', '=', institutionId)
        .where((eb) => eb.exists(eb.selectFrom('issuer_keys').select('id').whereRef('issuer_keys.institution_id', '=', 'institutions.id')))
        .executeTakeFirst()
      return institution === undefined ? undefined : issuerProfile({ id: issuerId(institutionId), name: institution.name, url: origin })
    },

    /** The institution's public keys, as a JWK Set, each named by the address a credential's `kid` gives. */
    async jwks(institutionId: number): Promise<{ keys: JWK[] }> {
      return { keys: (await keys.publicKeys(institutionId)).map((jwk) => ({ ...jwk, kid: keyUrl(institutionId, String(jwk.kid)) })) }
    },

    /** One public key by its kid: what a credential's `kid` dereferences to. */
    async key(institutionId: number, kid: string): Promise<JWK | undefined> {
      const jwk = await keys.publicKey({ institutionId, kid })
      return jwk === undefined ? undefined : { ...jwk, kid: keyUrl(institutionId, kid) }
    },

    /**
     * The institution's revocation list as a signed `BitstringStatusListCredential` (vc+jwt), made now
     * from the credentials revoked. Undefined for an institution that has issued nothing.
     */
    async revocationList(institutionId: number): Promise<string | undefined> {
      const signingKey = await db.selectFrom('issuer_keys').select('id').where('institution_id', '=', institutionId).executeTakeFirst()
      if (signingKey === undefined) return undefined
      const revoked = await db.selectFrom('credentials').select('status_index').where('institution_id', '=', institutionId).where('revoked_at', 'is not', null).execute()
      const at = now()
      const list = statusListCredential({ listUrl: listUrl(institutionId), issuerId: issuerId(institutionId), at, encodedList: encodeStatusList(revoked.map((row) => row.status_index)) })
      const key = await db.transaction().execute((trx) => keys.signingKey(trx, institutionId))
      return new SignJWT({ ...list, iss: issuerId(institutionId), iat: Math.floor(at.getTime() / 1000) })
        .setProtectedHeader({ alg: SIGNING_ALGORITHM, typ: 'vc+jwt', cty: 'vc', kid: keyUrl(institutionId, key.kid) })
        .sign(key.privateKey)
    },
  }
}

export type IssuerService = ReturnType<typeof createIssuerService>
