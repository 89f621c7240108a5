import { sql, type Kysely } from 'kysely'
import type { Database } from '../db/schema.js'
import type { Translations } from '../domain/translations.js'
import type { RoleProfilesFile } from '../domain/catalogue-file.js'
import { appendAudit } from './audit.js'
import { ConflictError, conflictOnUnique, NotFoundError } from './errors.js'
import type { FrameworkService } from './frameworks.js'
import { createDefaultProfiles } from './targets.js'

/** One institution as an admin sees it: counts only, never a person's data. */
export interface InstitutionSummary {
  readonly id: number
  readonly name: string
  readonly country: string
  readonly frameworkId: number
  readonly frameworkTitle: string
  readonly frameworkTranslations: Translations
  readonly frameworkSlug: string
  readonly frameworkVersion: string
  /** Active staff accounts. */
  readonly staff: number
  /** The first HR account while its invitation is unused (for the link), else undefined. */
  readonly pendingHr: { readonly id: number; readonly email: string; readonly name: string; readonly tokenVersion: number } | undefined
}

export interface NewInstitution {
  readonly name: string
  readonly country: string
  readonly frameworkId: number
  readonly hrName: string
  readonly hrEmail: string
}

/**
 * Institutions for the admin (a global role): the list with counts, and creating one with its first
 * HR account (no password: the HR person sets it from an invitation). Nothing here reads ratings or
 * people beyond counts; the one person shown is the HR account the admin created, until it is used.
 *
 * ```ts
 * const institutions = createInstitutionAdminService(db, frameworks, loadRoleProfiles)
 * await institutions.create(admin, { name: 'New University', country: 'Kenya', frameworkId: 1, hrName: 'Ann', hrEmail: 'ann@new.test' })
 * ```
 */
export function createInstitutionAdminService(db: Kysely<Database>, frameworks: FrameworkService, roleProfiles: () => Promise<readonly RoleProfilesFile[]>) {
  return {
    async list(): Promise<InstitutionSummary[]> {
      const rows = await db
        .selectFrom('institutions')
        .innerJoin('frameworks', 'frameworks.id', 'institutions.framework_id')
        .select((eb) => [
          'institutions.id',
          'institutions.name',
          'institutions.country',
          'institutions.framework_id as frameworkId',
          'frameworks.title as frameworkTitle',
          'frameworks.translations as frameworkTranslations',
          'frameworks.slug as frameworkSlug',
          'frameworks.version as frameworkVersion',
          eb.selectFrom('users').select(sql<number>`count(*)::integer`.as('n')).whereRef('users.institution_id', '=', 'institutions.id').where('users.disabled_at', 'is', null).as('staff'),
        ])
        .orderBy('institutions.name')
        .execute()
      // The first HR account of each institution, only while it has no password yet.
      const pending = await db
        .selectFrom('users')
        .select(['id', 'institution_id', 'email', 'name', 'token_version'])
        .where('role', '=', 'hr')
        .where('password_hash', 'is', null)
        .where('disabled_at', 'is', null)
        .where('id', 'in', db.selectFrom('users').select((eb) => eb.fn.min<number>('id').as('id')).where('role', '=', 'hr').groupBy('institution_id'))
        .execute()
      const pendingOf = new Map(pending.map((row) => [row.institution_id, { id: row.id, email: row.email, name: row.name, tokenVersion: row.token_version }]))
      return rows.map((row) => ({ ...row, staff: Number(row.staff ?? 0), pendingHr: pendingOf.get(row.id) }))
    },

    /** Creates the institution and its first HR account, in one transaction; 409 when the name or the email is taken. Audited. */
    async create(actor: { id: number }, input: NewInstitution): Promise<{ institutionId: number; hr: { id: number; email: string; name: string; tokenVersion: number } }> {
      const framework = await frameworks.get(input.frameworkId)
      if (framework === undefined) throw NotFoundError.of('notFound', { thing: 'framework', id: input.frameworkId })
      const defaults = (await roleProfiles()).find((file) => file.framework.id === framework.row.slug && file.framework.version === framework.row.version)
      const email = input.hrEmail.trim().toLowerCase()
      return db.transaction().execute(async (trx) => {
        const sameName = await trx.selectFrom('institutions').select('id').where(sql<string>`lower(name)`, '=', input.name.trim().toLowerCase()).executeTakeFirst()
        if (sameName !== undefined) throw ConflictError.of('institutionExists', { name: input.name.trim() })
        const taken = await trx.selectFrom('users').select('id').where(sql<string>`lower(email)`, '=', email).executeTakeFirst()
        if (taken !== undefined) throw ConflictError.of('emailHasAccount', { email })
        const { id: institutionId } = await trx
          .insertInto('institutions')
          .values({ name: input.name.trim(), country: input.country.trim(), framework_id: framework.row.id })
          .returning('id')
          .executeTakeFirstOrThrow()
          .catch(
            conflictOnUnique({
              institutions_name_key: () => ConflictError.of('institutionExists', { name: input.name.trim() }),
              institutions_name_lower_key: () => ConflictError.of('institutionExists', { name: input.name.trim() }),
            }),
          )
        const profiles = defaults === undefined ? new Map<string, number>() : await createDefaultProfiles(trx, institutionId, framework, defaults)
        const hr = await trx
          .insertInto('users')
          .values({ institution_id: institutionId, email, name: input.hrName.trim(), role: 'hr', password_hash: null, role_profile_id: profiles.get('leader') ?? null })
          .returning(['id', 'email', 'name', 'token_version as tokenVersion'])
          .executeTakeFirstOrThrow()
          .catch(conflictOnUnique({ users_email_key: () => ConflictError.of('emailHasAccount', { email }) }))
        await appendAudit(trx, {
          institutionId,
          actorId: actor.id,
          action: 'institution.create',
          entity: 'institution',
          entityId: institutionId,
          data: { name: input.name.trim(), country: input.country.trim(), framework: { id: framework.row.id, slug: framework.row.slug, version: framework.row.version }, hr: hr.id, roleProfiles: profiles.size },
        })
        return { institutionId, hr }
      })
    },
  }
}

export type InstitutionAdminService = ReturnType<typeof createInstitutionAdminService>
