/** Refusals of the framework exchange: the 422 with every problem, broken text, and a version loaded twice at once. */
import type { DataFileError } from '../../domain/data-file.js'
import type { FrameworkFile } from '../../domain/framework-file.js'
import { exportWeight, FRAMEWORK_EXCHANGE_BYTES } from '../../domain/case-export.js'
import { ConflictError } from '../errors.js'
import { frameworkProblem } from '../../domain/framework-problems.js'
import { problem, type FrameworkVersionConflict } from '../../domain/problems.js'

/** A framework or code map refused with every reason; nothing was stored. Answered 422. */
export class FrameworkRejected extends Error {
  override name = 'FrameworkRejected'
  readonly statusCode = 422
  constructor(readonly errors: readonly DataFileError[]) {
    super(`${errors.length} problem(s); nothing was stored`)
  }
}

/** Why a framework version cannot be loaded beside those already there. */
export type VersionConflictReason = FrameworkVersionConflict

/**
 * A framework version already loaded (409), with what pages need to say it in the reader's language;
 * the message is the API's English.
 */
export class VersionConflict extends ConflictError {
  constructor(
    readonly conflict: VersionConflictReason,
    readonly slug: string,
    readonly version: string,
  ) {
    super(problem('frameworkVersionConflict', { conflict, slug, version }).reason)
  }
}

/** For a load's `.catch`: the same slug and version stored by a concurrent load becomes a 409; anything else is rethrown. */
export function rethrowDuplicate(file: FrameworkFile) {
  return (error: unknown): never => {
    const { code, constraint } = error as { code?: string; constraint?: string }
    if (code === '23505' && constraint === 'frameworks_slug_version_key') throw new VersionConflict('concurrent', file.id, file.version)
    throw error
  }
}

/**
 * Refuses a framework whose export would weigh more than an import takes (FRAMEWORK_EXCHANGE_BYTES):
 * loaded, it could be exported but not imported back. Weighing it costs one export, in memory.
 */
export function refuseTooHeavyToExchange(file: FrameworkFile, name: string, pointer: string, limit = FRAMEWORK_EXCHANGE_BYTES): void {
  const weight = exportWeight(file)
  if (weight <= limit) return
  const megabytes = (bytes: number) => (bytes / 1024 / 1024).toFixed(1)
  throw new FrameworkRejected([{ file: name, ...frameworkProblem(pointer, 'exportTooHeavy', { megabytes: megabytes(weight), limit: megabytes(limit) }) }])
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/

/**
 * Refuses text that is not well-formed Unicode (a lone UTF-16 surrogate, which JSON can carry as an
 * escape): PostgreSQL cannot store it in the audit log's jsonb, so it is refused (422) before anything.
 */
export function refuseBrokenText(data: unknown, name: string, pointer: string): void {
  const found = (value: unknown, at: string): string | undefined => {
    if (typeof value === 'string') return LONE_SURROGATE.test(value) ? at : undefined
    if (typeof value !== 'object' || value === null) return undefined
    for (const [key, item] of Object.entries(value)) {
      const path = `${at}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`
      if (LONE_SURROGATE.test(key)) return path
      const inner = found(item, path)
      if (inner !== undefined) return inner
    }
    return undefined
  }
  const at = found(data, pointer)
  if (at !== undefined) throw new FrameworkRejected([{ file: name, ...frameworkProblem(at, 'brokenText', {}) }])
}
