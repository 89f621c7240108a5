import type { Role } from './roles.js'
import { walk, type FrameworkTree, type TreeNode } from './tree.js'

/**
 * Assessments whose subject is a unit or the whole institution (the IIOE QA self-assessment): who may
 * make and read them, and what their results say per component.
 *
 * A panel makes them: HR always, and the people HR appoints for that framework. Each judgement is
 * appended; an area's current level is its latest. Level 0 says the area is not in place yet; an area
 * nobody judged is unknown, never counted as weak.
 */

/** The longest evidence or comment a judgement keeps (the column's check says the same). */
export const MAX_JUDGEMENT_TEXT = 4000
export const MAX_PANEL_SIZE = 50

/** In which capacity someone recorded a judgement. */
export const PANEL_CAPACITIES = ['hr', 'panel'] as const
export type PanelCapacity = (typeof PANEL_CAPACITIES)[number]

/** Who reads the results besides HR and the panel: nobody else, or all staff of the institution. */
export const RESULTS_VISIBILITIES = ['panel', 'staff'] as const
export type ResultsVisibility = (typeof RESULTS_VISIBILITIES)[number]

export function isResultsVisibility(value: unknown): value is ResultsVisibility {
  return typeof value === 'string' && (RESULTS_VISIBILITIES as readonly string[]).includes(value)
}

export interface AssessmentAccess {
  /** The capacity in which the person may record judgements, or undefined when they may not. */
  readonly assessAs: PanelCapacity | undefined
  readonly mayRead: boolean
}

/**
 * What one person of the institution may do with one of its unit or institution assessments. HR keep
 * the panel and always assess; an appointed member assesses; others read only when the institution
 * shows the results to all staff. The platform operator runs the platform and reads none.
 *
 * ```ts
 * assessmentAccess({ role: 'lecturer', onPanel: true }, 'panel')  // { assessAs: 'panel', mayRead: true }
 * assessmentAccess({ role: 'lecturer', onPanel: false }, 'panel') // { assessAs: undefined, mayRead: false }
 * ```
 */
export function assessmentAccess(person: { readonly role: Role; readonly onPanel: boolean }, visibility: ResultsVisibility): AssessmentAccess {
  if (person.role === 'admin') return { assessAs: undefined, mayRead: false }
  const assessAs: PanelCapacity | undefined = person.role === 'hr' ? 'hr' : person.onPanel ? 'panel' : undefined
  return { assessAs, mayRead: assessAs !== undefined || visibility === 'staff' }
}

/** The current judgement of one area. */
export interface AreaLevel {
  readonly competencyId: number
  readonly level: number
}

/** One component (a top-level domain) of an assessment's results. */
export interface ComponentResult {
  readonly component: TreeNode
  /** The areas under it, at any depth. */
  readonly areas: number
  readonly judged: number
  /** The mean level of its judged areas, to one decimal; null when none is judged. */
  readonly level: number | null
  /** Its judged areas below the top level, lowest first (tree order among equals), at most `weakest` of them. */
  readonly weakest: readonly AreaLevel[]
}

/**
 * The results per component: how many areas are judged, their mean level and the weakest areas.
 *
 * ```ts
 * componentResults(tree, new Map([[12, 1], [13, 3]]), { top: 4 })[0] // { areas: 4, judged: 2, level: 2, weakest: [{ competencyId: 12, level: 1 }, { competencyId: 13, level: 3 }] }
 * ```
 */
export function componentResults(tree: FrameworkTree, current: ReadonlyMap<number, number>, options: { readonly top: number; readonly weakest?: number }): ComponentResult[] {
  const limit = options.weakest ?? 3
  return tree.roots.map((component) => {
    const areas = areasOf(component)
    const judged = areas.flatMap((area) => {
      const level = current.get(area.id)
      return level === undefined ? [] : [{ competencyId: area.id, level }]
    })
    const sum = judged.reduce((total, area) => total + area.level, 0)
    const weakest = judged
      .map((area, order) => ({ area, order }))
      .filter(({ area }) => area.level < options.top)
      .sort((a, b) => a.area.level - b.area.level || a.order - b.order)
      .slice(0, limit)
      .map(({ area }) => area)
    return {
      component,
      areas: areas.length,
      judged: judged.length,
      level: judged.length === 0 ? null : Math.round((sum / judged.length) * 10) / 10,
      weakest,
    }
  })
}

/** The areas (rateable nodes) under a node, in tree order. */
export function areasOf(node: TreeNode): TreeNode[] {
  const areas: TreeNode[] = []
  walk([node], (each) => {
    if (each.kind === 'competency') areas.push(each)
  })
  return areas
}

/**
 * Where a panel goes on from: the first area after `fromId` (in tree order, wrapping round) that nobody
 * judged yet, else undefined when every area is judged.
 */
export function nextUnjudged(tree: FrameworkTree, current: ReadonlyMap<number, number>, fromId?: number): TreeNode | undefined {
  const areas = tree.competencies
  const start = fromId === undefined ? 0 : areas.findIndex((area) => area.id === fromId) + 1
  for (let step = 0; step < areas.length; step++) {
    const area = areas[(start + step) % areas.length]!
    if (!current.has(area.id)) return area
  }
  return undefined
}
