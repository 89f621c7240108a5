import { createHash } from 'node:crypto'
import type { Kysely, Transaction } from 'kysely'
import type { Database, FrameworkRow } from '../db/schema.js'
import type { RateableRule } from '../domain/case-rateable.js'
import type { FrameworkFile, FrameworkFileNode } from '../domain/framework-file.js'
import { canonicalFramework, comparableTo, frameworkFileOf, withoutTranslations } from '../domain/framework-rebuild.js'
import { withCaseIdentifiers } from '../domain/case-identity.js'
import { buildTree, type FrameworkTree } from '../domain/tree.js'

/** The framework every new institution rates against unless told otherwise. */
export const DEFAULT_FRAMEWORK_SLUG = 'iioe-hew'

export interface Framework {
  readonly row: FrameworkRow
  readonly tree: FrameworkTree
}

/** Where a CASE package came from: the address fetched, and its CFDocument's lastChangeDateTime. */
export interface CaseSource {
  readonly url?: string
  readonly lastChange?: string
  /** Which of the package's items are rated, as read (domain/case-rateable.ts). */
  readonly rateable?: RateableRule
}

/**
 * loaded: a new version; unchanged: the same content was loaded before; translated: the version was
 * loaded before with the same content in its own language, and its translations are now the file's.
 */
export type LoadOutcome = { readonly status: 'loaded' | 'unchanged' | 'translated'; readonly frameworkId: number; readonly slug: string; readonly version: string }

/**
 * Frameworks: loading files into the database and reading them back as trees. A loaded version never
 * changes (staff rate against it), so its tree is cached in memory for the life of the process. Only
 * its translations may be refreshed, by loading its file again (at start-up, before any request);
 * a process already running keeps the translations it read until it restarts.
 *
 * ```ts
 * const frameworks = createFrameworkService(db)
 * await frameworks.loadAll(files) // [{ status: 'loaded', slug: 'iioe-hew', ... }]
 * const { row, tree } = await frameworks.get(row.id)
 * ```
 */
export function createFrameworkService(db: Kysely<Database>) {
  const cache = new Map<number, Promise<Framework | undefined>>()

  return {
    /** The framework with its tree, or undefined when no framework has that id. */
    get(id: number): Promise<Framework | undefined> {
      let entry = cache.get(id)
      if (entry === undefined) {
        entry = readFramework(db, id)
        cache.set(id, entry)
        entry.then((found) => found ?? cache.delete(id), () => cache.delete(id))
      }
      return entry
    },

    /** Every loaded framework version, newest load first. */
    list(): Promise<FrameworkRow[]> {
      return db.selectFrom('frameworks').selectAll().orderBy('slug').orderBy('loaded_at', 'desc').execute()
    },

    /** The id of one version of a framework, if loaded. */
    async idOf(slug: string, version: string): Promise<number | undefined> {
      const row = await db.selectFrom('frameworks').select('id').where('slug', '=', slug).where('version', '=', version).executeTakeFirst()
      return row?.id
    },

    /** The id of the newest loaded version of a framework, if any. */
    async latestId(slug: string): Promise<number | undefined> {
      const row = await db.selectFrom('frameworks').select('id').where('slug', '=', slug).orderBy('loaded_at', 'desc').orderBy('id', 'desc').executeTakeFirst()
      return row?.id
    },

    /**
     * Loads checked framework files in one transaction: all or none. A version already loaded with the
     * same content is left as it is; one loaded with other content is refused (a new text is a new version).
     */
    loadAll(files: readonly FrameworkFile[]): Promise<LoadOutcome[]> {
      const loading = db.transaction().execute(async (trx) => {
        const outcomes: LoadOutcome[] = []
        for (const file of files) outcomes.push(await loadOne(trx, file))
        return outcomes
      })
      return loading.then((outcomes) => {
        for (const outcome of outcomes) if (outcome.status === 'translated') cache.delete(outcome.frameworkId)
        return outcomes
      })
    },
  }
}

export type FrameworkService = ReturnType<typeof createFrameworkService>

export class FrameworkVersionConflict extends Error {
  override name = 'FrameworkVersionConflict'
}

/** Loads one checked framework file inside the caller's transaction (see loadAll). */
/**
 * Loads one framework version (see the callers). `inherited`: CASE identifiers by code, for the nodes
 * of a new version that continue items of the old one (domain/case-identity.ts).
 */
export async function loadOne(trx: Transaction<Database>, file: FrameworkFile, options: { inherited?: ReadonlyMap<string, string>; source?: CaseSource } = {}): Promise<LoadOutcome> {
  const contentHash = createHash('sha256').update(JSON.stringify(file)).digest('hex')
  const existing = await trx
    .selectFrom('frameworks')
    .select(['id', 'content_hash'])
    .where('slug', '=', file.id)
    .where('version', '=', file.version)
    .executeTakeFirst()
  const outcome = { slug: file.id, version: file.version }
  if (existing !== undefined) {
    if (existing.content_hash === contentHash) return { ...outcome, status: 'unchanged', frameworkId: existing.id }
    // Translations are not what staff rate against: a file that adds or corrects them, the text in the
    // framework's own language unchanged, refreshes them in place instead of needing a new version.
    const loaded = await readFramework(trx, existing.id)
    if (loaded !== undefined && canonicalFramework(withoutTranslations(comparableTo(file, frameworkFileOf(loaded.row, loaded.tree.roots)))) === canonicalFramework(withoutTranslations(file))) {
      await replaceTranslations(trx, existing.id, file, contentHash)
      return { ...outcome, status: 'translated', frameworkId: existing.id }
    }
    throw new FrameworkVersionConflict(
      `Framework ${file.id} version ${file.version} is already loaded with different content; give the changed file a new version`,
    )
  }
  const identified = withCaseIdentifiers(file, options.inherited)
  const { id } = await trx
    .insertInto('frameworks')
    .values({
      case_identifier: identified.identifier!,
      slug: file.id,
      version: file.version,
      title: file.title,
      publisher: file.publisher,
      description: file.description ?? '',
      translations: JSON.stringify(file.translations ?? {}),
      status: file.status,
      subject: file.subject ?? 'person',
      languages: JSON.stringify(file.languages),
      scale: JSON.stringify(file.scale),
      staff_groups: JSON.stringify(file.staffGroups ?? []),
      source: JSON.stringify(file.sources),
      content_hash: contentHash,
      associations: JSON.stringify(identified.associations ?? []),
      case_source_url: options.source?.url ?? null,
      case_last_change: options.source?.lastChange ?? null,
      case_details: JSON.stringify(file.case ?? {}),
      case_rateable: options.source?.rateable === undefined ? null : JSON.stringify(options.source.rateable),
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  await insertNodes(trx, id, identified.nodes)
  return { ...outcome, status: 'loaded', frameworkId: id }
}

/** Rows per insert statement: 14 parameters each, far below PostgreSQL's 65,535 per statement. */
const NODES_PER_INSERT = 1000

/**
 * Inserts the tree a level at a time, many rows per statement: a CASE package of 15,000 items is a
 * few dozen statements, not 15,000 round trips. Each row's parent is found by its code (unique in
 * the version), which the insert returns with the new id.
 */
async function insertNodes(trx: Transaction<Database>, frameworkId: number, roots: readonly FrameworkFileNode[]): Promise<void> {
  let level: { node: FrameworkFileNode; parentCode: string | null; position: number }[] = roots.map((node, position) => ({ node, parentCode: null, position }))
  const idOf = new Map<string, number>()
  while (level.length > 0) {
    for (let start = 0; start < level.length; start += NODES_PER_INSERT) {
      const rows = level.slice(start, start + NODES_PER_INSERT).map(({ node, parentCode, position }) => ({
        framework_id: frameworkId,
        parent_id: parentCode === null ? null : idOf.get(parentCode)!,
        code: node.code,
        case_identifier: node.identifier!,
        kind: node.kind,
        position,
        title: node.title,
        description: node.description ?? '',
        level_descriptors: JSON.stringify(node.levelDescriptors ?? {}),
        applies_to: JSON.stringify(node.appliesTo ?? []),
        importance: node.importance ?? 1,
        translations: JSON.stringify(node.translations ?? {}),
        source: JSON.stringify(node.source),
        case_details: JSON.stringify(node.case ?? {}),
      }))
      for (const { id, code } of await trx.insertInto('competencies').values(rows).returning(['id', 'code']).execute()) idOf.set(code, id)
    }
    level = level.flatMap(({ node }) => (node.children ?? []).map((child, position) => ({ node: child, parentCode: node.code, position })))
  }
}

/** One loaded version with its tree, read from the database (the service caches it). */
async function readFramework(db: Kysely<Database>, id: number): Promise<Framework | undefined> {
  const row = await db.selectFrom('frameworks').selectAll().where('id', '=', id).executeTakeFirst()
  if (row === undefined) return undefined
  const nodes = await db.selectFrom('competencies').selectAll().where('framework_id', '=', id).execute()
  const language = row.languages[0]
  const tree = buildTree(
    nodes.map((node) => ({
      id: node.id,
      parentId: node.parent_id,
      code: node.code,
      kind: node.kind,
      position: node.position,
      title: node.title,
      description: node.description,
      levelDescriptors: node.level_descriptors,
      appliesTo: node.applies_to,
      importance: node.importance,
      translations: node.translations,
      source: node.source,
      identifier: node.case_identifier,
      ...(Object.keys(node.case_details).length > 0 ? { case: node.case_details } : {}),
      // An item's own language (kept from CASE where it is not its document's), else the framework's.
      ...((node.case_details.language ?? language) === undefined ? {} : { language: node.case_details.language ?? language }),
    })),
  )
  return { row, tree }
}

/**
 * Stores the translations of a file over a loaded version whose other content is the file's: the
 * framework's own, and those inside its scale, staff groups, nodes and level descriptors.
 */
async function replaceTranslations(trx: Transaction<Database>, frameworkId: number, file: FrameworkFile, contentHash: string): Promise<void> {
  await trx
    .updateTable('frameworks')
    .set({
      translations: JSON.stringify(file.translations ?? {}),
      scale: JSON.stringify(file.scale),
      staff_groups: JSON.stringify(file.staffGroups ?? []),
      content_hash: contentHash,
    })
    .where('id', '=', frameworkId)
    .execute()
  const visit = async (nodes: readonly FrameworkFileNode[]): Promise<void> => {
    for (const node of nodes) {
      await trx
        .updateTable('competencies')
        .set({ translations: JSON.stringify(node.translations ?? {}), level_descriptors: JSON.stringify(node.levelDescriptors ?? {}) })
        .where('framework_id', '=', frameworkId)
        .where('code', '=', node.code)
        .execute()
      await visit(node.children ?? [])
    }
  }
  await visit(file.nodes)
}
