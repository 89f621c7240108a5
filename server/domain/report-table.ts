import { withheldFigures, type Figure } from './disclosure.js'

/**
 * The protected table behind every HR report of an institution: its people split by department (or
 * none) × role profile (or none). Every filter combination the reports offer describes one group of
 * that table: the institution (no filter), a department, a role profile, or a department's role
 * profile. Suppression is decided once for all of them, so no filtered figure can be subtracted from
 * another to reveal a small group.
 */

/** One cell of the table: the people of a department (null: none) with a role profile (null: none). */
export interface TableAtom {
  readonly departmentId: number | null
  readonly roleProfileId: number | null
}

/** A group a report can publish: what its filters select. */
export interface TableGroup {
  readonly key: string
  readonly departmentId?: number
  readonly roleProfileId?: number
}

export const INSTITUTION = 'T'

export function atomKey(atom: TableAtom): string {
  return `${atom.departmentId ?? '-'}|${atom.roleProfileId ?? '-'}`
}

/** The key of the group selected by a department and/or role-profile filter. */
export function groupKey(filter: { departmentId?: number | undefined; roleProfileId?: number | undefined }): string {
  if (filter.departmentId !== undefined && filter.roleProfileId !== undefined) return `X:${filter.departmentId}:${filter.roleProfileId}`
  if (filter.departmentId !== undefined) return `D:${filter.departmentId}`
  if (filter.roleProfileId !== undefined) return `R:${filter.roleProfileId}`
  return INSTITUTION
}

/**
 * Every group the reports can publish for these atoms, as figures over them: the institution, each
 * department, each role profile and each department's role profile (people without a department or
 * a role profile are in the institution's total only, and in their department's or profile's).
 */
export function tableFigures(atoms: readonly TableAtom[]): Figure[] {
  const members = new Map<string, string[]>()
  const add = (key: string, atom: string) => members.set(key, [...(members.get(key) ?? []), atom])
  for (const atom of atoms) {
    const key = atomKey(atom)
    add(INSTITUTION, key)
    if (atom.departmentId !== null) add(groupKey({ departmentId: atom.departmentId }), key)
    if (atom.roleProfileId !== null) add(groupKey({ roleProfileId: atom.roleProfileId }), key)
    if (atom.departmentId !== null && atom.roleProfileId !== null) add(groupKey({ departmentId: atom.departmentId, roleProfileId: atom.roleProfileId }), key)
  }
  // What HR read first is kept longest: the institution, then departments, role profiles, and their cells.
  const rank = (key: string) => (key === INSTITUTION ? 3 : key.startsWith('D:') ? 2 : key.startsWith('R:') ? 1 : 0)
  return [...members].map(([key, keys]) => ({ key, weights: new Map(keys.map((atom) => [atom, 1])), rank: rank(key) }))
}

/**
 * The groups to withhold so that, across every filter combination, no group of 1 to k-1 people (as
 * `size` counts them: people, raters, people with a target) can be read or worked out.
 *
 * ```ts
 * const atoms = [{ departmentId: 1, roleProfileId: 1, size: 8 }, { departmentId: 1, roleProfileId: 2, size: 2 }]
 * withheldGroups(atoms, 5) // Set { 'R:2', 'X:1:2', 'X:1:1', 'R:1' }: teachers 8 of a department of 10 would give away 2
 * ```
 */
export function withheldGroups(atoms: readonly (TableAtom & { readonly size: number })[], k: number, alreadyWithheld: Iterable<string> = []): Set<string> {
  const sizes = new Map(atoms.map((atom) => [atomKey(atom), atom.size]))
  return withheldFigures(sizes, tableFigures(atoms), k, alreadyWithheld)
}
