/** Importing a framework version from a CASE 1.0 package or a framework file of ours. */
import { isCase11Only } from '../../domain/case-package.js'
import { caseContent } from '../../domain/case-content.js'
import { codeMapByIdentifier } from '../../domain/code-map.js'
import { withCaseIdentifiers } from '../../domain/case-identity.js'
import type { FrameworkFile } from '../../domain/framework-file.js'
import type { RateableRule } from '../../domain/case-rateable.js'
import { canonicalFramework, comparableTo, frameworkFileOf, stableDigest, stableJson } from '../../domain/framework-rebuild.js'
import { appendAudit } from '../audit.js'
import { loadOne, type CaseSource, type Framework } from '../frameworks.js'
import type { CarryCounts } from './carry.js'
import type { Actor, ExchangeContext } from './context.js'
import { FrameworkRejected, refuseBrokenText, refuseTooHeavyToExchange, rethrowDuplicate, VersionConflict } from './refusals.js'
import { loadVersion } from './versions.js'
import { frameworkProblem } from '../../domain/framework-problems.js'

export type ImportFormat = 'case' | 'framework'

export interface ImportOutcome {
  /** loaded: a new framework; new-version: a new version of a loaded one (the same CASE document); unchanged: nothing new. */
  readonly status: 'loaded' | 'new-version' | 'unchanged'
  readonly id: number
  readonly slug: string
  readonly version: string
  readonly format: ImportFormat
  readonly warnings: readonly string[]
  /** For a new version: the version it follows, and what moved to it. */
  readonly from?: { readonly id: number; readonly version: string }
  readonly counts?: CarryCounts
  readonly institutions?: readonly number[]
}

/** The exchange service's import (see createFrameworkExchangeService). */
export function frameworkImport(context: ExchangeContext) {
  const { db, frameworks, checkFramework, importCase, requireFramework } = context

  /** Our format or CASE, checked: the framework file, what the conversion had to say, and for CASE which items it rates. */
  function parse(data: unknown, name: string, rateable?: RateableRule): Parsed {
    refuseBrokenText(data, name, '')
    const isObject = typeof data === 'object' && data !== null && !Array.isArray(data)
    if (isObject && 'CFDocument' in data) {
      const result = importCase(data, name, { rateable })
      if (!result.ok) throw new FrameworkRejected(result.errors)
      const checked = checkFramework(result.framework, name)
      if (!checked.ok) throw new FrameworkRejected(checked.errors)
      return { file: checked.value, format: 'case', warnings: result.warnings, rateable: result.rateable }
    }
    if (isObject && 'nodes' in data) {
      const checked = checkFramework(data, name)
      if (!checked.ok) throw new FrameworkRejected(checked.errors)
      return { file: checked.value, format: 'framework', warnings: [] }
    }
    throw new FrameworkRejected([{ file: name, ...frameworkProblem('', 'neitherFormat', {}) }])
  }

  /** 'unchanged' when the same slug and version is loaded with the same content; 409 when with other content. */
  async function sameAsLoaded(file: FrameworkFile): Promise<number | undefined> {
    const id = await frameworks.idOf(file.id, file.version)
    if (id === undefined) return undefined
    const loaded = await requireFramework(id)
    if (canonicalFramework(comparableTo(file, frameworkFileOf(loaded.row, loaded.tree.roots))) === canonicalFramework(file)) return id
    throw new VersionConflict('differentContent', file.id, file.version)
  }

  /** The newest loaded version of the CASE document the file names, if any. */
  async function newestOfDocument(identifier: string): Promise<Framework | undefined> {
    const row = await db.selectFrom('frameworks').select('id').where('case_identifier', '=', identifier.toLowerCase()).orderBy('loaded_at', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirst()
    return row === undefined ? undefined : requireFramework(row.id)
  }

  /**
   * A version string for the new version not yet taken by the framework: the package's, else the
   * package's with a number after it (CASE publishers change a document without changing its version).
   */
  async function freeVersion(slug: string, version: string): Promise<string> {
    for (let attempt = 1; ; attempt++) {
      const candidate = attempt === 1 ? version : `${version.slice(0, 40 - String(attempt).length - 1)}-${attempt}`
      if ((await frameworks.idOf(slug, candidate)) === undefined) return candidate
    }
  }

  /**
   * A file of a CASE document already loaded is that framework: unchanged when it says nothing new
   * (for a CASE package, nothing CASE can say: caseContent), else its next version, every rating
   * carried to the item with the same identifier (codeMapByIdentifier). What CASE has no field for
   * (what is assessed, its staff groups) stays as the loaded version had it.
   */
  async function asVersionOf(actor: Actor, loaded: Framework, parsed: Parsed, source: CaseSource): Promise<ImportOutcome> {
    const { format, warnings } = parsed
    const loadedFile = frameworkFileOf(loaded.row, loaded.tree.roots)
    const file: FrameworkFile = format === 'case' ? packageAsVersionOf(parsed.file, loaded, loadedFile) : { ...parsed.file, id: loaded.row.slug }
    const with11 = (file.associations ?? []).some((association) => isCase11Only(association.type))
    const same =
      format === 'case'
        ? file.version === loadedFile.version && stableDigest(caseContent(file, with11)) === stableDigest(caseContent({ ...loadedFile, version: file.version }, with11))
        : canonicalFramework(comparableTo(file, loadedFile)) === canonicalFramework(file)
    const base = { slug: loaded.row.slug, format, warnings }
    if (same) {
      await subscribe(loaded.row.id, source)
      return { ...base, status: 'unchanged', id: loaded.row.id, version: loaded.row.version }
    }
    // Our own format states its version: other content under a loaded one is a conflict, as it always was.
    if (format === 'framework' && (await frameworks.idOf(loaded.row.slug, file.version)) !== undefined) throw new VersionConflict('differentContent', loaded.row.slug, file.version)
    const version = await freeVersion(loaded.row.slug, file.version)
    if (version !== file.version) warnings.push(`version "${file.version}" of ${loaded.row.slug} is loaded with other content: loaded as version "${version}"`)
    const nodes = [...loaded.tree.byId.values()]
    const next = { ...file, version }
    const map = codeMapByIdentifier(nodes, flatten(next.nodes))
    const outcome = await loadVersion(context, actor, loaded, next, map, source)
    return { ...base, status: 'new-version', id: outcome.id, version, from: { id: loaded.row.id, version: loaded.row.version }, counts: outcome.counts, institutions: outcome.institutions }
  }

  /** A version loaded before, now fetched from an address: it remembers the address (the first one), for re-syncs. */
  async function subscribe(id: number, source: CaseSource): Promise<void> {
    if (source.url === undefined) return
    await db.updateTable('frameworks').set({ case_source_url: source.url, case_last_change: source.lastChange ?? null }).where('id', '=', id).where('case_source_url', 'is', null).execute()
  }

  return {
    /** Reads a CASE package or a framework file of ours and checks it, loading nothing: 422 (FrameworkRejected) with every problem. */
    parse,

    /**
     * Imports a CASE package or a framework file of ours (told apart by their shape): a file of a
     * CASE document already loaded is a version of that framework (unchanged, or its next version);
     * another is a new framework: 422 (FrameworkRejected) with every problem, 409 when its slug and
     * version is loaded with other content, 'unchanged' when with the same. Audited.
     */
    async import(actor: Actor, data: unknown, name = 'upload', options: { sourceUrl?: string; rateable?: RateableRule | undefined } = {}): Promise<ImportOutcome> {
      let parsed = parse(data, name, options.rateable)
      const document = parsed.file.identifier === undefined ? undefined : await newestOfDocument(parsed.file.identifier)
      // A new version of a loaded document is read as the admin chose for it, unless they choose again.
      const chosen = options.rateable === undefined ? document?.row.case_rateable ?? undefined : undefined
      if (chosen !== undefined && parsed.format === 'case' && stableJson(chosen) !== stableJson(parsed.rateable)) parsed = parse(data, name, chosen)
      const { file, format, warnings } = parsed
      refuseTooHeavyToExchange(file, name, '')
      const source = caseSource(data, format, options.sourceUrl, parsed.rateable)
      if (document !== undefined) return asVersionOf(actor, document, parsed, source)
      const existing = await sameAsLoaded(file)
      if (existing !== undefined) {
        await subscribe(existing, source)
        return { status: 'unchanged', id: existing, slug: file.id, version: file.version, format, warnings }
      }
      const id = await db
        .transaction()
        .execute(async (trx) => {
          const outcome = await loadOne(trx, file, { source })
          await appendAudit(trx, { institutionId: null, actorId: actor.id, action: 'framework.import', entity: 'framework', entityId: outcome.frameworkId, data: { slug: file.id, version: file.version, format, warnings: warnings.length } })
          return outcome.frameworkId
        })
        .catch(rethrowDuplicate(file))
      return { status: 'loaded', id, slug: file.id, version: file.version, format, warnings }
    },
  }
}

/**
 * A CASE package's framework read as a version of the loaded framework of its document: what CASE
 * has no field for stays as the loaded version has it (its slug, what is assessed, its staff groups,
 * whether we modelled it, its scale's language), and a node the package has no item for (the domain GEN that gathers
 * childless top-level items) is the loaded one of its code. An adoption status the package states is
 * kept only where it is not what our export writes for the loaded framework (a framework we modelled
 * is exported as "Draft").
 */
export function packageAsVersionOf(file: FrameworkFile, loaded: Framework, loadedFile = frameworkFileOf(loaded.row, loaded.tree.roots)): FrameworkFile {
  const identified = withCaseIdentifiers(file, new Map([...loaded.tree.byId.values()].flatMap((node) => (node.identifier === undefined ? [] : [[node.code, node.identifier] as const]))))
  const exported = loadedFile.status === 'official' ? 'Adopted' : 'Draft'
  const { adoptionStatus, ...kept } = identified.case ?? {}
  const documentKept = adoptionStatus === undefined || adoptionStatus === exported ? kept : { ...kept, adoptionStatus }
  const { case: _, ...rest } = identified
  return {
    ...rest,
    id: loaded.row.slug,
    status: loadedFile.status,
    scale: { ...(({ language: _, ...scale }) => scale)(rest.scale), ...(loadedFile.scale.language === undefined ? {} : { language: loadedFile.scale.language }) },
    ...(loadedFile.subject === undefined ? {} : { subject: loadedFile.subject }),
    ...(loadedFile.staffGroups === undefined ? {} : { staffGroups: loadedFile.staffGroups }),
    ...(Object.keys(documentKept).length > 0 ? { case: documentKept } : {}),
  }
}

function flatten(nodes: FrameworkFile['nodes']): FrameworkFile['nodes'] {
  return nodes.flatMap((node) => [node, ...flatten(node.children ?? [])])
}

/** Where a package came from: the address it was fetched from, its CFDocument's lastChangeDateTime (read as UTC without a zone, as the importer does), and which items it rates. */
function caseSource(data: unknown, format: ImportFormat, url: string | undefined, rateable: RateableRule | undefined): CaseSource {
  const stamp = format === 'case' ? (data as { CFDocument?: { lastChangeDateTime?: unknown } }).CFDocument?.lastChangeDateTime : undefined
  const lastChange = typeof stamp === 'string' ? (/([Zz]|[+-]\d{2}:\d{2})$/.test(stamp) ? stamp : `${stamp}Z`) : undefined
  return { ...(url === undefined ? {} : { url }), ...(lastChange === undefined ? {} : { lastChange }), ...(rateable === undefined ? {} : { rateable }) }
}

/** A file read and checked (see parse). */
interface Parsed {
  readonly file: FrameworkFile
  readonly format: ImportFormat
  readonly warnings: string[]
  readonly rateable?: RateableRule
}
