import t from 'tap'
import type { Scale } from '../../server/domain/scale.js'
import { summariseProfile } from '../../server/domain/profile.js'
import { isLevelOnScale, maxLevel, scaleLevel, scaleNumberingProblems } from '../../server/domain/scale.js'
import { buildTree, type FrameworkNodeRecord } from '../../server/domain/tree.js'

const scale: Scale = {
  levels: [
    { level: 1, label: 'Building readiness', description: 'a' },
    { level: 2, label: 'Applying and infusing', description: 'b' },
    { level: 3, label: 'Achieving transformation', description: 'c' },
  ],
}

t.test('scale checks', async (t) => {
  t.ok(isLevelOnScale(scale, 1))
  t.ok(isLevelOnScale(scale, 3))
  t.notOk(isLevelOnScale(scale, 0), '0 means not rated: never chosen')
  t.notOk(isLevelOnScale(scale, 4))
  t.notOk(isLevelOnScale(scale, 1.5))
  t.notOk(isLevelOnScale(scale, Number.NaN))
  t.equal(maxLevel(scale), 3)
  t.equal(scaleLevel(scale, 2)?.label, 'Applying and infusing')
  t.equal(scaleLevel(scale, 9), undefined)
  t.same(scaleNumberingProblems(scale), [])
  t.same(scaleNumberingProblems({ levels: [scale.levels[0]!, scale.levels[2]!] }), [
    'level at position 2 is numbered 3; levels must run 1, 2, 3... in order',
  ])
})

function node(id: number, parentId: number | null, kind: FrameworkNodeRecord['kind']): FrameworkNodeRecord {
  return { id, parentId, code: `N${id}`, kind, position: id, title: `Node ${id}`, description: '', levelDescriptors: {}, appliesTo: [], importance: 1, translations: {}, source: { title: 't' } }
}

t.test('profile summary per domain', async (t) => {
  const tree = buildTree([
    node(1, null, 'domain'),
    node(2, 1, 'competency'),
    node(3, 1, 'competency'),
    node(4, 1, 'competency'),
    node(5, 2, 'indicator'),
    node(10, null, 'domain'),
    node(11, 10, 'competency'),
    node(20, null, 'domain'),
  ])
  const summary = summariseProfile(
    tree,
    new Map([
      [2, 1],
      [3, 3],
      [5, 3], // an indicator's level is not part of the profile
    ]),
    new Map([
      [2, 2],
      [3, 3],
    ]),
  )
  t.same(summary, [
    { domainId: 1, code: 'N1', title: 'Node 1', competencies: 3, rated: 2, shareRated: 2 / 3, meanLevel: 2, meanTarget: 2.5 },
    { domainId: 10, code: 'N10', title: 'Node 10', competencies: 1, rated: 0, shareRated: 0, meanLevel: null, meanTarget: null },
    { domainId: 20, code: 'N20', title: 'Node 20', competencies: 0, rated: 0, shareRated: 0, meanLevel: null, meanTarget: null },
  ])
})
