import type { Messages } from '../../views/messages/en/index.js'
import { checkNewPassword, type PasswordProblem } from '../domain/password-policy.js'

/** The fields of a form that sets a password: the new one and its repetition (and the current one). */
export interface PasswordFields {
  readonly current: string
  readonly password: string
  readonly confirm: string
}

/** Reads the password fields of a form body; a missing field is the empty string. */
export function passwordFields(body: unknown): PasswordFields {
  const form = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>
  const text = (key: string) => (typeof form[key] === 'string' ? (form[key] as string) : '')
  return { current: text('current'), password: text('password'), confirm: text('confirm') }
}

/**
 * What is wrong with a new password and its repetition, as the message to show, or undefined when
 * it may be set: the password policy first, then the repetition.
 */
export function newPasswordError(fields: PasswordFields, person: { email: string; name: string }, m: Messages): string | undefined {
  const problem = checkNewPassword(fields.password, person)
  if (problem !== undefined) return passwordProblemMessage(problem, m)
  if (fields.password !== fields.confirm) return m.account.mismatch
  return undefined
}

export function passwordProblemMessage(problem: PasswordProblem, m: Messages): string {
  switch (problem.kind) {
    case 'tooShort':
      return m.account.tooShort(problem.length, problem.min)
    case 'tooLong':
      return m.account.tooLong(problem.length, problem.max)
    case 'repetitive':
      return m.account.repetitive
    case 'common':
      return m.account.common
    case 'personal':
      return m.account.personal
  }
}
