import t from 'tap'
import { suppressedKeys } from '../../server/domain/suppression.js'

const none = { people: 0, rated: 0 }
const cell = (key: string, people: number, rated = people) => ({ key, people, rated })

t.test('groups of K or more are shown', async (t) => {
  t.same([...suppressedKeys([cell('a', 5), cell('b', 9)], none, 5)], [])
})

t.test('a group under K is suppressed, and so is the next smallest, so the total does not give it away', async (t) => {
  t.same([...suppressedKeys([cell('a', 6), cell('b', 2), cell('c', 10)], none, 5)].sort(), ['a', 'b'])
})

t.test('the subtraction attack: a department of 6 with one cell of 1', async (t) => {
  // The department total (6) is published; teachers are 5, support staff 1.
  const hidden = suppressedKeys([cell('teacher', 5), cell('support', 1)], none, 5)
  t.same([...hidden].sort(), ['support', 'teacher'], 'showing teachers would reveal the support person as 6 - 5')
  // Filtering one role: the rest of the department is the remainder.
  t.same([...suppressedKeys([cell('teacher', 5)], { people: 1, rated: 1 }, 5)], ['teacher'], 'the filtered cell is hidden too')
  t.same([...suppressedKeys([cell('teacher', 5)], { people: 5, rated: 5 }, 5)], [], 'a remainder of K or more is no risk')
})

t.test('a small remainder that no cell shows forces a suppression', async (t) => {
  t.same([...suppressedKeys([cell('a', 7), cell('b', 12)], { people: 2, rated: 2 }, 5)], ['a'])
})

t.test('few rated people are as identifying as few people', async (t) => {
  t.same([...suppressedKeys([cell('a', 8, 1), cell('b', 8, 8), cell('c', 9, 9)], none, 5)].sort(), ['a', 'b'])
  t.same([...suppressedKeys([cell('a', 8, 0), cell('b', 8, 8)], none, 5)], [], 'nobody rated reveals no one')
})

t.test('empty cells describe nobody; when everything is small, everything is hidden', async (t) => {
  t.same([...suppressedKeys([cell('a', 0), cell('b', 6)], none, 5)], [])
  t.same([...suppressedKeys([cell('a', 1), cell('b', 2)], none, 5)].sort(), ['a', 'b'])
})

t.test('exhaustively: no hidden part smaller than K can be recovered by subtraction', async (t) => {
  let checked = 0
  for (let a = 0; a <= 7; a++)
    for (let b = 0; b <= 7; b++)
      for (let c = 0; c <= 7; c++)
        for (let r = 0; r <= 3; r++) {
          const cells = [cell('a', a), cell('b', b), cell('c', c)]
          const hidden = suppressedKeys(cells, { people: r, rated: r }, 5)
          const shown = cells.filter((x) => !hidden.has(x.key))
          t.ok(shown.every((x) => x.people === 0 || x.people >= 5), 'no small cell shown')
          const hiddenPeople = r + cells.filter((x) => hidden.has(x.key)).reduce((sum, x) => sum + x.people, 0)
          if (hiddenPeople > 0 && hiddenPeople < 5 && shown.some((x) => x.people > 0)) t.fail(`a=${a} b=${b} c=${c} r=${r}: hidden part of ${hiddenPeople} recoverable`)
          checked++
        }
  t.equal(checked, 8 * 8 * 8 * 4)
})
