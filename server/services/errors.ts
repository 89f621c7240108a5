import { PROBLEM_MESSAGES, problem, sayProblem, type ProblemCode, type ProblemParams, type ProblemReason } from '../domain/problems.js'

/**
 * Errors a service raises for a person to read; the error handler turns each into its status.
 * Each is built from its reason (a code of `domain/problems.ts` and what its sentence needs), so a page
 * says it in the reader's language; its message is that reason's English, the one the API keeps.
 * Anything else is a fault of ours: logged, and answered with a 500 that reveals nothing.
 */
export class NotFoundError extends Error {
  override name = 'NotFoundError'
  readonly statusCode = 404
  constructor(readonly reason: ProblemReason) {
    super(englishOf(reason))
  }

  /** `NotFoundError.of('notFound', { thing: 'department', id: 7 })`: 'There is no department 7 in your institution'. */
  static of<C extends ProblemCode>(code: C, params: ProblemParams[C]): NotFoundError {
    return new NotFoundError(problem(code, params).reason)
  }
}

export class InvalidInputError extends Error {
  override name = 'InvalidInputError'
  readonly statusCode = 400
  /** `fields`: per field, what is wrong with it (the API's `details`). */
  constructor(
    readonly reason: ProblemReason,
    readonly fields: Readonly<Record<string, string>> = {},
  ) {
    super(englishOf(reason))
  }

  /** `InvalidInputError.of('activityTitleRequired', {}, { title: 'required' })`. */
  static of<C extends ProblemCode>(code: C, params: ProblemParams[C], fields: Readonly<Record<string, string>> = {}): InvalidInputError {
    return new InvalidInputError(problem(code, params).reason, fields)
  }
}

export class ConflictError extends Error {
  override name = 'ConflictError'
  readonly statusCode = 409
  constructor(readonly reason: ProblemReason) {
    super(englishOf(reason))
  }

  /** A conflict given by its reason, with the English message of that reason: `ConflictError.of('ownAccount', {})`. */
  static of<C extends ProblemCode>(code: C, params: ProblemParams[C]): ConflictError {
    return new ConflictError(problem(code, params).reason)
  }
}

/** A request the caller may not make, with why: a role they may not give, a person's ratings their institution keeps private. */
export class ForbiddenError extends Error {
  override name = 'ForbiddenError'
  readonly statusCode = 403
  constructor(readonly reason: ProblemReason) {
    super(englishOf(reason))
  }

  static of<C extends ProblemCode>(code: C, params: ProblemParams[C]): ForbiddenError {
    return new ForbiddenError(problem(code, params).reason)
  }
}

/** Well-formed input that breaks a rule, with every problem listed (e.g. a programme's links). */
export class UnprocessableError extends Error {
  override name = 'UnprocessableError'
  readonly statusCode = 422
  constructor(
    readonly reason: ProblemReason,
    readonly problems: readonly { readonly field: string; readonly message: string }[],
  ) {
    super(englishOf(reason))
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

function englishOf(reason: ProblemReason): string {
  return sayProblem(PROBLEM_MESSAGES, reason)
}
