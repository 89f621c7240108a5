import t from 'tap'
import { byUncoveredDemand, coverage } from '../../server/domain/coverage.js'
import { linkErrors } from '../../server/domain/programme-links.js'

const competencies = [
  { id: 1, code: 'A.1', title: 'One' },
  { id: 2, code: 'A.2', title: 'Two' },
  { id: 3, code: 'A.10', title: 'Ten' },
]
const programme = (id: number, links: { competencyId: number; fromLevel: number; toLevel: number }[]) => ({ id, code: `P${id}`, title: `Programme ${id}`, hours: 1, languages: ['en'], links })
const gaps = (competencyId: number, count: number, level: number, target: number, firstUser = 1) =>
  Array.from({ length: count }, (_, index) => ({ userId: firstUser + index, competencyId, level, target }))

t.test('cells count the programmes that take a person into each level; holes are the empty ones', async (t) => {
  const result = coverage({ competencies, maxLevel: 3, programmes: [programme(1, [{ competencyId: 1, fromLevel: 0, toLevel: 2 }]), programme(2, [{ competencyId: 1, fromLevel: 1, toLevel: 3 }])], gaps: [], k: 5 })
  t.same(result.competencies[0]!.programmesByLevel, [1, 2, 1])
  t.same(result.competencies[0]!.holes, [])
  t.same(result.competencies[1]!.programmesByLevel, [0, 0, 0])
  t.same(result.competencies[1]!.holes, [1, 2, 3])
  t.equal(result.competencies[0]!.programmes, 2)
})

t.test('demand: people below target; uncovered: those no programme helps; small counts suppressed, 0 shown', async (t) => {
  const result = coverage({
    competencies,
    maxLevel: 3,
    // Helps people at 0 or 1 (from <= level + 1) below 2; nobody at 2.
    programmes: [programme(1, [{ competencyId: 1, fromLevel: 1, toLevel: 2 }])],
    gaps: [...gaps(1, 6, 0, 2), ...gaps(1, 5, 2, 3, 100), ...gaps(2, 3, 0, 1, 200)],
    k: 5,
  })
  const [one, two, ten] = result.competencies
  t.same(one!.demand, { count: 11, suppressed: false })
  t.same(one!.uncoveredDemand, { count: 5, suppressed: false }, 'the five at level 2 aiming at 3')
  t.same(two!.demand, { count: null, suppressed: true }, '3 people: fewer than K')
  t.same(ten!.demand, { count: 0, suppressed: false }, 'nobody: names nobody')
  t.same(result.programmes, [{ programmeId: 1, code: 'P1', title: 'Programme 1', demand: { count: 6, suppressed: false } }])
  t.same([...result.competencies].sort(byUncoveredDemand).map((row) => row.code), ['A.1', 'A.2', 'A.10'], 'uncovered demand, then demand; codes in natural order')
})

t.test('a person counts once per programme, however many of its competencies they lack', async (t) => {
  const result = coverage({
    competencies,
    maxLevel: 3,
    programmes: [programme(1, [{ competencyId: 1, fromLevel: 0, toLevel: 1 }, { competencyId: 2, fromLevel: 0, toLevel: 1 }])],
    gaps: [...gaps(1, 5, 0, 1), ...gaps(2, 5, 0, 1)],
    k: 5,
  })
  t.same(result.programmes[0]!.demand, { count: 5, suppressed: false })
})

t.test('link rules: every problem at once, each named by index and field', async (t) => {
  const framework = { competencies: new Map([[7, 'PED.1'], [8, 'PED.2']]), maxLevel: 3 }
  t.same(linkErrors([{ competencyId: 7, fromLevel: 0, toLevel: 3 }, { competencyId: 8, fromLevel: 1, toLevel: 2 }], framework), [])
  t.match(
    linkErrors(
      [
        { competencyId: 7, fromLevel: 2, toLevel: 2 },
        { competencyId: 7, fromLevel: 0, toLevel: 1 },
        { competencyId: 9, fromLevel: 0, toLevel: 1 },
        { competencyId: 8, fromLevel: -1, toLevel: 4 },
        { competencyId: 8, fromLevel: 1.5, toLevel: 2 },
      ],
      framework,
    ),
    [
      { index: 0, field: 'toLevel', kind: 'notAbove', message: 'PED.1: "to" level 2 must be above "from" level 2', reason: { code: 'linkNotAbove', params: { competency: 'PED.1', from: 2, to: 2 } } },
      { index: 1, field: 'competencyId', kind: 'twice', message: 'PED.1 is linked twice: keep one link per competency' },
      { index: 2, field: 'competencyId', kind: 'unknown', message: 'There is no competency 9 to rate in this framework' },
      { index: 3, field: 'fromLevel', kind: 'fromOffScale', message: 'PED.2: "from" level -1 is not on the scale (0 to 3)' },
      { index: 3, field: 'toLevel', kind: 'toOffScale', message: 'PED.2: "to" level 4 is not on the scale (1 to 3)' },
      { index: 4, field: 'competencyId', kind: 'twice', message: 'PED.2 is linked twice: keep one link per competency' },
      { index: 4, field: 'fromLevel', kind: 'fromOffScale', message: 'PED.2: "from" level 1.5 is not on the scale (0 to 3)' },
    ],
    'each with its English message and its reason, by code',
  )
})
