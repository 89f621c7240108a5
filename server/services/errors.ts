/**
 * Errors a service raises for a person to read; the error handler turns each into its status.
 * Anything else is a fault of ours: logged, and answered with a 500 that reveals nothing.
 */
export class NotFoundError extends Error {
  override name = 'NotFoundError'
  readonly statusCode = 404
}

export class InvalidInputError extends Error {
  override name = 'InvalidInputError'
  readonly statusCode = 400
  /** Per field, what is wrong with it. */
  constructor(message: string, readonly fields: Readonly<Record<string, string>> = {}) {
    super(message)
  }
}

export class ConflictError extends Error {
  override name = 'ConflictError'
  readonly statusCode = 409
}

/** Well-formed input that breaks a rule, with every problem listed (e.g. a programme's links). */
export class UnprocessableError extends Error {
  override name = 'UnprocessableError'
  readonly statusCode = 422
  constructor(message: string, readonly problems: readonly { readonly field: string; readonly message: string }[]) {
    super(message)
  }
}

export type ServiceError = NotFoundError | InvalidInputError | ConflictError | UnprocessableError

export function isServiceError(error: unknown): error is ServiceError {
  return error instanceof NotFoundError || error instanceof InvalidInputError || error instanceof ConflictError || error instanceof UnprocessableError
}
