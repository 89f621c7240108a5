import { problem, type ProblemCode, type ProblemParams, type ProblemReason } from '../domain/problems.js'

/**
 * Errors a service raises for a person to read; the error handler turns each into its status.
 * Anything else is a fault of ours: logged, and answered with a 500 that reveals nothing.
 */
export class NotFoundError extends Error {
  override name = 'NotFoundError'
  readonly statusCode = 404
  /** Why, by code, for a page to say in the reader's language; the message stays the English. */
  constructor(message: string, readonly reason?: ProblemReason) {
    super(message)
  }
}

export class InvalidInputError extends Error {
  override name = 'InvalidInputError'
  readonly statusCode = 400
  /** Per field, what is wrong with it. */
  constructor(message: string, readonly fields: Readonly<Record<string, string>> = {}, readonly reason?: ProblemReason) {
    super(message)
  }
}

export class ConflictError extends Error {
  override name = 'ConflictError'
  readonly statusCode = 409
  constructor(message: string, readonly reason?: ProblemReason) {
    super(message)
  }

  /** A conflict given by its reason, with the English message of that reason: `ConflictError.of('ownAccount', {})`. */
  static of<C extends ProblemCode>(code: C, params: ProblemParams[C]): ConflictError {
    const { message, reason } = problem(code, params)
    return new ConflictError(message, reason)
  }
}

/** A request the caller may not make, with why: a role they may not give, a person's ratings their institution keeps private. */
export class ForbiddenError extends Error {
  override name = 'ForbiddenError'
  readonly statusCode = 403
  constructor(message: string, readonly reason?: ProblemReason) {
    super(message)
  }

  static of<C extends ProblemCode>(code: C, params: ProblemParams[C]): ForbiddenError {
    const { message, reason } = problem(code, params)
    return new ForbiddenError(message, reason)
  }
}

/** Well-formed input that breaks a rule, with every problem listed (e.g. a programme's links). */
export class UnprocessableError extends Error {
  override name = 'UnprocessableError'
  readonly statusCode = 422
  constructor(message: string, readonly problems: readonly { readonly field: string; readonly message: string }[], readonly reason?: ProblemReason) {
    super(message)
  }
}

export type ServiceError = NotFoundError | InvalidInputError | ConflictError | UnprocessableError | ForbiddenError

export function isServiceError(error: unknown): error is ServiceError {
  return error instanceof NotFoundError || error instanceof InvalidInputError || error instanceof ConflictError || error instanceof UnprocessableError || error instanceof ForbiddenError
}

/**
 * For a write's `.catch`: a row refused by one of the unique indexes named in `conflicts` (a
 * concurrent request wrote the same one first, past the same check) becomes that index's 409;
 * anything else is rethrown. The check before the write gives the precise reason in the usual case;
 * this answers the race.
 *
 * ```ts
 * await trx.insertInto('departments').values(row).execute().catch(conflictOnUnique({ departments_institution_name_key: () => ConflictError.of('departmentExists', { name }) }))
 * ```
 */
export function conflictOnUnique(conflicts: Readonly<Record<string, () => ConflictError>>): (error: unknown) => never {
  return (error) => {
    const { code, constraint } = error as { code?: unknown; constraint?: unknown }
    const conflict = code === '23505' && typeof constraint === 'string' ? conflicts[constraint] : undefined
    throw conflict?.() ?? error
  }
}
