/** One group of people in a report: a cell, or the part of a total that no cell shows. */
export interface GroupSize {
  readonly key: string
  /** People the group describes. */
  readonly people: number
  /** Of them, people with at least one rating in the figures (mean levels describe only these). */
  readonly rated: number
}

/**
 * Which cells of one row of siblings to suppress so that no group of fewer than `k` people can be
 * read, directly or by subtracting published cells from a published total (the parent).
 *
 * A cell is suppressed first when it describes fewer than k people, or fewer than k rated people
 * (but some). Then, while the hidden part of the total (the suppressed cells plus `remainder`, the
 * people of the total that no cell shows) could be recovered by subtraction and describes fewer than
 * k people, or is a single small group, the smallest published cell is suppressed too. Empty cells
 * (0 people) describe nobody and are left alone. Cells in `alreadyHidden` (suppressed by another rule)
 * count as hidden from the start.
 *
 * ```ts
 * // A department of 6: teachers 5, support 1. The department total is published elsewhere.
 * suppressedKeys([{ key: 'teacher', people: 5, rated: 5 }, { key: 'support', people: 1, rated: 1 }], { people: 0, rated: 0 }, 5)
 * // Set { 'support', 'teacher' }: 6 - 5 would give the support person away
 * ```
 */
export function suppressedKeys(
  cells: readonly GroupSize[],
  remainder: { people: number; rated: number },
  k: number,
  alreadyHidden: ReadonlySet<string> = new Set(),
): Set<string> {
  const small = (people: number, rated: number) => people < k || (rated > 0 && rated < k)
  const hidden = new Set(cells.filter((cell) => alreadyHidden.has(cell.key) || (cell.people > 0 && small(cell.people, cell.rated))).map((cell) => cell.key))
  // Subtraction reveals the hidden part only as a whole: it is safe when, as a whole, it is not small.
  const safe = () => {
    const totals = cells
      .filter((cell) => hidden.has(cell.key))
      .reduce((sum, cell) => ({ people: sum.people + cell.people, rated: sum.rated + cell.rated }), { people: remainder.people, rated: remainder.rated })
    return totals.people === 0 || !small(totals.people, totals.rated)
  }
  while (!safe()) {
    const next = cells.filter((cell) => cell.people > 0 && !hidden.has(cell.key)).sort((a, b) => a.people - b.people || a.rated - b.rated || a.key.localeCompare(b.key))[0]
    if (next === undefined) break
    hidden.add(next.key)
  }
  return hidden
}
