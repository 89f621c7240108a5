import t from 'tap'
import { changesJudgement, historyKey, judgementLevels } from '../../server/domain/judgement.js'
import type { Scale } from '../../server/domain/scale.js'

t.test('a repeat of the current judgement changes nothing; any field that differs does', async (t) => {
  const current = { level: 2, evidence: 'Policy', evidenceUrl: null, comment: '' }
  t.notOk(changesJudgement(current, { ...current }))
  t.ok(changesJudgement(undefined, current), 'the first one')
  t.ok(changesJudgement(current, { ...current, level: 3 }))
  t.ok(changesJudgement(current, { ...current, evidence: 'Policy 2' }))
  t.ok(changesJudgement(current, { ...current, evidenceUrl: 'https://example.org/policy' }))
  t.ok(changesJudgement(current, { ...current, comment: 'Planned' }))
})

t.test('a person is judged on the scale; a unit or the institution may also be not there yet (0)', async (t) => {
  const scale: Scale = { levels: [1, 2, 3].map((level) => ({ level, label: `L${level}`, description: '' })) }
  t.same(judgementLevels(scale, { kind: 'person', userId: 7 }, 'self'), [0, 1, 2, 3], 'a person may answer "not yet"')
  t.same(judgementLevels(scale, { kind: 'person', userId: 7 }, 'reviewer'), [1, 2, 3], 'a reviewer validates a level of the scale')
  t.same(judgementLevels(scale, { kind: 'unit', unitId: 4 }, 'hr'), [0, 1, 2, 3])
  t.same(judgementLevels(scale, { kind: 'institution' }, 'panel'), [0, 1, 2, 3])
})

t.test("each subject's history of an item has its own key", async (t) => {
  const item = { institutionId: 1, frameworkId: 2, competencyId: 3 }
  const keys = [
    historyKey({ ...item, subject: { kind: 'institution' } }),
    historyKey({ ...item, subject: { kind: 'unit', unitId: 3 } }),
    historyKey({ ...item, subject: { kind: 'person', userId: 3 } }),
    historyKey({ ...item, competencyId: 4, subject: { kind: 'institution' } }),
    historyKey({ ...item, institutionId: 9, subject: { kind: 'institution' } }),
  ]
  t.equal(new Set(keys).size, keys.length, keys.join(' | '))
  t.equal(keys[0], '1:2:institution:3')
})
