import type { Kysely } from 'kysely'
import type { Database } from '../db/schema.js'
import { OPERATOR_ROLE, type Role } from '../domain/roles.js'
import { sql } from 'kysely'
import { appendAudit } from './audit.js'
import { hashPassword, verifyAgainstDummy, verifyPassword } from './passwords.js'
import { createSessionCache, type SessionCache } from './session-cache.js'

/** Who is making a request, as every route sees it after sign-in. */
export interface SessionUser {
  readonly id: number
  readonly institutionId: number
  readonly institutionName: string
  /** After how many months a rating counts as stale at the user's institution. */
  readonly staleAfterMonths: number
  /** The institution's time zone (IANA name), in which its days and times are shown. */
  readonly timeZone: string
  readonly role: Role
  readonly name: string
  readonly email: string
  readonly locale: string | null
  readonly tokenVersion: number
}

/**
 * Users as sign-in sees them: checking a password, and finding the person behind a token.
 *
 * ```ts
 * const users = createUserService(db)
 * const user = await users.authenticate('lecturer@demo.test', 'demo-password')
 * ```
 */
export function createUserService(db: Kysely<Database>, sessionCache: SessionCache = createSessionCache()) {
  const sessionUsers = () =>
    db
      .selectFrom('users')
      .innerJoin('institutions', 'institutions.id', 'users.institution_id')
      .select([
        'users.id',
        'users.institution_id as institutionId',
        'institutions.name as institutionName',
        'institutions.stale_after_months as staleAfterMonths',
        'institutions.time_zone as timeZone',
        'users.role',
        'users.name',
        'users.email',
        'users.locale',
        'users.token_version as tokenVersion',
      ])
      .where('users.disabled_at', 'is', null)

  return {
    /**
     * The user with this email and password, or undefined. Takes as long for an unknown email as for a
     * wrong password, so the answer does not tell which emails exist.
     */
    async authenticate(email: string, password: string): Promise<SessionUser | undefined> {
      const found = await sessionUsers()
        .select('users.password_hash')
        .where((eb) => eb(eb.fn('lower', ['users.email']), '=', email.trim().toLowerCase()))
        // An institution that signs in only through its providers: its people's passwords open nothing (the operator's always do).
        .where((eb) => eb.or([eb('institutions.password_sign_in', '=', true), eb('users.role', '=', OPERATOR_ROLE)]))
        .executeTakeFirst()
      if (found?.password_hash == null) {
        await verifyAgainstDummy(password)
        return undefined
      }
      if (!(await verifyPassword(password, found.password_hash))) return undefined
      const { password_hash: _, ...user } = found
      return user
    },

    /** The current token version of a person (invitation links are signed with it). */
    async tokenVersionOf(id: number): Promise<number | undefined> {
      return (await db.selectFrom('users').select('token_version').where('id', '=', id).executeTakeFirst())?.token_version
    },

    /** Who an invitation is for, while it is still unused: their name and email. */
    async invited(id: number, tokenVersion: number): Promise<{ name: string; email: string } | undefined> {
      const found = await sessionUsers().where('users.id', '=', id).where('users.token_version', '=', tokenVersion).executeTakeFirst()
      return found === undefined ? undefined : { name: found.name, email: found.email }
    },

    /**
     * Sets the password of an invited person and uses the invitation up (the token version moves on, so
     * the link works once, and any older session ends). Undefined when the invitation was already used.
     */
    async acceptInvitation(id: number, tokenVersion: number, password: string): Promise<SessionUser | undefined> {
      const passwordHash = await hashPassword(password)
      const accepted = await db.transaction().execute(async (trx) => {
        const updated = await trx
          .updateTable('users')
          .set({ password_hash: passwordHash, token_version: sql<number>`token_version + 1` })
          .where('id', '=', id)
          .where('token_version', '=', tokenVersion)
          .where('disabled_at', 'is', null)
          .returning('institution_id')
          .executeTakeFirst()
        if (updated === undefined) return false
        await appendAudit(trx, { institutionId: updated.institution_id, actorId: id, action: 'staff.password', entity: 'staff', entityId: id, data: {} })
        return true
      })
      return accepted ? this.findForToken(id, tokenVersion + 1) : undefined
    },

    /**
     * Changes a person's password when `current` is their password: every token issued before (other
     * browsers, API clients) stops working, as the token version moves on. Returns the person with the
     * new token version, to sign this browser in again; undefined when `current` is wrong. The new
     * password must have passed the password policy (server/domain/password-policy.ts).
     */
    async changePassword(id: number, current: string, next: string): Promise<SessionUser | undefined> {
      const found = await sessionUsers().select('users.password_hash').where('users.id', '=', id).executeTakeFirst()
      if (found?.password_hash == null) {
        await verifyAgainstDummy(current)
        return undefined
      }
      if (!(await verifyPassword(current, found.password_hash))) return undefined
      const passwordHash = await hashPassword(next)
      const tokenVersion = await db.transaction().execute(async (trx) => {
        const updated = await trx
          .updateTable('users')
          .set({ password_hash: passwordHash, token_version: sql<number>`token_version + 1` })
          .where('id', '=', id)
          .where('disabled_at', 'is', null)
          .returning(['institution_id', 'token_version'])
          .executeTakeFirst()
        if (updated === undefined) return undefined
        await appendAudit(trx, { institutionId: updated.institution_id, actorId: id, action: 'account.password', entity: 'staff', entityId: id, data: {} })
        return updated.token_version
      })
      return tokenVersion === undefined ? undefined : this.findForToken(id, tokenVersion)
    },

    /**
     * Signing out: the token version moves on, so the token used (and any copy of it) stops working,
     * and so does every other session and API token of the person. Signing out ends them everywhere.
     */
    async endSessions(id: number): Promise<void> {
      await db.transaction().execute(async (trx) => {
        await trx.updateTable('users').set({ token_version: sql<number>`token_version + 1` }).where('id', '=', id).execute()
      })
    },

    /**
     * The active user a token names, or undefined when disabled, gone, or the token is outdated. Kept
     * in `sessionCache` between requests; the database says when to forget (session-cache.ts).
     */
    async findForToken(id: number, tokenVersion: number): Promise<SessionUser | undefined> {
      const kept = sessionCache.get(id, tokenVersion)
      if (kept !== undefined) return kept
      const ticket = sessionCache.ticket()
      const user = await sessionUsers().where('users.id', '=', id).where('users.token_version', '=', tokenVersion).executeTakeFirst()
      if (user !== undefined) sessionCache.remember(user, ticket)
      return user
    },

    /** An active person of the institution as the services take a user (to draw their report for a reader they shared it with). */
    async personOf(id: number, institutionId: number): Promise<SessionUser | undefined> {
      return sessionUsers().where('users.id', '=', id).where('users.institution_id', '=', institutionId).executeTakeFirst()
    },

    /** The languages the person can take programmes in, as they set them; undefined until they do. */
    async studyLanguages(id: number): Promise<string[] | undefined> {
      const row = await db.selectFrom('users').select('study_languages').where('id', '=', id).executeTakeFirst()
      return row?.study_languages ?? undefined
    },

    async setStudyLanguages(id: number, languages: readonly string[]): Promise<void> {
      await db.transaction().execute(async (trx) => {
        await trx.updateTable('users').set({ study_languages: JSON.stringify(languages) }).where('id', '=', id).execute()
      })
    },

    /** Keeps the language a person chose for the UI; it wins over the browser's on every later request. */
    async setLocale(id: number, locale: string): Promise<void> {
      await db.transaction().execute(async (trx) => {
        await trx.updateTable('users').set({ locale }).where('id', '=', id).execute()
      })
    },
  }
}

export type UserService = ReturnType<typeof createUserService>
