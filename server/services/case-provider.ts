/** The CASE provider: loaded frameworks served one object at a time, as 1EdTech's CASE service does. */
import type { Kysely } from 'kysely'
import type { Database } from '../db/schema.js'
import type { CasePackage, ExportedCasePackage } from '../domain/case-package.js'
import { caseObjects, keyOf, type CaseCollection, type CaseObjects } from '../domain/case-objects.js'

type CaseVersion = '1.0' | '1.1'

/** How many (version, base) packages a process keeps built: the frameworks people are fetching now. */
const PACKAGES_KEPT = 4

/**
 * Finds the object a CASE identifier names. Identifiers stay the same across a framework's versions
 * (domain/case-identity.ts), so each names an object of the newest loaded version that holds it.
 * A loaded version never changes, so what is built from one is kept: each process indexes every
 * version once (identifier -> version), and keeps the last few packages built. A version another
 * process loaded is indexed at the next request, which reads the list of versions first.
 *
 * ```ts
 * const provider = createCaseProvider(db, exchange.casePackage)
 * await provider.find('https://tracker.example/ims/case/v1p1', 'CFItems', id) // the item, or undefined
 * ```
 */
export function createCaseProvider(db: Kysely<Database>, casePackage: (id: number, baseUri: string, caseVersion: CaseVersion) => Promise<{ pkg: ExportedCasePackage }>) {
  /** collection/identifier -> the newest version holding it. */
  const holders = new Map<string, number>()
  const indexed = new Set<number>()
  const built = new Map<string, CaseObjects>()
  /** Documents are small and listed together: each kept once built, by version and base. */
  const documents = new Map<string, CaseObjects['document']>()
  let indexing: Promise<void> | undefined

  /** A package of CASE 1.1 for the 1.1 service (it may hold associations 1.0 has no type for), else 1.0. */
  const versionOf = (base: string): CaseVersion => (base.endsWith('/v1p1') ? '1.1' : '1.0')

  async function objectsOf(id: number, base: string): Promise<CaseObjects> {
    const key = `${id} ${base}`
    const kept = built.get(key)
    if (kept !== undefined) {
      built.delete(key)
      built.set(key, kept)
      return kept
    }
    const objects = caseObjects((await casePackage(id, base, versionOf(base))).pkg, base)
    built.set(key, objects)
    documents.set(key, objects.document)
    for (const old of built.keys()) if (built.size > PACKAGES_KEPT) built.delete(old)
    return objects
  }

  /**
   * Indexes the versions not yet indexed, oldest first, so that a newer version takes over the
   * identifiers it shares; by their 1.1 packages, which hold everything a 1.0 one does.
   */
  async function index(base: string): Promise<void> {
    const versions = await db.selectFrom('frameworks').select('id').orderBy('loaded_at').orderBy('id').execute()
    for (const { id } of versions) {
      if (indexed.has(id)) continue
      for (const key of (await objectsOf(id, base.replace(/\/v1p0$/, '/v1p1'))).keys()) holders.set(key, id)
      indexed.add(id)
    }
  }

  async function upToDate(base: string): Promise<void> {
    // One indexing at a time: requests arriving meanwhile wait for it, then look again.
    while (indexing !== undefined) await indexing
    indexing = index(base).finally(() => (indexing = undefined))
    await indexing
  }

  return {
    /** The object at `<base>/<collection>/<identifier>`, or undefined when no loaded version holds one. */
    async find(base: string, collection: CaseCollection, identifier: string): Promise<unknown> {
      await upToDate(base)
      const id = holders.get(keyOf(collection, identifier))
      return id === undefined ? undefined : (await objectsOf(id, base)).get(collection, identifier)
    },

    /** Every framework's document (of its newest version), by title. */
    async list(base: string): Promise<CaseObjects['document'][]> {
      await upToDate(base)
      const ids = new Set([...holders].filter(([key]) => key.startsWith('CFDocuments/')).map(([, id]) => id))
      const listed: CaseObjects['document'][] = []
      for (const id of ids) listed.push(documents.get(`${id} ${base}`) ?? (await objectsOf(id, base)).document)
      return listed.sort((a, b) => a.title.localeCompare(b.title, 'en') || a.identifier.localeCompare(b.identifier))
    },
  }
}

export type CaseProvider = ReturnType<typeof createCaseProvider>
