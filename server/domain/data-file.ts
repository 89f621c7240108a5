import { Ajv, type ErrorObject } from 'ajv'
import addFormats from 'ajv-formats'
import type { FrameworkProblemDetail } from './framework-problems.js'

/** One reason a data file is refused: which file, where in it (JSON pointer), and why. */
export interface DataFileError {
  readonly file: string
  readonly pointer: string
  /** In English, as the API and the command line give it. */
  readonly message: string
  /** For a problem our own rules found (not the JSON Schema check): its code, for pages to say it in the reader's language. */
  readonly detail?: FrameworkProblemDetail | undefined
}

export type DataFileResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly errors: readonly DataFileError[] }

/**
 * A checker of data files against a JSON Schema, then against rules the schema cannot say. Every
 * problem is reported, not only the first.
 *
 * ```ts
 * const check = createDataFileChecker<FrameworkFile>(schema, (framework) => [{ pointer: '/nodes/0/code', message: '...' }])
 * check(JSON.parse(text), 'iioe-hew.json') // { ok: false, errors: [{ file: 'iioe-hew.json', pointer: '/nodes/0/code', ... }] }
 * ```
 */
export function createDataFileChecker<T>(schema: object, rules: (value: T) => RuleError[] = () => []): (data: unknown, file: string) => DataFileResult<T> {
  const ajv = new Ajv({ allErrors: true, strict: true })
  addFormats.default(ajv)
  const validate = ajv.compile<T>(schema)
  return (data, file) => {
    if (!validate(data)) return { ok: false, errors: (validate.errors ?? []).map((error) => schemaError(file, error)) }
    const errors = rules(data).map((error) => ({ file, ...error }))
    return errors.length === 0 ? { ok: true, value: data } : { ok: false, errors }
  }
}

export interface RuleError {
  readonly pointer: string
  readonly message: string
  readonly detail?: FrameworkProblemDetail | undefined
}

/** Formats errors one per line, as a person reads them in a terminal. */
export function formatDataFileErrors(errors: readonly DataFileError[]): string {
  return errors.map((error) => `${error.file}: ${error.pointer || '/'}: ${error.message}`).join('\n')
}

function schemaError(file: string, error: ErrorObject): DataFileError {
  const detail =
    error.keyword === 'additionalProperties'
      ? `${error.message} ("${String(error.params['additionalProperty'])}")`
      : error.keyword === 'enum' || error.keyword === 'const'
        ? `${error.message}: ${JSON.stringify(error.params['allowedValues'] ?? error.params['allowedValue'])}`
        : (error.message ?? 'is not valid')
  return { file, pointer: error.instancePath, message: detail }
}
