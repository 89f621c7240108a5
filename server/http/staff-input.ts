import { z } from 'zod'
import type { Messages } from '../../views/messages/en/index.js'
import { isRole } from '../domain/roles.js'
import type { StaffChange, StaffInput } from '../services/staff.js'
import { parseId } from './ids.js'

const email = z.email().max(254)

export type StaffFormParse<T> = { ok: true; input: T } | { ok: false; errors: Record<string, string>; values: Record<string, string> }

/** Reads the staff form of a page: for a new person (with email) or a change to one. */
export function parseStaffForm(body: unknown, m: Messages, isNew: true): StaffFormParse<StaffInput>
export function parseStaffForm(body: unknown, m: Messages, isNew: false): StaffFormParse<StaffChange>
export function parseStaffForm(body: unknown, m: Messages, isNew: boolean): StaffFormParse<StaffInput | StaffChange> {
  const form = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>
  const values: Record<string, string> = {}
  for (const key of ['email', 'name', 'role', 'departmentId', 'roleProfileId', 'reviewerId', 'active', 'activeShown']) {
    if (typeof form[key] === 'string') values[key] = (form[key] as string).trim()
  }
  const errors: Record<string, string> = {}
  if (isNew && !email.safeParse(values['email'] ?? '').success) errors['email'] = m.staff.emailInvalid
  const name = values['name'] ?? ''
  if (name === '' || name.length > 200) errors['name'] = m.staff.nameRequired
  // Any role's name is read here; whether this person may give it is the service's rule (domain/roles.ts).
  const role = isRole(values['role']) ? values['role'] : undefined
  if (role === undefined) errors['role'] = m.staff.fixErrors
  const reference = (key: string): number | null | 'bad' => {
    const text = values[key] ?? ''
    if (text === '') return null
    return parseId(text) ?? 'bad'
  }
  const departmentId = reference('departmentId')
  const roleProfileId = reference('roleProfileId')
  const reviewerId = reference('reviewerId')
  for (const [key, parsed] of [['departmentId', departmentId], ['roleProfileId', roleProfileId], ['reviewerId', reviewerId]] as const) {
    if (parsed === 'bad') errors[key] = m.staff.fixErrors
  }
  if (Object.keys(errors).length > 0 || role === undefined || departmentId === 'bad' || roleProfileId === 'bad' || reviewerId === 'bad') {
    return { ok: false, errors, values }
  }
  const common = { name, role, departmentId, roleProfileId, reviewerId }
  if (isNew) return { ok: true, input: { ...common, email: values['email']! } }
  return { ok: true, input: { ...common, ...(values['activeShown'] === '1' ? { active: values['active'] === '1' } : {}) } }
}
