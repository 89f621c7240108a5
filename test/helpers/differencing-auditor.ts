/**
 * The auditor's solver: given every published figure as a linear equation over people (a weight per
 * person: 1 for a count or a group's sum), which groups of people does an attacker learn exactly?
 *
 * Written apart from the app's own (server/domain/disclosure.ts) so that a mistake in one is not
 * repeated in the other: exact rational arithmetic (BigInt), people merged into classes by the
 * equations they appear in, and the residual of each class against the equations' row space.
 */

/** One published figure: the weight of each person in it. */
export type Equation = ReadonlyMap<number, number>

export interface Disclosure {
  /** The people of a group the figures determine. */
  readonly people: readonly number[]
  /** What it is, for the failure message. */
  readonly label: string
}

/**
 * A group of 1 to k-1 of `people` that the equations determine (its indicator is a linear
 * combination of them), or undefined. People outside `people` are taken as known (their figures are
 * 0 or published). With `baseline`, only groups that the baseline alone does not determine count.
 */
export function findSmallDetermined(equations: readonly Equation[], people: ReadonlySet<number>, k: number, baseline?: readonly Equation[]): number[] | undefined {
  // People who appear with the same weight in every equation cannot be told apart: one class.
  const signature = (person: number) => equations.map((equation) => equation.get(person) ?? 0).join(',') + '|' + (baseline ?? []).map((equation) => equation.get(person) ?? 0).join(',')
  const classes = new Map<string, number[]>()
  for (const person of people) classes.set(signature(person), [...(classes.get(signature(person)) ?? []), person])
  const members = [...classes.values()]
  const columnOf = (equation: Equation) => members.map((group) => fraction(BigInt(Math.round((equation.get(group[0]!) ?? 0) * 1000)), 1000n))
  const residuals = residualsAgainst(equations.map(columnOf), members.length)
  const baselineResiduals = baseline === undefined ? undefined : residualsAgainst(baseline.map(columnOf), members.length)

  // The search adds residuals in floating point, and confirms each zero it meets exactly.
  const approximate = (table: Fraction[][]) => table.map((vector) => vector.map((value) => Number(value.n) / Number(value.d)))
  const floats = approximate(residuals)
  const small = members
    .map((group, index) => ({ group, index }))
    .filter(({ group }) => group.length < k)
    .sort((a, b) => a.group.length - b.group.length)
  const chosen: number[] = []
  let found: number[] | undefined
  const search = (start: number, size: number, sum: readonly number[]) => {
    for (let position = start; position < small.length && found === undefined; position++) {
      const candidate = small[position]!
      if (size + candidate.group.length >= k) break
      chosen.push(candidate.index)
      const next = sum.map((value, column) => value + floats[candidate.index]![column]!)
      const determined = next.every((value) => Math.abs(value) < 1e-6) && isZero(sumOf(residuals, chosen))
      if (determined && (baselineResiduals === undefined || !isZero(sumOf(baselineResiduals, chosen)))) found = chosen.flatMap((index) => members[index]!)
      else search(position + 1, size + candidate.group.length, next)
      chosen.pop()
    }
  }
  search(0, 0, members.map(() => 0))
  return found
}

interface Fraction {
  readonly n: bigint
  readonly d: bigint
}

function gcd(a: bigint, b: bigint): bigint {
  let [x, y] = [a < 0n ? -a : a, b < 0n ? -b : b]
  while (y !== 0n) [x, y] = [y, x % y]
  return x === 0n ? 1n : x
}

function fraction(n: bigint, d: bigint): Fraction {
  const sign = d < 0n ? -1n : 1n
  const divisor = gcd(n, d)
  return { n: (sign * n) / divisor, d: (sign * d) / divisor }
}

const ZERO = fraction(0n, 1n)
const sub = (a: Fraction, b: Fraction) => fraction(a.n * b.d - b.n * a.d, a.d * b.d)
const add = (a: Fraction, b: Fraction) => fraction(a.n * b.d + b.n * a.d, a.d * b.d)
const mul = (a: Fraction, b: Fraction) => fraction(a.n * b.n, a.d * b.d)
const div = (a: Fraction, b: Fraction) => fraction(a.n * b.d, a.d * b.n)

/**
 * For each class (unit vector), what is left of it after removing its part in the row space of the
 * equations: a group is determined exactly when the residuals of its classes sum to zero.
 */
function residualsAgainst(rows: readonly Fraction[][], width: number): Fraction[][] {
  // Row echelon form of the equations.
  const basis: { pivot: number; row: Fraction[] }[] = []
  for (const original of rows) {
    let row = [...original]
    for (const { pivot, row: base } of basis) {
      if (row[pivot]!.n === 0n) continue
      const factor = row[pivot]!
      row = row.map((value, column) => sub(value, mul(factor, base[column]!)))
    }
    const pivot = row.findIndex((value) => value.n !== 0n)
    if (pivot === -1) continue
    const scale = row[pivot]!
    row = row.map((value) => div(value, scale))
    for (const entry of basis) {
      if (entry.row[pivot]!.n === 0n) continue
      const factor = entry.row[pivot]!
      entry.row = entry.row.map((value, column) => sub(value, mul(factor, row[column]!)))
    }
    basis.push({ pivot, row })
  }
  // A vector v is in the row space exactly when v - Σ v[pivot] · row(pivot) is zero; that is linear in v.
  return Array.from({ length: width }, (_, unit) => {
    const residual = Array.from({ length: width }, (_, column) => fraction(column === unit ? 1n : 0n, 1n))
    for (const { pivot, row } of basis) {
      const factor = residual[pivot]!
      if (factor.n === 0n) continue
      for (let column = 0; column < width; column++) residual[column] = sub(residual[column]!, mul(factor, row[column]!))
    }
    return residual
  })
}

function sumOf(residuals: readonly Fraction[][], chosen: readonly number[]): Fraction[] {
  return residuals[0] === undefined ? [] : residuals[0].map((_, column) => chosen.reduce((total, index) => add(total, residuals[index]![column]!), ZERO))
}

function isZero(vector: readonly Fraction[]): boolean {
  return vector.every((value) => value.n === 0n)
}
