import { createHash, randomBytes } from 'node:crypto'
import { sql, type Kysely } from 'kysely'
import type { Database } from '../db/schema.js'
import { isPlainText } from '../domain/scim.js'
import { appendAudit, auditBy } from './audit.js'
import { InvalidInputError, NotFoundError } from './errors.js'
import type { SessionUser } from './users.js'

/** Who is calling the SCIM service: a token of one institution, which every change and lookup is scoped to. */
export interface ScimClient {
  readonly tokenId: number
  readonly institutionId: number
}

export interface ScimTokenSummary {
  readonly id: number
  readonly label: string
  readonly createdAt: Date
  readonly lastUsedAt: Date | null
  readonly revokedAt: Date | null
  /** Who made it (their name), while they are a person of the institution. */
  readonly createdBy: string | null
}

export const SCIM_TOKEN_LABEL_MAX = 100
/** Written before the random part, so a leaked token is recognised by secret scanners and by people. */
const TOKEN_PREFIX = 'ct_scim_'
/** last_used_at is written at most this often per token: not one write for every request of a sync. */
const LAST_USED_GRANULARITY = "interval '1 minute'"

/**
 * The bearer tokens an institution's directory provisions it with: HR make them (the token is shown
 * once and only its SHA-256 is kept), list them and revoke them. `authenticate` turns a presented
 * token into the institution it serves, or nothing for one unknown or revoked.
 *
 * ```ts
 * const tokens = createScimTokenService(db)
 * const { token } = await tokens.create(hrUser, 'Entra ID')
 * await tokens.authenticate(token) // { tokenId: 1, institutionId: 1 }
 * ```
 */
export function createScimTokenService(db: Kysely<Database>) {
  return {
    create(user: SessionUser, label: string): Promise<{ id: number; token: string; label: string; createdAt: Date }> {
      const clean = label.trim()
      if (clean === '' || clean.length > SCIM_TOKEN_LABEL_MAX || !isPlainText(clean)) throw InvalidInputError.of('scimTokenLabelInvalid', { max: SCIM_TOKEN_LABEL_MAX }, { label: 'required' })
      const token = `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`
      return db.transaction().execute(async (trx) => {
        const created = await trx
          .insertInto('scim_tokens')
          .values({ institution_id: user.institutionId, label: clean, token_hash: tokenHash(token), created_by: user.id })
          .returning(['id', 'label', 'created_at'])
          .executeTakeFirstOrThrow()
        await auditBy(trx, user, 'scimToken.create', 'scimToken', created.id, { label: clean })
        return { id: created.id, token, label: created.label, createdAt: created.created_at }
      })
    },

    /** The institution's tokens, newest first, revoked ones among them; never a token itself. */
    list(user: SessionUser): Promise<ScimTokenSummary[]> {
      return db
        .selectFrom('scim_tokens as t')
        .leftJoin('users as u', (join) => join.onRef('u.id', '=', 't.created_by').on('u.institution_id', '=', user.institutionId))
        .select(['t.id', 't.label', 't.created_at as createdAt', 't.last_used_at as lastUsedAt', 't.revoked_at as revokedAt', 'u.name as createdBy'])
        .where('t.institution_id', '=', user.institutionId)
        .orderBy('t.id', 'desc')
        .execute()
    },

    /** Revokes a token of the institution (again is nothing new); another institution's is not found. */
    revoke(user: SessionUser, id: number): Promise<void> {
      return db.transaction().execute(async (trx) => {
        const found = await trx.selectFrom('scim_tokens').select(['id', 'label', 'revoked_at']).where('id', '=', id).where('institution_id', '=', user.institutionId).forUpdate().executeTakeFirst()
        if (found === undefined) throw NotFoundError.of('notFound', { thing: 'scimToken', id })
        if (found.revoked_at !== null) return
        await trx.updateTable('scim_tokens').set({ revoked_at: new Date() }).where('id', '=', id).execute()
        await auditBy(trx, user, 'scimToken.revoke', 'scimToken', id, { label: found.label })
      })
    },

    /** The institution a presented token serves, or undefined for a token unknown or revoked. */
    async authenticate(token: string): Promise<ScimClient | undefined> {
      if (!token.startsWith(TOKEN_PREFIX) || token.length > 200) return undefined
      const found = await db.selectFrom('scim_tokens').select(['id', 'institution_id']).where('token_hash', '=', tokenHash(token)).where('revoked_at', 'is', null).executeTakeFirst()
      if (found === undefined) return undefined
      await db
        .updateTable('scim_tokens')
        .set({ last_used_at: new Date() })
        .where('id', '=', found.id)
        .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', sql<Date>`now() - ${sql.raw(LAST_USED_GRANULARITY)}`)]))
        .execute()
      return { tokenId: found.id, institutionId: found.institution_id }
    },
  }
}

export type ScimTokenService = ReturnType<typeof createScimTokenService>

/** The SHA-256 of a token, in hex: all that is kept of it. */
export function tokenHash(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex')
}

/** An audit entry for a change the directory made: no person acts, the token is named in the data. */
export function auditScim(trx: Kysely<Database>, client: ScimClient, action: string, entity: string, entityId: number, data: Readonly<Record<string, unknown>> = {}): Promise<void> {
  return appendAudit(trx, { institutionId: client.institutionId, actorId: null, action, entity, entityId, data: { scimToken: client.tokenId, ...data } })
}
