/**
 * Protection of a set of published figures against differencing, by linear algebra.
 *
 * The people a report describes are split into atoms (e.g. department × role profile): groups that
 * every figure either wholly contains or wholly leaves out. Each figure is then a linear combination
 * of the atoms' own (unknown) sums, so an attacker who combines published figures learns exactly the
 * sums whose weight vector lies in the span of the published figures' vectors. A group of atoms is
 * *disclosed* when its indicator vector lies in that span; it is a problem when it describes 1 to
 * K-1 people. This module finds such groups and chooses further figures to withhold until none is left.
 */

/** One figure of a report: a weighted sum over atoms (weights 1 for a count or a sum over a group). */
export interface Figure {
  readonly key: string
  readonly weights: ReadonlyMap<string, number>
  /**
   * Published whatever is decided here (another report shows it): never withheld, but counted in
   * what an attacker knows.
   */
  readonly fixed?: boolean
  /**
   * How long to keep it when something must go (0 by default): figures of a lower rank are withheld
   * first, e.g. a department's role profile before the department, the department before the total.
   */
  readonly rank?: number
}

/** Half-groups searched at most; past that a report is treated as not provably safe (every figure withheld). */
const SEARCH_BUDGET = 200_000
const EPSILON = 1e-9

/**
 * The figures to withhold so that no group of 1 to k-1 people (atom sizes in `sizes`) can be worked
 * out from the others. Atoms of size 0 describe nobody (their figures are 0, or known): they are free.
 * Figures describing 1 to k-1 people are withheld first; then, while a small group is still disclosed,
 * one more figure that its derivation uses is withheld: of the lowest rank, one whose withholding
 * alone ends the disclosure if there is one, else the smallest. When only fixed figures disclose it (nothing
 * can be done here), or the search would take too long, every figure that can be is withheld.
 *
 * ```ts
 * const sizes = new Map([['teachers', 5], ['support', 1]])
 * const all = { key: 'department', weights: new Map([['teachers', 1], ['support', 1]]) }
 * const teachers = { key: 'teachers', weights: new Map([['teachers', 1]]) }
 * withheldFigures(sizes, [all, teachers], 5) // Set { 'teachers' }: 6 - 5 would give the support person away
 * ```
 */
export function withheldFigures(givenSizes: ReadonlyMap<string, number>, givenFigures: readonly Figure[], k: number, alreadyWithheld: Iterable<string> = []): Set<string> {
  // The same table must give the same decision whatever order its rows came in (reports share it).
  const sizes = new Map([...givenSizes].sort(([a], [b]) => a.localeCompare(b)))
  const figures = [...givenFigures].sort((a, b) => a.key.localeCompare(b.key))
  const withheld = new Set(alreadyWithheld)
  for (const figure of figures) {
    const people = peopleOf(figure, sizes)
    if (!figure.fixed && people > 0 && people < k) withheld.add(figure.key)
  }
  for (let round = 0; round <= figures.length; round++) {
    const shown = figures.filter((figure) => figure.fixed || !withheld.has(figure.key))
    const found = disclosedGroup(sizes, shown, k)
    if (found === undefined) return withheld
    const pick = found === 'undecided' ? undefined : figureToWithhold(sizes, shown, found)
    if (pick === undefined) {
      for (const figure of figures) if (!figure.fixed) withheld.add(figure.key)
      return withheld
    }
    withheld.add(pick)
  }
  /* c8 ignore next 2 */
  return withheld
}

/**
 * A group of atoms describing 1 to k-1 people whose sum the figures determine, or undefined when
 * there is none; 'undecided' when the search exceeds its budget.
 */
export function disclosedGroup(sizes: ReadonlyMap<string, number>, figures: readonly Figure[], k: number): string[] | undefined | 'undecided' {
  const atoms = [...sizes].filter(([, size]) => size > 0).map(([atom]) => atom)
  // Only atoms of fewer than k people can be part of a small group: none, nothing to solve.
  if (!atoms.some((atom) => sizes.get(atom)! < k)) return undefined
  const column = new Map(atoms.map((atom, index) => [atom, index]))
  const rows = figures.map((figure) => vectorOf(figure, column, atoms.length))
  // A group is determined exactly when its indicator is orthogonal to every vector of the null space.
  const nulls = nullSpace(rows, atoms.length)
  const candidates = atoms
    .map((atom, index) => ({ atom, size: sizes.get(atom)!, signature: nulls.map((vector) => vector[index]!) }))
    .filter((candidate) => candidate.size < k)
  // Meet in the middle: a small group has at most k-1 atoms, so it is two halves of at most h atoms
  // each (the first half's atoms before the second's) whose signatures cancel. Halves are found by a
  // hash of their signature's projection on a fixed direction, then checked in full.
  const h = Math.ceil((k - 1) / 2)
  const direction = nulls.map((_, dimension) => Math.sin(dimension * 12.9898 + 78.233) * 43758.5453 % 1)
  const projection = candidates.map((candidate) => candidate.signature.reduce((sum, value, dimension) => sum + value * direction[dimension]!, 0))
  interface Half { readonly indices: readonly number[]; readonly size: number; readonly key: number }
  const halves: Half[] = []
  const enumerate = (start: number, indices: number[], size: number, projected: number): boolean => {
    for (let index = start; index < candidates.length; index++) {
      const next = size + candidates[index]!.size
      if (next >= k) continue
      const half = { indices: [...indices, index], size: next, key: projected + projection[index]! }
      halves.push(half)
      if (halves.length > SEARCH_BUDGET) return false
      if (half.indices.length < h && !enumerate(index + 1, half.indices, next, half.key)) return false
    }
    return true
  }
  if (!enumerate(0, [], 0, 0)) return 'undecided'
  const bucket = (value: number) => Math.round(value * 1e6)
  const byKey = new Map<number, Half[]>()
  for (const half of halves) byKey.set(bucket(half.key), [...(byKey.get(bucket(half.key)) ?? []), half])
  const cancels = (indices: readonly number[]) =>
    nulls.every((_, dimension) => Math.abs(indices.reduce((sum, index) => sum + candidates[index]!.signature[dimension]!, 0)) < 1e-7)
  for (const first of halves) {
    if (Math.abs(first.key) < 1e-6 && cancels(first.indices)) return first.indices.map((index) => candidates[index]!.atom)
    const last = first.indices[first.indices.length - 1]!
    for (const near of [-1, 0, 1]) {
      for (const second of byKey.get(bucket(-first.key) + near) ?? []) {
        if (second.indices[0]! <= last || first.size + second.size >= k) continue
        const indices = [...first.indices, ...second.indices]
        if (cancels(indices)) return indices.map((index) => candidates[index]!.atom)
      }
    }
  }
  return undefined
}

/** The people a figure describes: the atoms it weighs. */
export function peopleOf(figure: Figure, sizes: ReadonlyMap<string, number>): number {
  let people = 0
  for (const [atom, weight] of figure.weights) if (weight !== 0) people += sizes.get(atom) ?? 0
  return people
}

/** The figure to withhold next so that `group` is no longer disclosed (see withheldFigures). */
function figureToWithhold(sizes: ReadonlyMap<string, number>, shown: readonly Figure[], group: readonly string[]): string | undefined {
  const atoms = [...sizes].filter(([, size]) => size > 0).map(([atom]) => atom)
  const column = new Map(atoms.map((atom, index) => [atom, index]))
  const target = Array.from({ length: atoms.length }, () => 0)
  for (const atom of group) target[column.get(atom)!] = 1
  // The lowest ranks first, so that the derivation found uses them where it can.
  const rank = (figure: Figure) => figure.rank ?? 0
  const ordered = [...shown].sort((a, b) => rank(a) - rank(b))
  const solution = solve(ordered.map((figure) => vectorOf(figure, column, atoms.length)), target)
  /* c8 ignore next */
  if (solution === undefined) return undefined
  // Of the figures used, the lowest rank, and of those first one that no other shown figure can stand
  // in for (it is in no linear dependency among them: every derivation needs it), then the smallest.
  const used = ordered
    .map((figure, index) => ({ figure, index }))
    .filter(({ figure, index }) => !figure.fixed && Math.abs(solution.coefficients[index]!) > EPSILON)
    .sort(
      (a, b) =>
        rank(a.figure) - rank(b.figure) ||
        Number(solution.replaceable[a.index]) - Number(solution.replaceable[b.index]) ||
        peopleOf(a.figure, sizes) - peopleOf(b.figure, sizes) ||
        a.figure.key.localeCompare(b.figure.key),
    )
  return used[0]?.figure.key
}

function vectorOf(figure: Figure, column: ReadonlyMap<string, number>, width: number): number[] {
  const vector = Array.from({ length: width }, () => 0)
  for (const [atom, weight] of figure.weights) {
    const index = column.get(atom)
    if (index !== undefined) vector[index]! += weight
  }
  return vector
}

/** Reduced row echelon form, in place; returns the pivot column of each non-zero row. */
function reduce(matrix: number[][], width: number): number[] {
  const pivots: number[] = []
  let row = 0
  for (let col = 0; col < width && row < matrix.length; col++) {
    let best = row
    for (let r = row + 1; r < matrix.length; r++) if (Math.abs(matrix[r]![col]!) > Math.abs(matrix[best]![col]!)) best = r
    if (Math.abs(matrix[best]![col]!) < EPSILON) continue
    ;[matrix[row], matrix[best]] = [matrix[best]!, matrix[row]!]
    const pivotRow = matrix[row]!
    const pivot = pivotRow[col]!
    for (let c = 0; c < pivotRow.length; c++) pivotRow[c]! /= pivot
    for (let r = 0; r < matrix.length; r++) {
      if (r === row) continue
      const factor = matrix[r]![col]!
      if (Math.abs(factor) < EPSILON) continue
      const other = matrix[r]!
      for (let c = 0; c < other.length; c++) other[c]! -= factor * pivotRow[c]!
    }
    pivots.push(col)
    row++
  }
  return pivots
}

/** A basis of the vectors orthogonal to every row. */
function nullSpace(rows: readonly number[][], width: number): number[][] {
  const matrix = rows.map((row) => [...row])
  const pivots = reduce(matrix, width)
  const pivotSet = new Set(pivots)
  const basis: number[][] = []
  for (let free = 0; free < width; free++) {
    if (pivotSet.has(free)) continue
    const vector = Array.from({ length: width }, () => 0)
    vector[free] = 1
    pivots.forEach((pivot, row) => (vector[pivot] = -matrix[row]![free]!))
    basis.push(vector)
  }
  return basis
}

/**
 * Coefficients c with Σ c_i rows_i = target, or undefined when target is not in their span; and, for
 * each row, whether it is in a linear dependency among the rows (another combination can replace it).
 */
function solve(rows: readonly number[][], target: readonly number[]): { coefficients: number[]; replaceable: boolean[] } | undefined {
  // Columns are the rows given; one equation per atom, augmented with the target.
  const width = rows.length
  const matrix = target.map((value, atom) => [...rows.map((row) => row[atom]!), value])
  const pivots = reduce(matrix, width)
  for (let r = pivots.length; r < matrix.length; r++) if (Math.abs(matrix[r]![width]!) > 1e-7) return undefined
  const coefficients = Array.from({ length: width }, () => 0)
  pivots.forEach((pivot, row) => (coefficients[pivot] = matrix[row]![width]!))
  // Each free column gives a dependency: itself, and the pivots with a non-zero entry in its column.
  const pivotSet = new Set(pivots)
  const replaceable = Array.from({ length: width }, (_, index) => !pivotSet.has(index))
  for (let free = 0; free < width; free++) {
    if (pivotSet.has(free)) continue
    pivots.forEach((pivot, row) => {
      if (Math.abs(matrix[row]![free]!) > EPSILON) replaceable[pivot] = true
    })
  }
  return { coefficients, replaceable }
}
