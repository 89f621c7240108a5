import { sql, type Kysely } from 'kysely'
import type { Database } from '../db/schema.js'
import { mayCreateOperator, OPERATOR_ROLE, type Role } from '../domain/roles.js'
import { appendAudit } from './audit.js'
import { ConflictError, ForbiddenError, NotFoundError } from './errors.js'

/** A platform operator as the operators' page lists them. */
export interface Operator {
  readonly id: number
  readonly email: string
  readonly name: string
  /** The institution their account sits in (every account has one); its HR do not see them. */
  readonly institution: string
  readonly active: boolean
  readonly hasPassword: boolean
}

export interface NewOperator {
  readonly email: string
  readonly name: string
  /** Where the account sits: the creating operator's institution, or the one the command line names. */
  readonly institutionId: number
  /** A scrypt hash when the command line sets a password; null: the person sets it from an invitation. */
  readonly passwordHash: string | null
}

/** Who makes an operator: another operator (signed in), or the command line (`npm run admin:create`). */
export type OperatorCreator = { readonly kind: 'operator'; readonly id: number; readonly role: Role } | { readonly kind: 'cli' }

/**
 * Platform operators (the `admin` role): listing them and making one. Only an operator or the command
 * line makes one (domain/roles.ts); no institution route reaches here. Audited in the home
 * institution's log, with the creator (none for the command line).
 *
 * ```ts
 * await createOperatorService(db).create({ kind: 'cli' }, { email: 'ops@iioe.test', name: 'Ops', institutionId: 1, passwordHash: null })
 * ```
 */
export function createOperatorService(db: Kysely<Database>) {
  return {
    list(): Promise<Operator[]> {
      return db
        .selectFrom('users')
        .innerJoin('institutions', 'institutions.id', 'users.institution_id')
        .select([
          'users.id',
          'users.email',
          'users.name',
          'institutions.name as institution',
          sql<boolean>`users.disabled_at is null`.as('active'),
          sql<boolean>`users.password_hash is not null`.as('hasPassword'),
        ])
        .where('users.role', '=', OPERATOR_ROLE)
        .orderBy('users.name')
        .orderBy('users.id')
        .execute()
    },

    /** The institutions an operator's account may be kept in, by name (the command line picks one). */
    institutions(): Promise<{ id: number; name: string }[]> {
      return db.selectFrom('institutions').select(['id', 'name']).orderBy('name').execute()
    },

    /**
     * Creates an institution to keep operators' accounts in, for a database with none yet (the first
     * operator, from the command line). It has no HR and no role profiles: universities are created
     * with their HR from /admin/institutions.
     */
    createHomeInstitution(input: { name: string; country: string; frameworkId: number }): Promise<{ id: number; name: string }> {
      return db.transaction().execute(async (trx) => {
        const created = await trx.insertInto('institutions').values({ name: input.name.trim(), country: input.country.trim(), framework_id: input.frameworkId }).returning(['id', 'name']).executeTakeFirstOrThrow()
        await appendAudit(trx, { institutionId: created.id, actorId: null, action: 'institution.create', entity: 'institution', entityId: created.id, data: { name: created.name, by: 'cli' } })
        return created
      })
    },

    /** Adds an operator; 403 for anyone but an operator, 404 for an unknown institution, 409 for an email in use. */
    create(creator: OperatorCreator, input: NewOperator): Promise<{ id: number; email: string; name: string; tokenVersion: number }> {
      if (creator.kind === 'operator' && !mayCreateOperator(creator.role)) {
        throw ForbiddenError.of('operatorOnlyByOperator', {})
      }
      const email = input.email.trim().toLowerCase()
      return db.transaction().execute(async (trx) => {
        const institution = await trx.selectFrom('institutions').select('id').where('id', '=', input.institutionId).executeTakeFirst()
        if (institution === undefined) throw NotFoundError.of('notFound', { thing: 'institution', id: input.institutionId })
        const taken = await trx.selectFrom('users').select('id').where(sql<string>`lower(email)`, '=', email).executeTakeFirst()
        if (taken !== undefined) throw ConflictError.of('emailHasAccount', { email })
        const created = await trx
          .insertInto('users')
          .values({ institution_id: input.institutionId, email, name: input.name.trim(), role: OPERATOR_ROLE, password_hash: input.passwordHash })
          .returning(['id', 'email', 'name', 'token_version as tokenVersion'])
          .executeTakeFirstOrThrow()
        await appendAudit(trx, {
          institutionId: input.institutionId,
          actorId: creator.kind === 'operator' ? creator.id : null,
          action: 'operator.create',
          entity: 'staff',
          entityId: created.id,
          data: { email, by: creator.kind, password: input.passwordHash !== null },
        })
        return created
      })
    },
  }
}

export type OperatorService = ReturnType<typeof createOperatorService>
