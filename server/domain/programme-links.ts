import { problem, type ProblemReason } from './problems.js'

/** A programme's link as a designer enters it: a competency and the levels it takes a person from and to. */
export interface LinkInput {
  readonly competencyId: number
  readonly fromLevel: number
  readonly toLevel: number
}

export interface LinkError {
  /** Index of the link in the list checked. */
  readonly index: number
  readonly field: 'competencyId' | 'fromLevel' | 'toLevel'
  /** What is wrong, for callers that say it in the reader's language. */
  readonly kind: 'unknown' | 'twice' | 'fromOffScale' | 'toOffScale' | 'notAbove'
  readonly message: string
  /** The same, by code, for a page to say in the reader's language. */
  readonly reason: ProblemReason
}

/** What the rules need of the framework: its rateable competencies (id to code) and the top of its scale. */
export interface LinkFramework {
  readonly competencies: ReadonlyMap<number, string>
  readonly maxLevel: number
}

/**
 * Every reason a list of links cannot be saved: a competency that is not in the framework (or is a
 * domain), a level off the scale, from not below to, a competency linked twice. All errors at once,
 * so the designer fixes them in one go.
 *
 * ```ts
 * linkErrors([{ competencyId: 7, fromLevel: 2, toLevel: 2 }], { competencies: new Map([[7, 'PED.1']]), maxLevel: 3 })
 * // [{ index: 0, field: 'toLevel', kind: 'notAbove', message: 'PED.1: "to" level 2 must be above "from" level 2', reason: { code: 'linkNotAbove', ... } }]
 * ```
 */
export function linkErrors(links: readonly LinkInput[], framework: LinkFramework): LinkError[] {
  const errors: LinkError[] = []
  const seen = new Set<number>()
  links.forEach((link, index) => {
    const code = framework.competencies.get(link.competencyId)
    if (code === undefined) {
      errors.push({ index, field: 'competencyId', kind: 'unknown', ...problem('linkUnknown', { competencyId: link.competencyId }) })
      return
    }
    if (seen.has(link.competencyId)) errors.push({ index, field: 'competencyId', kind: 'twice', ...problem('linkTwice', { competency: code }) })
    seen.add(link.competencyId)
    const onScale = (level: number, lowest: number) => Number.isInteger(level) && level >= lowest && level <= framework.maxLevel
    if (!onScale(link.fromLevel, 0)) errors.push({ index, field: 'fromLevel', kind: 'fromOffScale', ...problem('linkFromOffScale', { competency: code, level: link.fromLevel, max: framework.maxLevel }) })
    if (!onScale(link.toLevel, 1)) errors.push({ index, field: 'toLevel', kind: 'toOffScale', ...problem('linkToOffScale', { competency: code, level: link.toLevel, max: framework.maxLevel }) })
    else if (link.fromLevel >= link.toLevel) errors.push({ index, field: 'toLevel', kind: 'notAbove', ...problem('linkNotAbove', { competency: code, from: link.fromLevel, to: link.toLevel }) })
  })
  return errors
}
