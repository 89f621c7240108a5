import { sql, type Kysely } from 'kysely'
import type { Database } from '../db/schema.js'
import { OPERATOR_ROLE } from '../domain/roles.js'
import { parseFilter, parsePatch, SCIM_GROUP, ScimError, scimId, type ScimPaging } from '../domain/scim.js'
import { groupFromResource, patchGroup, type ScimGroupRecord, type ScimGroupState } from '../domain/scim-resources.js'
import { auditBy } from './audit.js'
import { NotFoundError } from './errors.js'
import { auditScim, type ScimClient } from './scim-tokens.js'
import type { SessionUser } from './users.js'

const GROUP_FILTERS = ['displayName', 'externalId', 'id'] as const

/** A group as HR see it on the provisioning page: where it places its members. */
export interface ScimGroupMapping {
  readonly id: number
  readonly displayName: string
  readonly members: number
  readonly departmentId: number | null
  readonly roleProfileId: number | null
}

/** Who acts on a group: the directory (a SCIM token) or HR mapping it. */
type Actor = { readonly client: ScimClient } | { readonly user: SessionUser }

/**
 * The directory's groups (SCIM Groups) and where they place people. HR map a group to a department
 * and/or a role profile of the institution; a member is placed by the mapped group they joined last
 * (so a person moved from one group to another lands in the new one, whichever the directory sends
 * first), and a person in no mapped group stays where they are. Members are people of the token's
 * institution only; an id of anyone else is refused as unknown, whoever it is.
 *
 * ```ts
 * const groups = createScimGroupService(db)
 * const group = await groups.create(client, { displayName: 'Physics staff', members: [{ value: '12' }] })
 * await groups.map(hrUser, group.id, { departmentId: 3, roleProfileId: null })
 * ```
 */
export function createScimGroupService(db: Kysely<Database>) {
  const groups = (from: Kysely<Database>, institutionId: number) =>
    from.selectFrom('scim_groups').select(['id', 'display_name', 'external_id', 'created_at', 'updated_at']).where('institution_id', '=', institutionId)

  type Row = Awaited<ReturnType<ReturnType<typeof groups>['executeTakeFirstOrThrow']>>

  async function memberRows(from: Kysely<Database>, groupIds: readonly number[]) {
    if (groupIds.length === 0) return []
    return from.selectFrom('scim_group_members as m').innerJoin('users as u', 'u.id', 'm.user_id').select(['m.group_id', 'u.id', 'u.name']).where('m.group_id', 'in', groupIds).orderBy('u.id').execute()
  }

  async function records(from: Kysely<Database>, rows: readonly Row[], withMembers: boolean): Promise<ScimGroupRecord[]> {
    const members = withMembers ? await memberRows(from, rows.map((row) => row.id)) : []
    return rows.map((row) => ({
      id: row.id,
      displayName: row.display_name,
      externalId: row.external_id,
      members: members.filter((member) => member.group_id === row.id).map(({ id, name }) => ({ id, name })),
      created: row.created_at,
      lastModified: row.updated_at,
    }))
  }

  async function find(from: Kysely<Database>, client: ScimClient, given: string, lock = false): Promise<Row> {
    const id = scimId(given)
    let query = id === undefined ? undefined : groups(from, client.institutionId).where('id', '=', id)
    if (query !== undefined && lock) query = query.forUpdate()
    const row = query === undefined ? undefined : await query.executeTakeFirst()
    if (row === undefined) throw ScimError.notFound('Group', given)
    return row
  }

  /** Writes a group's name and members as `next` says, then places the members who came or went. */
  async function write(trx: Kysely<Database>, client: ScimClient, current: Row | undefined, next: ScimGroupState): Promise<number> {
    const wanted = [...new Set(next.members)]
    const ids = wanted.map((value) => scimId(value))
    const known =
      wanted.length === 0
        ? []
        : await trx
            .selectFrom('users')
            .select('id')
            .where('id', 'in', ids.filter((id) => id !== undefined))
            .where('institution_id', '=', client.institutionId)
            .where('role', '!=', OPERATOR_ROLE)
            .execute()
    const knownIds = new Set(known.map((row) => row.id))
    const unknown = wanted.find((_value, index) => ids[index] === undefined || !knownIds.has(ids[index]!))
    if (unknown !== undefined) throw ScimError.invalidValue(`members: there is no User ${JSON.stringify(unknown.slice(0, 40))} here`)

    let groupId: number
    if (current === undefined) {
      groupId = (await trx.insertInto('scim_groups').values({ institution_id: client.institutionId, display_name: next.displayName, external_id: next.externalId }).returning('id').executeTakeFirstOrThrow()).id
    } else {
      groupId = current.id
      if (current.display_name !== next.displayName || current.external_id !== next.externalId) {
        await trx.updateTable('scim_groups').set({ display_name: next.displayName, external_id: next.externalId, updated_at: new Date() }).where('id', '=', groupId).execute()
      }
    }
    const before = new Set((await trx.selectFrom('scim_group_members').select('user_id').where('group_id', '=', groupId).execute()).map((row) => row.user_id))
    const after = new Set(knownIds)
    const added = [...after].filter((id) => !before.has(id))
    const removed = [...before].filter((id) => !after.has(id))
    if (removed.length > 0) await trx.deleteFrom('scim_group_members').where('group_id', '=', groupId).where('user_id', 'in', removed).execute()
    if (added.length > 0) await trx.insertInto('scim_group_members').values(added.map((user_id) => ({ group_id: groupId, user_id }))).execute()
    if (current !== undefined && (added.length > 0 || removed.length > 0)) await trx.updateTable('scim_groups').set({ updated_at: new Date() }).where('id', '=', groupId).execute()
    const what = { displayName: next.displayName, added: added.length, removed: removed.length }
    if (current === undefined) await auditScim(trx, client, 'scim.groupCreate', 'scimGroup', groupId, what)
    else if (added.length > 0 || removed.length > 0 || current.display_name !== next.displayName || current.external_id !== next.externalId) await auditScim(trx, client, 'scim.groupUpdate', 'scimGroup', groupId, what)
    await place(trx, client.institutionId, [...added, ...removed], { client })
    return groupId
  }

  async function stateOf(trx: Kysely<Database>, row: Row): Promise<ScimGroupState> {
    const members = await trx.selectFrom('scim_group_members').select('user_id').where('group_id', '=', row.id).orderBy('user_id').execute()
    return { displayName: row.display_name, externalId: row.external_id, members: members.map((member) => String(member.user_id)) }
  }

  const answer = async (trx: Kysely<Database>, client: ScimClient, id: number) => (await records(trx, [await find(trx, client, String(id))], true))[0]!

  return {
    async get(client: ScimClient, id: string, withMembers: boolean): Promise<ScimGroupRecord> {
      return (await records(db, [await find(db, client, id)], withMembers))[0]!
    },

    async list(client: ScimClient, filter: string | undefined, paging: ScimPaging, withMembers: boolean): Promise<{ total: number; groups: ScimGroupRecord[] }> {
      let query = groups(db, client.institutionId)
      if (filter !== undefined) {
        const { attribute, value } = parseFilter(filter, GROUP_FILTERS)
        if (attribute === 'displayName') query = query.where(sql<string>`lower(display_name)`, '=', value.toLowerCase())
        else if (attribute === 'externalId') query = query.where('external_id', '=', value)
        else query = query.where('id', '=', scimId(value) ?? 0)
      }
      const total = Number((await query.clearSelect().select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n)
      const rows = paging.count === 0 ? [] : await query.orderBy('id').offset(paging.startIndex - 1).limit(paging.count).execute()
      return { total, groups: await records(db, rows, withMembers) }
    },

    create(client: ScimClient, body: unknown): Promise<ScimGroupRecord> {
      const next = groupFromResource(body)
      return db.transaction().execute(async (trx) => answer(trx, client, await write(trx, client, undefined, next)))
    },

    replace(client: ScimClient, id: string, body: unknown): Promise<ScimGroupRecord> {
      const next = groupFromResource(body)
      return db.transaction().execute(async (trx) => answer(trx, client, await write(trx, client, await find(trx, client, id, true), next)))
    },

    patch(client: ScimClient, id: string, body: unknown): Promise<ScimGroupRecord> {
      const operations = parsePatch(body, SCIM_GROUP)
      return db.transaction().execute(async (trx) => {
        const current = await find(trx, client, id, true)
        return answer(trx, client, await write(trx, client, current, patchGroup(await stateOf(trx, current), operations)))
      })
    },

    /** Deletes the group; its members stay people of the institution, placed by their other groups if any. */
    remove(client: ScimClient, id: string): Promise<void> {
      return db.transaction().execute(async (trx) => {
        const current = await find(trx, client, id, true)
        const members = (await stateOf(trx, current)).members.map(Number)
        await trx.deleteFrom('scim_groups').where('id', '=', current.id).execute()
        await auditScim(trx, client, 'scim.groupDelete', 'scimGroup', current.id, { displayName: current.display_name })
        await place(trx, client.institutionId, members, { client })
      })
    },

    /** The institution's groups for HR's page, by name, with where each places its members. */
    mappings(user: SessionUser): Promise<ScimGroupMapping[]> {
      return db
        .selectFrom('scim_groups as g')
        .select(['g.id', 'g.display_name as displayName', 'g.department_id as departmentId', 'g.role_profile_id as roleProfileId', sql<number>`(select count(*) from scim_group_members m where m.group_id = g.id)::integer`.as('members')])
        .where('g.institution_id', '=', user.institutionId)
        .orderBy(sql`lower(g.display_name)`)
        .orderBy('g.id')
        .execute()
    },

    /** HR map a group to a department and/or role profile (null: none), and its members are placed at once. */
    map(user: SessionUser, id: number, to: { departmentId: number | null; roleProfileId: number | null }): Promise<void> {
      return db.transaction().execute(async (trx) => {
        const group = await trx.selectFrom('scim_groups').select(['id', 'display_name']).where('id', '=', id).where('institution_id', '=', user.institutionId).forUpdate().executeTakeFirst()
        if (group === undefined) throw NotFoundError.of('notFound', { thing: 'scimGroup', id })
        if (to.departmentId !== null) {
          const found = await trx.selectFrom('departments').select('id').where('id', '=', to.departmentId).where('institution_id', '=', user.institutionId).where('disabled_at', 'is', null).executeTakeFirst()
          if (found === undefined) throw NotFoundError.of('notFound', { thing: 'department', id: to.departmentId })
        }
        if (to.roleProfileId !== null) {
          const found = await trx.selectFrom('role_profiles').select('id').where('id', '=', to.roleProfileId).where('institution_id', '=', user.institutionId).executeTakeFirst()
          if (found === undefined) throw NotFoundError.of('notFound', { thing: 'roleProfile', id: to.roleProfileId })
        }
        await trx.updateTable('scim_groups').set({ department_id: to.departmentId, role_profile_id: to.roleProfileId }).where('id', '=', id).execute()
        await auditBy(trx, user, 'scim.groupMap', 'scimGroup', id, { displayName: group.display_name, ...to })
        const members = await trx.selectFrom('scim_group_members').select('user_id').where('group_id', '=', id).execute()
        await place(trx, user.institutionId, members.map((member) => member.user_id), { user })
      })
    },
  }
}

export type ScimGroupService = ReturnType<typeof createScimGroupService>

/**
 * Places people by their mapped groups: the department of the mapped group they joined last (an
 * archived department is skipped), and likewise the role profile. Someone in no mapped group is left
 * where they are; each move is audited.
 */
async function place(trx: Kysely<Database>, institutionId: number, userIds: readonly number[], actor: Actor): Promise<void> {
  if (userIds.length === 0) return
  const memberships = await trx
    .selectFrom('scim_group_members as m')
    .innerJoin('scim_groups as g', 'g.id', 'm.group_id')
    .leftJoin('departments as d', 'd.id', 'g.department_id')
    .select(['m.user_id', 'g.id as groupId', 'g.department_id', 'g.role_profile_id', 'd.disabled_at as departmentArchivedAt'])
    .where('m.user_id', 'in', userIds)
    .where('g.institution_id', '=', institutionId)
    .where((eb) => eb.or([eb('g.department_id', 'is not', null), eb('g.role_profile_id', 'is not', null)]))
    .orderBy('m.added_at', 'desc')
    .orderBy('g.id', 'desc')
    .execute()
  const people = await trx.selectFrom('users').select(['id', 'department_id', 'role_profile_id']).where('id', 'in', userIds).where('institution_id', '=', institutionId).where('role', '!=', OPERATOR_ROLE).execute()
  for (const person of people) {
    const theirs = memberships.filter((membership) => membership.user_id === person.id)
    const department = theirs.find((membership) => membership.department_id !== null && membership.departmentArchivedAt === null)?.department_id ?? person.department_id
    const roleProfile = theirs.find((membership) => membership.role_profile_id !== null)?.role_profile_id ?? person.role_profile_id
    if (department === person.department_id && roleProfile === person.role_profile_id) continue
    await trx.updateTable('users').set({ department_id: department, role_profile_id: roleProfile }).where('id', '=', person.id).execute()
    const data = { departmentId: department, roleProfileId: roleProfile }
    if ('client' in actor) await auditScim(trx, actor.client, 'scim.userPlace', 'staff', person.id, data)
    else await auditBy(trx, actor.user, 'scim.userPlace', 'staff', person.id, data)
  }
}
