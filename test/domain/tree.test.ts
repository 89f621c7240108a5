import t from 'tap'
import { buildTree, isRateable } from '../../server/domain/tree.js'
import { nodeRecord } from '../helpers/tree.js'

const node = nodeRecord

t.test('builds domains, competencies and indicators in position order', async (t) => {
  const tree = buildTree([
    node(3, 1, 'competency', 1),
    node(1, null, 'domain', 1),
    node(2, 1, 'competency', 0),
    node(4, 2, 'indicator', 0),
    node(5, null, 'domain', 0),
    node(6, 5, 'competency', 0),
  ])
  t.same(
    tree.roots.map((root) => root.code),
    ['N5', 'N1'],
  )
  t.same(
    tree.roots[1]!.children.map((child) => child.code),
    ['N2', 'N3'],
  )
  t.same(
    tree.competencies.map((competency) => competency.code),
    ['N6', 'N2', 'N3'],
    'competencies in tree order, indicators left out',
  )
  t.equal(tree.byId.get(4)!.domainId, 1, 'an indicator knows its domain')
  t.equal(tree.byId.get(6)!.domainId, 5)
  t.equal(tree.byId.size, 6)
  t.ok(isRateable(tree.byId.get(2)))
  t.notOk(isRateable(tree.byId.get(1)), 'a domain is not rated')
  t.notOk(isRateable(tree.byId.get(4)), 'an indicator is not rated')
  t.notOk(isRateable(undefined))
})

t.test('refuses a node whose parent is missing', async (t) => {
  t.throws(() => buildTree([node(1, null, 'domain', 0), node(2, 9, 'competency', 0)]), /N2 names parent 9/)
})

t.test('refuses nodes that form a cycle', async (t) => {
  t.throws(() => buildTree([node(1, null, 'domain', 0), node(2, 3, 'competency', 0), node(3, 2, 'competency', 0)]), /cycle/)
})

t.test('an empty framework is an empty tree', async (t) => {
  const tree = buildTree([])
  t.same(tree.roots, [])
  t.same(tree.competencies, [])
})
