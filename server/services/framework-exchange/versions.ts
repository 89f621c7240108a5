/** Framework versions: loading a new version with a code map, and moving an institution between loaded versions. */
import { resolveCodeMap, type CodeMap } from '../../domain/code-map.js'
import type { DataFileError } from '../../domain/data-file.js'
import type { FrameworkFile, FrameworkFileNode } from '../../domain/framework-file.js'
import type { CaseSource, Framework } from '../frameworks.js'
import { appendAudit } from '../audit.js'
import { NotFoundError } from '../errors.js'
import { loadOne } from '../frameworks.js'
import { add, carryInstitution, emptyCounts, type CarryCounts } from './carry.js'
import type { Actor, ExchangeContext } from './context.js'
import { FrameworkRejected, refuseBrokenText, refuseTooHeavyToExchange, rethrowDuplicate, VersionConflict } from './refusals.js'
import { frameworkProblem } from '../../domain/framework-problems.js'

export interface VersionOutcome {
  readonly id: number
  readonly slug: string
  readonly version: string
  readonly institutions: readonly number[]
  readonly counts: CarryCounts
  /** The effective map: every rateable code of the old version, to its new code or null. */
  readonly codeMap: Readonly<Record<string, string | null>>
}

/** The exchange service's versions and institution moves (see createFrameworkExchangeService). */
export function frameworkVersions(context: ExchangeContext) {
  const { db, frameworks, checkFramework, requireFramework } = context
  return {
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
        errors.push({ file: 'framework', ...frameworkProblem('/framework/id', 'wrongFrameworkId', { slug: from.row.slug }) })
      }
      const resolved = file === undefined ? undefined : resolveCodeMap([...from.tree.byId.values()], flatten(file.nodes), codeMap)
      if (resolved !== undefined && !resolved.ok) errors.push(...resolved.errors.map((error) => ({ file: 'codeMap', ...error })))
      if (errors.length > 0 || file === undefined || resolved === undefined || !resolved.ok) throw new FrameworkRejected(errors)
      refuseTooHeavyToExchange(file, 'framework', '/framework')
      if ((await frameworks.idOf(file.id, file.version)) !== undefined) {
        throw new VersionConflict('versionTaken', file.id, file.version)
      }
      return loadVersion(context, actor, from, file, Object.fromEntries(resolved.map))
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
        // FOR NO KEY UPDATE, as above: saves under way keep their foreign key checks and finish first.
        const institution = await trx.selectFrom('institutions').select(['id', 'framework_id']).where('id', '=', institutionId).forNoKeyUpdate().executeTakeFirst()
        if (institution === undefined) throw NotFoundError.of('notFound', { thing: 'institution', id: institutionId })
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

function flatten(nodes: readonly FrameworkFileNode[]): FrameworkFileNode[] {
  return nodes.flatMap((node) => [node, ...flatten(node.children ?? [])])
}

/**
 * Loads `file` as the version after `from`, in one transaction: institutions of `from` move to it,
 * their role profiles and personal targets follow the map, and each person's current ratings are
 * carried as new ratings (carried_from = the old rating). `map` gives every rateable code of `from`
 * its code in the new version, or null (retired). Audited for the platform and each institution.
 */
export async function loadVersion({ db }: ExchangeContext, actor: Actor, from: Framework, file: FrameworkFile, map: Readonly<Record<string, string | null>>, source?: CaseSource): Promise<VersionOutcome> {
  const fromId = from.row.id
  // Each item of the new version that continues one of the old keeps its CASE identifier: by the map, else by its code.
  const inherited = new Map<string, string>()
  for (const node of from.tree.byId.values()) {
    if (node.identifier === undefined) continue
    const code = Object.hasOwn(map, node.code) ? map[node.code] : node.code
    if (code != null && !inherited.has(code)) inherited.set(code, node.identifier)
  }

  return db
    .transaction()
    .execute(async (trx) => {
      // The same framework: the same CASE document, unless the file says otherwise.
      const { frameworkId } = await loadOne(trx, { ...file, identifier: file.identifier ?? from.row.case_identifier }, { inherited, ...(source === undefined ? {} : { source }) })
      await trx.insertInto('framework_transitions').values({ from_framework_id: fromId, to_framework_id: frameworkId, code_map: JSON.stringify(map), actor_id: actor.id }).execute()
      // Every institution using the old version, as its primary framework or beside it.
      const institutions = await trx
        .selectFrom('institutions')
        .innerJoin('institution_frameworks as uses', 'uses.institution_id', 'institutions.id')
        .select('institutions.id')
        .where('uses.framework_id', '=', fromId)
        .orderBy('institutions.id')
        // Not FOR UPDATE: a save's foreign key check takes FOR KEY SHARE on this row while it holds
        // its share of the institution's use of the framework, which the move updates next: the two
        // would wait for each other (judgements.ts).
        .forNoKeyUpdate(['institutions'])
        .execute()
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
}
