import t from 'tap'
import { personalReport } from '../../server/domain/personal-report.js'
import type { CatalogueProgramme, Recommendation } from '../../server/domain/recommendations.js'
import { buildTree } from '../../server/domain/tree.js'
import { nodeRecord } from '../helpers/tree.js'

// Two domains: 1 holds competencies 11-14, 2 holds 21-22.
const tree = buildTree([
  nodeRecord(1, null, 'domain', 1),
  nodeRecord(11, 1, 'competency', 1),
  nodeRecord(12, 1, 'competency', 2),
  nodeRecord(13, 1, 'competency', 3),
  nodeRecord(14, 1, 'competency', 4),
  nodeRecord(2, null, 'domain', 2),
  nodeRecord(21, 2, 'competency', 1),
  nodeRecord(22, 2, 'competency', 2),
])
const programme = (id: number, hours: number, languages = ['en']): CatalogueProgramme => ({ id, code: `P${id}`, title: `P${id}`, hours, languages, links: [] })
const recommendation = (p: CatalogueProgramme, competencyIds: number[], inPersonsLanguage = true): Recommendation => ({
  programme: p,
  score: competencyIds.length,
  levels: competencyIds.length,
  inPersonsLanguage,
  reasons: competencyIds.map((competencyId) => ({ competencyId, fromLevel: 1, toLevel: 2 })),
})

t.test('standings in words, strengths, priorities by gap and importance, programmes shortest first in the person\'s languages', async (t) => {
  const report = personalReport({
    tree,
    current: new Map([[11, 3], [12, 1], [13, 2], [21, 1]]),
    targets: new Map([[11, 2], [12, 3], [13, 3], [14, 2], [21, 3], [22, 2]]),
    importance: new Map([[13, 3]]),
    recommendations: [recommendation(programme(1, 40), [12, 13]), recommendation(programme(2, 10), [12]), recommendation(programme(3, 5, ['zh']), [12], false), recommendation(programme(4, 20), [12])],
  })
  t.same(report.domains, [
    { domainId: 1, asked: 4, rated: 3, met: 1, standing: 'close', meanGap: 1, change: null },
    { domainId: 2, asked: 2, rated: 1, met: 0, standing: 'below', meanGap: 2, change: null },
  ], '14 and 22 are unrated: not in the figures, still asked')
  t.same(report.strengths, [{ competencyId: 11, current: 3, target: 2 }])
  t.same(report.priorities.map((priority) => priority.competencyId), [13, 12, 21], '13: one level x importance 3 comes before 12 and 21: two levels x 1')
  t.same(report.priorities.find((priority) => priority.competencyId === 12)!.programmes.map((p) => p.code), ['P2', 'P4'], 'two shortest in the person\'s languages; the 5-hour Chinese one is not there')
  t.same(report.priorities.find((priority) => priority.competencyId === 21)!.programmes, [])
  t.equal(report.hasPrevious, false)
})

t.test('change since the previous round, over what was answered then and is rated now', async (t) => {
  const report = personalReport({
    tree,
    current: new Map([[11, 3], [12, 2], [21, 1]]),
    targets: new Map([[11, 3], [12, 3], [21, 3]]),
    importance: new Map(),
    recommendations: [],
    previous: new Map([[11, 1], [12, 2], [14, 1], [22, 2]]),
  })
  t.same(report.domains.map((domain) => domain.change), [1, null], 'domain 1: (+2 + 0) / 2; domain 2: nothing answered then is rated now')
  t.equal(report.hasPrevious, true)
  t.same(personalReport({ tree, current: new Map(), targets: new Map([[11, 2]]), importance: new Map(), recommendations: [] }).domains, [{ domainId: 1, asked: 1, rated: 0, met: 0, standing: 'unrated', meanGap: null, change: null }], 'nothing rated: unknown, not a gap')
})
