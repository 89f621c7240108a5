import type { SourceRef } from './framework.js'
import { createDataFileChecker, type DataFileResult, type RuleError } from './data-file.js'

/** A crosswalk file as crosswalk.schema.json describes it. */
export interface CrosswalkFile {
  id: string
  title: string
  description?: string
  status: 'provisional' | 'official'
  sources: SourceRef[]
  links: CrosswalkFileLink[]
}

export interface CompetencyRef {
  framework: string
  code: string
}

/** How a competency of one framework stands to one of another (the words of SKOS mappings). */
export type CrosswalkRelation = 'exact' | 'broader' | 'narrower' | 'related'

export interface CrosswalkFileLink {
  from: CompetencyRef
  to: CompetencyRef
  relation: CrosswalkRelation
  note?: string
}

/** What `from` is for `to`, when a link `from -> to` is read the other way round. */
export const INVERSE_RELATION: Readonly<Record<CrosswalkRelation, CrosswalkRelation>> = { exact: 'exact', broader: 'narrower', narrower: 'broader', related: 'related' }

/**
 * Makes a checker of crosswalk files: the JSON Schema, then the rules it cannot say. `knows(slug, code)`
 * tells whether a loaded framework (any version of that slug) has the code; an unknown framework or
 * code is an error, as are a link within one framework and the same pair linked twice.
 *
 * ```ts
 * const check = createCrosswalkChecker(schema, (slug, code) => codes.get(slug)?.has(code) ?? false)
 * check(JSON.parse(text), 'iioe-hew-ict-cft-digcompedu.json') // { ok: true, value: { links: [...] } }
 * ```
 */
export function createCrosswalkChecker(schema: object, knows: (slug: string, code: string) => 'known' | 'no-framework' | 'no-code'): (data: unknown, file: string) => DataFileResult<CrosswalkFile> {
  return createDataFileChecker<CrosswalkFile>(schema, (crosswalk) => ruleErrors(crosswalk, knows))
}

function ruleErrors(crosswalk: CrosswalkFile, knows: (slug: string, code: string) => 'known' | 'no-framework' | 'no-code'): RuleError[] {
  const errors: RuleError[] = []
  const seen = new Map<string, number>()
  crosswalk.links.forEach((link, index) => {
    for (const end of ['from', 'to'] as const) {
      const { framework, code } = link[end]
      const known = knows(framework, code)
      if (known === 'no-framework') errors.push({ pointer: `/links/${index}/${end}/framework`, message: `no framework "${framework}" is loaded` })
      else if (known === 'no-code') errors.push({ pointer: `/links/${index}/${end}/code`, message: `framework "${framework}" has no competency "${code}"` })
    }
    if (link.from.framework === link.to.framework) errors.push({ pointer: `/links/${index}/to/framework`, message: 'a crosswalk links competencies of two different frameworks' })
    const pair = [`${link.from.framework}:${link.from.code}`, `${link.to.framework}:${link.to.code}`].sort().join(' ')
    const first = seen.get(pair)
    if (first !== undefined) errors.push({ pointer: `/links/${index}`, message: `these two competencies are already linked at /links/${first}` })
    else seen.set(pair, index)
  })
  return errors
}
