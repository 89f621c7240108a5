import { Ajv } from 'ajv'
import addFormats from 'ajv-formats'
import type { NodeKind, SourceRef } from './framework.js'
import { CASE_ITEM_TYPES, isChildOfIdentifier, ourItemTypeIdentifier, ourItemTypeIdentifiers } from './case-export.js'
import type { CaseAssociation, CaseItem, CasePackage } from './case-package.js'
import { v5 as uuidv5 } from 'uuid'
import { CASE_ID_NAMESPACE } from './case-identity.js'
import { keptIsChildOf, keptOfAssociation, keptOfDocument, keptOfItem, undefinedFields, withUuidLinks } from './case-kept.js'
import type { DataFileError } from './data-file.js'
import type { AssociationEnd, FrameworkAssociation, FrameworkFile, FrameworkFileNode } from './framework-file.js'
import { isWebUrl } from './framework-problems.js'
import { clip, cutAtWord, plainText } from './plain-text.js'
import { readScale } from './case-rubrics.js'
import { caseTree, type CaseNode } from './case-tree.js'
import { DEFAULT_RATEABLE, kindsUnder, type KindedNode, type RateableRule } from './case-rateable.js'
import { duplicateIdentifiers, educationalLevelRead, noValueFixes, nonWebUrls, normalise, repairStructure, valueFixWarnings, withCase11 } from './case-leniency.js'

/**
 * Makes the importer of 1EdTech CASE 1.0 packages into framework files, from the CASE JSON Schema.
 *
 * ```ts
 * const importCasePackage = createCaseImporter(caseSchemaJson)
 * const result = importCasePackage(JSON.parse(text), 'Ordering.json')
 * if (result.ok) result.framework.nodes[0]?.code // 'H.A.MATH.GM'
 * else result.errors // [{ file: 'Ordering.json', pointer: '/CFItems/0', message: "must have required property 'uri'" }]
 * ```
 *
 * How CASE maps onto our three levels:
 *
 * - Leniency first (case-leniency.ts), on a copy: the repairs OpenSALT makes to real packages (null
 *   and empty properties, date-times without a zone, numbers written as text, m/d/y dates, items
 *   without a fullStatement, association ends whose uri is an identifier, loosely spelled association
 *   types, identical copies of an object, broken unused definitions), each kind one warning. Then the
 *   CASE schema decides; what it refuses comes back as errors with JSON pointers, as do two different
 *   items under one identifier.
 * - The tree comes from isChildOf associations (origin = child, destination = parent item or the
 *   CFDocument); each item keeps its first parent. Siblings are ordered by sequenceNumber, then
 *   listEnumeration, then humanCodingScheme compared as numbers where numeric (L1.2 before L1.10),
 *   then file order, as OpenSALT shows them. Items without a parent (orphans, cycles) become top-level.
 * - The whole tree is kept, at any depth. Which items are rated is the admin's choice
 *   (case-rateable.ts): items at a depth (by default 2) or of some item types, and any leaf no such
 *   item holds; those are competencies, the items above them domains, those below them their
 *   indicators, nested as in the package. A package we exported is read by its item types, so each
 *   item is again what it was. A top-level competency joins one synthetic domain, code "GEN", titled
 *   after the document and placed where the first such item was.
 * - code = humanCodingScheme when it fits our code pattern and is not yet used, else the item's
 *   position path in the CASE tree ("1.2.3"), made unique. title = abbreviatedStatement where it fits,
 *   else fullStatement cut at a word at 300 characters (the full statement is then kept, and shown
 *   once); description = notes. source = { document title, item uri, note "CASE <identifier>" }.
 * - What the package says that a framework has no field for is kept (case-kept.ts) and written back
 *   by every export; fields CASE does not define are named in a warning.
 * - Scale and level descriptors: from the rubrics, per item (case-rubrics.ts): the scale is what the
 *   criteria share, each item keeps what its criterion says differently; the rubrics, criteria and
 *   levels themselves are kept (identifiers and fields) for the export, but for what our exports mint. Without a usable rubric:
 *   the default three-level scale, with a warning.
 * - Associations other than isChildOf, and isChildOf links that cannot join the tree, are kept beside
 *   the tree (an end in the package by its code, any other by its identifier), counted in the warnings.
 */
export function createCaseImporter(caseSchema: object): (data: unknown, file: string, options?: CaseImportOptions) => CaseImportResult {
  const ajv = new Ajv({ strict: false, allErrors: true })
  addFormats.default(ajv)
  const validate = ajv.compile<CasePackage>(withCase11(caseSchema))
  const isUri = ajv.compile<string>({ type: 'string', format: 'uri' })
  return (data, file, options = {}) => {
    const fixes = noValueFixes()
    const lenient = normalise(data, '', fixes)
    const repairs = repairStructure(lenient)
    const educationLevels = educationalLevelRead(lenient)
    if (!validate(lenient)) {
      const errors = (validate.errors ?? []).map((error) => {
        const allowed = error.keyword === 'enum' ? `: ${JSON.stringify(error.params['allowedValues'])}` : ''
        return { file, pointer: error.instancePath, message: `${error.message ?? 'is not valid'}${allowed}` }
      })
      return { ok: false, errors }
    }
    const duplicates = [...duplicateIdentifiers(lenient), ...nonWebUrls(lenient, '')].map((error) => ({ file, ...error }))
    if (duplicates.length > 0) return { ok: false, errors: duplicates }
    const warnings = [
      ...valueFixWarnings(fixes),
      ...repairs,
      educationLevels > 0 ? `${educationLevels} items' educationalLevel (not a CASE field) was read as educationLevel` : '',
    ].filter(Boolean)
    const notKept = undefinedFields(lenient.CFDocument, lenient.CFItems ?? [], lenient.CFAssociations ?? [])
    if (notKept.length > 0) warnings.push(`fields CASE does not define were not kept: ${notKept.join(', ')}`)
    return { ok: true, ...buildFramework(lenient, (text) => isUri(text), options, warnings), warnings }
  }
}

/** importCasePackage(data, file): what createCaseImporter returns. */
export type CaseImporter = ReturnType<typeof createCaseImporter>

export type CaseImportResult =
  | { ok: true; framework: FrameworkFile; crosswalks: CaseAssociation[]; warnings: string[]; rateable: RateableRule }
  | { ok: false; errors: DataFileError[] }

export interface CaseImportOptions {
  /** Which items are rated (case-rateable.ts); left out: items at depth 2, or, in a package we exported, what each item was. */
  readonly rateable?: RateableRule | undefined
}

export const GENERAL_DOMAIN_CODE = 'GEN'

const CODE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/
const LANGUAGE = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/
function buildFramework(pkg: CasePackage, isUri: (text: string) => boolean, options: CaseImportOptions, warnings: string[]): { framework: FrameworkFile; crosswalks: CaseAssociation[]; rateable: RateableRule } {
  const doc = pkg.CFDocument
  const docTitle = clip(doc.title.trim() || 'Untitled CASE framework', 300)
  const frameworkSlug = slug(doc.title) ?? slug(`case ${doc.identifier}`) ?? 'case-framework'
  const { roots, crosswalks, placedBy } = caseTree(pkg, warnings)
  const treeOrder = new Map<string, number>()
  const inOrder = (node: CaseNode): void => {
    treeOrder.set(node.item.identifier, treeOrder.size)
    node.children.forEach(inOrder)
  }
  roots.forEach(inOrder)
  const reminted = new Set<string>()
  const uuid = (identifier: string): string => {
    if (RFC_4122_UUID.test(identifier)) return identifier.toLowerCase()
    reminted.add(identifier)
    return mintedFor(frameworkSlug, identifier)
  }
  // What our own exports mint for rubrics and criteria is minted again on export: not the publisher's, not kept.
  const isOurs = (kind: 'rubric' | 'criterion', identifier: string, of: string) => identifier.toLowerCase() === uuidv5(`${kind}:${uuid(of === '' ? doc.identifier : of)}`, CASE_ID_NAMESPACE)
  const { scale, descriptors, rubrics, criteria } = readScale(pkg.CFRubrics ?? [], treeOrder, language(doc.language, []), warnings, isOurs)

  const ourTypes = ourItemTypeIdentifiers()
  const rateable = options.rateable ?? DEFAULT_RATEABLE
  const ownKinds = new Map((Object.keys(CASE_ITEM_TYPES) as NodeKind[]).map((kind) => [ourItemTypeIdentifier(kind), kind]))
  const ownKind = (item: CaseItem): NodeKind | undefined => (item.CFItemTypeURI === undefined ? undefined : ownKinds.get(item.CFItemTypeURI.identifier.toLowerCase()))
  const draftOf = (kinded: KindedNode): Draft => ({ kind: kinded.kind, node: kinded.node, children: kinded.children.map(draftOf) })
  const drafts: Draft[] = []
  let general: Draft | undefined
  const kinds = kindsUnder(roots, rateable, ownKind)
  for (const root of kinds.roots) {
    if (root.kind === 'domain') drafts.push(draftOf(root))
    else if (general) general.children.push(draftOf(root))
    else drafts.push((general = { kind: 'domain', children: [draftOf(root)] }))
  }
  if (general) warnings.push(`${general.children.length} top-level items are rated themselves: they became competencies of the domain "${GENERAL_DOMAIN_CODE}", named after the document`)
  if (kinds.picked === 0 && (pkg.CFItems ?? []).some((item) => ownKind(item) === undefined)) warnings.push('depth' in rateable ? `no item is at depth ${rateable.depth}: the items without children are rated` : `no item is of type ${rateable.itemTypes.join(', ')}: the items without children are rated`)

  const codes = assignCodes(drafts, warnings)
  const documentLanguage = language(doc.language, [])
  const keptOfNode = (item: CaseItem, draft: Draft, read: { code: string; title: string; description: string | undefined }) => {
    const kept = keptOfItem(item, { ...read, ourType: CASE_ITEM_TYPES[draft.kind], ourTypeIdentifiers: ourTypes, document: { language: documentLanguage, lastChangeDateTime: doc.lastChangeDateTime } })
    const placing = placedBy.get(item.identifier)
    const isChildOf = placing && keptIsChildOf(placing, uuid, isChildOfIdentifier(uuid(item.identifier), uuid(placing.destinationNodeURI.identifier)), doc.lastChangeDateTime)
    const given = criteria.get(item.identifier)
    const criterion = given && { ...given, identifier: uuid(given.identifier), rubric: uuid(given.rubric), levels: given.levels.map((level) => ({ ...level, identifier: uuid(level.identifier) })) }
    return withUuidLinks({ ...kept, ...(isChildOf ? { isChildOf } : {}), ...(criterion ? { criterion } : {}) }, uuid)
  }
  const toNode = (draft: Draft): FrameworkFileNode => {
    const item = draft.node?.item
    const { title, description } = item ? statement(item, warnings) : { title: docTitle, description: undefined }
    const code = codes.get(draft) ?? GENERAL_DOMAIN_CODE
    const kept = item ? keptOfNode(item, draft, { code, title, description }) : {}
    const note = item ? `CASE ${item.identifier}` : 'Groups the top-level CASE items that are rated themselves'
    const source: SourceRef = { title: clip(docTitle, 500), ...urlIf(item ? item.uri : doc.uri, isUri), note: clip(note, 1000) }
    const levelDescriptors = item ? descriptors.get(item.identifier) : undefined
    return {
      code,
      ...caseIdentifier(item?.identifier, frameworkSlug, warnings),
      kind: draft.kind,
      title,
      ...(description === undefined ? {} : { description }),
      source,
      ...(levelDescriptors ? { levelDescriptors } : {}),
      ...(Object.keys(kept).length > 0 ? { case: kept } : {}),
      ...(draft.kind === 'domain' || draft.children.length > 0 ? { children: draft.children.map(toNode) } : {}),
    }
  }

  const officialUrl = doc.officialSourceURL !== undefined && doc.officialSourceURL !== doc.uri ? doc.officialSourceURL : undefined
  const framework: FrameworkFile = {
    id: frameworkSlug,
    ...caseIdentifier(doc.identifier, frameworkSlug, warnings),
    version: clip(doc.version?.trim() || doc.lastChangeDateTime.slice(0, 10), 40),
    title: docTitle,
    publisher: clip(doc.creator.trim() || doc.publisher?.trim() || 'Unknown publisher', 300),
    ...(doc.description?.trim() ? { description: clip(doc.description, 5000) } : {}),
    // The publisher's own text, whatever its adoption status (kept, and shown, when not "Adopted"):
    // "provisional" is for frameworks we modelled from public sources.
    status: 'official',
    languages: [language(doc.language, warnings)],
    sources: [
      { title: clip(docTitle, 500), ...urlIf(doc.uri, isUri), note: clip(`CASE CFDocument ${doc.identifier}`, 1000) },
      ...(officialUrl !== undefined && isUri(officialUrl) ? [{ title: clip(`${docTitle} (official source)`, 500), url: officialUrl }] : []),
    ],
    scale,
    nodes: drafts.map(toNode),
  }
  const keptDocument = withUuidLinks(keptOfDocument(doc, pkg.CFDefinitions, pkg.extensions, {
    title: framework.title,
    version: framework.version,
    description: framework.description,
    publisher: framework.publisher,
    adoptionStatus: 'Adopted',
    ourTypeIdentifiers: ourTypes,
  }), uuid)
  if (rubrics.length > 0) keptDocument.rubrics = rubrics.map((rubric) => ({ ...rubric, identifier: uuid(rubric.identifier) }))
  const associations = keptAssociations(crosswalks, new Map(preorder(drafts).flatMap((draft) => (draft.node ? [[draft.node.item.identifier, codes.get(draft)!] as const] : []))), isUri, { slug: frameworkSlug, identifier: doc.identifier, change: doc.lastChangeDateTime }, uuid, warnings)
  if (reminted.size > 0) warnings.push(`${reminted.size} identifiers of definitions and links are not RFC 4122 UUIDs as CASE asks: our exports give them new ones (the same at every import): ${[...reminted].slice(0, 5).join(', ')}${reminted.size > 5 ? ', …' : ''}`)
  return {
    framework: { ...framework, ...(associations.length > 0 ? { associations } : {}), ...(Object.keys(keptDocument).length > 0 ? { case: keptDocument } : {}) },
    crosswalks,
    rateable,
  }
}

/**
 * The associations besides the tree, as the framework keeps them: an end that is an item of the
 * package by its code, any other (this document, an item elsewhere) by its identifier, uri and title.
 */
function keptAssociations(associations: readonly CaseAssociation[], codeOf: ReadonlyMap<string, string>, isUri: (text: string) => boolean, document: { slug: string; identifier: string; change: string }, uuid: (identifier: string) => string, warnings: string[]): FrameworkAssociation[] {
  const end = (link: CaseAssociation['originNodeURI']): AssociationEnd => {
    const code = codeOf.get(link.identifier)
    if (code !== undefined) return { code }
    // The document is ours once loaded: its title and uri are what our exports say of it then.
    if (link.identifier === document.identifier) return { identifier: uuid(link.identifier) }
    return { identifier: uuid(link.identifier), ...(isUri(link.uri) && isWebUrl(link.uri) && link.uri.length <= 2000 ? { uri: link.uri } : {}), ...(link.title ? { title: clip(link.title, 1000) } : {}) }
  }
  return associations.map((association) => {
    const kept = withUuidLinks(keptOfAssociation(association, document.change), uuid)
    return {
      ...caseIdentifier(association.identifier, document.slug, warnings),
      type: association.associationType,
      origin: end(association.originNodeURI),
      destination: end(association.destinationNodeURI),
      ...(association.sequenceNumber === undefined ? {} : { sequenceNumber: association.sequenceNumber }),
      ...(association.notes?.trim() ? { notes: clip(association.notes, 5000) } : {}),
      ...(Object.keys(kept).length > 0 ? { case: kept } : {}),
    }
  })
}

/** Codes from humanCodingScheme where they fit and are free (first come, first served), else from the path. */
function assignCodes(drafts: Draft[], warnings: string[]): Map<Draft, string> {
  const codes = new Map<Draft, string>()
  const taken = new Set<string>()
  const all = preorder(drafts)
  for (const draft of all) {
    const wanted = draft.node?.item.humanCodingScheme
    if (wanted !== undefined && CODE.test(wanted) && !taken.has(wanted)) {
      codes.set(draft, wanted)
      taken.add(wanted)
    }
  }
  for (const draft of all.filter((entry) => !codes.has(entry))) {
    const stem = draft.node?.path ?? GENERAL_DOMAIN_CODE
    let code = stem
    for (let n = 2; taken.has(code); n++) code = `${stem}-${n}`
    codes.set(draft, code)
    taken.add(code)
    const wanted = draft.node?.item.humanCodingScheme
    if (wanted) warnings.push(`item ${draft.node?.item.identifier}: humanCodingScheme "${wanted}" ${CODE.test(wanted) ? 'is already used' : 'does not fit our code pattern'}; code "${code}" used`)
  }
  return codes
}

/**
 * The title: the abbreviated statement where there is one that fits, else the full statement, cut at
 * a word when longer than 300 characters, as plain text (without its markdown or HTML); the full
 * statement is kept as written wherever the title is not it, and shown once, rendered. The
 * description: the notes.
 */
function statement(item: CaseItem, warnings: string[]): { title: string; description: string | undefined } {
  const full = plainText(item.fullStatement) || plainText(item.abbreviatedStatement ?? '') || item.humanCodingScheme?.trim() || 'Untitled item'
  const short = plainText(item.abbreviatedStatement ?? '')
  const description = item.notes?.trim() ? clip(item.notes, 5000) : undefined
  if (short && Array.from(short).length <= 300) return { title: short, description }
  if (Array.from(full).length <= 300) return { title: full, description }
  warnings.push(`item ${item.identifier}: fullStatement longer than 300 characters: the title is cut at a word, the full statement is kept and shown with it`)
  return { title: cutAtWord(full, 300), description }
}

function language(tag: string | undefined, warnings: string[]): string {
  const lowered = tag?.trim().replace(/^[A-Za-z]+/, (primary) => primary.toLowerCase())
  if (lowered === undefined || lowered === '') return 'en'
  if (LANGUAGE.test(lowered)) return lowered
  warnings.push(`language "${tag}" is not a language tag we read: "en" used`)
  return 'en'
}

/** A slug of 2..63 characters [a-z0-9-], or undefined when too little of the text is left. */
function slug(text: string): string | undefined {
  const result = text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+/, '').slice(0, 63).replace(/-+$/, '')
  return result.length >= 2 ? result : undefined
}

function urlIf(value: string, isUri: (value: string) => boolean): { url?: string } {
  return isUri(value) ? { url: value } : {}
}

function preorder(drafts: Draft[]): Draft[] {
  return drafts.flatMap((draft) => [draft, ...preorder(draft.children)])
}

/** A node of the framework being built: its kind and the CASE node it comes from (none for GEN). */
interface Draft {
  kind: NodeKind
  node?: CaseNode
  children: Draft[]
}

/** An RFC 4122 UUID (version 1 to 5, its variant): what 1EdTech's CASE schemas take as an identifier. */
const RFC_4122_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i

/**
 * The CASE identifier to keep (lower case, as PostgreSQL writes a uuid). One that 1EdTech's schemas
 * would refuse is not kept: a UUID is minted from it (the same at every import, and the same wherever
 * the package links to it), the original stays in the source note, and a warning says so.
 */
function caseIdentifier(identifier: string | undefined, frameworkSlug: string, warnings: string[]): { identifier?: string } {
  if (identifier === undefined) return {}
  if (RFC_4122_UUID.test(identifier)) return { identifier: identifier.toLowerCase() }
  warnings.push(`identifier ${identifier} is not an RFC 4122 UUID as CASE asks: our exports give it a new one (the original is kept in the source note)`)
  return { identifier: mintedFor(frameworkSlug, identifier) }
}

/**
 * The UUID our exports give an identifier that is not an RFC 4122 UUID, within the framework (by its
 * slug): such identifiers are often placeholders that several documents share ("d0000000-0000-...").
 */
export function mintedFor(frameworkSlug: string, identifier: string): string {
  return uuidv5(`case-identifier:${frameworkSlug}:${identifier}`, CASE_ID_NAMESPACE)
}
