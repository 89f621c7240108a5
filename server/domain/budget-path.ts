import { gapSteps, learningPath, lowestStep, stepKey, stepsOf, type LearningPathInput } from './learning-path.js'
import type { CatalogueProgramme } from './recommendations.js'

/** The most hours a budget may say: ten years of full-time study is past any plan. */
export const MAX_BUDGET_HOURS = 20_000

export interface BudgetPathInput extends LearningPathInput {
  /** Hours the person can give to programmes (e.g. this year). */
  readonly hours: number
}

export interface BudgetPath {
  /** In the order to take them: those for lower levels first. */
  readonly programmes: readonly CatalogueProgramme[]
  readonly totalHours: number
  /** Gap levels the chosen programmes close: a level counts once every level below it is closed too. */
  readonly levelsClosed: number
  /** Gap levels some programme could close, budget aside. */
  readonly levelsClosable: number
  /** Competencies whose whole gap the chosen programmes close. */
  readonly closes: readonly number[]
  /**
   * True when no other choice within the budget closes more levels. When the budget affords every
   * closable level, the path is the learning path's (fewest hours by its greedy rule); otherwise the
   * search also proved no choice closes as many levels in fewer hours.
   */
  readonly exact: boolean
}

/**
 * Search nodes before we settle for the best choice found so far. Our catalogues (49 programmes, a
 * teacher's 24 competencies, budgets up to a few hundred hours) finish in a few thousand nodes; the
 * bound below cuts most of the tree. Past the limit the answer is still a good one, only not proved
 * best, and says so (`exact: false`).
 */
export const SEARCH_NODE_LIMIT = 200_000

/**
 * The programmes, within an hours budget, that close the most gap levels (then the fewest hours).
 *
 * A level of a competency is closed when some chosen programme covers it and every level below it
 * (from the person's current level up) is closed too: a person cannot use a level-3 course without
 * reaching level 2. This is budgeted maximum coverage, NP-hard in general, so we search exactly by
 * branch and bound: programmes in order of levels per hour, each taken or left; a branch is cut when
 * even the levels it could still cover (each remaining programme's new levels, filled greedily into
 * the hours left, fractions allowed, each level priced at its cheapest hours per new level) cannot beat the best choice found. Counting covered levels
 * without the "every level below" rule can only overestimate, so the cut never loses the optimum.
 * When the budget affords the whole learning path, that path is the answer (no choice closes more);
 * the search runs only when the budget binds, where its cost grows with the number of programmes that
 * fit the budget together; see SEARCH_NODE_LIMIT.
 *
 * ```ts
 * budgetPath({ programmes, current, targets, excluded: new Set(), hours: 40 })
 * // { programmes: [...], totalHours: 36, levelsClosed: 5, levelsClosable: 9, closes: [7], exact: true }
 * ```
 */
export function budgetPath(input: BudgetPathInput): BudgetPath {
  const { available, steps } = gapSteps(input)
  const whole = learningPath(input)
  if (whole.totalHours <= input.hours) {
    return { programmes: whole.programmes, totalHours: whole.totalHours, levelsClosed: steps.size, levelsClosable: steps.size, closes: whole.closes, exact: true }
  }
  const stepIndex = new Map([...steps].map((step, index) => [step, index]))
  // Each competency's closable gap as a chain of step indices, lowest level first.
  const gaps = gapChains(input, stepIndex)
  const chains = gaps.map((gap) => gap.chain)
  const relevant = available
    .map((programme) => ({ programme, steps: [...stepsOf(programme, steps)].map((step) => stepIndex.get(step)!) }))
    .filter((candidate) => candidate.steps.length > 0 && candidate.programme.hours <= input.hours)
  // A programme another covers entirely in no more hours never helps: any choice with it does as well with the other.
  const candidates = relevant
    .filter((candidate, index) => !relevant.some((other, otherIndex) => otherIndex !== index && dominates(other, candidate, otherIndex < index)))
    .sort((a, b) => b.steps.length / b.programme.hours - a.steps.length / a.programme.hours || a.programme.code.localeCompare(b.programme.code))

  const coverCount = new Int32Array(steps.size)
  const chosen: number[] = []
  let best = { value: 0, hours: 0, chosen: [] as number[] }
  let nodes = 0
  let exact = true

  const closedLevels = () => chains.reduce((sum, chain) => {
    let closed = 0
    while (closed < chain.length && coverCount[chain[closed]!]! > 0) closed++
    return sum + closed
  }, 0)

  // Upper bound on the levels reachable from here. A level counts only if every level below it can
  // still be covered (already covered, or by a programme still to decide that fits the hours left);
  // those levels, covered now plus the best fractional fill of the rest, bound what this branch can close.
  const reachable = new Uint8Array(steps.size)
  const useful = new Uint8Array(steps.size)
  const price = new Float64Array(steps.size)
  const bound = (from: number, hoursLeft: number) => {
    reachable.fill(0)
    useful.fill(0)
    for (let step = 0; step < steps.size; step++) if (coverCount[step]! > 0) reachable[step] = 1
    for (let index = from; index < candidates.length; index++) {
      const candidate = candidates[index]!
      if (candidate.programme.hours <= hoursLeft) for (const step of candidate.steps) reachable[step] = 1
    }
    let total = 0
    for (const chain of chains) {
      for (const step of chain) {
        if (reachable[step] === 0) break
        useful[step] = 1
        if (coverCount[step]! > 0) total++
      }
    }
    // Each level still to cover is priced at the cheapest hours-per-new-level of a programme covering
    // it; any choice pays at least that for each level it covers, so buying the cheapest levels first
    // (fractions allowed) bounds how many the hours left can cover, without counting a level twice.
    price.fill(Infinity)
    for (let index = from; index < candidates.length; index++) {
      const candidate = candidates[index]!
      if (candidate.programme.hours > hoursLeft) continue
      let gain = 0
      for (const step of candidate.steps) if (coverCount[step] === 0 && useful[step] === 1) gain++
      if (gain === 0) continue
      const perLevel = candidate.programme.hours / gain
      for (const step of candidate.steps) if (coverCount[step] === 0 && useful[step] === 1 && perLevel < price[step]!) price[step] = perLevel
    }
    const prices = [...price].filter((value) => value !== Infinity).sort((a, b) => a - b)
    const covered = total
    let left = hoursLeft
    for (const value of prices) {
      if (value <= left) {
        total += 1
        left -= value
      } else {
        total += value === 0 ? 1 : left / value
        break
      }
    }
    // By the same prices, the fewest more hours any choice here needs to close `levels` in all.
    const hoursFor = (levels: number) => prices.slice(0, Math.max(0, levels - covered)).reduce((sum, value) => sum + value, 0)
    return { levels: total, hoursFor }
  }

  const search = (from: number, hoursUsed: number) => {
    nodes++
    const value = closedLevels()
    if (value > best.value || (value === best.value && hoursUsed < best.hours)) best = { value, hours: hoursUsed, chosen: [...chosen] }
    if (from === candidates.length) return
    if (nodes >= SEARCH_NODE_LIMIT) {
      exact = false
      return
    }
    // Levels are whole numbers; hours only grow down a branch, so past the best's hours it cannot win a tie.
    const { levels, hoursFor } = bound(from, input.hours - hoursUsed)
    const limit = Math.floor(levels + 1e-9)
    if (limit < best.value || (limit === best.value && hoursUsed + hoursFor(best.value) >= best.hours - 1e-9)) return
    const candidate = candidates[from]!
    const gain = candidate.steps.some((step) => coverCount[step] === 0)
    if (gain && hoursUsed + candidate.programme.hours <= input.hours) {
      for (const step of candidate.steps) coverCount[step]!++
      chosen.push(from)
      search(from + 1, hoursUsed + candidate.programme.hours)
      chosen.pop()
      for (const step of candidate.steps) coverCount[step]!--
    }
    search(from + 1, hoursUsed)
  }
  search(0, 0)

  const picked = best.chosen.map((index) => candidates[index]!.programme)
  for (const index of best.chosen) for (const step of candidates[index]!.steps) coverCount[step]!++
  const closes = gaps.filter(({ chain, closesAll }) => closesAll && chain.every((step) => coverCount[step]! > 0)).map(({ competencyId }) => competencyId)
  const coverage = new Map(picked.map((programme) => [programme, stepsOf(programme, steps)]))
  const ordered = picked.sort((a, b) => lowestStep(a, coverage) - lowestStep(b, coverage) || a.code.localeCompare(b.code))
  return {
    programmes: ordered,
    totalHours: best.hours,
    levelsClosed: best.value,
    levelsClosable: steps.size,
    closes: closes.sort((a, b) => a - b),
    exact,
  }
}

/** Whether `other` covers every step of `candidate` in no more hours (`first` breaks exact ties: one of two equals stays). */
function dominates(other: { programme: CatalogueProgramme; steps: number[] }, candidate: { programme: CatalogueProgramme; steps: number[] }, first: boolean): boolean {
  if (other.programme.hours > candidate.programme.hours) return false
  if (!candidate.steps.every((step) => other.steps.includes(step))) return false
  const equal = other.programme.hours === candidate.programme.hours && other.steps.length === candidate.steps.length
  return !equal || first
}

/** Per competency with a closable step: its chain of step indices and whether the chain reaches the target. */
function gapChains(input: LearningPathInput, stepIndex: ReadonlyMap<string, number>): { competencyId: number; chain: number[]; closesAll: boolean }[] {
  const result: { competencyId: number; chain: number[]; closesAll: boolean }[] = []
  for (const [competencyId, target] of input.targets) {
    const current = input.current.get(competencyId)
    if (current === undefined || target <= current) continue
    const chain: number[] = []
    for (let level = current + 1; level <= target; level++) {
      const index = stepIndex.get(stepKey(competencyId, level))
      if (index === undefined) break
      chain.push(index)
    }
    if (chain.length > 0) result.push({ competencyId, chain, closesAll: chain.length === target - current })
  }
  return result
}
