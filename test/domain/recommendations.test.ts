import t from 'tap'
import { isStale, resolveTargets, standings } from '../../server/domain/gaps.js'
import { recommend, type CatalogueProgramme, type RecommendationInput } from '../../server/domain/recommendations.js'

function programme(id: number, hours: number, links: [number, number, number][], languages = ['en']): CatalogueProgramme {
  return { id, code: `P${id}`, title: `Programme ${id}`, hours, languages, links: links.map(([competencyId, fromLevel, toLevel]) => ({ competencyId, fromLevel, toLevel })) }
}

function input(partial: Partial<RecommendationInput>): RecommendationInput {
  return { programmes: [], current: new Map(), targets: new Map(), importance: new Map(), excluded: new Set(), languages: ['en'], ...partial }
}

t.test('targets and gaps', async (t) => {
  const withNotApplicable = resolveTargets(new Map([[1, 2], [2, 2]]), new Map([[2, 0], [4, 0]]))
  t.same([...withNotApplicable], [[1, { level: 2, source: 'profile' }]], 'a personal target of 0 ("not applicable to my role") leaves no target')
  const targets = resolveTargets(
    new Map([
      [1, 2],
      [2, 2],
    ]),
    new Map([
      [2, 3],
      [3, 1],
    ]),
  )
  t.same(
    [...targets],
    [
      [1, { level: 2, source: 'profile' }],
      [2, { level: 3, source: 'personal' }],
      [3, { level: 1, source: 'personal' }],
    ],
  )
  t.same(
    standings(
      [1, 2, 3, 4],
      new Map([
        [1, 3],
        [2, 1],
      ]),
      targets,
    ),
    [
      { competencyId: 1, current: 3, target: 2, targetSource: 'profile', gap: 0, status: 'met' },
      { competencyId: 2, current: 1, target: 3, targetSource: 'personal', gap: 2, status: 'gap' },
      { competencyId: 3, current: 0, target: 1, targetSource: 'personal', gap: 0, status: 'unrated' },
      { competencyId: 4, current: 0, target: null, targetSource: null, gap: 0, status: 'unrated' },
    ],
    'above target is no gap; not rated is unknown, never a gap; no target, no gap',
  )
  const now = new Date('2026-11-23T00:00:00Z')
  t.ok(isStale(new Date('2024-11-22T00:00:00Z'), now, 24))
  t.notOk(isStale(new Date('2024-11-24T00:00:00Z'), now, 24))
})

t.test('ranks by gap levels closed, weighted by importance, with the reason for each', async (t) => {
  const result = recommend(
    input({
      programmes: [programme(1, 10, [[7, 0, 1]]), programme(2, 30, [[7, 0, 3], [8, 1, 2]]), programme(3, 5, [[8, 0, 2]])],
      current: new Map([
        [7, 0],
        [8, 1],
      ]),
      targets: new Map([
        [7, 2],
        [8, 2],
      ]),
      importance: new Map([[8, 1.5]]),
    }),
  )
  t.same(
    result.map((r) => [r.programme.code, r.score]),
    [
      ['P2', 3.5],
      ['P3', 1.5],
      ['P1', 1],
    ],
  )
  t.same(result[0]!.reasons, [
    { competencyId: 7, fromLevel: 0, toLevel: 2 },
    { competencyId: 8, fromLevel: 1, toLevel: 2 },
  ], 'the reason says from the current level to the level reached, capped at the target')
})

t.test('ties break on fewer hours, then on the person\'s language, then on code', async (t) => {
  const result = recommend(
    input({
      programmes: [programme(1, 20, [[7, 0, 1]], ['en']), programme(2, 10, [[7, 0, 1]], ['en']), programme(3, 20, [[7, 0, 1]], ['fr']), programme(4, 20, [[7, 0, 1]], ['fr', 'zh'])],
      current: new Map([[7, 0]]),
      targets: new Map([[7, 1]]),
      languages: ['fr'],
    }),
  )
  t.same(
    result.map((r) => r.programme.code),
    ['P2', 'P3', 'P4', 'P1'],
  )
  t.same(
    result.map((r) => r.inPersonsLanguage),
    [false, true, true, false],
  )
})

t.test('no gaps, no recommendations', async (t) => {
  t.same(recommend(input({ programmes: [programme(1, 10, [[7, 0, 3]])], current: new Map([[7, 2]]), targets: new Map([[7, 2]]) })), [])
  t.same(recommend(input({ programmes: [programme(1, 10, [[7, 0, 3]])] })), [], 'no target: nothing to close')
})

t.test('no useful programme', async (t) => {
  t.same(recommend(input({ programmes: [programme(1, 10, [[9, 0, 3]])], current: new Map([[7, 0]]), targets: new Map([[7, 3]]) })), [], 'a programme for other competencies')
  t.same(recommend(input({ programmes: [], current: new Map([[7, 0]]), targets: new Map([[7, 3]]) })), [], 'an empty catalogue')
  t.same(recommend(input({ programmes: [programme(1, 10, [[7, 0, 3]])], targets: new Map([[7, 3]]) })), [], 'not rated yet: unknown, not a gap to close')
})

t.test('a programme above the person\'s reach is left out; one level of stretch is allowed', async (t) => {
  const programmes = [programme(1, 10, [[7, 2, 3]]), programme(2, 10, [[7, 1, 3]])]
  const result = recommend(input({ programmes, current: new Map([[7, 0]]), targets: new Map([[7, 3]]) }))
  t.same(
    result.map((r) => r.programme.code),
    ['P2'],
    'from 2 is out of reach at level 0; from 1 is one level above and allowed',
  )
  t.same(result[0]!.reasons, [{ competencyId: 7, fromLevel: 0, toLevel: 3 }])
})

t.test('a programme below the person\'s level is left out', async (t) => {
  const result = recommend(
    input({
      programmes: [programme(1, 10, [[7, 0, 2]]), programme(2, 10, [[7, 1, 3]])],
      current: new Map([[7, 2]]),
      targets: new Map([[7, 3]]),
    }),
  )
  t.same(
    result.map((r) => r.programme.code),
    ['P2'],
    'a programme that ends at the current level adds nothing',
  )
})

t.test('completed and in-progress programmes are never recommended', async (t) => {
  const result = recommend(
    input({ programmes: [programme(1, 10, [[7, 0, 1]]), programme(2, 10, [[7, 0, 1]])], current: new Map([[7, 0]]), targets: new Map([[7, 1]]), excluded: new Set([1]) }),
  )
  t.same(
    result.map((r) => r.programme.code),
    ['P2'],
  )
})
