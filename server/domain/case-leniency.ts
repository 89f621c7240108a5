import type { CasePackage } from './case-package.js'
import { frameworkProblem, isWebUrl } from './framework-problems.js'

/**
 * What the CASE importer forgives before the schema decides, and what it refuses after: the
 * repairs real packages need (date-times without a time zone, sequenceNumbers as strings, null
 * properties, `educationalLevel`), the schema widened for CASE 1.1, and the problems the schema
 * cannot see (an identifier used twice, a uri that is not a web address).
 */

/**
 * The CASE 1.0 package schema taking what CASE 1.1 adds as well: the association types
 * isTranslationOf and `ext:name`, and `extensions` on the package and on each object that is not a
 * link (the document's, items' and associations' other 1.1 fields the 1.0 schema already lets pass).
 */
export function withCase11(schema: object): object {
  const widen = (value: unknown, name: string): unknown => {
    if (Array.isArray(value)) return value.map((entry) => widen(entry, ''))
    if (typeof value !== 'object' || value === null) return value
    const object = value as Record<string, unknown>
    const closed = object['additionalProperties'] === false && typeof object['properties'] === 'object' && !/^Link/.test(name)
    const entries = Object.entries(object).map(([key, entry]) => {
      const listed = (entry as { enum?: unknown }).enum
      if (key === 'associationType' && Array.isArray(listed)) {
        return [key, { type: 'string', anyOf: [{ enum: [...listed, 'isTranslationOf'] }, { pattern: '^ext:[A-Za-z0-9._-]{1,100}$' }] }]
      }
      if (key === 'properties' && closed) return [key, { ...(widen(entry, '') as object), extensions: { type: 'object' } }]
      return [key, widen(entry, key)]
    })
    return Object.fromEntries(entries)
  }
  return widen(schema, '') as object
}

/**
 * Some publishers write an item's education levels as `educationalLevel`, one string or a list: read
 * as CASE's `educationLevel` where the item has none. How many items were read so.
 */
export function educationalLevelRead(data: unknown): number {
  const items = (data as { CFItems?: unknown } | null)?.CFItems
  if (!Array.isArray(items)) return 0
  let read = 0
  for (const item of items as Record<string, unknown>[]) {
    if (typeof item !== 'object' || item === null || !('educationalLevel' in item)) continue
    const given = item['educationalLevel']
    const levels = typeof given === 'string' ? [given] : Array.isArray(given) && given.every((entry) => typeof entry === 'string') ? given : undefined
    if (levels === undefined || 'educationLevel' in item) continue
    delete item['educationalLevel']
    item['educationLevel'] = levels
    read++
  }
  return read
}

/** A deep copy of the data with the leniency fixes applied (see the module comment). */
export function normalise(value: unknown, key: string, fixes: { zones: number; sequences: number; nulls: number }): unknown {
  if (Array.isArray(value)) return value.map((entry) => normalise(entry, '', fixes))
  if (value !== null && typeof value === 'object') {
    const copy: Record<string, unknown> = {}
    for (const [name, entry] of Object.entries(value)) {
      if (entry === null) fixes.nulls++
      else copy[name] = normalise(entry, name, fixes)
    }
    return copy
  }
  if (typeof value !== 'string') return value
  if (DATE_TIME_KEYS.has(key) && UNZONED_DATE_TIME.test(value)) {
    fixes.zones++
    return `${value}Z`
  }
  if (key === 'sequenceNumber' && /^-?\d{1,9}$/.test(value)) {
    fixes.sequences++
    return Number(value)
  }
  return value
}

const UNZONED_DATE_TIME = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?$/
const DATE_TIME_KEYS = new Set(['lastChangeDateTime', 'statusStartDate', 'statusEndDate'])

export function duplicateIdentifiers(pkg: CasePackage): ReturnType<typeof frameworkProblem>[] {
  const seen = new Map<string, string>([[pkg.CFDocument.identifier, '/CFDocument']])
  return (pkg.CFItems ?? []).flatMap((item, index) => {
    const first = seen.get(item.identifier)
    if (first === undefined) {
      seen.set(item.identifier, `/CFItems/${index}`)
      return []
    }
    return [frameworkProblem(`/CFItems/${index}/identifier`, 'identifierUsed', { identifier: item.identifier, first })]
  })
}

export /** Every `uri` or `officialSourceURL` that is not a web address: they become links on our pages. */
function nonWebUrls(value: unknown, pointer: string): ReturnType<typeof frameworkProblem>[] {
  if (Array.isArray(value)) return value.flatMap((item, index) => nonWebUrls(item, `${pointer}/${index}`))
  if (typeof value !== 'object' || value === null) return []
  return Object.entries(value).flatMap(([key, item]) => {
    const at = `${pointer}/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`
    if ((key === 'uri' || key === 'officialSourceURL') && typeof item === 'string') return isWebUrl(item) ? [] : [frameworkProblem(at, 'urlNotWeb', { url: item.slice(0, 200) })]
    return nonWebUrls(item, at)
  })
}
