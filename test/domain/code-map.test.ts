import t from 'tap'
import { resolveCodeMap } from '../../server/domain/code-map.js'

const oldNodes = [
  { code: 'A', kind: 'domain' as const },
  { code: 'A.1', kind: 'competency' as const },
  { code: 'A.2', kind: 'competency' as const },
  { code: 'A.3', kind: 'competency' as const },
  { code: 'A.3.1', kind: 'indicator' as const },
  { code: 'constructor', kind: 'competency' as const },
]
const newNodes = [
  { code: 'A', kind: 'domain' as const },
  { code: 'A.1', kind: 'competency' as const },
  { code: 'A.2b', kind: 'competency' as const },
  { code: 'A.2b.1', kind: 'indicator' as const },
]

t.test('the effective map: mapped, carried by equal code, retired', async (t) => {
  const result = resolveCodeMap(oldNodes, newNodes, { 'A.2': 'A.2b' })
  t.ok(result.ok)
  if (result.ok) t.same([...result.map], [['A.1', 'A.1'], ['A.2', 'A.2b'], ['A.3', null], ['constructor', null]], 'only competencies; unmentioned codes carry when the new version has them, else retire')
  const retire = resolveCodeMap(oldNodes, newNodes, { 'A.1': null })
  t.same(retire.ok && retire.map.get('A.1'), null, 'null retires a code the new version still has')
})

t.test('every bad entry is reported', async (t) => {
  const result = resolveCodeMap(oldNodes, newNodes, { 'X.9': 'A.1', A: null, 'A.3.1': 'A.1', 'A.1': 'A.2b.1', 'A.2': 'Y', 'a/b': null })
  t.notOk(result.ok)
  if (!result.ok) {
    t.same(result.errors.map(({ pointer, message }) => ({ pointer, message })), [
      { pointer: '/codeMap/X.9', message: '"X.9" is not a code of the old version' },
      { pointer: '/codeMap/A', message: '"A" is a domain of the old version; only competencies are rated and mapped' },
      { pointer: '/codeMap/A.3.1', message: '"A.3.1" is an indicator of the old version; only competencies are rated and mapped' },
      { pointer: '/codeMap/A.1', message: '"A.2b.1" is an indicator of the new version; map to a competency, or to null to retire "A.1"' },
      { pointer: '/codeMap/A.2', message: '"Y" is not a code of the new version' },
      { pointer: '/codeMap/a~1b', message: '"a/b" is not a code of the old version' },
    ])
    t.same(result.errors[1]!.detail, { code: 'oldNotCompetency', params: { code: 'A', kind: 'domain' } }, 'each with its code, for pages in other languages')
  }
})
