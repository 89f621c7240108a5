import type { AssociationEnd, FrameworkAssociation } from './framework-file.js'

/** An association of an item, seen from it: the type, whether the item is its origin, and the other end. */
export interface AssociationLink {
  readonly type: string
  /** The item is the association's origin ("this exactMatchOf that"); else its destination. */
  readonly outgoing: boolean
  readonly other: AssociationEnd
  readonly notes?: string
}

/**
 * The associations beside the tree that an item of the framework (by code) is an end of, in the
 * framework's order: what its page shows.
 *
 * ```ts
 * linksOf([{ type: 'exactMatchOf', origin: { code: 'A.1' }, destination: { identifier: 'x…', title: 'Elsewhere' } }], 'A.1')
 * // [{ type: 'exactMatchOf', outgoing: true, other: { identifier: 'x…', title: 'Elsewhere' } }]
 * ```
 */
export function linksOf(associations: readonly FrameworkAssociation[], code: string): AssociationLink[] {
  const is = (end: AssociationEnd) => 'code' in end && end.code === code
  return associations.flatMap((association): AssociationLink[] => {
    const notes = association.notes === undefined ? {} : { notes: association.notes }
    if (is(association.origin)) return [{ type: association.type, outgoing: true, other: association.destination, ...notes }]
    if (is(association.destination)) return [{ type: association.type, outgoing: false, other: association.origin, ...notes }]
    return []
  })
}
