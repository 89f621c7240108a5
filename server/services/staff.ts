import { sql, type Kysely } from 'kysely'
import type { Database } from '../db/schema.js'
import type { Role } from '../domain/roles.js'
import { auditBy } from './audit.js'
import { ConflictError, conflictOnUnique, ForbiddenError, InvalidInputError, NotFoundError } from './errors.js'
import { grantableRoles, OPERATOR_ROLE, roleChangeRefusal, type RoleRefusal } from '../domain/roles.js'
import type { SessionUser } from './users.js'

/** A person who has not set their password yet: HR hand out their invitation link. */
export interface PendingInvitation {
  readonly id: number
  readonly name: string
  readonly email: string
  readonly department: string | null
  readonly tokenVersion: number
}

export interface StaffMember {
  readonly id: number
  readonly email: string
  readonly name: string
  readonly role: Role
  readonly departmentId: number | null
  readonly department: string | null
  readonly roleProfileId: number | null
  readonly roleProfile: string | null
  readonly reviewerId: number | null
  readonly reviewer: string | null
  readonly active: boolean
  /** Whether the person has set a password (accepted their invitation). */
  readonly hasPassword: boolean
  readonly rated: number
}

export interface StaffInput {
  readonly email: string
  readonly name: string
  readonly role: Role
  readonly departmentId?: number | null | undefined
  readonly roleProfileId?: number | null | undefined
  readonly reviewerId?: number | null | undefined
}

export type StaffChange = Partial<Omit<StaffInput, 'email'>> & { readonly active?: boolean | undefined }

export const STAFF_PAGE_SIZE = 50

/**
 * Staff and departments of the caller's institution, kept by HR. Every reference (department, role
 * profile, reviewer) must belong to the same institution; an id from elsewhere is "not found".
 * Every change is audited. Platform operators are not staff: they are left out of every list and
 * lookup here (an operator's id is "not found"), so HR can neither see nor change, disable, invite
 * or sign one out. Which role HR may give is domain/roles.ts's rule; a role change signs the person out.
 *
 * ```ts
 * const staff = createStaffService(db)
 * const person = await staff.create(hrUser, { email: 'new@demo.test', name: 'New Person', role: 'lecturer' })
 * ```
 */
export function createStaffService(db: Kysely<Database>) {
  const select = (trx: Kysely<Database>, user: SessionUser) =>
    trx
      .selectFrom('users as u')
      .leftJoin('departments as d', 'd.id', 'u.department_id')
      .leftJoin('role_profiles as p', 'p.id', 'u.role_profile_id')
      .leftJoin('users as r', 'r.id', 'u.reviewer_id')
      .select([
        'u.id',
        'u.email',
        'u.name',
        'u.role',
        'u.department_id as departmentId',
        'd.name as department',
        'u.role_profile_id as roleProfileId',
        'p.name as roleProfile',
        'u.reviewer_id as reviewerId',
        'r.name as reviewer',
        sql<boolean>`u.disabled_at is null`.as('active'),
        sql<boolean>`u.password_hash is not null`.as('hasPassword'),
        sql<number>`(select count(*) from current_ratings c where c.user_id = u.id)::integer`.as('rated'),
      ])
      .where('u.institution_id', '=', user.institutionId)
      .where('u.role', '!=', OPERATOR_ROLE)

  async function checkReferences(trx: Kysely<Database>, user: SessionUser, input: StaffChange, personId?: number): Promise<void> {
    if (input.departmentId != null) {
      const found = await trx.selectFrom('departments').select('id').where('id', '=', input.departmentId).where('institution_id', '=', user.institutionId).where('disabled_at', 'is', null).executeTakeFirst()
      if (found === undefined) throw NotFoundError.of('notFound', { thing: 'department', id: input.departmentId })
    }
    if (input.roleProfileId != null) {
      const found = await trx.selectFrom('role_profiles').select('id').where('id', '=', input.roleProfileId).where('institution_id', '=', user.institutionId).executeTakeFirst()
      if (found === undefined) throw NotFoundError.of('notFound', { thing: 'roleProfile', id: input.roleProfileId })
    }
    if (input.reviewerId != null) {
      if (input.reviewerId === personId) throw InvalidInputError.of('ownReviewer', {}, { reviewerId: 'choose someone else' })
      const found = await trx.selectFrom('users').select('id').where('id', '=', input.reviewerId).where('institution_id', '=', user.institutionId).where('role', '!=', OPERATOR_ROLE).executeTakeFirst()
      if (found === undefined) throw NotFoundError.of('notFound', { thing: 'person', id: input.reviewerId })
    }
  }

  return {
    /**
     * Everyone active who has not set a password yet, by name: the people whose invitation links HR
     * hand out (after an import, say). The token version makes each link; a new one ends the old.
     */
    async pendingInvitations(user: SessionUser): Promise<PendingInvitation[]> {
      return db
        .selectFrom('users as u')
        .leftJoin('departments as d', 'd.id', 'u.department_id')
        .select(['u.id', 'u.name', 'u.email', 'd.name as department', 'u.token_version as tokenVersion'])
        .where('u.institution_id', '=', user.institutionId)
        .where('u.role', '!=', OPERATOR_ROLE)
        .where('u.disabled_at', 'is', null)
        .where('u.password_hash', 'is', null)
        .orderBy('u.name')
        .orderBy('u.id')
        .execute()
    },

    /** One page of staff, by name; optionally of one department or matching a search. */
    async list(user: SessionUser, options: { departmentId?: number | undefined; search?: string | undefined; page: number }): Promise<{ staff: StaffMember[]; total: number }> {
      let query = select(db, user)
      if (options.departmentId !== undefined) query = query.where('u.department_id', '=', options.departmentId)
      if (options.search !== undefined && options.search !== '') {
        const pattern = `%${options.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
        query = query.where((eb) => eb.or([eb('u.name', 'ilike', pattern), eb('u.email', 'ilike', pattern)]))
      }
      const all = await query.orderBy('u.name').orderBy('u.id').execute()
      const start = (options.page - 1) * STAFF_PAGE_SIZE
      return { staff: all.slice(start, start + STAFF_PAGE_SIZE), total: all.length }
    },

    /** Everyone active in the institution, by name: the people who can be reviewers. */
    activeNames(user: SessionUser): Promise<{ id: number; name: string }[]> {
      return db.selectFrom('users').select(['id', 'name']).where('institution_id', '=', user.institutionId).where('role', '!=', OPERATOR_ROLE).where('disabled_at', 'is', null).orderBy('name').execute()
    },

    async get(user: SessionUser, id: number): Promise<StaffMember> {
      const found = await select(db, user).where('u.id', '=', id).executeTakeFirst()
      if (found === undefined) throw NotFoundError.of('notFound', { thing: 'person', id })
      return found
    },

    /** Adds a person (without a password: they set one through their invitation); 409 for an email in use. */
    create(user: SessionUser, input: StaffInput): Promise<StaffMember> {
      return db.transaction().execute(async (trx) => {
        refuseRole(user, undefined, input.role)
        await checkReferences(trx, user, input)
        const email = input.email.trim().toLowerCase()
        const taken = await trx.selectFrom('users').select(['institution_id', 'role']).where(sql<string>`lower(email)`, '=', email).executeTakeFirst()
        if (taken?.role === OPERATOR_ROLE) throw ConflictError.of('emailHasAccount', { email })
        if (taken !== undefined) throw ConflictError.of(taken.institution_id === user.institutionId ? 'emailOnStaffList' : 'emailInOtherInstitution', { email })
        const { id } = await trx
          .insertInto('users')
          .values({
            institution_id: user.institutionId,
            email,
            name: input.name.trim(),
            role: input.role,
            department_id: input.departmentId ?? null,
            role_profile_id: input.roleProfileId ?? null,
            reviewer_id: input.reviewerId ?? null,
          })
          .returning('id')
          .executeTakeFirstOrThrow()
          .catch(conflictOnUnique({ users_email_key: () => ConflictError.of('emailHasAccount', { email }) }))
        await auditBy(trx, user, 'staff.create', 'staff', id, { email, role: input.role })
        return (await select(trx, user).where('u.id', '=', id).executeTakeFirst())!
      })
    },

    /** Changes a person; disabling them or changing their role also ends their sessions. */
    update(user: SessionUser, id: number, change: StaffChange): Promise<StaffMember> {
      return db.transaction().execute(async (trx) => {
        const current = await select(trx, user).where('u.id', '=', id).executeTakeFirst()
        if (current === undefined) throw NotFoundError.of('notFound', { thing: 'person', id })
        await checkReferences(trx, user, change, id)
        if (id === user.id && change.active === false) throw ConflictError.of('ownAccount', {})
        if (change.role !== undefined) refuseRole(user, current, change.role)
        const roleChanged = change.role !== undefined && change.role !== current.role
        const activeChanged = change.active !== undefined && change.active !== current.active
        const values = {
          ...(change.name !== undefined ? { name: change.name.trim() } : {}),
          ...(change.role !== undefined ? { role: change.role } : {}),
          ...(change.departmentId !== undefined ? { department_id: change.departmentId } : {}),
          ...(change.roleProfileId !== undefined ? { role_profile_id: change.roleProfileId } : {}),
          ...(change.reviewerId !== undefined ? { reviewer_id: change.reviewerId } : {}),
          // A new role, like a disabled account, ends every session (as signing out does): what a
          // token was allowed to do is decided again at the next sign-in.
          ...(roleChanged ? { token_version: sql<number>`token_version + 1` } : {}),
          ...(activeChanged ? activeChangeValues(change.active!) : {}),
        }
        if (Object.keys(values).length > 0) {
          await trx.updateTable('users').set(values).where('id', '=', id).where('institution_id', '=', user.institutionId).where('role', '!=', OPERATOR_ROLE).execute()
          await auditBy(trx, user, 'staff.update', 'staff', id, { fields: Object.keys(change) })
          if (roleChanged) await auditBy(trx, user, 'staff.role', 'staff', id, { from: current.role, to: change.role })
          // A report shared with a reviewer is shared with that person, not with whoever reviews next.
          if (change.reviewerId !== undefined && change.reviewerId !== current.reviewerId) {
            await trx.updateTable('report_shares').set({ stopped_at: new Date() }).where('user_id', '=', id).where('stopped_at', 'is', null).execute()
          }
        }
        return (await select(trx, user).where('u.id', '=', id).executeTakeFirst())!
      })
    },

    /** Makes every invitation link of a person sent so far unusable (a new one is shown to HR). */
    revokeInvitations(user: SessionUser, id: number): Promise<void> {
      return db.transaction().execute(async (trx) => {
        const updated = await trx
          .updateTable('users')
          .set({ token_version: sql<number>`token_version + 1` })
          .where('id', '=', id)
          .where('institution_id', '=', user.institutionId)
          .where('role', '!=', OPERATOR_ROLE)
          .returning('id')
          .executeTakeFirst()
        if (updated === undefined) throw NotFoundError.of('notFound', { thing: 'person', id })
        await auditBy(trx, user, 'staff.invitation', 'staff', id, {})
      })
    },

    /** Adds a department; 409 when the institution already has one of that name. */
    createDepartment(user: SessionUser, name: string): Promise<{ id: number; name: string }> {
      return db.transaction().execute(async (trx) => {
        const clean = name.trim()
        if (clean === '' || clean.length > 200) throw InvalidInputError.of('departmentNameInvalid', {}, { name: 'required' })
        const exists = await trx.selectFrom('departments').select('id').where('institution_id', '=', user.institutionId).where(sql<string>`lower(name)`, '=', clean.toLowerCase()).executeTakeFirst()
        if (exists !== undefined) throw ConflictError.of('departmentExists', { name: clean })
        const created = await trx
          .insertInto('departments')
          .values({ institution_id: user.institutionId, name: clean })
          .returning(['id', 'name'])
          .executeTakeFirstOrThrow()
          .catch(conflictOnUnique({ departments_institution_name_key: () => ConflictError.of('departmentExists', { name: clean }) }))
        await auditBy(trx, user, 'department.create', 'department', created.id, { name: clean })
        return created
      })
    },

    /**
     * Archives a department (409 while anyone active is in it) or brings it back. An archived department
     * is left out of lists, forms and imports; its people's history is untouched.
     */
    setDepartmentArchived(user: SessionUser, id: number, archived: boolean): Promise<void> {
      return db.transaction().execute(async (trx) => {
        const department = await trx.selectFrom('departments').select(['id', 'name']).where('id', '=', id).where('institution_id', '=', user.institutionId).forUpdate().executeTakeFirst()
        if (department === undefined) throw NotFoundError.of('notFound', { thing: 'department', id })
        if (archived) {
          const members = await trx.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).where('department_id', '=', id).where('disabled_at', 'is', null).executeTakeFirstOrThrow()
          if (Number(members.n) > 0) throw ConflictError.of('departmentHasPeople', { name: department.name, count: Number(members.n) })
        }
        await trx.updateTable('departments').set({ disabled_at: archived ? new Date() : null }).where('id', '=', id).execute()
        await auditBy(trx, user, archived ? 'department.archive' : 'department.restore', 'department', id, { name: department.name })
      })
    },

    /** Renames a department; 404 outside the institution, 409 for a name in use. */
    renameDepartment(user: SessionUser, id: number, name: string): Promise<{ id: number; name: string }> {
      return db.transaction().execute(async (trx) => {
        const clean = name.trim()
        if (clean === '' || clean.length > 200) throw InvalidInputError.of('departmentNameInvalid', {}, { name: 'required' })
        const current = await trx.selectFrom('departments').select('name').where('id', '=', id).where('institution_id', '=', user.institutionId).executeTakeFirst()
        if (current === undefined) throw NotFoundError.of('notFound', { thing: 'department', id })
        const clash = await trx.selectFrom('departments').select('id').where('institution_id', '=', user.institutionId).where('id', '!=', id).where(sql<string>`lower(name)`, '=', clean.toLowerCase()).executeTakeFirst()
        if (clash !== undefined) throw ConflictError.of('departmentExists', { name: clean })
        await trx
          .updateTable('departments')
          .set({ name: clean })
          .where('id', '=', id)
          .execute()
          .catch(conflictOnUnique({ departments_institution_name_key: () => ConflictError.of('departmentExists', { name: clean }) }))
        await auditBy(trx, user, 'department.rename', 'department', id, { from: current.name, to: clean })
        return { id, name: clean }
      })
    },
  }
}

export type StaffService = ReturnType<typeof createStaffService>

/**
 * What disabling or re-enabling a person writes, for HR's staff pages and the directory's SCIM alike:
 * either ends every session and API token of theirs (the token version moves on; the database tells
 * every process's session cache, migrations/0009_session_change_notify.ts). Their history stays.
 */
export function activeChangeValues(active: boolean) {
  return { disabled_at: active ? null : new Date(), token_version: sql<number>`token_version + 1` }
}

/** Applies domain/roles.ts's rule: an error naming what the person may give instead, or nothing. */
function refuseRole(user: SessionUser, target: { id: number; role: Role } | undefined, next: Role): void {
  const refusal: RoleRefusal | undefined = roleChangeRefusal(user, target, next)
  if (refusal === 'ownRole') throw ConflictError.of('ownAccount', {})
  // Unreachable through the service's lookups, which leave operators out; kept so the rule holds alone.
  if (refusal === 'operatorAccount') throw NotFoundError.of('notFound', { thing: 'person', id: target?.id })
  if (refusal === 'roleNotGrantable') throw ForbiddenError.of('roleNotGrantable', { role: next, roles: grantableRoles(user.role).join(', ') })
}

