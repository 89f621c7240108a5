import type { CatalogueProgramme } from './recommendations.js'

export interface LearningPathInput {
  readonly programmes: readonly CatalogueProgramme[]
  /** Current level per competency; absent = not rated: unknown, so no gap to close. */
  readonly current: ReadonlyMap<number, number>
  /** Target level per competency; only competencies with a gap matter. */
  readonly targets: ReadonlyMap<number, number>
  /** Programmes the person is taking or has completed: not proposed again. */
  readonly excluded: ReadonlySet<number>
}

export interface LearningPath {
  /** In the order to take them: those for lower levels first. */
  readonly programmes: readonly CatalogueProgramme[]
  readonly totalHours: number
  /** Competencies whose whole gap the path closes. */
  readonly closes: readonly number[]
  /** Competencies with a gap that no programme can close entirely (part of it may still be closed). */
  readonly unclosable: readonly number[]
}

/**
 * The programmes that close every closable gap level with the fewest total hours.
 *
 * A gap is split into steps: reaching level k of a competency, for k from current + 1 to target. A
 * programme covers step k when it links the competency with fromLevel <= k <= toLevel (a person at
 * k - 1 may start a programme that begins one level above them, as in recommendations). A step is
 * closable when it and every step below it are covered by some programme.
 *
 * Choosing programmes is weighted set cover, which is NP-hard; we use the greedy rule (take the
 * programme with the most uncovered steps per hour) and then drop any programme the others make
 * redundant. Greedy's total is at most H(d) = 1 + 1/2 + ... + 1/d times the optimum, where d is the
 * largest number of steps one programme covers (d = 6 gives 2.45x, d = 12 gives 3.1x); on catalogues
 * like ours it is usually optimal (see test/domain/learning-path.test.ts, which compares it with brute
 * force).
 *
 * ```ts
 * learningPath({ programmes, current, targets, excluded: new Set() })
 * // { programmes: [...], totalHours: 36, closes: [7, 9], unclosable: [12] }
 * ```
 */
export function learningPath(input: LearningPathInput): LearningPath {
  const { available, steps, closes, unclosable } = gapSteps(input)
  const coverage = new Map(available.map((programme) => [programme, stepsOf(programme, steps)]))
  const uncovered = new Set(steps)
  const chosen: CatalogueProgramme[] = []
  while (uncovered.size > 0) {
    let best: CatalogueProgramme | undefined
    let bestRatio = 0
    for (const [programme, covered] of coverage) {
      const gain = countIn(covered, uncovered)
      if (gain === 0) continue
      const ratio = gain / programme.hours
      if (best === undefined || ratio > bestRatio || (ratio === bestRatio && programme.code < best.code)) {
        best = programme
        bestRatio = ratio
      }
    }
    /* c8 ignore next -- every step in `steps` is covered by some programme by construction */
    if (best === undefined) break
    chosen.push(best)
    for (const step of coverage.get(best)!) uncovered.delete(step)
  }

  // Greedy may pick a programme early whose steps later picks also cover: drop such, longest first.
  const kept = [...chosen]
  for (const programme of [...chosen].sort((a, b) => b.hours - a.hours)) {
    const others = kept.filter((other) => other !== programme)
    const stillCovered = [...coverage.get(programme)!].every((step) => others.some((other) => coverage.get(other)!.has(step)))
    if (stillCovered) kept.splice(kept.indexOf(programme), 1)
  }

  const ordered = kept.sort((a, b) => lowestStep(a, coverage) - lowestStep(b, coverage) || a.code.localeCompare(b.code))
  return {
    programmes: ordered,
    totalHours: ordered.reduce((sum, programme) => sum + programme.hours, 0),
    closes: closes.sort((a, b) => a - b),
    unclosable: unclosable.sort((a, b) => a - b),
  }
}

/** The closable gap steps (`competencyId:level`), and which competencies they close entirely. */
export function gapSteps(input: LearningPathInput): { available: CatalogueProgramme[]; steps: Set<string>; closes: number[]; unclosable: number[] } {
  const available = input.programmes.filter((programme) => !input.excluded.has(programme.id))
  const steps = new Set<string>()
  const closes: number[] = []
  const unclosable: number[] = []
  for (const [competencyId, target] of input.targets) {
    const current = input.current.get(competencyId)
    if (current === undefined || target <= current) continue
    let level = current + 1
    for (; level <= target; level++) {
      if (!available.some((programme) => covers(programme, competencyId, level))) break
      steps.add(stepKey(competencyId, level))
    }
    if (level > target) closes.push(competencyId)
    else unclosable.push(competencyId)
  }
  return { available, steps, closes, unclosable }
}

function covers(programme: CatalogueProgramme, competencyId: number, level: number): boolean {
  return programme.links.some((link) => link.competencyId === competencyId && link.fromLevel <= level && level <= link.toLevel)
}

export function stepsOf(programme: CatalogueProgramme, steps: ReadonlySet<string>): Set<string> {
  const covered = new Set<string>()
  for (const link of programme.links) {
    for (let level = Math.max(1, link.fromLevel); level <= link.toLevel; level++) {
      const key = stepKey(link.competencyId, level)
      if (steps.has(key)) covered.add(key)
    }
  }
  return covered
}

export function stepKey(competencyId: number, level: number): string {
  return `${competencyId}:${level}`
}

function countIn(set: ReadonlySet<string>, of: ReadonlySet<string>): number {
  let count = 0
  for (const item of set) if (of.has(item)) count++
  return count
}

export function lowestStep(programme: CatalogueProgramme, coverage: ReadonlyMap<CatalogueProgramme, ReadonlySet<string>>): number {
  return Math.min(...[...coverage.get(programme)!].map((step) => Number(step.split(':')[1])))
}
