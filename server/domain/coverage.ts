import type { Translations } from './translations.js'
import { withheldFigures } from './disclosure.js'
import { linkHelps, type CatalogueProgramme } from './recommendations.js'

export interface CoverageCompetency {
  readonly id: number
  readonly code: string
  readonly title: string
  /** Titles in other languages, passed through for the page. */
  readonly translations?: Translations
}

/** One person's gap: rated below their target on a competency (a competency not rated is unknown, not a gap). */
export interface PersonGap {
  readonly userId: number
  readonly competencyId: number
  /** Current level; 0 when not rated. */
  readonly level: number
  readonly target: number
}

export interface CoverageInput {
  /** The framework's rateable competencies, in the order to show them. */
  readonly competencies: readonly CoverageCompetency[]
  readonly maxLevel: number
  /** Published programmes only. */
  readonly programmes: readonly CatalogueProgramme[]
  readonly gaps: readonly PersonGap[]
  /** Counts of people below K are suppressed. */
  readonly k: number
}

/** A count of people: null when it is suppressed (fewer than K, but some). */
export interface PeopleCount {
  readonly count: number | null
  readonly suppressed: boolean
}

export interface CompetencyCoverage extends CoverageCompetency {
  /** Index L-1: how many programmes take a person into level L (from < L <= to). */
  readonly programmesByLevel: readonly number[]
  /** Programmes linked to the competency at all. */
  readonly programmes: number
  /** Levels no programme takes anyone into. */
  readonly holes: readonly number[]
  /** People below their target on it. */
  readonly demand: PeopleCount
  /** Of those, people no published programme helps (see linkHelps). */
  readonly uncoveredDemand: PeopleCount
}

export interface ProgrammeDemand {
  readonly programmeId: number
  readonly code: string
  readonly title: string
  /** The title in other languages. */
  readonly translations?: Translations | undefined
  /** People with at least one gap the programme helps close. */
  readonly demand: PeopleCount
}

export interface Coverage {
  readonly competencies: readonly CompetencyCoverage[]
  readonly programmes: readonly ProgrammeDemand[]
}

/**
 * The designers' view of a catalogue against a framework: per competency and level, how many
 * programmes take a person there, and where the demand is (people with a gap), across every
 * institution. Counts of fewer than K people are suppressed, and so are counts from which, with the
 * others, such a group could be worked out (demand minus uncovered demand, say); a count of 0 is
 * shown (it names nobody).
 *
 * ```ts
 * coverage({ competencies, maxLevel: 3, programmes, gaps, k: 5 }).competencies[0].holes // [3]
 * ```
 */
export function coverage(input: CoverageInput): Coverage {
  const gapsByCompetency = new Map<number, PersonGap[]>()
  for (const gap of input.gaps) {
    const list = gapsByCompetency.get(gap.competencyId)
    if (list === undefined) gapsByCompetency.set(gap.competencyId, [gap])
    else list.push(gap)
  }
  // Every count is a group of people; the groups overlap, so which to withhold is decided on all at once.
  const groups = new Map<string, Set<number>>()
  const competencies = input.competencies.map((competency) => {
    const links = input.programmes.flatMap((programme) => programme.links.filter((link) => link.competencyId === competency.id))
    const programmesByLevel = Array.from({ length: input.maxLevel }, (_, index) => links.filter((link) => link.fromLevel < index + 1 && index + 1 <= link.toLevel).length)
    const gaps = gapsByCompetency.get(competency.id) ?? []
    groups.set(`demand:${competency.id}`, new Set(gaps.map((gap) => gap.userId)))
    groups.set(`uncovered:${competency.id}`, new Set(gaps.filter((gap) => !links.some((link) => linkHelps(link, gap.level, gap.target))).map((gap) => gap.userId)))
    return { ...competency, programmesByLevel, programmes: links.length, holes: programmesByLevel.flatMap((count, index) => (count === 0 ? [index + 1] : [])) }
  })
  for (const programme of input.programmes) {
    const helped = new Set<number>()
    for (const link of programme.links) {
      for (const gap of gapsByCompetency.get(link.competencyId) ?? []) if (linkHelps(link, gap.level, gap.target)) helped.add(gap.userId)
    }
    groups.set(`programme:${programme.id}`, helped)
  }
  const withheld = withheldDemand(groups, input.k)
  const people = (key: string): PeopleCount => (withheld.has(key) ? { count: null, suppressed: true } : { count: groups.get(key)!.size, suppressed: false })
  return {
    competencies: competencies.map((competency) => ({ ...competency, demand: people(`demand:${competency.id}`), uncoveredDemand: people(`uncovered:${competency.id}`) })),
    programmes: input.programmes.map((programme) => ({
      programmeId: programme.id,
      code: programme.code,
      title: programme.title,
      translations: programme.translations,
      demand: people(`programme:${programme.id}`),
    })),
  }
}

/**
 * The counts to withhold: people who appear in exactly the same counts are one atom, and no group of
 * 1 to k-1 of them may follow from the counts shown (domain/disclosure.ts).
 */
function withheldDemand(groups: ReadonlyMap<string, ReadonlySet<number>>, k: number): Set<string> {
  const keys = [...groups.keys()]
  const memberships = new Map<number, number[]>()
  keys.forEach((key, index) => {
    for (const person of groups.get(key)!) memberships.set(person, [...(memberships.get(person) ?? []), index])
  })
  const atomOf = new Map<number, string>()
  const sizes = new Map<string, number>()
  for (const [person, indices] of memberships) {
    const atom = indices.join(',')
    atomOf.set(person, atom)
    sizes.set(atom, (sizes.get(atom) ?? 0) + 1)
  }
  const figures = keys.map((key) => ({ key, weights: new Map([...new Set([...groups.get(key)!].map((person) => atomOf.get(person)!))].map((atom) => [atom, 1])) }))
  return withheldFigures(sizes, figures, k)
}

/** Biggest uncovered demand first (a suppressed count ranks as the smallest non-zero), then by code. */
export function byUncoveredDemand(a: CompetencyCoverage, b: CompetencyCoverage): number {
  const rank = (count: PeopleCount) => (count.suppressed ? 0.5 : (count.count ?? 0))
  return rank(b.uncoveredDemand) - rank(a.uncoveredDemand) || rank(b.demand) - rank(a.demand) || a.code.localeCompare(b.code, 'en', { numeric: true })
}
