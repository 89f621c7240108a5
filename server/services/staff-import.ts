import { sql, type Kysely } from 'kysely'
import type { Database } from '../db/schema.js'
import { OPERATOR_ROLE } from '../domain/roles.js'
import { planStaffImport, type ImportPlan } from '../domain/staff-import.js'
import { auditBy } from './audit.js'
import { ConflictError, conflictOnUnique } from './errors.js'
import type { SessionUser } from './users.js'

export interface ImportOutcome {
  readonly plan: ImportPlan
  /** True when the rows were written (not a dry run, and no row had an error). */
  readonly applied: boolean
  /** The people added by an applied import, to be sent their invitations once it is committed. */
  readonly added: readonly { id: number; email: string; name: string }[]
}

/**
 * Staff CSV import: plans it against the institution as it is (domain/staff-import.ts), then on a
 * real run applies every row in one transaction, or none when any row is refused. The planning read
 * happens inside the same transaction, so what is checked is what is written.
 *
 * ```ts
 * const outcome = await createStaffImportService(db).run(hrUser, csvText, { dryRun: true, createMissingDepartments: false })
 * outcome.plan.errors // [{ row: 3, column: 'email', message: '...' }]
 * ```
 */
export function createStaffImportService(db: Kysely<Database>) {
  return {
    run(user: SessionUser, csvText: string, options: { dryRun: boolean; createMissingDepartments: boolean }): Promise<ImportOutcome> {
      return db.transaction().execute(async (trx) => {
        const [departments, roleProfiles, staffAndOperators, elsewhere] = await Promise.all([
          trx.selectFrom('departments').select(['id', 'name']).where('institution_id', '=', user.institutionId).where('disabled_at', 'is', null).execute(),
          trx.selectFrom('role_profiles').select(['id', 'code', 'name']).where('institution_id', '=', user.institutionId).where('framework_id', '=', (eb) => eb.selectFrom('institutions').select('framework_id').where('id', '=', user.institutionId)).execute(),
          trx
            .selectFrom('users')
            .leftJoin('departments', 'departments.id', 'users.department_id')
            .leftJoin('role_profiles', 'role_profiles.id', 'users.role_profile_id')
            .select(['users.id', 'users.email', 'users.name', 'users.role', 'departments.name as department', 'role_profiles.code as roleProfile'])
            .where('users.institution_id', '=', user.institutionId)
            .execute(),
          trx.selectFrom('users').select(sql<string>`lower(email)`.as('email')).where('institution_id', '!=', user.institutionId).execute(),
        ])
        // Operators are not staff: a row naming one is refused (domain/roles.ts), never matched.
        const existing = staffAndOperators.filter((person) => person.role !== OPERATOR_ROLE)
        const plan = planStaffImport(csvText, {
          departments: departments.map((department) => department.name),
          roleProfiles,
          existing,
          emailsElsewhere: new Set(elsewhere.map((row) => row.email)),
          emailsUnmanaged: new Set(staffAndOperators.filter((person) => person.role === OPERATOR_ROLE).map((person) => person.email.toLowerCase())),
          importer: user,
          createMissingDepartments: options.createMissingDepartments,
        })
        if (options.dryRun || plan.errors.length > 0) return { plan, applied: false, added: [] }

        const departmentIds = new Map(departments.map((department) => [department.name.toLowerCase(), department.id]))
        for (const name of plan.newDepartments) {
          // A department archived under the same name comes back rather than clashing with the new one.
          const created = await trx
            .insertInto('departments')
            .values({ institution_id: user.institutionId, name })
            .onConflict((oc) => oc.expression(sql`institution_id, lower(name)`).doUpdateSet({ disabled_at: null }))
            .returning('id')
            .executeTakeFirstOrThrow()
          departmentIds.set(name.toLowerCase(), created.id)
        }
        const profileIds = new Map(roleProfiles.map((profile) => [profile.code, profile.id]))
        const existingOf = new Map(existing.map((person) => [person.email.toLowerCase(), person]))
        const added: { id: number; email: string; name: string }[] = []
        for (const row of plan.rows) {
          const values = {
            name: row.name,
            role: row.role,
            department_id: row.department === null ? null : (departmentIds.get(row.department.toLowerCase()) ?? null),
            role_profile_id: row.roleProfile === null ? null : (profileIds.get(row.roleProfile) ?? null),
          }
          if (row.action === 'create') {
            const person = await trx
              .insertInto('users')
              .values({ institution_id: user.institutionId, email: row.email, ...values })
              .returning(['id', 'email', 'name'])
              .executeTakeFirstOrThrow()
              .catch(conflictOnUnique({ users_email_key: () => ConflictError.of('emailHasAccount', { email: row.email }) }))
            added.push(person)
          } else if (row.action === 'update') {
            const person = existingOf.get(row.email.toLowerCase())!
            const roleChanged = row.changes.includes('role')
            // A new role signs the person out, as on the staff form (services/staff.ts).
            await trx
              .updateTable('users')
              .set({ ...values, ...(roleChanged ? { token_version: sql<number>`token_version + 1` } : {}) })
              .where('id', '=', person.id)
              .where('institution_id', '=', user.institutionId)
              .where('role', '!=', OPERATOR_ROLE)
              .execute()
            if (roleChanged) await auditBy(trx, user, 'staff.role', 'staff', person.id, { from: person.role, to: row.role, import: true })
          }
        }
        await auditBy(trx, user, 'staff.import', 'staff', 'import', { created: plan.created, updated: plan.updated, newDepartments: plan.newDepartments })
        return { plan, applied: true, added }
      })
    },
  }
}

export type StaffImportService = ReturnType<typeof createStaffImportService>
