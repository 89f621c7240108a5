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
 * // [{ index: 0, field: 'toLevel', kind: 'notAbove', message: 'PED.1: "to" level 2 must be above "from" level 2' }]
 * ```
 */
export function linkErrors(links: readonly LinkInput[], framework: LinkFramework): LinkError[] {
  const errors: LinkError[] = []
  const seen = new Set<number>()
  links.forEach((link, index) => {
    const code = framework.competencies.get(link.competencyId)
    if (code === undefined) {
      errors.push({ index, field: 'competencyId', kind: 'unknown', message: `There is no competency ${link.competencyId} to rate in this framework` })
      return
    }
    if (seen.has(link.competencyId)) errors.push({ index, field: 'competencyId', kind: 'twice', message: `${code} is linked twice: keep one link per competency` })
    seen.add(link.competencyId)
    const onScale = (level: number, lowest: number) => Number.isInteger(level) && level >= lowest && level <= framework.maxLevel
    if (!onScale(link.fromLevel, 0)) errors.push({ index, field: 'fromLevel', kind: 'fromOffScale', message: `${code}: "from" level ${link.fromLevel} is not on the scale (0 to ${framework.maxLevel})` })
    if (!onScale(link.toLevel, 1)) errors.push({ index, field: 'toLevel', kind: 'toOffScale', message: `${code}: "to" level ${link.toLevel} is not on the scale (1 to ${framework.maxLevel})` })
    else if (link.fromLevel >= link.toLevel) errors.push({ index, field: 'toLevel', kind: 'notAbove', message: `${code}: "to" level ${link.toLevel} must be above "from" level ${link.fromLevel}` })
  })
  return errors
}
