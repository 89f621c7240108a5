import t from 'tap'
import { competenciesToRate, nextToRate, selfAssessmentProgress } from '../../server/domain/self-assessment.js'
import { buildTree } from '../../server/domain/tree.js'
import { nodeRecord } from '../helpers/tree.js'

// Two domains of three competencies: 11, 12, 13 and 21, 22, 23.
const tree = buildTree([
  nodeRecord(1, null, 'domain', 1),
  nodeRecord(2, null, 'domain', 2),
  ...[11, 12, 13].map((id, i) => nodeRecord(id, 1, 'competency', i + 1)),
  ...[21, 22, 23].map((id, i) => nodeRecord(id, 2, 'competency', i + 1)),
])
const ids = (nodes: readonly { id: number }[]) => nodes.map((node) => node.id)

t.test("the person is asked the competencies with a target for them, in the framework's order", async (t) => {
  t.same(ids(competenciesToRate(tree, new Map([[22, 2], [12, 1], [13, 0]]))), [12, 22], 'a target of 0 asks nothing')
  t.same(ids(competenciesToRate(tree, new Map())), [11, 12, 13, 21, 22, 23], 'no target at all: every competency')
  t.same(ids(competenciesToRate(tree, new Map(), new Set([12, 21]))), [11, 13, 22, 23], 'no target at all: every competency but those marked not applicable')
})

t.test('the next one is the first unrated after the one just saved, going round', async (t) => {
  const asked = competenciesToRate(tree, new Map())
  t.equal(nextToRate(asked, new Set())?.id, 11)
  t.equal(nextToRate(asked, new Set([11, 12]))?.id, 13)
  t.equal(nextToRate(asked, new Set([11, 13]), 11)?.id, 12)
  t.equal(nextToRate(asked, new Set([12, 13, 21, 22, 23]), 23)?.id, 11, 'after the last, from the start')
  t.equal(nextToRate(asked, new Set([11, 12, 13, 21, 22, 23])), undefined, 'all rated')
  t.equal(nextToRate(asked, new Set([12]), 99)?.id, 11, 'an id not asked: from the start')
})

t.test('progress counts only the competencies asked', async (t) => {
  const asked = competenciesToRate(tree, new Map([[11, 1], [21, 1]]))
  t.same(selfAssessmentProgress(asked, new Set([11, 12, 13])), { rated: 1, total: 2 })
})
