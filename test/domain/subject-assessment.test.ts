import t from 'tap'
import { assessmentAccess, componentResults, nextUnjudged } from '../../server/domain/subject-assessment.js'
import { buildTree } from '../../server/domain/tree.js'
import { nodeRecord } from '../helpers/tree.js'
import { ROLES } from '../../server/domain/roles.js'

/** Two components: C1 holds sub-component S1 (areas 11, 12, 13) and area 14 directly; C2 holds S2 (areas 21, 22). */
const node = nodeRecord
const tree = buildTree([
  node(1, null, 'domain', 0),
  node(10, 1, 'domain', 0),
  node(11, 10, 'competency', 0),
  node(12, 10, 'competency', 1),
  node(13, 10, 'competency', 2),
  node(14, 1, 'competency', 1),
  node(2, null, 'domain', 1),
  node(20, 2, 'domain', 0),
  node(21, 20, 'competency', 0),
  node(22, 20, 'competency', 1),
])

t.test('a nested tree: areas at any depth belong to their top-level component', async (t) => {
  t.same(tree.competencies.map((area) => area.id), [11, 12, 13, 14, 21, 22], 'every area, in tree order')
  t.same(tree.competencies.map((area) => area.domainId), [1, 1, 1, 1, 2, 2])
})

t.test('results per component: mean of the judged areas, weakest first, unjudged areas never weak', async (t) => {
  const results = componentResults(tree, new Map([[11, 3], [12, 0], [14, 1], [21, 4]]), { top: 4 })
  t.same(
    results.map((result) => ({ id: result.component.id, areas: result.areas, judged: result.judged, level: result.level, weakest: result.weakest })),
    [
      // (3 + 0 + 1) / 3 = 1.333... -> 1.3; area 13 is not judged: not weak, not in the mean.
      { id: 1, areas: 4, judged: 3, level: 1.3, weakest: [{ competencyId: 12, level: 0 }, { competencyId: 14, level: 1 }, { competencyId: 11, level: 3 }] },
      // Area 21 is at the top level: not weak; 22 is not judged.
      { id: 2, areas: 2, judged: 1, level: 4, weakest: [] },
    ],
  )
  t.same(componentResults(tree, new Map(), { top: 4 }).map((result) => [result.level, result.judged, result.weakest.length]), [[null, 0, 0], [null, 0, 0]], 'nothing judged: no level, no weak area')
  const tied = componentResults(tree, new Map([[13, 2], [11, 2], [12, 2]]), { top: 4, weakest: 2 })[0]!
  t.same(tied.weakest.map((area) => area.competencyId), [11, 12], 'equal levels in tree order, at most `weakest` of them')
})

t.test('where the panel goes on: the next area nobody judged, wrapping round', async (t) => {
  const judged = new Map([[11, 2], [12, 2], [21, 1]])
  t.equal(nextUnjudged(tree, judged)?.id, 13, 'from the start')
  t.equal(nextUnjudged(tree, judged, 14)?.id, 22, 'after an area')
  t.equal(nextUnjudged(tree, new Map([[13, 1], [14, 1], [21, 1], [22, 1], [12, 1]]), 22)?.id, 11, 'round to the start')
  t.equal(nextUnjudged(tree, new Map(tree.competencies.map((area) => [area.id, 1]))), undefined, 'all judged')
})

t.test('who may assess and read', async (t) => {
  const table = ROLES.flatMap((role) =>
    [false, true].flatMap((onPanel) => (['panel', 'staff'] as const).map((visibility) => [role, onPanel, visibility, assessmentAccess({ role, onPanel }, visibility)] as const)),
  )
  for (const [role, onPanel, visibility, access] of table) {
    const assessAs = role === 'admin' ? undefined : role === 'hr' ? 'hr' : onPanel ? 'panel' : undefined
    t.equal(access.assessAs, assessAs, `${role}, on the panel: ${onPanel}, results for ${visibility}: assesses as ${assessAs}`)
    t.equal(access.mayRead, role !== 'admin' && (assessAs !== undefined || visibility === 'staff'), `${role}, on the panel: ${onPanel}, results for ${visibility}: reads ${access.mayRead}`)
  }
  t.same(assessmentAccess({ role: 'lecturer', onPanel: false }, 'panel'), { assessAs: undefined, mayRead: false }, 'a lecturer off the panel reads nothing of a private assessment')
  t.same(assessmentAccess({ role: 'admin', onPanel: true }, 'staff'), { assessAs: undefined, mayRead: false }, 'the operator reads no institution data, even named on a panel')
})

