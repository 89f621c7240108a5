import { parseArgs } from 'node:util'
import type { Kysely } from 'kysely'
import { z } from 'zod'
import type { Database } from '../db/schema.js'
import { checkNewPassword } from '../domain/password-policy.js'
import { ConflictError } from '../services/errors.js'
import { DEFAULT_FRAMEWORK_SLUG, createFrameworkService } from '../services/frameworks.js'
import { createOperatorService } from '../services/operators.js'
import { hashPassword } from '../services/passwords.js'

/** A refusal of `npm run admin:create`, said as a sentence; the command exits 1 and writes nothing. */
export class AdminCreateRefused extends Error {
  override name = 'AdminCreateRefused'
}

export const ADMIN_CREATE_USAGE =
  'usage: npm run admin:create -- --email <email> --name <name> [--institution <name> [--country <country>]] [--password-stdin]\n' +
  '  With neither --password-stdin nor ADMIN_PASSWORD, prints a one-time invitation link instead of setting a password.'

export interface AdminCreateArguments {
  readonly email: string
  readonly name: string
  readonly institution: string | undefined
  readonly country: string | undefined
  readonly passwordStdin: boolean
}

/**
 * Reads the command line. A password is never taken from it (argv is in the shell's history and in
 * every process listing): `--password` is refused with the two ways that are accepted.
 */
export function readAdminCreateArguments(argv: readonly string[]): AdminCreateArguments {
  if (argv.some((arg) => arg === '--password' || arg.startsWith('--password='))) {
    throw new AdminCreateRefused('A password is never read from the command line (it would stay in the shell history and show in the process list): pipe it with --password-stdin, or set ADMIN_PASSWORD.')
  }
  let values
  try {
    ;({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: { email: { type: 'string' }, name: { type: 'string' }, institution: { type: 'string' }, country: { type: 'string' }, 'password-stdin': { type: 'boolean' } },
    }))
  } catch (error) {
    throw new AdminCreateRefused(`${(error as Error).message}\n${ADMIN_CREATE_USAGE}`)
  }
  const email = values.email?.trim() ?? ''
  const name = values.name?.trim() ?? ''
  if (email === '' || name === '') throw new AdminCreateRefused(`--email and --name are both required.\n${ADMIN_CREATE_USAGE}`)
  if (!z.email().max(254).safeParse(email).success) throw new AdminCreateRefused(`"${email}" is not an email address.`)
  if ([...name].length > 200) throw new AdminCreateRefused('A name has at most 200 characters.')
  return { email, name, institution: values.institution?.trim() || undefined, country: values.country?.trim() || undefined, passwordStdin: values['password-stdin'] === true }
}

export type AdminCreateOutcome =
  | { readonly kind: 'password'; readonly id: number; readonly email: string; readonly institution: string }
  | { readonly kind: 'invitation'; readonly id: number; readonly email: string; readonly institution: string; readonly tokenVersion: number }

/**
 * Makes a platform operator (domain/roles.ts): with the password given (checked by the password
 * policy), or without one, for an invitation link. Every account is kept in an institution: the one
 * named, the only one there is, or (on a database with none) the one named with --country, created.
 */
export async function createOperatorFromCli(db: Kysely<Database>, args: AdminCreateArguments, password: string | undefined): Promise<AdminCreateOutcome> {
  const operators = createOperatorService(db)
  if (password !== undefined) {
    const problem = checkNewPassword(password, { email: args.email, name: args.name })
    if (problem !== undefined) throw new AdminCreateRefused(`The password cannot be used: ${PASSWORD_PROBLEMS[problem.kind]}.`)
  }
  const home = await homeInstitution(db, operators, args)
  try {
    const created = await operators.create({ kind: 'cli' }, { email: args.email, name: args.name, institutionId: home.id, passwordHash: password === undefined ? null : await hashPassword(password) })
    return password === undefined ? { kind: 'invitation', id: created.id, email: created.email, institution: home.name, tokenVersion: created.tokenVersion } : { kind: 'password', id: created.id, email: created.email, institution: home.name }
  } catch (error) {
    if (error instanceof ConflictError) throw new AdminCreateRefused(`${error.message}: nothing was changed.`)
    throw error
  }
}

const PASSWORD_PROBLEMS = {
  tooShort: 'it needs at least 8 characters',
  tooLong: 'it has more than 128 characters',
  repetitive: 'it is one character repeated',
  common: 'it is one of the most common (or breached) passwords',
  personal: 'it is the email address or the name',
}

async function homeInstitution(db: Kysely<Database>, operators: ReturnType<typeof createOperatorService>, args: AdminCreateArguments): Promise<{ id: number; name: string }> {
  const institutions = await operators.institutions()
  const names = institutions.map((institution) => institution.name).join(', ')
  if (args.institution === undefined) {
    if (institutions.length === 1) return institutions[0]!
    if (institutions.length === 0) throw new AdminCreateRefused('There is no institution yet to keep the account in: add --institution "<name>" --country "<country>" and it is created.')
    throw new AdminCreateRefused(`Say which institution keeps the account with --institution (one of: ${names}).`)
  }
  const wanted = args.institution.toLowerCase()
  const found = institutions.find((institution) => institution.name.toLowerCase() === wanted)
  if (found !== undefined) return found
  if (args.country === undefined) {
    throw new AdminCreateRefused(`There is no institution called "${args.institution}"${names === '' ? '' : ` (the institutions are: ${names})`}. To create it, add --country "<country>".`)
  }
  const frameworkId = await createFrameworkService(db).latestId(DEFAULT_FRAMEWORK_SLUG)
  if (frameworkId === undefined) throw new AdminCreateRefused(`The framework ${DEFAULT_FRAMEWORK_SLUG} is not loaded: run npm run framework:load first.`)
  return operators.createHomeInstitution({ name: args.institution, country: args.country, frameworkId })
}
