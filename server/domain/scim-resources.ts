import { z } from 'zod'
import { ENTERPRISE_ATTRIBUTE, isObject, parsePath, SCIM_GROUP, SCIM_LIST_RESPONSE, SCIM_USER, scimBoolean, ScimError, scimText, type ScimOperation, type ScimPath } from './scim.js'

/**
 * SCIM's User and Group as this app keeps them: what a POST or PUT body says (`userFromResource`,
 * `groupFromResource`), what a PATCH makes of it (`patchUser`, `patchGroup`), and the resources
 * answered (`userResource`, `groupResource`). A user is a person of the institution: their email is
 * the userName when that is an email (as Entra and Okta send it), else the primary (or work) email.
 *
 * ```ts
 * const user = userFromResource({ userName: 'ama@uni.edu.gh', name: { givenName: 'Ama', familyName: 'Mensah' } })
 * personOf(user) // { email: 'ama@uni.edu.gh', name: 'Ama Mensah' }
 * patchUser(user, parsePatch({ Operations: [{ op: 'replace', value: { active: false } }] })).active // false
 * ```
 */

export interface ScimUserState {
  readonly userName: string
  readonly externalId: string | null
  readonly givenName: string | null
  readonly familyName: string | null
  readonly displayName: string | null
  /** The email of `emails` the person is reached at (primary, else work, else the first). */
  readonly email: string | null
  readonly active: boolean
}

export interface ScimGroupState {
  readonly displayName: string
  readonly externalId: string | null
  /** The members' SCIM ids, as sent (each checked by the service against the institution's people). */
  readonly members: readonly string[]
}

/**
 * Core User attributes (RFC 7643 §4.1) and Entra/Okta's usual mappings that this app does not keep:
 * accepted and left alone, so a directory's default attribute mapping does not fail. `password` among
 * them: people sign in through the institution's provider, never with a password a directory sets.
 * `roles` too: provisioning never gives an app role.
 */
const USER_ATTRIBUTES_NOT_KEPT = new Set(['nickname', 'profileurl', 'title', 'usertype', 'preferredlanguage', 'locale', 'timezone', 'password', 'phonenumbers', 'ims', 'photos', 'addresses', 'groups', 'entitlements', 'roles', 'x509certificates', 'schemas', 'meta', 'id', ENTERPRISE_ATTRIBUTE])
const NAME_PARTS_NOT_KEPT = new Set(['formatted', 'middlename', 'honorificprefix', 'honorificsuffix'])

const MAX_TEXT = 200
const MAX_USER_NAME = 254
const MAX_EXTERNAL_ID = 255
const MAX_EMAILS = 20
/** The most members one request may name (Entra sends membership in batches far smaller). */
export const SCIM_MAX_MEMBERS = 5000

const EMAIL = z.email().max(MAX_USER_NAME)

/** Reads a User from a POST or PUT body; `active` absent stays as `current` has it (true for a new user). */
export function userFromResource(body: unknown, current?: ScimUserState): ScimUserState {
  if (!isObject(body)) throw new ScimError(400, 'invalidSyntax', 'A User is a JSON object')
  const name = body['name']
  if (name !== undefined && name !== null && !isObject(name)) throw ScimError.invalidValue('name is an object with givenName and familyName')
  const names = isObject(name) ? lowerKeys(name) : {}
  return {
    userName: scimText(body['userName'], 'userName', MAX_USER_NAME),
    externalId: scimText(body['externalId'], 'externalId', MAX_EXTERNAL_ID, { nullable: true }),
    givenName: scimText(names['givenname'], 'name.givenName', MAX_TEXT, { nullable: true }),
    familyName: scimText(names['familyname'], 'name.familyName', MAX_TEXT, { nullable: true }),
    displayName: scimText(body['displayName'], 'displayName', MAX_TEXT, { nullable: true }),
    email: emailOfList(body['emails']),
    active: body['active'] === undefined ? (current?.active ?? true) : scimBoolean(body['active'], 'active'),
  }
}

/** The email and name a person is kept under; a User without an email anywhere is a 400. */
export function personOf(user: ScimUserState): { email: string; name: string } {
  const email = EMAIL.safeParse(user.userName).success ? user.userName : user.email
  if (email === null) throw ScimError.invalidValue('A person needs an email: userName as an email, or one in emails')
  const fullName = [user.givenName, user.familyName].filter((part) => part !== null).join(' ')
  const name = user.displayName ?? (fullName === '' ? email.split('@')[0]! : fullName)
  return { email: email.toLowerCase(), name: name.slice(0, MAX_TEXT) }
}

/** Applies PATCH operations to a User, in order (RFC 7644 §3.5.2); an attribute it does not have is a 400 invalidPath. */
export function patchUser(user: ScimUserState, operations: readonly ScimOperation[]): ScimUserState {
  let next = user
  for (const operation of operations) {
    if (operation.path === undefined) {
      next = setAll(next, operation.value, (state, path, value) => patchUserAttribute(state, operation.op, path, value))
    } else next = patchUserAttribute(next, operation.op, operation.path, operation.value)
  }
  return next
}

/** Okta's (and Entra's) pathless add/replace: each key of the value object is a path, `name` an object of its parts. */
function setAll<S>(state: S, value: unknown, apply: (state: S, path: ScimPath, value: unknown) => S, schema = SCIM_USER): S {
  if (!isObject(value)) throw ScimError.invalidValue('An add or replace without a path takes an object of attributes as its value')
  let next = state
  for (const [key, item] of Object.entries(value)) {
    if (key.toLowerCase() === schema.toLowerCase() && isObject(item)) next = setAll(next, item, apply, schema)
    else if (key.toLowerCase() === 'name' && isObject(item)) {
      for (const [part, partValue] of Object.entries(item)) next = apply(next, { attribute: 'name', subAttribute: part.toLowerCase() }, partValue)
    } else next = apply(next, parsePath(key, schema), item)
  }
  return next
}

function patchUserAttribute(user: ScimUserState, op: ScimOperation['op'], path: ScimPath, value: unknown): ScimUserState {
  const removing = op === 'remove'
  const text = (attribute: string, max: number) => (removing ? null : scimText(value, attribute, max, { nullable: true }))
  if (USER_ATTRIBUTES_NOT_KEPT.has(path.attribute)) return user
  if (path.filter === undefined) {
    switch (`${path.attribute}${path.subAttribute === undefined ? '' : `.${path.subAttribute}`}`) {
      case 'active':
        if (removing) throw new ScimError(400, 'mutability', 'active cannot be removed: replace it with false')
        return { ...user, active: scimBoolean(value, 'active') }
      case 'username':
        if (removing) throw new ScimError(400, 'mutability', 'userName cannot be removed')
        return { ...user, userName: scimText(value, 'userName', MAX_USER_NAME) }
      case 'displayname':
        return { ...user, displayName: text('displayName', MAX_TEXT) }
      case 'externalid':
        return { ...user, externalId: text('externalId', MAX_EXTERNAL_ID) }
      case 'name.givenname':
        return { ...user, givenName: text('name.givenName', MAX_TEXT) }
      case 'name.familyname':
        return { ...user, familyName: text('name.familyName', MAX_TEXT) }
      case 'name':
        if (removing) return { ...user, givenName: null, familyName: null }
        if (!isObject(value)) throw ScimError.invalidValue('name is an object with givenName and familyName')
        return setAll(user, { name: value }, (state, part, partValue) => patchUserAttribute(state, op, part, partValue))
      case 'emails':
        if (removing) return { ...user, email: null }
        // An add appends: the new email is the person's only when it is primary or they had none.
        return { ...user, email: op === 'add' && user.email !== null && !listHasPrimary(value) ? user.email : (emailOfList(Array.isArray(value) ? value : [value]) ?? user.email) }
    }
    if (path.attribute === 'name' && path.subAttribute !== undefined && NAME_PARTS_NOT_KEPT.has(path.subAttribute)) return user
  } else if (path.attribute === 'emails') {
    // emails[type eq "work"].value, emails[primary eq true].value: the person's email, whichever they name.
    if (path.subAttribute !== undefined && path.subAttribute !== 'value') return user
    if (removing) return { ...user, email: null }
    const given = path.subAttribute === 'value' ? value : isObject(value) ? value['value'] : value
    return { ...user, email: emailText(given, 'emails.value') }
  }
  throw new ScimError(400, 'invalidPath', `A User here has no attribute ${JSON.stringify(pathText(path))}`)
}

/** The email a list of SCIM emails gives the person: primary, else type work, else the first; null for none. */
function emailOfList(value: unknown): string | null {
  if (value === undefined || value === null) return null
  if (!Array.isArray(value) || value.length > MAX_EMAILS || !value.every(isObject)) throw ScimError.invalidValue(`emails is a list of at most ${MAX_EMAILS} objects with a value`)
  const chosen = value.find((email) => email['primary'] !== undefined && scimBoolean(email['primary'], 'emails.primary')) ?? value.find((email) => typeof email['type'] === 'string' && email['type'].toLowerCase() === 'work') ?? value[0]
  for (const email of value) if (email !== chosen) scimText(email['value'], 'emails.value', MAX_USER_NAME, { nullable: true })
  return chosen === undefined ? null : emailText(chosen['value'], 'emails.value')
}

function emailText(value: unknown, attribute: string): string {
  const text = scimText(value, attribute, MAX_USER_NAME)
  if (!EMAIL.safeParse(text).success) throw ScimError.invalidValue(`${attribute} ${JSON.stringify(text.slice(0, 100))} is not an email`)
  return text
}

function listHasPrimary(value: unknown): boolean {
  const list = Array.isArray(value) ? value : [value]
  return list.some((email) => isObject(email) && email['primary'] !== undefined && scimBoolean(email['primary'], 'emails.primary'))
}

/** Reads a Group from a POST or PUT body. */
export function groupFromResource(body: unknown): ScimGroupState {
  if (!isObject(body)) throw new ScimError(400, 'invalidSyntax', 'A Group is a JSON object')
  return {
    displayName: scimText(body['displayName'], 'displayName', MAX_TEXT),
    externalId: scimText(body['externalId'], 'externalId', MAX_EXTERNAL_ID, { nullable: true }),
    members: body['members'] === undefined || body['members'] === null ? [] : memberIds(body['members']),
  }
}

/** Applies PATCH operations to a Group: members added, removed or replaced; displayName and externalId set. */
export function patchGroup(group: ScimGroupState, operations: readonly ScimOperation[]): ScimGroupState {
  let next = group
  for (const operation of operations) {
    if (operation.path === undefined) next = setAll(next, operation.value, (state, path, value) => patchGroupAttribute(state, operation.op, path, value), SCIM_GROUP)
    else next = patchGroupAttribute(next, operation.op, operation.path, operation.value)
  }
  if (next.members.length > SCIM_MAX_MEMBERS) throw ScimError.invalidValue(`A group here has at most ${SCIM_MAX_MEMBERS} members`)
  return next
}

function patchGroupAttribute(group: ScimGroupState, op: ScimOperation['op'], path: ScimPath, value: unknown): ScimGroupState {
  const removing = op === 'remove'
  if (path.attribute === 'members') {
    if (path.filter !== undefined) {
      // Entra's and Okta's members[value eq "12"]: only a remove names a member that way.
      if (!removing || path.filter.attribute !== 'value' || path.subAttribute !== undefined) throw new ScimError(400, 'invalidPath', `${JSON.stringify(pathText(path))}: a member is named by a filter only to remove them`)
      return { ...group, members: group.members.filter((member) => member !== path.filter!.value) }
    }
    if (path.subAttribute !== undefined) throw new ScimError(400, 'invalidPath', `${JSON.stringify(pathText(path))} is not an attribute of a Group here`)
    if (removing) {
      // Entra's older shape names the members to remove in the value; without one, all go.
      if (value === undefined || value === null) return { ...group, members: [] }
      const leaving = new Set(memberIds(value))
      return { ...group, members: group.members.filter((member) => !leaving.has(member)) }
    }
    const given = memberIds(value)
    return { ...group, members: op === 'replace' ? [...new Set(given)] : [...new Set([...group.members, ...given])] }
  }
  if (path.filter === undefined && path.subAttribute === undefined) {
    if (path.attribute === 'displayname') {
      if (removing) throw new ScimError(400, 'mutability', 'displayName cannot be removed')
      return { ...group, displayName: scimText(value, 'displayName', MAX_TEXT) }
    }
    if (path.attribute === 'externalid') return { ...group, externalId: removing ? null : scimText(value, 'externalId', MAX_EXTERNAL_ID, { nullable: true }) }
    // Okta repeats the group's id (and both send schemas or meta) beside the changes.
    if (path.attribute === 'id' || path.attribute === 'schemas' || path.attribute === 'meta') return group
  }
  throw new ScimError(400, 'invalidPath', `A Group here has no attribute ${JSON.stringify(pathText(path))}`)
}

/** The member ids of `members`' value: a list of `{ value }` (one such object alone is taken as a list of one). */
function memberIds(value: unknown): string[] {
  const list = Array.isArray(value) ? value : [value]
  if (list.length > SCIM_MAX_MEMBERS) throw ScimError.invalidValue(`At most ${SCIM_MAX_MEMBERS} members in one request`)
  return list.map((member) => {
    if (!isObject(member)) throw ScimError.invalidValue('members is a list of objects with a value (the member’s id)')
    return scimText(member['value'], 'members.value', 40)
  })
}

/** What the service knows of a person, to answer as a User. */
export interface ScimUserRecord extends ScimUserState {
  readonly id: number
  /** The person's name in the app (displayName, else the given and family names). */
  readonly name: string
  readonly created: Date
  readonly lastModified: Date
  readonly groups: readonly { readonly id: number; readonly displayName: string }[]
}

export interface ScimGroupRecord {
  readonly id: number
  readonly displayName: string
  readonly externalId: string | null
  readonly members: readonly { readonly id: number; readonly name: string }[]
  readonly created: Date
  readonly lastModified: Date
}

/** A User resource (RFC 7643 §4.1), at `base` (…/scim/v2). */
export function userResource(user: ScimUserRecord, base: string) {
  const name = { ...(user.givenName === null ? {} : { givenName: user.givenName }), ...(user.familyName === null ? {} : { familyName: user.familyName }) }
  return {
    schemas: [SCIM_USER],
    id: String(user.id),
    ...(user.externalId === null ? {} : { externalId: user.externalId }),
    userName: user.userName,
    ...(Object.keys(name).length === 0 ? {} : { name: { ...name, formatted: [user.givenName, user.familyName].filter((part) => part !== null).join(' ') } }),
    displayName: user.name,
    emails: user.email === null ? [] : [{ value: user.email, type: 'work', primary: true }],
    active: user.active,
    groups: user.groups.map((group) => ({ value: String(group.id), display: group.displayName, $ref: `${base}/Groups/${group.id}` })),
    meta: { resourceType: 'User', created: user.created.toISOString(), lastModified: user.lastModified.toISOString(), location: `${base}/Users/${user.id}` },
  }
}

/** A Group resource (RFC 7643 §4.2); `members` left out when the client asked it excluded. */
export function groupResource(group: ScimGroupRecord, base: string, withMembers = true) {
  return {
    schemas: [SCIM_GROUP],
    id: String(group.id),
    ...(group.externalId === null ? {} : { externalId: group.externalId }),
    displayName: group.displayName,
    ...(withMembers ? { members: group.members.map((member) => ({ value: String(member.id), display: member.name, $ref: `${base}/Users/${member.id}` })) } : {}),
    meta: { resourceType: 'Group', created: group.created.toISOString(), lastModified: group.lastModified.toISOString(), location: `${base}/Groups/${group.id}` },
  }
}

/** A ListResponse (RFC 7644 §3.4.2). */
export function listResponse<T>(resources: readonly T[], totalResults: number, startIndex: number) {
  return { schemas: [SCIM_LIST_RESPONSE], totalResults, startIndex, itemsPerPage: resources.length, Resources: resources }
}

function lowerKeys(object: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(object).map(([key, value]) => [key.toLowerCase(), value]))
}

function pathText(path: ScimPath): string {
  return `${path.attribute}${path.filter === undefined ? '' : `[${path.filter.attribute} eq "${path.filter.value}"]`}${path.subAttribute === undefined ? '' : `.${path.subAttribute}`}`
}
