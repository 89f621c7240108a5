import type { CasePackage } from './case-package.js'
import { frameworkProblem, isWebUrl } from './framework-problems.js'

/**
 * What the CASE importer forgives before the schema decides, and what it refuses after: the
 * repairs real packages need, as OpenSALT makes them (normalise: values; repairStructure: objects;
 * educationalLevelRead), the schema widened for CASE 1.1, and the problems the schema cannot see
 * (two different items under one identifier, a uri that is not a web address).
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

/** How many of each kind of value normalise() repaired. */
export interface ValueFixes {
  zones: number
  sequences: number
  nulls: number
  empties: number
  hierarchyCodes: number
  dates: number
  links: number
}

export function noValueFixes(): ValueFixes {
  return { zones: 0, sequences: 0, nulls: 0, empties: 0, hierarchyCodes: 0, dates: 0, links: 0 }
}

/** One warning per kind of value normalise() repaired. */
export function valueFixWarnings(fixes: ValueFixes): string[] {
  return [
    fixes.zones > 0 ? `${fixes.zones} date-times without a time zone were read as UTC` : '',
    fixes.sequences > 0 ? `${fixes.sequences} sequenceNumbers written as strings were read as integers` : '',
    fixes.nulls > 0 ? `${fixes.nulls} null properties were read as absent` : '',
    fixes.empties > 0 ? `${fixes.empties} empty properties (an empty text or list of extensions) were read as absent` : '',
    fixes.hierarchyCodes > 0 ? `${fixes.hierarchyCodes} hierarchyCodes written as numbers were read as text` : '',
    fixes.dates > 0 ? `${fixes.dates} dates written month/day/year were read as such` : '',
    fixes.links > 0 ? `${fixes.links} links written as a word, not as a link (such as "*CLEAR*"), were left out` : '',
  ].filter(Boolean)
}

/**
 * A deep copy of the data with the value repairs applied, as OpenSALT makes them: null and empty
 * properties read as absent (but an empty title, creator or fullStatement, which the importer
 * names otherwise), date-times without a zone as UTC, numbers written as text (sequenceNumber) or
 * text as numbers (hierarchyCode) as what CASE says, dates written m/d/y as ISO dates, and a link
 * property holding a word instead of a link or an address dropped.
 */
export function normalise(value: unknown, key: string, fixes: ValueFixes): unknown {
  if (Array.isArray(value)) return value.map((entry) => normalise(entry, '', fixes))
  if (value !== null && typeof value === 'object') {
    const copy: Record<string, unknown> = {}
    for (const [name, entry] of Object.entries(value)) {
      if (entry === null) fixes.nulls++
      else if ((entry === '' && !KEEP_EMPTY.has(name)) || (name === 'extensions' && Array.isArray(entry) && entry.length === 0)) fixes.empties++
      // A link some packages write as its address is read as before; one written as a word ("*CLEAR*") means nothing.
      else if (LINK_KEYS.has(name) && typeof entry === 'string' && !/^[A-Za-z][A-Za-z0-9+.-]*:/.test(entry)) fixes.links++
      else copy[name] = normalise(entry, name, fixes)
    }
    return copy
  }
  if (key === 'hierarchyCode' && typeof value === 'number') {
    fixes.hierarchyCodes++
    return String(value)
  }
  if (typeof value !== 'string') return value
  if (DATE_TIME_KEYS.has(key) && UNZONED_DATE_TIME.test(value)) {
    fixes.zones++
    return `${value}Z`
  }
  const usDate = DATE_KEYS.has(key) ? /^(\d{1,2})\/(\d{1,2})\/(\d{2}|\d{4})$/.exec(value) : null
  if (usDate !== null) {
    fixes.dates++
    const [, month, day, year] = usDate
    return `${year!.length === 2 ? `20${year}` : year}-${month!.padStart(2, '0')}-${day!.padStart(2, '0')}`
  }
  if (key === 'sequenceNumber' && /^-?\d{1,9}$/.test(value)) {
    fixes.sequences++
    return Number(value)
  }
  return value
}

const UNZONED_DATE_TIME = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?$/
const DATE_TIME_KEYS = new Set(['lastChangeDateTime', 'statusStartDate', 'statusEndDate'])
const DATE_KEYS = new Set(['statusStartDate', 'statusEndDate'])
/** Required texts an empty value of which the importer names itself (an untitled document or item). */
const KEEP_EMPTY = new Set(['title', 'creator', 'fullStatement'])
const LINK_KEYS = new Set(['CFItemTypeURI', 'conceptKeywordsURI', 'licenseURI', 'CFDocumentURI', 'CFAssociationGroupingURI', 'CFPackageURI', 'CFItemURI'])

/**
 * The repairs of a package's structure OpenSALT makes, on the normalised copy, each kind one
 * warning: an item without a fullStatement takes its alternativeLabel, abbreviatedStatement or
 * humanCodingScheme; an association end whose uri is its identifier takes the uri of the item (or
 * document) of the package it names; association types spelled loosely ("RelatedTo", "childOf")
 * are read as CASE's; a later copy of an item, association or definition identical to an earlier
 * one with its identifier is left out (a different one stays, and is refused as ambiguous); a
 * definition nothing uses and that lacks what CASE requires of it is left out.
 */
export function repairStructure(data: unknown): string[] {
  if (typeof data !== 'object' || data === null) return []
  const pkg = data as Record<string, unknown>
  const warnings: string[] = []
  const objects = (value: unknown): Record<string, unknown>[] => (Array.isArray(value) ? value.filter((entry): entry is Record<string, unknown> => typeof entry === 'object' && entry !== null && !Array.isArray(entry)) : [])

  const unique = (list: unknown, where: string): unknown => {
    if (!Array.isArray(list)) return list
    // The first object of each identifier; objects are written out to compare only when one repeats it.
    const seen = new Map<string, unknown>()
    let dropped = 0
    const kept = list.filter((entry) => {
      const identifier = (entry as { identifier?: unknown } | null)?.identifier
      if (typeof identifier !== 'string') return true
      if (!seen.has(identifier)) return void seen.set(identifier, entry), true
      if (JSON.stringify(seen.get(identifier)) === JSON.stringify(entry)) return void dropped++, false
      return true
    })
    if (dropped > 0) warnings.push(`${dropped} ${where} repeated identically under the same identifier were read once`)
    return kept
  }
  pkg['CFItems'] = unique(pkg['CFItems'], 'CFItems')
  pkg['CFAssociations'] = unique(pkg['CFAssociations'], 'CFAssociations')

  let filled = 0
  for (const item of objects(pkg['CFItems'])) {
    if (typeof item['fullStatement'] === 'string') continue
    const stand = [item['alternativeLabel'], item['abbreviatedStatement'], item['humanCodingScheme']].find((text) => typeof text === 'string' && text.trim() !== '')
    if (stand === undefined) continue
    item['fullStatement'] = stand
    filled++
  }
  if (filled > 0) warnings.push(`${filled} items without a fullStatement took their alternativeLabel, abbreviatedStatement or humanCodingScheme as one`)

  const uriOf = new Map<string, unknown>(objects(pkg['CFItems']).map((item) => [String(item['identifier']), item['uri']]))
  const document = pkg['CFDocument'] as Record<string, unknown> | undefined
  if (typeof document?.['identifier'] === 'string') uriOf.set(document['identifier'], document['uri'])
  let relinked = 0
  let retyped = 0
  for (const association of objects(pkg['CFAssociations'])) {
    for (const end of ['originNodeURI', 'destinationNodeURI']) {
      const link = association[end] as Record<string, unknown> | undefined
      const uri = typeof link?.['identifier'] === 'string' ? uriOf.get(link['identifier']) : undefined
      if (link !== undefined && link['uri'] === link['identifier'] && typeof uri === 'string') {
        link['uri'] = uri
        relinked++
      }
    }
    const type = association['associationType']
    const canonical = typeof type === 'string' ? LOOSE_TYPES.get(type.replace(/[\s_-]/g, '').toLowerCase().replace(/^is/, '')) : undefined
    if (canonical !== undefined && canonical !== type) {
      association['associationType'] = canonical
      retyped++
    }
  }
  if (relinked > 0) warnings.push(`${relinked} association ends whose uri was their identifier took the uri of the item or document they name`)
  if (retyped > 0) warnings.push(`${retyped} association types spelled otherwise (such as "RelatedTo") were read as CASE's`)

  const definitions = pkg['CFDefinitions']
  if (typeof definitions === 'object' && definitions !== null && !Array.isArray(definitions)) {
    const byKind = definitions as Record<string, unknown>
    const used = new Set<string>()
    const collect = (value: unknown): void => {
      if (Array.isArray(value)) return value.forEach(collect)
      if (typeof value !== 'object' || value === null) return
      for (const [key, entry] of Object.entries(value)) {
        if (LINK_KEYS.has(key) || key === 'subjectURI') [entry].flat().forEach((link) => typeof (link as { identifier?: unknown })?.identifier === 'string' && used.add((link as { identifier: string }).identifier))
        else collect(entry)
      }
    }
    collect([pkg['CFDocument'], pkg['CFItems'], pkg['CFAssociations']])
    let unused = 0
    for (const [kind, required] of Object.entries(DEFINITION_REQUIRED)) {
      byKind[kind] = unique(byKind[kind], kind)
      if (!Array.isArray(byKind[kind])) continue
      byKind[kind] = (byKind[kind] as unknown[]).filter((entry) => {
        const definition = entry as Record<string, unknown>
        const broken = required.some((field) => definition?.[field] === undefined)
        if (broken && !used.has(String(definition?.['identifier']))) return void unused++, false
        return true
      })
    }
    if (unused > 0) warnings.push(`${unused} definitions nothing in the package uses, without all CASE requires of them, were left out`)
  }
  return warnings
}

const LOOSE_TYPES = new Map(['isChildOf', 'isPeerOf', 'isPartOf', 'exactMatchOf', 'precedes', 'isRelatedTo', 'replacedBy', 'exemplar', 'hasSkillLevel', 'isTranslationOf'].map((type) => [type.toLowerCase().replace(/^is/, ''), type]))
const DEFINITION_REQUIRED: Record<string, readonly string[]> = {
  CFConcepts: ['identifier', 'uri', 'title', 'keywords', 'lastChangeDateTime'],
  CFSubjects: ['identifier', 'uri', 'title', 'hierarchyCode', 'lastChangeDateTime'],
  CFLicenses: ['identifier', 'uri', 'title', 'licenseText', 'lastChangeDateTime'],
  CFItemTypes: ['identifier', 'uri', 'title', 'description', 'hierarchyCode', 'lastChangeDateTime'],
  CFAssociationGroupings: ['identifier', 'uri', 'title', 'lastChangeDateTime'],
}

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

/** Every `uri` or `officialSourceURL` that is not a web address: they become links on our pages. */
export function nonWebUrls(value: unknown, pointer: string): ReturnType<typeof frameworkProblem>[] {
  if (Array.isArray(value)) return value.flatMap((item, index) => nonWebUrls(item, `${pointer}/${index}`))
  if (typeof value !== 'object' || value === null) return []
  return Object.entries(value).flatMap(([key, item]) => {
    const at = `${pointer}/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`
    if ((key === 'uri' || key === 'officialSourceURL') && typeof item === 'string') return isWebUrl(item) ? [] : [frameworkProblem(at, 'urlNotWeb', { url: item.slice(0, 200) })]
    return nonWebUrls(item, at)
  })
}
