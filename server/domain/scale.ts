import type { Scale, ScaleLevelRow } from '../db/schema.js'

/** Level 0 stands for "not yet rated": it is never a level a person can choose. */
export const NOT_RATED = 0

/**
 * True when `level` is one of the scale's levels.
 *
 * ```ts
 * isLevelOnScale({ levels: [{ level: 1, ... }, { level: 2, ... }] }, 3) // false
 * ```
 */
export function isLevelOnScale(scale: Scale, level: number): boolean {
  return Number.isInteger(level) && scale.levels.some((entry) => entry.level === level)
}

export function maxLevel(scale: Scale): number {
  return Math.max(...scale.levels.map((entry) => entry.level))
}

export function scaleLevel(scale: Scale, level: number): ScaleLevelRow | undefined {
  return scale.levels.find((entry) => entry.level === level)
}

/** Problems with a scale's numbering, as sentences; empty when levels run 1..n without gaps. */
export function scaleNumberingProblems(scale: Scale): string[] {
  const numbers = scale.levels.map((entry) => entry.level)
  const problems: string[] = []
  numbers.forEach((level, index) => {
    if (level !== index + 1) problems.push(`level at position ${index + 1} is numbered ${level}; levels must run 1, 2, 3... in order`)
  })
  return problems
}
