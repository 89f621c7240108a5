import t from 'tap'
import { budgetPath, type BudgetPathInput } from '../../server/domain/budget-path.js'
import type { CatalogueProgramme } from '../../server/domain/recommendations.js'

function programme(id: number, hours: number, links: [number, number, number][]): CatalogueProgramme {
  return { id, code: `P${String(id).padStart(2, '0')}`, title: `Programme ${id}`, hours, languages: ['en'], links: links.map(([competencyId, fromLevel, toLevel]) => ({ competencyId, fromLevel, toLevel })) }
}

/** Levels closed by a set of programmes, counted the way the plan promises: a level once every level below it is closed. */
function levelsClosed(input: BudgetPathInput, chosen: readonly CatalogueProgramme[]): number {
  let total = 0
  for (const [competencyId, target] of input.targets) {
    const current = input.current.get(competencyId)
    if (current === undefined) continue
    for (let level = current + 1; level <= target; level++) {
      if (!chosen.some((p) => p.links.some((l) => l.competencyId === competencyId && l.fromLevel <= level && level <= l.toLevel))) break
      total++
    }
  }
  return total
}

/** Every subset within the budget: the most levels, then the fewest hours. */
function bruteForce(input: BudgetPathInput): { levels: number; hours: number } {
  const candidates = input.programmes.filter((p) => !input.excluded.has(p.id))
  let best = { levels: 0, hours: 0 }
  for (let mask = 0; mask < 1 << candidates.length; mask++) {
    const chosen = candidates.filter((_, index) => mask & (1 << index))
    const hours = chosen.reduce((sum, p) => sum + p.hours, 0)
    if (hours > input.hours) continue
    const levels = levelsClosed(input, chosen)
    if (levels > best.levels || (levels === best.levels && hours < best.hours)) best = { levels, hours }
  }
  return best
}

t.test('within the budget: the most levels, counting a level only above closed ones', async (t) => {
  const input: BudgetPathInput = {
    programmes: [
      programme(1, 30, [[1, 0, 3]]),
      programme(2, 10, [[1, 0, 1]]),
      programme(3, 12, [[1, 3, 3]]),
      programme(4, 8, [[2, 1, 2]]),
    ],
    current: new Map([[1, 0], [2, 1]]),
    targets: new Map([[1, 3], [2, 2]]),
    excluded: new Set(),
    hours: 25,
  }
  const path = budgetPath(input)
  // P02 + P03 (22 h) cover levels 1 and 3 of competency 1 but not 2: level 3 does not count; P02 + P04 close 2.
  t.same(path.programmes.map((p) => p.code), ['P02', 'P04'])
  t.same({ totalHours: path.totalHours, levelsClosed: path.levelsClosed, levelsClosable: path.levelsClosable, closes: path.closes, exact: path.exact }, { totalHours: 18, levelsClosed: 2, levelsClosable: 4, closes: [2], exact: true })
  const more = budgetPath({ ...input, hours: 40 })
  t.same(more.programmes.map((p) => p.code), ['P01', 'P04'], '30 + 8 hours close all four levels')
  t.same({ levelsClosed: more.levelsClosed, closes: more.closes }, { levelsClosed: 4, closes: [1, 2] })
  const none = budgetPath({ ...input, hours: 5 })
  t.same({ programmes: none.programmes, totalHours: none.totalHours, levelsClosed: none.levelsClosed }, { programmes: [], totalHours: 0, levelsClosed: 0 }, 'no programme fits five hours')
})

t.test('an unrated competency has no gap to close; excluded programmes are not used', async (t) => {
  const input: BudgetPathInput = {
    programmes: [programme(1, 5, [[1, 0, 2]]), programme(2, 6, [[2, 0, 2]]), programme(3, 4, [[2, 0, 2]])],
    current: new Map([[2, 0]]),
    targets: new Map([[1, 2], [2, 2]]),
    excluded: new Set([3]),
    hours: 100,
  }
  const path = budgetPath(input)
  t.same(path.programmes.map((p) => p.code), ['P02'])
  t.equal(path.levelsClosable, 2)
})

t.test('branch and bound against brute force on 400 random instances', async (t) => {
  let seed = 7
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31
    return seed / 2 ** 31
  }
  const integer = (low: number, high: number) => low + Math.floor(random() * (high - low + 1))
  let mismatches = 0
  let withinBudgetTrades = 0
  for (let run = 0; run < 400; run++) {
    const competencies = integer(2, 6)
    const programmes = Array.from({ length: integer(3, 12) }, (_, index) => {
      const links: [number, number, number][] = []
      for (let c = 1; c <= competencies; c++) {
        if (random() < 0.4) {
          const from = integer(0, 3)
          links.push([c, from, integer(from + 1, 4)])
        }
      }
      return programme(index + 1, integer(2, 40), links.length > 0 ? links : [[1, 0, 1]])
    })
    const current = new Map(Array.from({ length: competencies }, (_, i) => [i + 1, integer(0, 2)] as [number, number]))
    const targets = new Map(Array.from({ length: competencies }, (_, i) => [i + 1, integer(1, 4)] as [number, number]))
    const input: BudgetPathInput = { programmes, current, targets, excluded: new Set(random() < 0.3 ? [1] : []), hours: integer(0, 90) }
    const path = budgetPath(input)
    const best = bruteForce(input)
    const hours = path.programmes.reduce((sum, p) => sum + p.hours, 0)
    const own = { levels: levelsClosed(input, path.programmes), hours }
    if (own.levels !== path.levelsClosed || hours !== path.totalHours) t.fail(`run ${run}: the path misreports itself`)
    if (hours > input.hours) t.fail(`run ${run}: ${hours} h is over the ${input.hours} h budget`)
    // Where the budget affords every level, the hours are the learning path's (greedy; see its own test).
    const affordsAll = path.levelsClosed === path.levelsClosable
    if (own.levels !== best.levels || (!affordsAll && own.hours !== best.hours) || !path.exact) {
      mismatches++
      t.fail(`run ${run}: ${own.levels} levels in ${own.hours} h, brute force ${best.levels} in ${best.hours} h`)
    }
    if (best.levels < levelsClosed({ ...input, hours: Infinity }, input.programmes)) withinBudgetTrades++
  }
  t.equal(mismatches, 0, 'the search finds the optimum every time')
  t.ok(withinBudgetTrades > 100, `the budget binds in ${withinBudgetTrades} of 400 instances`)
})
