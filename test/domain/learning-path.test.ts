import t from 'tap'
import { learningPath, type LearningPathInput } from '../../server/domain/learning-path.js'
import type { CatalogueProgramme } from '../../server/domain/recommendations.js'

function programme(id: number, hours: number, links: [number, number, number][]): CatalogueProgramme {
  return { id, code: `P${String(id).padStart(2, '0')}`, title: `Programme ${id}`, hours, languages: ['en'], links: links.map(([competencyId, fromLevel, toLevel]) => ({ competencyId, fromLevel, toLevel })) }
}

t.test('a small catalogue: the cheapest cover, gaps no programme closes, and the order to take them', async (t) => {
  const path = learningPath({
    programmes: [
      programme(1, 40, [[1, 0, 3], [2, 0, 2]]),
      programme(2, 10, [[1, 0, 1]]),
      programme(3, 12, [[1, 2, 3]]),
      programme(4, 8, [[2, 1, 2]]),
      programme(5, 6, [[3, 0, 1]]),
    ],
    current: new Map([
      [1, 0],
      [2, 1],
      [3, 0],
      [4, 0],
    ]),
    targets: new Map([
      [1, 3],
      [2, 2],
      [3, 2],
      [4, 1],
    ]),
    excluded: new Set(),
  })
  t.same(
    path.programmes.map((p) => p.code),
    ['P02', 'P05', 'P03', 'P04'],
    'cheaper combination than the 40-hour programme, lowest levels first',
  )
  t.equal(path.totalHours, 36)
  t.same(path.closes, [1, 2])
  t.same(path.unclosable, [3, 4], 'competency 3 only partly (level 2 has no programme), 4 not at all')
})

t.test('excluded programmes are not used; no gap gives an empty path', async (t) => {
  const programmes = [programme(1, 5, [[1, 0, 1]]), programme(2, 9, [[1, 0, 1]])]
  const path = learningPath({ programmes, current: new Map([[1, 0]]), targets: new Map([[1, 1]]), excluded: new Set([1]) })
  t.same(
    path.programmes.map((p) => p.code),
    ['P02'],
  )
  const none = learningPath({ programmes, current: new Map([[1, 1]]), targets: new Map([[1, 1]]), excluded: new Set() })
  t.same(none, { programmes: [], totalHours: 0, closes: [], unclosable: [] })
})

/** The exact optimum by trying every subset: the yardstick for greedy on small instances. */
function bruteForceHours(input: LearningPathInput, steps: Set<string>): number {
  const candidates = input.programmes.filter((p) => !input.excluded.has(p.id))
  let best = Infinity
  for (let mask = 0; mask < 1 << candidates.length; mask++) {
    const chosen = candidates.filter((_, index) => mask & (1 << index))
    const covered = new Set<string>()
    for (const p of chosen) for (const link of p.links) for (let level = Math.max(1, link.fromLevel); level <= link.toLevel; level++) covered.add(`${link.competencyId}:${level}`)
    if ([...steps].every((step) => covered.has(step))) best = Math.min(best, chosen.reduce((sum, p) => sum + p.hours, 0))
  }
  return best
}

function closableSteps(input: LearningPathInput): Set<string> {
  const steps = new Set<string>()
  for (const [competencyId, target] of input.targets) {
    const current = input.current.get(competencyId)
    if (current === undefined) continue
    for (let level = current + 1; level <= target; level++) {
      const covered = input.programmes.some((p) => !input.excluded.has(p.id) && p.links.some((l) => l.competencyId === competencyId && l.fromLevel <= level && level <= l.toLevel))
      if (!covered) break
      steps.add(`${competencyId}:${level}`)
    }
  }
  return steps
}

t.test('greedy against brute force on 300 random small instances', async (t) => {
  let seed = 42
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31
    return seed / 2 ** 31
  }
  const integer = (low: number, high: number) => low + Math.floor(random() * (high - low + 1))
  let optimal = 0
  let worstRatio = 1
  const harmonic = (d: number) => Array.from({ length: d }, (_, i) => 1 / (i + 1)).reduce((a, b) => a + b, 0)
  for (let run = 0; run < 300; run++) {
    const competencies = integer(2, 5)
    const programmes = Array.from({ length: integer(3, 10) }, (_, index) => {
      const links: [number, number, number][] = []
      for (let c = 1; c <= competencies; c++) {
        if (random() < 0.4) {
          const from = integer(0, 2)
          links.push([c, from, integer(from + 1, 3)])
        }
      }
      return programme(index + 1, integer(2, 40), links.length > 0 ? links : [[1, 0, 1]])
    })
    const current = new Map(Array.from({ length: competencies }, (_, i) => [i + 1, integer(0, 2)] as [number, number]))
    const targets = new Map(Array.from({ length: competencies }, (_, i) => [i + 1, integer(1, 3)] as [number, number]))
    const input = { programmes, current, targets, excluded: new Set(random() < 0.3 ? [1] : []) }
    const path = learningPath(input)
    const steps = closableSteps(input)
    const covered = new Set<string>()
    for (const p of path.programmes) for (const link of p.links) for (let level = Math.max(1, link.fromLevel); level <= link.toLevel; level++) covered.add(`${link.competencyId}:${level}`)
    if (![...steps].every((step) => covered.has(step))) {
      t.fail(`run ${run}: the path leaves a closable step open`)
      continue
    }
    t.equal(path.totalHours, path.programmes.reduce((sum, p) => sum + p.hours, 0))
    // No programme is there for nothing: without any one of them, a closable step would stay open.
    const redundant = path.programmes.filter((candidate) => {
      const others = new Set<string>()
      for (const p of path.programmes) if (p !== candidate) for (const link of p.links) for (let level = Math.max(1, link.fromLevel); level <= link.toLevel; level++) others.add(`${link.competencyId}:${level}`)
      return [...steps].every((step) => others.has(step))
    })
    if (redundant.length > 0) t.fail(`run ${run}: programme ${redundant.map((p) => p.id).join(', ')} could be left out of the path`)
    const best = bruteForceHours(input, steps)
    const largestSet = Math.max(1, ...programmes.map((p) => p.links.reduce((sum, l) => sum + l.toLevel - Math.max(1, l.fromLevel) + 1, 0)))
    const ratio = steps.size === 0 ? 1 : path.totalHours / best
    if (ratio > harmonic(largestSet) + 1e-9) t.fail(`run ${run}: greedy ${path.totalHours} h vs optimum ${best} h exceeds the H(d) bound`)
    if (ratio === 1) optimal++
    worstRatio = Math.max(worstRatio, ratio)
  }
  t.ok(optimal >= 240, `greedy was optimal in ${optimal} of 300 instances (worst ratio ${worstRatio.toFixed(2)})`)
})

t.test('a competency not rated yet is unknown: the path closes no gap there', async (t) => {
  const programmes = [programme(1, 10, [[1, 0, 3]]), programme(2, 6, [[2, 0, 2]])]
  const path = learningPath({ programmes, current: new Map([[2, 0]]), targets: new Map([[1, 3], [2, 2]]), excluded: new Set() })
  t.same(path.programmes.map((p) => p.code), ['P02'], 'only the rated competency')
  t.same(path.closes, [2])
  t.same(path.unclosable, [])
  t.same(learningPath({ programmes, current: new Map(), targets: new Map([[1, 3], [2, 2]]), excluded: new Set() }).programmes, [], 'a new person: nothing rated, no path')
})
