import t from 'tap'
import { jsonBytes, jsonPieces } from '../../server/domain/json-pieces.js'

t.test('the pieces join to JSON.stringify, at every depth', async (t) => {
  const values: unknown[] = [
    null,
    'plain',
    42,
    [],
    {},
    { a: [1, 'two', null, { b: undefined, c: [true, false] }], d: undefined, e: () => 1, '"quoted" key': 'x' },
    [undefined, () => 1, Symbol('s'), 'kept'],
    { date: new Date('2026-01-02T03:04:05Z'), nested: { deeper: { deepest: ['é', '中文', '\u2028', '"', '\\'] } } },
  ]
  for (const [index, value] of values.entries()) {
    for (const depth of [0, 1, 2, 4, 8]) t.equal([...jsonPieces(value, depth)].join(''), JSON.stringify(value) ?? 'null', `value ${index} at depth ${depth}`)
  }
})

t.test('jsonBytes counts UTF-8 bytes, not characters', async (t) => {
  t.equal(jsonBytes({ title: '中文' }), Buffer.byteLength(JSON.stringify({ title: '中文' }), 'utf8'))
  t.equal(jsonBytes({ title: '中文' }), 18)
})
