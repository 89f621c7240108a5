import type { Kysely } from 'kysely'
import type { Database, Role } from '../db/schema.js'
import { verifyAgainstDummy, verifyPassword } from './passwords.js'

/** Who is making a request, as every route sees it after sign-in. */
export interface SessionUser {
  readonly id: number
  readonly institutionId: number
  readonly institutionName: string
  readonly frameworkId: number
  /** After how many months a rating counts as stale at the user's institution. */
  readonly staleAfterMonths: number
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
export function createUserService(db: Kysely<Database>) {
  const sessionUsers = () =>
    db
      .selectFrom('users')
      .innerJoin('institutions', 'institutions.id', 'users.institution_id')
      .select([
        'users.id',
        'users.institution_id as institutionId',
        'institutions.name as institutionName',
        'institutions.framework_id as frameworkId',
        'institutions.stale_after_months as staleAfterMonths',
        'users.role',
        'users.name',
        'users.email',
        'users.locale',
        'users.token_version as tokenVersion',
        'users.password_hash',
      ])
      .where('users.disabled_at', 'is', null)

  return {
    /**
     * The user with this email and password, or undefined. Takes as long for an unknown email as for a
     * wrong password, so the answer does not tell which emails exist.
     */
    async authenticate(email: string, password: string): Promise<SessionUser | undefined> {
      const found = await sessionUsers()
        .where((eb) => eb(eb.fn('lower', ['users.email']), '=', email.trim().toLowerCase()))
        .executeTakeFirst()
      if (found?.password_hash == null) {
        await verifyAgainstDummy(password)
        return undefined
      }
      if (!(await verifyPassword(password, found.password_hash))) return undefined
      const { password_hash: _, ...user } = found
      return user
    },

    /** The active user a token names, or undefined when disabled, gone, or the token is outdated. */
    async findForToken(id: number, tokenVersion: number): Promise<SessionUser | undefined> {
      const found = await sessionUsers().where('users.id', '=', id).where('users.token_version', '=', tokenVersion).executeTakeFirst()
      if (found === undefined) return undefined
      const { password_hash: _, ...user } = found
      return user
    },
  }
}

export type UserService = ReturnType<typeof createUserService>
