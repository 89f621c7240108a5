import { learningPath } from '../../server/domain/learning-path.js'
import { recommend, type CatalogueProgramme } from '../../server/domain/recommendations.js'

/**
 * Recommendations and the learning path for one person against a synthetic catalogue of 200
 * programmes over 100 competencies (3-level scale). Goal: p95 < 20 ms for both together.
 */
export function benchmarkRecommendations(options: { programmes: number; competencies: number; runs: number }): BenchResult {
  let seed = 7
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31
    return seed / 2 ** 31
  }
  const integer = (low: number, high: number) => low + Math.floor(random() * (high - low + 1))
  const programmes: CatalogueProgramme[] = Array.from({ length: options.programmes }, (_, index) => ({
    id: index + 1,
    code: `P${index + 1}`,
    title: `Programme ${index + 1}`,
    hours: integer(4, 60),
    languages: random() < 0.5 ? ['en', 'fr'] : ['en'],
    links: Array.from({ length: integer(1, 5) }, () => {
      const from = integer(0, 2)
      return { competencyId: integer(1, options.competencies), fromLevel: from, toLevel: integer(from + 1, 3) }
    }),
  }))
  const timings: number[] = []
  for (let run = 0; run < options.runs; run++) {
    const current = new Map<number, number>()
    const targets = new Map<number, number>()
    const importance = new Map<number, number>()
    for (let id = 1; id <= options.competencies; id++) {
      if (random() < 0.7) current.set(id, integer(1, 3))
      targets.set(id, integer(1, 3))
      importance.set(id, random() < 0.2 ? 1.5 : 1)
    }
    const started = performance.now()
    recommend({ programmes, current, targets, importance, excluded: new Set([1, 2, 3]), languages: ['fr'] })
    learningPath({ programmes, current, targets, excluded: new Set([1, 2, 3]) })
    timings.push(performance.now() - started)
  }
  return summarise(timings)
}

export interface BenchResult {
  readonly runs: number
  readonly p50: number
  readonly p95: number
  readonly max: number
}

export function summarise(timings: number[]): BenchResult {
  const sorted = [...timings].sort((a, b) => a - b)
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!
  return { runs: sorted.length, p50: at(0.5), p95: at(0.95), max: sorted[sorted.length - 1]! }
}
