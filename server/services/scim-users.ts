import { sql, type Kysely } from 'kysely'
import type { Database } from '../db/schema.js'
import { OPERATOR_ROLE } from '../domain/roles.js'
import { parseFilter, parsePatch, ScimError, scimId, type ScimPaging } from '../domain/scim.js'
import { patchUser, personOf, userFromResource, type ScimUserRecord, type ScimUserState } from '../domain/scim-resources.js'
import { auditScim, type ScimClient } from './scim-tokens.js'
import { activeChangeValues } from './staff.js'

/** The attributes a directory may filter Users by. */
const USER_FILTERS = ['userName', 'externalId', 'id'] as const

/**
 * The institution's people as its directory sees them (SCIM Users). A person the directory creates is
 * a lecturer of the token's institution without a password (they sign in through the institution's
 * provider, which matches them by email); provisioning never gives a role and never touches the
 * platform operator, who is in no institution's list. A person already there (HR added them, or they
 * signed in through a provider) is found by their email as userName, so the directory takes them
 * over instead of making them twice. `active: false` disables the person as HR's staff page does
 * (every session ends); nobody is ever deleted, so their ratings and history stay.
 *
 * ```ts
 * const users = createScimUserService(db)
 * const made = await users.create(client, { userName: 'ama@uni.edu.gh', name: { givenName: 'Ama', familyName: 'Mensah' } })
 * await users.patch(client, String(made.id), { Operations: [{ op: 'Replace', path: 'active', value: 'False' }] })
 * ```
 */
export function createScimUserService(db: Kysely<Database>) {
  const people = (from: Kysely<Database>, client: ScimClient) =>
    from
      .selectFrom('users as u')
      .leftJoin('scim_users as s', 's.user_id', 'u.id')
      .select(['u.id', 'u.email', 'u.name', 'u.created_at', sql<boolean>`u.disabled_at is null`.as('active'), 's.user_name', 's.external_id', 's.given_name', 's.family_name', 's.updated_at'])
      .where('u.institution_id', '=', client.institutionId)
      .where('u.role', '!=', OPERATOR_ROLE)

  type Row = Awaited<ReturnType<ReturnType<typeof people>['executeTakeFirstOrThrow']>>

  const stateOf = (row: Row): ScimUserState => ({
    userName: row.user_name ?? row.email,
    externalId: row.external_id,
    givenName: row.given_name,
    familyName: row.family_name,
    displayName: row.name,
    email: row.email,
    active: row.active,
  })

  async function records(from: Kysely<Database>, client: ScimClient, rows: readonly Row[]): Promise<ScimUserRecord[]> {
    const groups =
      rows.length === 0
        ? []
        : await from
            .selectFrom('scim_group_members as m')
            .innerJoin('scim_groups as g', 'g.id', 'm.group_id')
            .select(['m.user_id', 'g.id', 'g.display_name'])
            .where('g.institution_id', '=', client.institutionId)
            .where('m.user_id', 'in', rows.map((row) => row.id))
            .orderBy('g.id')
            .execute()
    return rows.map((row) => ({
      ...stateOf(row),
      id: row.id,
      name: row.name,
      created: row.created_at,
      lastModified: row.updated_at ?? row.created_at,
      groups: groups.filter((group) => group.user_id === row.id).map((group) => ({ id: group.id, displayName: group.display_name })),
    }))
  }

  async function find(from: Kysely<Database>, client: ScimClient, given: string, lock = false): Promise<Row> {
    const id = scimId(given)
    let query = id === undefined ? undefined : people(from, client).where('u.id', '=', id)
    if (query !== undefined && lock) query = query.forUpdate('u')
    const row = query === undefined ? undefined : await query.executeTakeFirst()
    if (row === undefined) throw ScimError.notFound('User', given)
    return row
  }

  /** Writes a person as `next` says: made (no `current`) or changed; one 409 for any clash, saying nothing of whose. */
  async function write(trx: Kysely<Database>, client: ScimClient, current: Row | undefined, next: ScimUserState): Promise<number> {
    const person = personOf(next)
    const clash = () => new ScimError(409, 'uniqueness', `A person with the userName or email ${JSON.stringify(next.userName)} is already known: find them with filter=userName eq "..."`)
    const nameTaken = await trx
      .selectFrom('scim_users')
      .select('user_id')
      .where('institution_id', '=', client.institutionId)
      .where(sql<string>`lower(user_name)`, '=', next.userName.toLowerCase())
      .$if(current !== undefined, (query) => query.where('user_id', '!=', current!.id))
      .executeTakeFirst()
    if (nameTaken !== undefined) throw clash()
    // Every institution's people and the operator: an email is one person's on the whole platform.
    const emailTaken = await trx
      .selectFrom('users')
      .select('id')
      .where(sql<string>`lower(email)`, '=', person.email)
      .$if(current !== undefined, (query) => query.where('id', '!=', current!.id))
      .executeTakeFirst()
    if (emailTaken !== undefined) throw clash()

    const link = { user_name: next.userName, external_id: next.externalId, given_name: next.givenName, family_name: next.familyName, updated_at: new Date() }
    if (current === undefined) {
      const { id } = await trx
        .insertInto('users')
        .values({ institution_id: client.institutionId, email: person.email, name: person.name, role: 'lecturer', disabled_at: next.active ? null : new Date() })
        .returning('id')
        .executeTakeFirstOrThrow()
        .catch(uniqueAs(clash))
      await trx.insertInto('scim_users').values({ user_id: id, institution_id: client.institutionId, ...link }).execute().catch(uniqueAs(clash))
      await auditScim(trx, client, 'scim.userCreate', 'staff', id, { email: person.email, active: next.active })
      return id
    }

    const before = stateOf(current)
    const changed = (Object.keys(next) as (keyof ScimUserState)[]).filter((key) => next[key] !== before[key] && !(key === 'displayName' && person.name === current.name))
    const activeChanged = next.active !== current.active
    await trx
      .insertInto('scim_users')
      .values({ user_id: current.id, institution_id: client.institutionId, ...link })
      .onConflict((conflict) => conflict.column('user_id').doUpdateSet(link))
      .execute()
      .catch(uniqueAs(clash))
    if (person.email !== current.email.toLowerCase() || person.name !== current.name || activeChanged) {
      await trx
        .updateTable('users')
        .set({ email: person.email, name: person.name, ...(activeChanged ? activeChangeValues(next.active) : {}) })
        .where('id', '=', current.id)
        .where('institution_id', '=', client.institutionId)
        .where('role', '!=', OPERATOR_ROLE)
        .execute()
        .catch(uniqueAs(clash))
    }
    const fields = changed.filter((key) => key !== 'active')
    if (fields.length > 0) await auditScim(trx, client, 'scim.userUpdate', 'staff', current.id, { fields })
    if (activeChanged) await auditScim(trx, client, next.active ? 'scim.userReactivate' : 'scim.userDeactivate', 'staff', current.id)
    return current.id
  }

  const answer = async (from: Kysely<Database>, client: ScimClient, id: number) => (await records(from, client, [await find(from, client, String(id))]))[0]!

  return {
    async get(client: ScimClient, id: string): Promise<ScimUserRecord> {
      return (await records(db, client, [await find(db, client, id)]))[0]!
    },

    /** One page of the institution's people, by id; `filter` is `userName eq "..."`, `externalId eq "..."` or `id eq "..."`. */
    async list(client: ScimClient, filter: string | undefined, paging: ScimPaging): Promise<{ total: number; users: ScimUserRecord[] }> {
      let query = people(db, client)
      if (filter !== undefined) {
        const { attribute, value } = parseFilter(filter, USER_FILTERS)
        if (attribute === 'userName') query = query.where(sql<string>`lower(coalesce(s.user_name, u.email))`, '=', value.toLowerCase())
        else if (attribute === 'externalId') query = query.where('s.external_id', '=', value)
        else query = query.where('u.id', '=', scimId(value) ?? 0)
      }
      const total = Number((await query.clearSelect().select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n)
      const rows = paging.count === 0 ? [] : await query.orderBy('u.id').offset(paging.startIndex - 1).limit(paging.count).execute()
      return { total, users: await records(db, client, rows) }
    },

    create(client: ScimClient, body: unknown): Promise<ScimUserRecord> {
      const next = userFromResource(body)
      personOf(next)
      return db.transaction().execute(async (trx) => answer(trx, client, await write(trx, client, undefined, next)))
    },

    /** PUT: the whole person as the body says (Okta updates this way); `active` left out stays as it is. */
    replace(client: ScimClient, id: string, body: unknown): Promise<ScimUserRecord> {
      return db.transaction().execute(async (trx) => {
        const current = await find(trx, client, id, true)
        return answer(trx, client, await write(trx, client, current, userFromResource(body, stateOf(current))))
      })
    },

    patch(client: ScimClient, id: string, body: unknown): Promise<ScimUserRecord> {
      const operations = parsePatch(body)
      return db.transaction().execute(async (trx) => {
        const current = await find(trx, client, id, true)
        return answer(trx, client, await write(trx, client, current, patchUser(stateOf(current), operations)))
      })
    },

    /** DELETE: people are never deleted here (their ratings and history stay): the person is disabled. */
    deactivate(client: ScimClient, id: string): Promise<void> {
      return db.transaction().execute(async (trx) => {
        const current = await find(trx, client, id, true)
        await write(trx, client, current, { ...stateOf(current), active: false })
      })
    },
  }
}

export type ScimUserService = ReturnType<typeof createScimUserService>

/** A unique index refusing a write that a concurrent request beat this one to: the same 409 as found before. */
function uniqueAs(clash: () => ScimError): (error: unknown) => never {
  return (error) => {
    throw (error as { code?: unknown }).code === '23505' ? clash() : error
  }
}
