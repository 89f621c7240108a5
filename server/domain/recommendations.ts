import type { Translations } from './translations.js'
/** A programme's promise for one competency: it takes a person from `fromLevel` to `toLevel`. */
export interface ProgrammeLink {
  readonly competencyId: number
  readonly fromLevel: number
  readonly toLevel: number
}

export interface CatalogueProgramme {
  readonly id: number
  readonly code: string
  readonly title: string
  /** The title in other languages, for pages (recommendations do not use it). */
  readonly translations?: Translations
  readonly hours: number
  readonly languages: readonly string[]
  readonly links: readonly ProgrammeLink[]
}

/** Why a programme is recommended: one competency it moves from the person's level to a higher one. */
export interface Reason {
  readonly competencyId: number
  /** The person's current level. */
  readonly fromLevel: number
  /** The level the programme brings them to, capped at their target. */
  readonly toLevel: number
}

export interface Recommendation {
  readonly programme: CatalogueProgramme
  /** Levels of gap closed, each weighted by its competency's importance. */
  readonly score: number
  readonly reasons: readonly Reason[]
  /** Taught in one of the person's languages. */
  readonly inPersonsLanguage: boolean
  /** Levels of gap closed, unweighted: what the score counts before importance. */
  readonly levels: number
}

export interface RecommendationInput {
  readonly programmes: readonly CatalogueProgramme[]
  /** Current level per competency; absent = not rated: unknown, so never a gap (the person rates it first). */
  readonly current: ReadonlyMap<number, number>
  /** Target level per competency; absent = no target. */
  readonly targets: ReadonlyMap<number, number>
  /** Weight per competency from the framework; absent = 1. */
  readonly importance: ReadonlyMap<number, number>
  /** Programmes the person is taking or has completed: never recommended again. */
  readonly excluded: ReadonlySet<number>
  /** The languages the person can take programmes in. */
  readonly languages: readonly string[]
}

/**
 * Ranks programmes by the gap levels they close for one person. A programme helps with a competency
 * when the person's target is above their current level, the programme reaches above it
 * (to > current) and starts no more than one level above it (from <= current + 1). Best first:
 * higher score, then fewer hours, then offered in one of the person's languages, then by code.
 *
 * ```ts
 * recommend({ programmes, current: new Map([[7, 1]]), targets: new Map([[7, 3]]), importance: new Map(), excluded: new Set(), languages: ['fr'] })
 * // [{ programme: { code: 'IIOE-TPD-101', ... }, score: 2, reasons: [{ competencyId: 7, fromLevel: 1, toLevel: 3 }] }]
 * ```
 */
export function recommend(input: RecommendationInput): Recommendation[] {
  const recommendations: Recommendation[] = []
  for (const programme of input.programmes) {
    if (input.excluded.has(programme.id)) continue
    const reasons = usefulSteps(programme, input.current, input.targets)
    if (reasons.length === 0) continue
    const score = reasons.reduce((sum, reason) => sum + (reason.toLevel - reason.fromLevel) * (input.importance.get(reason.competencyId) ?? 1), 0)
    const levels = reasons.reduce((sum, reason) => sum + reason.toLevel - reason.fromLevel, 0)
    recommendations.push({ programme, score, levels, reasons, inPersonsLanguage: programme.languages.some((language) => input.languages.includes(language)) })
  }
  return recommendations.sort(
    (a, b) =>
      b.score - a.score ||
      a.programme.hours - b.programme.hours ||
      Number(b.inPersonsLanguage) - Number(a.inPersonsLanguage) ||
      a.programme.code.localeCompare(b.programme.code),
  )
}

/**
 * Whether a link helps a person at `level` who aims at `target`: there is a gap, the programme reaches
 * above the level and starts no more than one level above it. The one rule for recommendations,
 * learning paths and the designers' demand figures.
 */
export function linkHelps(link: Pick<ProgrammeLink, 'fromLevel' | 'toLevel'>, level: number, target: number): boolean {
  return target > level && link.toLevel > level && link.fromLevel <= level + 1
}

function usefulSteps(programme: CatalogueProgramme, current: ReadonlyMap<number, number>, targets: ReadonlyMap<number, number>): Reason[] {
  const reasons: Reason[] = []
  for (const link of programme.links) {
    const level = current.get(link.competencyId)
    const target = targets.get(link.competencyId)
    if (level === undefined || target === undefined || !linkHelps(link, level, target)) continue
    reasons.push({ competencyId: link.competencyId, fromLevel: level, toLevel: Math.min(link.toLevel, target) })
  }
  return reasons
}
