import type { CatalogueProgramme, Recommendation } from './recommendations.js'
import type { FrameworkTree } from './tree.js'

/**
 * A person's feedback report: per domain where they stand against their targets, in words; their
 * strengths; their three priorities, each with one or two short programmes they can take; and the
 * change since their previous round. Only rated competencies count: an unrated one is unknown.
 */

/** In words: every rated target met; a mean gap of at most one level; more; or nothing rated yet. */
export type DomainStanding = 'met' | 'close' | 'below' | 'unrated'

export interface DomainReport {
  readonly domainId: number
  /** Competencies of the domain with a target for the person. */
  readonly asked: number
  /** Of those, rated. */
  readonly rated: number
  readonly met: number
  readonly standing: DomainStanding
  /** Mean levels of gap over the rated ones with a target; null when none is rated. */
  readonly meanGap: number | null
  /** Mean change of level since the previous round, over competencies answered then and rated now; null without one. */
  readonly change: number | null
}

export interface CompetencyLine {
  readonly competencyId: number
  readonly current: number
  readonly target: number
}

export interface Priority extends CompetencyLine {
  /** One or two programmes in the person's languages that take them up from where they are, shortest first. */
  readonly programmes: readonly CatalogueProgramme[]
}

export interface PersonalReport {
  readonly domains: readonly DomainReport[]
  readonly strengths: readonly CompetencyLine[]
  readonly priorities: readonly Priority[]
  /** True when a previous round gave levels to compare with. */
  readonly hasPrevious: boolean
}

export interface PersonalReportInput {
  readonly tree: FrameworkTree
  /** Current level per rated competency. */
  readonly current: ReadonlyMap<number, number>
  /** Target level per competency with one. */
  readonly targets: ReadonlyMap<number, number>
  /** Weight per competency; absent = 1. */
  readonly importance: ReadonlyMap<number, number>
  /** Recommendations for the person, in their languages. */
  readonly recommendations: readonly Recommendation[]
  /** Levels answered in the person's previous round, if any. */
  readonly previous?: ReadonlyMap<number, number> | undefined
}

const SHOWN = 3
const PROGRAMMES_PER_PRIORITY = 2

/**
 * ```ts
 * personalReport({ tree, current: new Map([[7, 1], [8, 3]]), targets: new Map([[7, 3], [8, 2]]), importance: new Map(), recommendations })
 * // { domains: [{ domainId: 1, asked: 2, rated: 2, met: 1, standing: 'close', meanGap: 1, change: null }],
 * //   strengths: [{ competencyId: 8, current: 3, target: 2 }], priorities: [{ competencyId: 7, current: 1, target: 3, programmes: [...] }], hasPrevious: false }
 * ```
 */
export function personalReport(input: PersonalReportInput): PersonalReport {
  const lines = input.tree.competencies.flatMap((competency) => {
    const current = input.current.get(competency.id)
    const target = input.targets.get(competency.id)
    return current === undefined || target === undefined ? [] : [{ competencyId: competency.id, domainId: competency.domainId, code: competency.code, current, target }]
  })
  const importance = (competencyId: number) => input.importance.get(competencyId) ?? 1

  const domains = input.tree.roots
    .map((domain): DomainReport => {
      const inDomain = input.tree.competencies.filter((competency) => competency.domainId === domain.id)
      const rated = lines.filter((line) => line.domainId === domain.id)
      const meanGap = rated.length === 0 ? null : rated.reduce((sum, line) => sum + Math.max(0, line.target - line.current), 0) / rated.length
      const met = rated.filter((line) => line.current >= line.target).length
      const compared = inDomain.filter((competency) => input.previous?.has(competency.id) && input.current.has(competency.id))
      return {
        domainId: domain.id,
        asked: inDomain.filter((competency) => input.targets.has(competency.id)).length,
        rated: rated.length,
        met,
        standing: meanGap === null ? 'unrated' : met === rated.length ? 'met' : meanGap <= 1 ? 'close' : 'below',
        meanGap,
        change: compared.length === 0 ? null : compared.reduce((sum, competency) => sum + input.current.get(competency.id)! - input.previous!.get(competency.id)!, 0) / compared.length,
      }
    })
    .filter((domain) => domain.asked > 0)

  const strengths = lines
    .filter((line) => line.current >= line.target)
    .sort((a, b) => b.current - b.target - (a.current - a.target) || importance(b.competencyId) - importance(a.competencyId) || b.current - a.current || a.code.localeCompare(b.code))
    .slice(0, SHOWN)
    .map(({ competencyId, current, target }) => ({ competencyId, current, target }))

  const priorities = lines
    .filter((line) => line.current < line.target)
    .sort((a, b) => (b.target - b.current) * importance(b.competencyId) - (a.target - a.current) * importance(a.competencyId) || b.target - b.current - (a.target - a.current) || a.code.localeCompare(b.code))
    .slice(0, SHOWN)
    .map(({ competencyId, current, target }) => ({
      competencyId,
      current,
      target,
      programmes: input.recommendations
        .filter((recommendation) => recommendation.inPersonsLanguage && recommendation.reasons.some((reason) => reason.competencyId === competencyId))
        .map((recommendation) => recommendation.programme)
        .sort((a, b) => a.hours - b.hours || a.code.localeCompare(b.code))
        .slice(0, PROGRAMMES_PER_PRIORITY),
    }))

  return { domains, strengths, priorities, hasPrevious: input.previous !== undefined && input.previous.size > 0 }
}
