import { v5 as uuidv5 } from 'uuid'
import type { AssociationEnd, FrameworkFile, FrameworkFileNode } from './framework-file.js'

/**
 * CASE identity: every framework and node has a CASE identifier (a UUID) that stays the same across
 * the framework's versions while it is the same thing. A CASE package brings its own; a file of ours
 * may carry them (our exports do); what is left out is minted here, the same way every time, so the
 * shipped frameworks have the same identifiers on every installation.
 */

/** Namespace of every UUID v5 we mint for CASE; never change it, or identifiers change with it. */
export const CASE_ID_NAMESPACE = '9c559a91-a0f1-4bd2-8d78-41c720e58f4d'

/** The identifier minted for a framework (its slug is the same across versions). */
export function mintedFrameworkIdentifier(slug: string): string {
  return uuidv5(`framework:${slug}`, CASE_ID_NAMESPACE)
}

/** The identifier minted for a node of a framework, by its code. */
export function mintedNodeIdentifier(slug: string, code: string): string {
  return uuidv5(`item:${slug}:${code}`, CASE_ID_NAMESPACE)
}

/**
 * The file with every identifier it leaves out filled in: the framework's minted from its slug; a
 * node's from `inherited` (by code: the identifier of the item it continues, in a new version), else
 * minted from its code; where that one is taken in the file (an item renamed to free its old code for
 * another), from its code and the version.
 *
 * ```ts
 * withCaseIdentifiers(file).nodes[0].identifier // '3f0c…' (the same for this slug and code everywhere)
 * ```
 */
export function withCaseIdentifiers(file: FrameworkFile, inherited: ReadonlyMap<string, string> = new Map()): FrameworkFile {
  const taken = new Set<string>()
  const given = (nodes: readonly FrameworkFileNode[]): void => {
    for (const node of nodes) {
      const identifier = node.identifier ?? inherited.get(node.code)
      if (identifier !== undefined) taken.add(identifier.toLowerCase())
      given(node.children ?? [])
    }
  }
  given(file.nodes)
  const fill = (node: FrameworkFileNode): FrameworkFileNode => {
    let identifier = node.identifier ?? inherited.get(node.code)
    if (identifier === undefined) {
      identifier = mintedNodeIdentifier(file.id, node.code)
      if (taken.has(identifier)) identifier = uuidv5(`item:${file.id}:${node.code}:${file.version}`, CASE_ID_NAMESPACE)
      taken.add(identifier)
    }
    return { ...node, identifier, ...(node.children === undefined ? {} : { children: node.children.map(fill) }) }
  }
  const nodes = file.nodes.map(fill)
  for (const association of file.associations ?? []) if (association.identifier !== undefined) taken.add(association.identifier.toLowerCase())
  const associations = file.associations?.map((association, index) => {
    if (association.identifier !== undefined) return association
    let identifier = uuidv5(`association:${file.id}:${association.type}:${endKey(association.origin)}:${endKey(association.destination)}`, CASE_ID_NAMESPACE)
    if (taken.has(identifier)) identifier = uuidv5(`association:${file.id}:${file.version}:${index}`, CASE_ID_NAMESPACE)
    taken.add(identifier)
    return { ...association, identifier }
  })
  return { ...file, identifier: file.identifier ?? mintedFrameworkIdentifier(file.id), nodes, ...(associations === undefined ? {} : { associations }) }
}

/** An association's end as text, for minting: "code:<code>" or "id:<identifier>". */
function endKey(end: AssociationEnd): string {
  return 'code' in end ? `code:${end.code}` : `id:${end.identifier.toLowerCase()}`
}

/** The file without CASE identifiers: to compare one that gives none with a loaded version. */
export function withoutCaseIdentifiers(file: FrameworkFile): FrameworkFile {
  const strip = ({ identifier: _, children, ...node }: FrameworkFileNode): FrameworkFileNode => ({ ...node, ...(children === undefined ? {} : { children: children.map(strip) }) })
  const { identifier: _, associations, ...rest } = file
  return { ...rest, nodes: file.nodes.map(strip), ...(associations === undefined ? {} : { associations: associations.map(({ identifier: __, ...association }) => association) }) }
}
