import { createHash } from 'node:crypto'
import t from 'tap'
import { stableDigest, stableJson } from '../../server/domain/framework-rebuild.js'

t.test('stableDigest is the SHA-256 of stableJson, written a piece at a time', async (t) => {
  const values: unknown[] = [
    null,
    'text with "quotes" and é',
    42,
    [],
    {},
    { b: 1, a: [1, 'two', { d: null, c: true }] },
    { nodes: [{ code: 'A', children: [{ code: 'A.1', levelDescriptors: { 2: { description: 'x' } } }] }], scale: { levels: [{ level: 1, label: 'L' }] } },
  ]
  for (const value of values) t.equal(stableDigest(value), createHash('sha256').update(stableJson(value)).digest('hex'), JSON.stringify(value))
  t.equal(stableDigest({ a: 1, b: [2, 3] }), stableDigest({ b: [2, 3], a: 1 }), 'key order does not matter')
  t.not(stableDigest({ a: [2, 3] }), stableDigest({ a: [3, 2] }), 'array order does')
  t.not(stableDigest({ a: '1' }), stableDigest({ a: 1 }), 'nor do types')
})
