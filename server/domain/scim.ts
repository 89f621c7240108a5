/**
 * SCIM 2.0 (RFC 7643, RFC 7644) as this app speaks it, the pure part: the error a client reads, the
 * filters and paging it may ask for, and PATCH requests read into operations. Both shapes the large
 * directories send are understood: Microsoft Entra ID's (`"op": "Replace"`, a `path`, booleans as
 * "True"/"False") and Okta's (`"op": "replace"` without a path, the changes in a `value` object).
 *
 * ```ts
 * parseFilter('userName eq "ama@uni.edu.gh"', ['userName', 'externalId']) // { attribute: 'userName', value: 'ama@uni.edu.gh' }
 * parsePath('emails[type eq "work"].value') // { attribute: 'emails', filter: { attribute: 'type', value: 'work' }, subAttribute: 'value' }
 * parsePatch({ Operations: [{ op: 'Replace', path: 'active', value: 'False' }] }) // [{ op: 'replace', path: { attribute: 'active' }, value: 'False' }]
 * ```
 */

export const SCIM_USER = 'urn:ietf:params:scim:schemas:core:2.0:User'
export const SCIM_GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group'
export const SCIM_ENTERPRISE_USER = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'
export const SCIM_LIST_RESPONSE = 'urn:ietf:params:scim:api:messages:2.0:ListResponse'
export const SCIM_PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp'
export const SCIM_ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error'

/** The most resources one answer lists (ServiceProviderConfig's filter.maxResults). */
export const SCIM_MAX_RESULTS = 200
/** The most operations one PATCH may hold. */
export const SCIM_MAX_OPERATIONS = 1000

/** RFC 7644 §3.12's `scimType` values this service answers with. */
export type ScimErrorType = 'invalidFilter' | 'uniqueness' | 'mutability' | 'invalidSyntax' | 'invalidPath' | 'noTarget' | 'invalidValue'

/** A refusal in SCIM's terms: the HTTP status, the `scimType` (for a 400 or 409) and a `detail` a person understands. */
export class ScimError extends Error {
  override name = 'ScimError'
  constructor(
    readonly status: number,
    readonly scimType: ScimErrorType | undefined,
    detail: string,
  ) {
    super(detail)
  }

  static invalidValue(detail: string): ScimError {
    return new ScimError(400, 'invalidValue', detail)
  }

  static notFound(resource: 'User' | 'Group', id: string): ScimError {
    return new ScimError(404, undefined, `There is no ${resource} ${JSON.stringify(id.slice(0, 40))} here`)
  }
}

/** An error as RFC 7644 §3.12 writes it (`status` is a string there). */
export function scimErrorBody(status: number, detail: string, scimType?: ScimErrorType): { schemas: string[]; status: string; scimType?: ScimErrorType; detail: string } {
  return { schemas: [SCIM_ERROR], status: String(status), ...(scimType === undefined ? {} : { scimType }), detail }
}

/** `attribute eq "value"`: the one filter form directories send to find a resource before they create it. */
export interface ScimEquality {
  readonly attribute: string
  readonly value: string
}

const ATTRIBUTE = '[A-Za-z][A-Za-z0-9_$-]*'
const COMPARED = new RegExp(`^\\s*(${ATTRIBUTE}(?:\\.${ATTRIBUTE})?)\\s+eq\\s+("(?:[^"\\\\]|\\\\.)*"|true|false)\\s*$`, 'i')

/**
 * Reads a filter of the form `attribute eq "value"` (RFC 7644 §3.4.2.2), the attribute one of
 * `attributes` in any case (attribute names are case-insensitive) and returned as `attributes` spells
 * it. Anything else (other operators, `and`/`or`, unknown attributes) is a 400 invalidFilter.
 */
export function parseFilter(filter: string, attributes: readonly string[]): ScimEquality {
  const refuse = () => new ScimError(400, 'invalidFilter', `This service filters only with ${attributes.map((name) => `${name} eq "..."`).join(' or ')}; not with ${JSON.stringify(filter.slice(0, 100))}`)
  if (filter.length > 1000) throw refuse()
  const match = COMPARED.exec(filter)
  if (match === null) throw refuse()
  const attribute = attributes.find((name) => name.toLowerCase() === match[1]!.toLowerCase())
  if (attribute === undefined) throw refuse()
  return { attribute, value: literalText(match[2]!, refuse) }
}

/** A filter's literal as text: a JSON string unquoted, or true/false as written. */
function literalText(literal: string, refuse: () => ScimError): string {
  if (!literal.startsWith('"')) return literal.toLowerCase()
  try {
    return JSON.parse(literal) as string
  } catch {
    throw refuse()
  }
}

/** Where a listing starts (1-based) and how many it holds at most, from `startIndex` and `count`. */
export interface ScimPaging {
  readonly startIndex: number
  readonly count: number
}

/**
 * `startIndex` and `count` as RFC 7644 §3.4.2.4 reads them: a startIndex below 1 is 1, a negative count
 * is 0, a count above SCIM_MAX_RESULTS is SCIM_MAX_RESULTS; anything that is not a whole number is a 400.
 */
export function parsePaging(startIndex: unknown, count: unknown): ScimPaging {
  const whole = (given: unknown, name: string, absent: number) => {
    if (given === undefined) return absent
    if (typeof given !== 'string' || !/^-?\d{1,9}$/.test(given)) throw ScimError.invalidValue(`${name} must be a whole number`)
    return Number(given)
  }
  return { startIndex: Math.max(1, whole(startIndex, 'startIndex', 1)), count: Math.min(SCIM_MAX_RESULTS, Math.max(0, whole(count, 'count', SCIM_MAX_RESULTS))) }
}

/** An attribute path of a PATCH operation: `name.givenName`, `emails[type eq "work"].value`, `members[value eq "12"]`. */
export interface ScimPath {
  /** The attribute, in lower case (attribute names are case-insensitive); `urn:enterprise` for the enterprise extension's. */
  readonly attribute: string
  readonly filter?: ScimEquality
  /** The sub-attribute, in lower case. */
  readonly subAttribute?: string
}

/** The attribute standing for everything of the enterprise User extension: accepted, not kept. */
export const ENTERPRISE_ATTRIBUTE = 'urn:enterprise'

const PATH = new RegExp(`^(${ATTRIBUTE})(?:\\[\\s*(${ATTRIBUTE})\\s+eq\\s+("(?:[^"\\\\]|\\\\.)*"|true|false)\\s*\\])?(?:\\.(${ATTRIBUTE}))?$`, 'i')

/** Reads a PATCH path (RFC 7644 §3.5.2); a path this grammar does not cover is a 400 invalidPath. */
export function parsePath(path: string, resourceSchema: string = SCIM_USER): ScimPath {
  const refuse = () => new ScimError(400, 'invalidPath', `The path ${JSON.stringify(path.slice(0, 200))} is not one this service understands`)
  if (path.length > 500) throw refuse()
  let local = path.trim()
  const lower = local.toLowerCase()
  if (lower.startsWith(SCIM_ENTERPRISE_USER.toLowerCase())) return { attribute: ENTERPRISE_ATTRIBUTE }
  if (lower.startsWith(`${resourceSchema.toLowerCase()}:`)) local = local.slice(resourceSchema.length + 1)
  const match = PATH.exec(local)
  if (match === null) throw refuse()
  const [, attribute, filterAttribute, filterValue, subAttribute] = match
  return {
    attribute: attribute!.toLowerCase(),
    ...(filterAttribute === undefined ? {} : { filter: { attribute: filterAttribute.toLowerCase(), value: literalText(filterValue!, refuse) } }),
    ...(subAttribute === undefined ? {} : { subAttribute: subAttribute.toLowerCase() }),
  }
}

export type ScimPatchOp = 'add' | 'replace' | 'remove'

export interface ScimOperation {
  readonly op: ScimPatchOp
  readonly path: ScimPath | undefined
  /** As sent; each attribute checks its own. Undefined only for a remove. */
  readonly value: unknown
}

/**
 * Reads a PatchOp body into operations. `op` in any case (Entra writes "Replace"); `path` optional but
 * for a remove; add and replace need a value. A body that is not a PatchOp is a 400 invalidSyntax.
 */
export function parsePatch(body: unknown, resourceSchema: string = SCIM_USER): ScimOperation[] {
  if (!isObject(body)) throw new ScimError(400, 'invalidSyntax', 'A PATCH body is a JSON object with "Operations"')
  const schemas = body['schemas']
  if (schemas !== undefined && (!Array.isArray(schemas) || !schemas.every((schema) => typeof schema === 'string'))) throw new ScimError(400, 'invalidSyntax', '"schemas" is a list of schema URNs')
  const operations = body['Operations'] ?? body['operations']
  if (!Array.isArray(operations) || operations.length === 0) throw new ScimError(400, 'invalidSyntax', 'A PATCH body needs "Operations": a list of at least one operation')
  if (operations.length > SCIM_MAX_OPERATIONS) throw new ScimError(400, 'invalidSyntax', `At most ${SCIM_MAX_OPERATIONS} operations in one PATCH`)
  return operations.map((operation, index) => {
    if (!isObject(operation)) throw new ScimError(400, 'invalidSyntax', `Operation ${index + 1} is not an object`)
    const op = typeof operation['op'] === 'string' ? operation['op'].toLowerCase() : undefined
    if (op !== 'add' && op !== 'replace' && op !== 'remove') throw new ScimError(400, 'invalidSyntax', `Operation ${index + 1}: "op" is add, replace or remove`)
    const path = operation['path']
    if (path !== undefined && path !== null && typeof path !== 'string') throw new ScimError(400, 'invalidPath', `Operation ${index + 1}: "path" is text`)
    const parsed = typeof path === 'string' && path.trim() !== '' ? parsePath(path, resourceSchema) : undefined
    if (op === 'remove' && parsed === undefined) throw new ScimError(400, 'noTarget', `Operation ${index + 1}: a remove needs a path`)
    if (op !== 'remove' && operation['value'] === undefined) throw ScimError.invalidValue(`Operation ${index + 1}: ${op} needs a value`)
    return { op, path: parsed, value: operation['value'] }
  })
}

/** A boolean as Entra and Okta send one: true/false, or the text "True"/"False" in any case. */
export function scimBoolean(value: unknown, attribute: string): boolean {
  if (typeof value === 'boolean') return value
  if (typeof value === 'string' && /^(true|false)$/i.test(value.trim())) return value.trim().toLowerCase() === 'true'
  throw ScimError.invalidValue(`${attribute} is true or false`)
}

/** Lone halves of a UTF-16 surrogate pair: JSON can carry them, no database text can hold them. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/

/**
 * A text attribute, trimmed: a string of 1 to `max` characters, well-formed (no lone surrogate) and
 * without control characters; null (or absent, when `nullable`) clears it.
 */
export function scimText(value: unknown, attribute: string, max: number, options: { nullable: true }): string | null
export function scimText(value: unknown, attribute: string, max: number, options?: { nullable?: false }): string
export function scimText(value: unknown, attribute: string, max: number, options: { nullable?: boolean } = {}): string | null {
  if ((value === null || value === undefined) && options.nullable) return null
  if (value === undefined) throw ScimError.invalidValue(`${attribute} is required`)
  if (typeof value !== 'string') throw ScimError.invalidValue(`${attribute} is text${options.nullable ? ' or null' : ''}`)
  if (LONE_SURROGATE.test(value)) throw ScimError.invalidValue(`${attribute} holds a lone UTF-16 surrogate (such as \\ud800), which is not text`)
  if (CONTROL.test(value)) throw ScimError.invalidValue(`${attribute} holds a control character`)
  const text = value.trim()
  if (text === '') {
    if (options.nullable) return null
    throw ScimError.invalidValue(`${attribute} must not be empty`)
  }
  if (text.length > max) throw ScimError.invalidValue(`${attribute} is at most ${max} characters`)
  return text
}

/** Whether text is well-formed (no lone surrogate) and free of control characters: what a database text column can keep as typed. */
export function isPlainText(text: string): boolean {
  return !LONE_SURROGATE.test(text) && !CONTROL.test(text)
}

/** A SCIM id as this service writes them (a database id in decimal); anything else names nothing. */
export function scimId(given: string): number | undefined {
  if (!/^[1-9][0-9]{0,9}$/.test(given)) return undefined
  const id = Number(given)
  return id <= 2_147_483_647 ? id : undefined
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
