import t from 'tap'
import { dueReminders, manualReminderKey, participationRows, roundStatus, type DepartmentParticipation } from '../../server/domain/rounds.js'

const DAY = 86_400_000

t.test('participation: a small department never stands alone, and nothing is had by subtraction', async (t) => {
  const department = (departmentId: number | null, invited: number, started = 0, completed = 0): DepartmentParticipation => ({ departmentId, invited, started, completed })
  t.same(participationRows([department(1, 9, 5, 2), department(2, 2, 1, 1)], 5), { invited: 11, started: 6, completed: 3, rows: [{ departmentIds: [2, 1], invited: 11, started: 6, completed: 3 }] }, 'one small department takes in the smallest shown one')
  t.same(
    participationRows([department(1, 6), department(2, 3), department(3, 3), department(null, 8)], 5).rows.map((row) => row.departmentIds),
    [[1], [null], [2, 3]],
    'two small ones pool together when that reaches k',
  )
  t.same(participationRows([department(1, 2, 2, 2), department(2, 2, 1, 0)], 5), { invited: 4, started: null, completed: null, rows: [] }, 'a round under k: its size only')

  let seed = 11
  const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31
  for (let run = 0; run < 500; run++) {
    const k = 3 + Math.floor(random() * 8)
    const departments = Array.from({ length: 1 + Math.floor(random() * 8) }, (_, index) => {
      const invited = 1 + Math.floor(random() * 15)
      const started = Math.floor(random() * (invited + 1))
      return department(index === 0 ? null : index, invited, started, Math.floor(random() * (started + 1)))
    })
    const result = participationRows(departments, k)
    const total = departments.reduce((sum, d) => sum + d.invited, 0)
    if (total < k) {
      if (result.rows.length > 0 || result.started !== null) t.fail(`run ${run}: a round under k shows figures`)
      continue
    }
    const ids = result.rows.flatMap((row) => row.departmentIds)
    if (result.rows.some((row) => row.invited < k)) t.fail(`run ${run}: a row under k=${k}: ${JSON.stringify(result.rows)}`)
    if (ids.length !== departments.length || new Set(ids).size !== departments.length) t.fail(`run ${run}: departments lost or counted twice`)
    for (const key of ['invited', 'started', 'completed'] as const) {
      if (result.rows.reduce((sum, row) => sum + row[key], 0) !== departments.reduce((sum, d) => sum + d[key], 0)) t.fail(`run ${run}: the ${key} rows do not add up to the whole`)
    }
  }
  t.pass('500 random institutions: every row at least k, every department once, rows adding up to the whole')
})

t.test('a round opens, is open, closes; reminders fall due once, the latest due one sent', async (t) => {
  const opensAt = new Date('2027-03-01T00:00:00Z')
  const closesAt = new Date('2027-03-31T00:00:00Z')
  const round = { opensAt, closesAt, reminderDays: [7, 2] }
  t.equal(roundStatus(round, new Date('2027-02-28T23:59:59Z')), 'upcoming')
  t.equal(roundStatus(round, opensAt), 'open')
  t.equal(roundStatus(round, closesAt), 'closed')
  t.same(dueReminders(round, new Date(closesAt.getTime() - 8 * DAY), new Set()), { claim: [], send: false })
  t.same(dueReminders(round, new Date(closesAt.getTime() - 7 * DAY), new Set()), { claim: ['days:7'], send: true })
  t.same(dueReminders(round, new Date(closesAt.getTime() - 3 * DAY), new Set(['days:7'])), { claim: [], send: false }, 'claimed: not again')
  t.same(dueReminders(round, new Date(closesAt.getTime() - DAY), new Set(['days:7'])), { claim: ['days:2'], send: true })
  t.same(dueReminders(round, new Date(closesAt.getTime() - DAY), new Set()), { claim: ['days:7', 'days:2'], send: true }, 'both due: both claimed, one mail')
  t.same(dueReminders(round, new Date(closesAt.getTime() + DAY), new Set()), { claim: [], send: false }, 'closed: no reminder')
  t.equal(manualReminderKey(new Date('2027-03-20T17:30:00Z'), 'UTC'), 'manual:2027-03-20')
  t.equal(manualReminderKey(new Date('2027-03-20T17:30:00Z'), 'Asia/Shanghai'), 'manual:2027-03-21', "the institution's day")
})
