import t, { type Test } from 'tap'
import { disclosedGroup, withheldFigures, type Figure } from '../../server/domain/disclosure.js'
import { tableFigures, withheldGroups, type TableAtom } from '../../server/domain/report-table.js'
import { findSmallDetermined } from '../helpers/differencing-auditor.js'

/** A row of sibling cells under a published total (the parent), as figures over the cells. */
function row(cells: Record<string, number>, remainder = 0) {
  const sizes = new Map(Object.entries(cells))
  if (remainder > 0) sizes.set('rest', remainder)
  const figures: Figure[] = [
    { key: 'total', weights: new Map([...sizes.keys()].map((key) => [key, 1])), rank: 1 },
    ...Object.keys(cells).map((key) => ({ key, weights: new Map([[key, 1]]) })),
  ]
  return { sizes, figures }
}
const withheld = (cells: Record<string, number>, remainder = 0, k = 5) => {
  const { sizes, figures } = row(cells, remainder)
  return [...withheldFigures(sizes, figures, k)].sort()
}

t.test('groups of K or more are shown', async (t) => {
  t.same(withheld({ a: 5, b: 9 }), [])
})

t.test('a group under K is withheld, and so is the next smallest, so the total does not give it away', async (t) => {
  t.same(withheld({ a: 6, b: 2, c: 10 }), ['a', 'b'])
})

t.test('the subtraction attack: a department of 6 with one cell of 1', async (t) => {
  t.same(withheld({ teacher: 5, support: 1 }), ['support', 'teacher'], 'showing teachers would reveal the support person as 6 - 5')
  t.same(withheld({ teacher: 5 }, 1), ['teacher'], 'the rest of the department, shown by no cell, is as revealing')
  t.same(withheld({ teacher: 5 }, 5), [], 'a remainder of K or more is no risk')
})

t.test('empty cells describe nobody; when everything is small, the total alone is withheld last', async (t) => {
  t.same(withheld({ a: 0, b: 6 }), [])
  t.same(withheld({ a: 1, b: 2 }), ['a', 'b', 'total'], 'a total of 3 is itself small')
  t.same(withheld({ a: 1, b: 4 }), ['a', 'b'], 'a total of 5 is shown, its parts not')
})

t.test('figures published elsewhere (fixed) are counted but never withheld; when they alone disclose, everything else is withheld', async (t) => {
  const sizes = new Map([['x', 2], ['y', 9]])
  const figures: Figure[] = [
    { key: 'x-elsewhere', weights: new Map([['x', 1]]), fixed: true },
    { key: 'y', weights: new Map([['y', 1]]) },
  ]
  t.same([...withheldFigures(sizes, figures, 5)], ['y'])
  t.same(disclosedGroup(sizes, figures, 5), ['x'], 'the disclosure itself is found')
})

t.test('the filters cross: role profile totals minus the others give away a small profile', async (t) => {
  // Three departments of teachers; support staff in one department; two leaders in that same department.
  const atoms = [
    { departmentId: 1, roleProfileId: 1, size: 9 },
    { departmentId: 2, roleProfileId: 1, size: 8 },
    { departmentId: 3, roleProfileId: 2, size: 9 },
    { departmentId: 3, roleProfileId: 3, size: 2 },
  ]
  const hidden = withheldGroups(atoms, 5)
  t.ok(hidden.has('R:3') && hidden.has('X:3:3'), 'the leaders are withheld')
  t.ok(hidden.has('R:2') || hidden.has('X:3:2') || hidden.has('D:3'), 'and a figure that department 3 minus support staff would give them away with')
  t.ok(!hidden.has('T') && !hidden.has('D:1') && !hidden.has('D:2'), 'the institution and the departments of teachers are still shown')
})

t.test('a person with no department and no role profile is protected through the total', async (t) => {
  const atoms = [
    { departmentId: 1, roleProfileId: 1, size: 20 },
    { departmentId: 1, roleProfileId: 2, size: 20 },
    { departmentId: 2, roleProfileId: 1, size: 20 },
    { departmentId: 2, roleProfileId: 2, size: 20 },
    { departmentId: null, roleProfileId: null, size: 1 },
  ]
  const hidden = withheldGroups(atoms, 5)
  t.notOk(hidden.has('T'), 'the institution total is kept: smaller figures are withheld instead')
  t.ok(hidden.size > 0)
  check(t, atoms, hidden, 5)
})

/** The auditor's own solver: with the figures left shown, no group of 1..k-1 people is determined. */
function check(t: Test, atoms: readonly (TableAtom & { size: number })[], hidden: ReadonlySet<string>, k: number) {
  // One person id per person, atoms in order.
  let next = 0
  const people = new Map(atoms.map((atom) => [`${atom.departmentId ?? '-'}|${atom.roleProfileId ?? '-'}`, Array.from({ length: atom.size }, () => next++)]))
  const equations = tableFigures(atoms)
    .filter((figure) => !hidden.has(figure.key))
    .map((figure) => new Map([...figure.weights.keys()].flatMap((atom) => people.get(atom)!.map((person) => [person, 1] as const))))
  const everyone = new Set([...people.values()].flat())
  const found = findSmallDetermined(equations, everyone, k)
  t.equal(found, undefined, `no small group in ${JSON.stringify(atoms.map((atom) => atom.size))}`)
}

t.test('random tables of small groups: nothing under K can be solved for, by a solver of its own', async (t) => {
  let seed = 7
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648)
  for (let round = 0; round < 40; round++) {
    const atoms: (TableAtom & { size: number })[] = []
    for (const departmentId of [1, 2, 3, null])
      for (const roleProfileId of [1, 2, null]) {
        const size = random() < 0.4 ? 0 : Math.floor(random() * 9)
        if (size > 0) atoms.push({ departmentId, roleProfileId, size })
      }
    check(t, atoms, withheldGroups(atoms, 5), 5)
  }
})
