import { randomUUID } from 'node:crypto'
import { CompactEncrypt, compactDecrypt, exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from 'jose'
import type { Kysely } from 'kysely'
import type { Database } from '../db/schema.js'

/** The algorithm our credentials are signed with: ES256 (P-256), which Open Badges 3.0 allows for VC-JWT. */
export const SIGNING_ALGORITHM = 'ES256'

export interface SigningKey {
  readonly id: number
  /** The key's own identifier; its public address is `<issuer>/keys/<kid>`. */
  readonly kid: string
  readonly privateKey: CryptoKey
}

/**
 * Each institution's signing keys. The private key is generated here (jose, WebCrypto), encrypted
 * at once (JWE compact, `dir` + A256GCM) with the 256-bit key the environment gives, and kept only
 * so; the public key is kept as a JWK to publish. A key that the current environment key cannot open
 * (the secret was changed) is retired and replaced: it stays published, so what it signed verifies.
 *
 * ```ts
 * const keys = createIssuerKeys(db, environmentKey)
 * const key = await keys.signingKey(trx, institutionId)
 * ```
 */
export function createIssuerKeys(db: Kysely<Database>, environmentKey: Uint8Array) {
  if (environmentKey.length !== 32) throw new Error('the credential key must be 32 bytes')
  /** Opened private keys, by row id: a key never changes once written. */
  const opened = new Map<number, CryptoKey>()

  async function open(row: { id: number; private_jwe: string }): Promise<CryptoKey | undefined> {
    const known = opened.get(row.id)
    if (known !== undefined) return known
    let jwk: JWK
    try {
      const { plaintext } = await compactDecrypt(row.private_jwe, environmentKey)
      jwk = JSON.parse(new TextDecoder().decode(plaintext)) as JWK
    } catch {
      return undefined
    }
    const key = (await importJWK(jwk, SIGNING_ALGORITHM)) as CryptoKey
    opened.set(row.id, key)
    return key
  }

  return {
    /**
     * The institution's signing key, made on first use, in the caller's transaction. Two transactions
     * making the first key at once: one inserts, the other waits for it and takes that one.
     */
    async signingKey(trx: Kysely<Database>, institutionId: number): Promise<SigningKey> {
      for (let attempt = 0; attempt < 3; attempt += 1) {
        const current = await trx.selectFrom('issuer_keys').select(['id', 'kid', 'private_jwe']).where('institution_id', '=', institutionId).where('retired_at', 'is', null).executeTakeFirst()
        if (current !== undefined) {
          const privateKey = await open(current)
          if (privateKey !== undefined) return { id: current.id, kid: current.kid, privateKey }
          await trx.updateTable('issuer_keys').set({ retired_at: new Date() }).where('id', '=', current.id).where('retired_at', 'is', null).execute()
        }
        const kid = randomUUID()
        const pair = await generateKeyPair(SIGNING_ALGORITHM, { extractable: true })
        const publicJwk = { ...(await exportJWK(pair.publicKey)), kid, alg: SIGNING_ALGORITHM, use: 'sig' }
        const privateJwe = await new CompactEncrypt(new TextEncoder().encode(JSON.stringify(await exportJWK(pair.privateKey))))
          .setProtectedHeader({ alg: 'dir', enc: 'A256GCM' })
          .encrypt(environmentKey)
        const made = await trx
          .insertInto('issuer_keys')
          .values({ institution_id: institutionId, kid, public_jwk: JSON.stringify(publicJwk), private_jwe: privateJwe })
          .onConflict((oc) => oc.column('institution_id').where('retired_at', 'is', null).doNothing())
          .returning('id')
          .executeTakeFirst()
        if (made !== undefined) {
          opened.set(made.id, pair.privateKey)
          return { id: made.id, kid, privateKey: pair.privateKey }
        }
      }
      throw new Error(`no signing key could be made for institution ${institutionId}`)
    },

    /** Every public key the institution ever signed with (a JWK Set): retired keys verify what they signed. */
    async publicKeys(institutionId: number): Promise<JWK[]> {
      const rows = await db.selectFrom('issuer_keys').select('public_jwk').where('institution_id', '=', institutionId).orderBy('id').execute()
      return rows.map((row) => row.public_jwk as JWK)
    },

    /** One public key, by its row or its kid. */
    async publicKey(where: { readonly id: number } | { readonly institutionId: number; readonly kid: string }): Promise<JWK | undefined> {
      let query = db.selectFrom('issuer_keys').select('public_jwk')
      query = 'id' in where ? query.where('id', '=', where.id) : query.where('institution_id', '=', where.institutionId).where('kid', '=', where.kid)
      const row = await query.executeTakeFirst()
      return row === undefined ? undefined : (row.public_jwk as JWK)
    },
  }
}

export type IssuerKeys = ReturnType<typeof createIssuerKeys>
