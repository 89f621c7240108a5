/** A CASE consumer: frameworks imported from a CASE server's address, and re-syncs from it. */
import { createHash } from 'node:crypto'
import { caseContent } from '../../domain/case-content.js'
import { codeMapByIdentifier } from '../../domain/code-map.js'
import { frameworkChanges, type FrameworkChanges } from '../../domain/framework-changes.js'
import type { RateableRule } from '../../domain/case-rateable.js'
import type { FrameworkFile, FrameworkFileNode } from '../../domain/framework-file.js'
import { frameworkProblem } from '../../domain/framework-problems.js'
import { frameworkFileOf, stableDigest } from '../../domain/framework-rebuild.js'
import { ConflictError } from '../errors.js'
import type { Framework } from '../frameworks.js'
import type { Actor, ExchangeContext } from './context.js'
import { fetchCasePackage } from './fetch-package.js'
import { packageAsVersionOf, type frameworkImport, type ImportOutcome } from './import.js'
import { FrameworkRejected } from './refusals.js'

/** What a re-sync would do, shown before it is done. */
export interface ResyncPreview {
  readonly url: string
  /** The newest loaded version, which the fetched package is compared with. */
  readonly loaded: { readonly id: number; readonly slug: string; readonly version: string; readonly lastChange: string | null }
  readonly fetched: { readonly version: string; readonly lastChange: string | null }
  /** The publisher changed the document since it was loaded (a later lastChangeDateTime), or its content differs. */
  readonly newer: boolean
  readonly changes: FrameworkChanges
  /** Current ratings of the loaded version that would be carried to the same item, and those of items the package retires. */
  readonly ratings: { readonly carried: number; readonly retired: number }
  /** What was fetched, to load exactly that: resync() refuses when the server has changed it since. */
  readonly digest: string
}

/** The exchange service's CASE consumer (see createFrameworkExchangeService); it imports through `imports`. */
export function frameworkSubscriptions(context: ExchangeContext, imports: ReturnType<typeof frameworkImport>) {
  const { db, requireFramework } = context

  /** The newest version of the framework `id` is a version of, and the address it (or an earlier version) was fetched from. */
  async function subscription(id: number): Promise<{ newest: Framework; url: string }> {
    const { row } = await requireFramework(id)
    const versions = await db.selectFrom('frameworks').select(['id', 'case_source_url']).where('slug', '=', row.slug).orderBy('loaded_at', 'desc').orderBy('id', 'desc').execute()
    const url = versions.find((version) => version.case_source_url !== null)?.case_source_url
    if (url == null) throw new FrameworkRejected([{ file: row.slug, ...frameworkProblem('', 'caseNotSubscribed', { slug: row.slug }) }])
    return { newest: await requireFramework(versions[0]!.id), url }
  }

  /** Fetches the subscription's package and reads it; refused when it is now another CASE document. */
  async function fetched(newest: Framework, url: string): Promise<{ data: unknown; file: FrameworkFile; digest: string }> {
    const data = await fetchCasePackage(url)
    const parsed = imports.parse(data, url, newest.row.case_rateable ?? undefined).file
    if (parsed.identifier?.toLowerCase() !== newest.row.case_identifier.toLowerCase()) {
      throw new FrameworkRejected([{ file: url, ...frameworkProblem('', 'caseOtherDocument', { url, slug: newest.row.slug }) }])
    }
    const file = packageAsVersionOf(parsed, newest)
    const digest = createHash('sha256').update(stableDigest(caseContent(file, true))).update(`\n${file.version}`).digest('hex')
    return { data, file, digest }
  }

  return {
    /** The CASE server address the framework (any of its versions) is kept up to date from, if any. */
    async subscriptionOf(id: number): Promise<string | undefined> {
      try {
        return (await subscription(id)).url
      } catch (error) {
        if (error instanceof FrameworkRejected) return undefined
        throw error
      }
    },

    /** Imports the CASE package at a CASE server's address (CFPackages/{id}), remembering the address for re-syncs. */
    async importFromUrl(actor: Actor, url: string, rateable?: RateableRule): Promise<ImportOutcome> {
      const data = await fetchCasePackage(url)
      return imports.import(actor, data, url, { sourceUrl: url, rateable })
    },

    /** Fetches the framework's CASE package again and says what loading it would change; loads nothing. */
    async resyncPreview(id: number): Promise<ResyncPreview> {
      const { newest, url } = await subscription(id)
      const { data, file, digest } = await fetched(newest, url)
      const loadedFile = frameworkFileOf(newest.row, newest.tree.roots)
      const changes = frameworkChanges(loadedFile, file)
      const map = codeMapByIdentifier([...newest.tree.byId.values()], flatten(file.nodes))
      const rated = await db
        .selectFrom('current_ratings')
        .innerJoin('competencies', 'competencies.id', 'current_ratings.competency_id')
        .select(['competencies.code', (eb) => eb.fn.countAll<string>().as('n')])
        .where('competencies.framework_id', '=', newest.row.id)
        .groupBy('competencies.code')
        .execute()
      const ratings = { carried: 0, retired: 0 }
      for (const { code, n } of rated) {
        if (map[code] === undefined) continue
        if (map[code] === null) ratings.retired += Number(n)
        else ratings.carried += Number(n)
      }
      const stamp = (data as { CFDocument?: { lastChangeDateTime?: unknown } }).CFDocument?.lastChangeDateTime
      const fetchedChange = typeof stamp === 'string' ? stamp : null
      const loadedChange = newest.row.case_last_change === null ? null : new Date(newest.row.case_last_change).toISOString()
      const laterStamp = fetchedChange !== null && loadedChange !== null && Date.parse(/([Zz]|[+-]\d{2}:\d{2})$/.test(fetchedChange) ? fetchedChange : `${fetchedChange}Z`) > Date.parse(loadedChange)
      const differs = file.version !== loadedFile.version || stableDigest(caseContent(file, true)) !== stableDigest(caseContent({ ...loadedFile, version: file.version }, true))
      return {
        url,
        loaded: { id: newest.row.id, slug: newest.row.slug, version: newest.row.version, lastChange: loadedChange },
        fetched: { version: file.version, lastChange: fetchedChange },
        newer: laterStamp || differs,
        changes,
        ratings,
        digest,
      }
    },

    /**
     * Loads the framework's CASE package again, as the next version when it changed (ratings carried
     * by item identifier), provided it is still what the preview showed (`digest`): else a 409.
     */
    async resync(actor: Actor, id: number, digest: string): Promise<ImportOutcome> {
      const { newest, url } = await subscription(id)
      const now = await fetched(newest, url)
      if (now.digest !== digest) throw ConflictError.of('caseChangedSincePreview', { slug: newest.row.slug })
      return imports.import(actor, now.data, url, { sourceUrl: url })
    },
  }
}

function flatten(nodes: readonly FrameworkFileNode[]): FrameworkFileNode[] {
  return nodes.flatMap((node) => [node, ...flatten(node.children ?? [])])
}
