import type { Kysely } from 'kysely'
import type { Database, FrameworkRow } from '../db/schema.js'
import { exportCasePackage, type CasePackage } from '../domain/case-export.js'
import { createCaseImporter } from '../domain/case-import.js'
import { resolveCodeMap, type CodeMap } from '../domain/code-map.js'
import type { DataFileError } from '../domain/data-file.js'
import { createFrameworkChecker, type FrameworkFile, type FrameworkFileNode } from '../domain/framework-file.js'
import { canonicalFramework, frameworkFileOf } from '../domain/framework-rebuild.js'
import { appendAudit } from './audit.js'
import { ConflictError, NotFoundError } from './errors.js'
import { add, carryInstitution, emptyCounts, type CarryCounts } from './framework-exchange/carry.js'
import { FrameworkRejected, refuseBrokenText, rethrowDuplicate } from './framework-exchange/refusals.js'
import { loadOne, type FrameworkService } from './frameworks.js'

export interface FrameworkSummary {
  readonly id: number
  readonly slug: string
  readonly version: string
  readonly title: string
  readonly status: 'provisional' | 'official'
  /** Rateable competencies. */
  readonly competencies: number
  readonly loadedAt: Date
  /** True for the newest loaded version of its slug. */
  readonly latest: boolean
  /** How many versions of this slug are loaded. */
  readonly versions: number
  /** Institutions rating against this version. */
  readonly institutions: number
}

export type ImportFormat = 'case' | 'framework'

export interface ImportOutcome {
  readonly status: 'loaded' | 'unchanged'
  readonly id: number
  readonly slug: string
  readonly version: string
  readonly format: ImportFormat
  readonly warnings: readonly string[]
}

export interface VersionOutcome {
  readonly id: number
  readonly slug: string
  readonly version: string
  readonly institutions: readonly number[]
  readonly counts: CarryCounts
  /** The effective map: every rateable code of the old version, to its new code or null. */
  readonly codeMap: Readonly<Record<string, string | null>>
}

interface Actor {
  readonly id: number
}

/**
 * Framework exchange and versions: the list of loaded versions; export as our own file or as a CASE
 * 1.0 package; import of either; and loading a new version with a code map, which moves the
 * institutions of the old version to it and carries their people's current ratings and targets.
 *
 * ```ts
 * const exchange = createFrameworkExchangeService(db, frameworks, { framework: frameworkSchema, case: caseSchema })
 * await exchange.import(admin, JSON.parse(text)) // { status: 'loaded', id: 4, slug: 'my-framework', format: 'case', ... }
 * ```
 */
export function createFrameworkExchangeService(db: Kysely<Database>, frameworks: FrameworkService, schemas: { framework: object; case: object }) {
  const checkFramework = createFrameworkChecker(schemas.framework)
  const importCase = createCaseImporter(schemas.case)

  async function requireFramework(id: number) {
    const framework = await frameworks.get(id)
    if (framework === undefined) throw new NotFoundError(`There is no framework ${id}`)
    return framework
  }

  /** Our format or CASE, checked: the framework file and what the conversion had to say. */
  function parse(data: unknown, name: string): { file: FrameworkFile; format: ImportFormat; warnings: string[] } {
    refuseBrokenText(data, name, '')
    const isObject = typeof data === 'object' && data !== null && !Array.isArray(data)
    if (isObject && 'CFDocument' in data) {
      const result = importCase(data, name)
      if (!result.ok) throw new FrameworkRejected(result.errors)
      const checked = checkFramework(result.framework, name)
      if (!checked.ok) throw new FrameworkRejected(checked.errors)
      return { file: checked.value, format: 'case', warnings: result.warnings }
    }
    if (isObject && 'nodes' in data) {
      const checked = checkFramework(data, name)
      if (!checked.ok) throw new FrameworkRejected(checked.errors)
      return { file: checked.value, format: 'framework', warnings: [] }
    }
    throw new FrameworkRejected([{ file: name, pointer: '', message: 'is neither a CASE 1.0 package (no CFDocument) nor a framework file of ours (no nodes)' }])
  }

  /** 'unchanged' when the same slug and version is loaded with the same content; 409 when with other content. */
  async function sameAsLoaded(file: FrameworkFile): Promise<number | undefined> {
    const id = await frameworks.idOf(file.id, file.version)
    if (id === undefined) return undefined
    const loaded = await requireFramework(id)
    if (canonicalFramework(frameworkFileOf(loaded.row, loaded.tree.roots)) === canonicalFramework(file)) return id
    throw new ConflictError(`Framework ${file.id} version ${file.version} is already loaded with different content; give the changed framework a new version`)
  }

  return {
    /** Every loaded version, by slug, newest first within a slug. */
    async list(): Promise<FrameworkSummary[]> {
      const rows = await db
        .selectFrom('frameworks')
        .select((eb) => [
          'frameworks.id',
          'frameworks.slug',
          'frameworks.version',
          'frameworks.title',
          'frameworks.status',
          'frameworks.loaded_at',
          eb.selectFrom('competencies').select(eb.fn.countAll<number>().as('n')).whereRef('competencies.framework_id', '=', 'frameworks.id').where('competencies.kind', '=', 'competency').as('competencies'),
          eb.selectFrom('institutions').select(eb.fn.countAll<number>().as('n')).whereRef('institutions.framework_id', '=', 'frameworks.id').as('institutions'),
        ])
        .orderBy('frameworks.slug')
        .orderBy('frameworks.loaded_at', 'desc')
        .orderBy('frameworks.id', 'desc')
        .execute()
      return rows.map((row, index) => ({
        id: row.id,
        slug: row.slug,
        version: row.version,
        title: row.title,
        status: row.status,
        competencies: Number(row.competencies ?? 0),
        loadedAt: new Date(row.loaded_at),
        latest: index === 0 || rows[index - 1]?.slug !== row.slug,
        versions: rows.filter((other) => other.slug === row.slug).length,
        institutions: Number(row.institutions ?? 0),
      }))
    },

    /** The loaded version as our own framework file. */
    async file(id: number): Promise<{ row: FrameworkRow; file: FrameworkFile }> {
      const { row, tree } = await requireFramework(id)
      return { row, file: frameworkFileOf(row, tree.roots) }
    },

    /** The loaded version as a CASE 1.0 package; identifiers and dates are the same at every export. */
    async casePackage(id: number, baseUri: string): Promise<{ row: FrameworkRow; pkg: Required<CasePackage> }> {
      const { row, file } = await this.file(id)
      const loadedAt = new Date(row.loaded_at)
      loadedAt.setUTCMilliseconds(0)
      return { row, pkg: exportCasePackage(file, { baseUri, lastChangeDateTime: loadedAt.toISOString().replace('.000Z', 'Z') }) }
    },

    /**
     * Imports a CASE package or a framework file of ours (told apart by their shape) as a new framework
     * version: 422 (FrameworkRejected) with every problem, 409 when that slug and version is loaded with
     * other content, 'unchanged' when with the same. Audited.
     */
    async import(actor: Actor, data: unknown, name = 'upload'): Promise<ImportOutcome> {
      const { file, format, warnings } = parse(data, name)
      const existing = await sameAsLoaded(file)
      if (existing !== undefined) return { status: 'unchanged', id: existing, slug: file.id, version: file.version, format, warnings }
      const id = await db
        .transaction()
        .execute(async (trx) => {
          const outcome = await loadOne(trx, file)
          await appendAudit(trx, { institutionId: null, actorId: actor.id, action: 'framework.import', entity: 'framework', entityId: outcome.frameworkId, data: { slug: file.id, version: file.version, format, warnings: warnings.length } })
          return outcome.frameworkId
        })
        .catch(rethrowDuplicate(file))
      return { status: 'loaded', id, slug: file.id, version: file.version, format, warnings }
    },

    /**
     * Loads a new version of framework `fromId` (our format, same slug, a version not yet loaded) with
     * a code map, in one transaction: institutions of the old version move to the new one, their role
     * profiles and personal targets follow the map, and each person's current ratings are carried as
     * new ratings (carried_from = the old rating), keeping the date they were made. The old version
     * and its ratings are not touched. Every problem of the file or the map is reported (422).
     */
    async newVersion(actor: Actor, fromId: number, data: unknown, codeMap: CodeMap): Promise<VersionOutcome> {
      const from = await requireFramework(fromId)
      refuseBrokenText(data, 'framework', '/framework')
      const checked = checkFramework(data, 'framework')
      const errors: DataFileError[] = checked.ok ? [] : checked.errors.map((error) => ({ ...error, pointer: `/framework${error.pointer}` }))
      const file = checked.ok ? checked.value : undefined
      if (file !== undefined && file.id !== from.row.slug) {
        errors.push({ file: 'framework', pointer: '/framework/id', message: `must be "${from.row.slug}", the framework this is a new version of` })
      }
      const resolved = file === undefined ? undefined : resolveCodeMap([...from.tree.byId.values()], flatten(file.nodes), codeMap)
      if (resolved !== undefined && !resolved.ok) errors.push(...resolved.errors.map((error) => ({ file: 'codeMap', ...error })))
      if (errors.length > 0 || file === undefined || resolved === undefined || !resolved.ok) throw new FrameworkRejected(errors)
      if ((await frameworks.idOf(file.id, file.version)) !== undefined) {
        throw new ConflictError(`Version ${file.version} of ${file.id} is already loaded; a new version needs a new version string`)
      }
      const map = Object.fromEntries(resolved.map)

      return db
        .transaction()
        .execute(async (trx) => {
          const { frameworkId } = await loadOne(trx, file)
          await trx.insertInto('framework_transitions').values({ from_framework_id: fromId, to_framework_id: frameworkId, code_map: JSON.stringify(map), actor_id: actor.id }).execute()
          const institutions = await trx.selectFrom('institutions').select('id').where('framework_id', '=', fromId).orderBy('id').forUpdate().execute()
          const counts = emptyCounts()
          for (const { id } of institutions) {
            const carried = await carryInstitution(trx, { institutionId: id, fromId, toId: frameworkId, scale: file.scale, map })
            add(counts, carried)
            await appendAudit(trx, { institutionId: id, actorId: actor.id, action: 'framework.version', entity: 'framework', entityId: frameworkId, data: { from: { id: fromId, version: from.row.version }, to: { id: frameworkId, version: file.version }, ...carried } })
          }
          await appendAudit(trx, { institutionId: null, actorId: actor.id, action: 'framework.version', entity: 'framework', entityId: frameworkId, data: { slug: file.id, from: from.row.version, to: file.version, codeMap: map, institutions: institutions.length, ...counts } })
          return { id: frameworkId, slug: file.id, version: file.version, institutions: institutions.map((row) => row.id), counts, codeMap: map }
        })
        .catch(rethrowDuplicate(file))
    },

    /**
     * Moves one institution to another loaded framework version. Between versions of one framework its
     * people's current ratings and targets are carried, by the code map recorded when the version was
     * loaded, else by equal codes; to another framework nothing is carried, and people keep their role profile by code (the
     * institution's profile of that code for the other framework, created without targets if need be).
     */
    async moveInstitution(actor: Actor & { institutionId: number }, institutionId: number, toId: number): Promise<{ changed: boolean; counts: CarryCounts }> {
      const to = await requireFramework(toId)
      return db.transaction().execute(async (trx) => {
        const institution = await trx.selectFrom('institutions').select(['id', 'framework_id']).where('id', '=', institutionId).forUpdate().executeTakeFirst()
        if (institution === undefined) throw new NotFoundError(`There is no institution ${institutionId}`)
        const fromId = institution.framework_id
        if (fromId === toId) return { changed: false, counts: emptyCounts() }
        const from = await requireFramework(fromId)
        let counts = emptyCounts()
        if (from.row.slug === to.row.slug) {
          const recorded = await trx.selectFrom('framework_transitions').select('code_map').where('from_framework_id', '=', fromId).where('to_framework_id', '=', toId).executeTakeFirst()
          const resolved = resolveCodeMap([...from.tree.byId.values()], [...to.tree.byId.values()], {})
          const map = recorded?.code_map ?? (resolved.ok ? Object.fromEntries(resolved.map) : {})
          counts = await carryInstitution(trx, { institutionId, fromId, toId, scale: to.row.scale, map })
        } else {
          await trx.updateTable('institutions').set({ framework_id: toId }).where('id', '=', institutionId).execute()
          // People keep their profile by code: the institution's profile for that framework (from an earlier stay), else a new one without targets.
          const profiles = await trx.selectFrom('role_profiles').selectAll().where('institution_id', '=', institutionId).where('framework_id', 'in', [fromId, toId]).execute()
          for (const profile of profiles.filter((candidate) => candidate.framework_id === fromId)) {
            const next =
              profiles.find((candidate) => candidate.framework_id === toId && candidate.code === profile.code) ??
              (await trx.insertInto('role_profiles').values({ institution_id: institutionId, framework_id: toId, code: profile.code, name: profile.name, description: profile.description }).returning('id').executeTakeFirstOrThrow())
            await trx.updateTable('users').set({ role_profile_id: next.id }).where('institution_id', '=', institutionId).where('role_profile_id', '=', profile.id).execute()
          }
        }
        await appendAudit(trx, { institutionId, actorId: actor.id, action: 'framework.version', entity: 'framework', entityId: toId, data: { from: { id: fromId, slug: from.row.slug, version: from.row.version }, to: { id: toId, slug: to.row.slug, version: to.row.version }, ...counts } })
        return { changed: true, counts }
      })
    },
  }
}

export type FrameworkExchangeService = ReturnType<typeof createFrameworkExchangeService>

function flatten(nodes: readonly FrameworkFileNode[]): FrameworkFileNode[] {
  return nodes.flatMap((node) => [node, ...flatten(node.children ?? [])])
}
