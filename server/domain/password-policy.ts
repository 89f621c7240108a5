import { COMMON_PASSWORDS } from './common-passwords.js'

/** Shortest and longest password accepted, in Unicode code points (NIST SP 800-63B, 5.1.1.2). */
export const PASSWORD_MIN_LENGTH = 8
export const PASSWORD_MAX_LENGTH = 128

/** What is wrong with a proposed password; each kind has its own message. */
export type PasswordProblem =
  | { readonly kind: 'tooShort'; readonly length: number; readonly min: number }
  | { readonly kind: 'tooLong'; readonly length: number; readonly max: number }
  | { readonly kind: 'repetitive' }
  | { readonly kind: 'common' }
  | { readonly kind: 'personal' }

/**
 * Checks a new password against the rules of NIST SP 800-63B: 8 to 128 characters (code points,
 * after the NFKC normalisation the hash also applies), not one character repeated, not one of the
 * common or breached passwords (compared case-insensitively), and not the person's email address or
 * name. No composition rules (no required digits or symbols): length is what makes a password strong.
 * Returns the first problem found, or undefined when the password may be used.
 *
 * ```ts
 * checkNewPassword('password123', { email: 'a@b.test', name: 'A' }) // { kind: 'common' }
 * checkNewPassword('correct horse battery staple', { email: 'a@b.test', name: 'A' }) // undefined
 * ```
 */
export function checkNewPassword(password: string, person: { readonly email: string; readonly name: string }): PasswordProblem | undefined {
  const codePoints = [...password.normalize('NFKC')]
  if (codePoints.length < PASSWORD_MIN_LENGTH) return { kind: 'tooShort', length: codePoints.length, min: PASSWORD_MIN_LENGTH }
  if (codePoints.length > PASSWORD_MAX_LENGTH) return { kind: 'tooLong', length: codePoints.length, max: PASSWORD_MAX_LENGTH }
  if (codePoints.every((point) => point === codePoints[0])) return { kind: 'repetitive' }
  if (COMMON_PASSWORDS.has(password.normalize('NFKC').toLowerCase())) return { kind: 'common' }
  if (isPersonal(password, person)) return { kind: 'personal' }
  return undefined
}

/**
 * The password is the email address (or contains it whole), the email's part before the @, or the
 * name, ignoring case, spaces and punctuation ("Amina Okafor", "amina.okafor", "AminaOkafor!").
 */
function isPersonal(password: string, person: { readonly email: string; readonly name: string }): boolean {
  const email = person.email.trim().toLowerCase()
  if (email !== '' && password.toLowerCase().includes(email)) return true
  const candidate = lettersAndDigits(password)
  const localPart = email.split('@')[0] ?? ''
  return [email, localPart, person.name].some((text) => {
    const normalised = lettersAndDigits(text)
    return normalised !== '' && normalised === candidate
  })
}

function lettersAndDigits(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/[^\p{L}\p{N}]/gu, '')
}
