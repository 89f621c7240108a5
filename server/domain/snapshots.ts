/**
 * Figures of the same people taken at different times: the levels given in each closed assessment
 * round, the levels held at the end of each quarter, and the levels held now (which the gap reports
 * publish). Subtracting two of them leaves what the people whose contribution differs between them
 * said; when those are fewer than K, that is a small group's answers. So a snapshot's figure is shown
 * only when it describes 0 or at least K people and, against the levels held now and against every
 * other snapshot shown, the people whose contribution differs are 0 or at least K.
 *
 * A contribution is what a person adds to a figure, named by the ratings it counts (their ids), so
 * two snapshots that count the same rating of a person (an answer confirmed unchanged in a later round,
 * a quarter in which they did not rate) do not count them as differing.
 */

/** Per person, the ratings they contribute to one figure, as a key: equal keys, equal contributions. */
export type Contributions = ReadonlyMap<number, string>

/** The people whose contributions to two figures differ (a person in one and not the other differs). */
export function differingPeople(a: Contributions, b: Contributions): number {
  let differing = 0
  for (const [person, key] of a) if (b.get(person) !== key) differing++
  for (const person of b.keys()) if (!a.has(person)) differing++
  return differing
}

/**
 * Which snapshots can be shown beside `published` (figures shown elsewhere whatever is decided here:
 * the levels held now), considered in the order given (the nearest to now first, so that a recent
 * change withholds the older figure it would be subtracted from, not the newer).
 *
 * ```ts
 * const now = new Map([[1, 'a'], [2, 'b'], [3, 'c']])
 * shownSnapshots([now], [new Map([[1, 'a'], [2, 'b'], [3, 'x']])], 2) // [false]: only person 3 differs
 * ```
 */
export function shownSnapshots(published: readonly Contributions[], snapshots: readonly Contributions[], k: number): boolean[] {
  const small = (people: number) => people > 0 && people < k
  const shown: Contributions[] = [...published]
  return snapshots.map((snapshot) => {
    if (small(snapshot.size) || shown.some((other) => small(differingPeople(snapshot, other)))) return false
    shown.push(snapshot)
    return true
  })
}
