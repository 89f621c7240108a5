import type { Translations } from './translations.js'

/** A framework's proficiency scale: its levels numbered 1..n, from the least to the most proficient. */
export interface Scale {
  title?: string
  /** The language its labels and descriptions are written in, when not English (a publisher's rubric). */
  language?: string
  levels: ScaleLevel[]
  translations?: Translations
}

export interface ScaleLevel {
  level: number
  code?: string
  label: string
  description: string
  translations?: Translations
}

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

export function scaleLevel(scale: Scale, level: number): ScaleLevel | undefined {
  return scale.levels.find((entry) => entry.level === level)
}

/** Problems with a scale's numbering, as sentences; empty when levels run 1..n without gaps. */
export function scaleNumberingProblems(scale: Scale): string[] {
  return misnumberedLevels(scale).map(({ position, level }) => `level at position ${position} is numbered ${level}; levels must run 1, 2, 3... in order`)
}

/** The levels out of the order 1..n: their place on the scale (from 1) and the number they carry. */
export function misnumberedLevels(scale: Scale): { position: number; level: number }[] {
  return scale.levels.flatMap((entry, index) => (entry.level === index + 1 ? [] : [{ position: index + 1, level: entry.level }]))
}
