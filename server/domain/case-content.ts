import type { FrameworkFile, FrameworkFileNode } from './framework-file.js'
import { keptIn10, withoutLinkUris } from './case-kept.js'
import { isCase11Only } from './case-package.js'

/**
 * What a CASE package can say of a framework, to tell whether a package brings anything new: the
 * document's fields, the scale, each node's code, identifier, kind, title, description and level
 * descriptors, what was kept of the package (domain/case-kept.ts), and the associations (those of
 * CASE 1.1's types, and what only CASE 1.1 can say, only when `with11` says the package could hold them). Left out: what CASE has no field for (slug, translations, languages after the
 * first, a scale's language, staff groups, appliesTo, importance, what is assessed) and the sources, which name where the
 * package came from.
 */
export function caseContent(file: FrameworkFile, with11: boolean): unknown {
  const untranslated = <T extends { translations?: unknown }>({ translations: _, ...rest }: T): Omit<T, 'translations'> => rest
  const kept = <T extends object>(given: T | undefined): T | Record<string, never> => (given === undefined ? {} : withoutLinkUris(with11 ? given : keptIn10(given as never)))
  const node = (each: FrameworkFileNode): unknown => ({
    code: each.code,
    identifier: each.identifier?.toLowerCase(),
    kind: each.kind,
    title: each.title,
    description: each.description ?? '',
    levelDescriptors: Object.fromEntries(Object.entries(each.levelDescriptors ?? {}).map(([level, descriptor]) => [level, untranslated(descriptor)])),
    case: kept(each.case),
    children: (each.children ?? []).map(node),
  })
  return {
    identifier: file.identifier?.toLowerCase(),
    title: file.title,
    version: file.version,
    description: file.description ?? '',
    publisher: file.publisher,
    status: file.status,
    language: file.languages[0],
    // CASE has no field for a scale's language: a package of a loaded framework keeps the loaded one's (packageAsVersionOf).
    scale: { ...(({ language: _, ...rest }) => rest)(untranslated(file.scale)), levels: file.scale.levels.map(untranslated) },
    nodes: file.nodes.map(node),
    associations: (file.associations ?? [])
      .filter((association) => with11 || !isCase11Only(association.type))
      .map(({ identifier, case: associationKept, notes, ...rest }) => ({ identifier: identifier?.toLowerCase(), ...rest, ...(with11 ? { notes } : {}), case: kept(associationKept) })),
    // The official source as an export says it: the one the package gave, else the framework's first.
    officialSourceURL: file.case?.officialSourceURL ?? file.sources.find((source) => source.url !== undefined)?.url,
    case: kept(file.case === undefined ? undefined : (({ officialSourceURL: _, ...rest }) => rest)(file.case)),
  }
}
