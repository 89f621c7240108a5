/**
 * Roles, and who may give which to whom: the one statement of the rule that the staff pages, the
 * staff API and the staff CSV import all apply.
 *
 * There are two kinds of role. An institution's roles (lecturer, designer, hr) are given by that
 * institution's HR. The platform operator (stored as `admin`, as it always was) keeps the frameworks
 * and the institutions of the whole platform; it is not an institution role, so no institution route,
 * form or import can give it, take it away or touch an operator's account. Only another operator (the
 * `/admin/operators` page) or the command line (`npm run admin:create`) makes one.
 *
 * ```ts
 * grantableRoles('hr') // ['lecturer', 'designer', 'hr']
 * roleChangeRefusal({ id: 7, role: 'hr' }, { id: 9, role: 'lecturer' }, 'admin') // 'roleNotGrantable'
 * ```
 */

/** The roles inside an institution, from the least to the most trusted. */
export const INSTITUTION_ROLES = ['lecturer', 'designer', 'hr'] as const
export type InstitutionRole = (typeof INSTITUTION_ROLES)[number]

/** The platform operator's role, as the database stores it. */
export const OPERATOR_ROLE = 'admin'
export type OperatorRole = typeof OPERATOR_ROLE

export const ROLES = [...INSTITUTION_ROLES, OPERATOR_ROLE] as const
export type Role = InstitutionRole | OperatorRole

/**
 * Who may use which part of the application, as the routes declare it (`config.access`).
 *
 * HR see an institution's staff and reports. Not the platform operator, who keeps the platform
 * (frameworks, institutions) and reads no institution's staff data.
 */
export const HR_ROLES: readonly Role[] = ['hr']
/** Who keeps the programme catalogue: designers, and the operator for the whole platform. */
export const DESIGN_ROLES: readonly Role[] = ['designer', OPERATOR_ROLE]
/** Who keeps the platform: its frameworks, institutions and operators. */
export const OPERATOR_ROLES: readonly Role[] = [OPERATOR_ROLE]

/**
 * Where a person lands after signing in when they were not on their way elsewhere: their own area.
 * HR their institution's reports, designers the catalogue, the operator the frameworks they keep,
 * lecturers their profile.
 */
export function landingOf(role: Role): string {
  switch (role) {
    case 'hr':
      return '/hr'
    case 'designer':
      return '/design'
    case OPERATOR_ROLE:
      return '/admin/frameworks'
    case 'lecturer':
      return '/'
  }
}

/** Whether a text names a role (any of them, the operator's included). */
export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value)
}

export function isOperator(role: Role): role is OperatorRole {
  return role === OPERATOR_ROLE
}

/**
 * The institution roles a person in `actor` may give to somebody of their institution. HR keep the
 * staff list, so they give any institution role (their own included: a second HR); nobody else
 * gives roles inside an institution. The operator gives none: an operator runs the platform, not a
 * university's staff list.
 */
export function grantableRoles(actor: Role): readonly InstitutionRole[] {
  return actor === 'hr' ? INSTITUTION_ROLES : []
}

/** Whether `actor` may give `role` to someone of their institution (the operator role: never). */
export function mayGrant(actor: Role, role: Role): boolean {
  return (grantableRoles(actor) as readonly Role[]).includes(role)
}

/**
 * Whether `actor` may keep `target`'s account as one of their staff (see, change, disable, invite,
 * sign out). HR manage the people of their institution except operators; nobody else manages staff.
 */
export function mayManage(actor: Role, target: Role): boolean {
  return grantableRoles(actor).length > 0 && !isOperator(target)
}

/** Only an operator makes another operator. */
export function mayCreateOperator(actor: Role): boolean {
  return isOperator(actor)
}

/** Why a role change is refused, as a code the services turn into their errors. */
export type RoleRefusal = 'roleNotGrantable' | 'ownRole' | 'operatorAccount'

/**
 * Why `actor` may not give `next` to `target` (undefined: they may). `target` is undefined for a
 * person not yet created. Keeping one's current role is no change, so it is never refused for that
 * reason alone; a change of one's own role always is (ask a colleague), and an operator's account
 * is out of an institution's reach whatever the role named.
 */
export function roleChangeRefusal(actor: { id: number; role: Role }, target: { id: number; role: Role } | undefined, next: Role): RoleRefusal | undefined {
  if (grantableRoles(actor.role).length === 0) return 'roleNotGrantable'
  if (target !== undefined && !mayManage(actor.role, target.role)) return 'operatorAccount'
  if (target !== undefined && target.role === next) return undefined
  if (target !== undefined && target.id === actor.id) return 'ownRole'
  return mayGrant(actor.role, next) ? undefined : 'roleNotGrantable'
}
