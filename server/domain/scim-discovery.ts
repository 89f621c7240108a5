import { SCIM_ENTERPRISE_USER, SCIM_GROUP, SCIM_LIST_RESPONSE, SCIM_MAX_RESULTS, SCIM_USER } from './scim.js'

/**
 * What a SCIM client reads to learn this service (RFC 7643 §5-§7): its configuration, the resource
 * types and the schemas of their attributes. Only what the service keeps is described; attributes it
 * accepts and leaves alone (title, phoneNumbers, the enterprise extension's) are not.
 *
 * ```ts
 * serviceProviderConfig('https://ct.example.org/scim/v2').patch // { supported: true }
 * ```
 */

const SERVICE_PROVIDER_CONFIG = 'urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig'
const RESOURCE_TYPE = 'urn:ietf:params:scim:schemas:core:2.0:ResourceType'
const SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Schema'

export function serviceProviderConfig(base: string) {
  return {
    schemas: [SERVICE_PROVIDER_CONFIG],
    documentationUri: 'https://datatracker.ietf.org/doc/html/rfc7644',
    patch: { supported: true },
    bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
    filter: { supported: true, maxResults: SCIM_MAX_RESULTS },
    changePassword: { supported: false },
    sort: { supported: false },
    etag: { supported: false },
    authenticationSchemes: [
      {
        type: 'oauthbearertoken',
        name: 'OAuth Bearer Token',
        description: 'A token HR create on the Provisioning page (/hr/provisioning), sent as Authorization: Bearer <token>',
        specUri: 'https://datatracker.ietf.org/doc/html/rfc6750',
        primary: true,
      },
    ],
    meta: { resourceType: 'ServiceProviderConfig', location: `${base}/ServiceProviderConfig` },
  }
}

function resourceTypes(base: string) {
  return [
    { schemas: [RESOURCE_TYPE], id: 'User', name: 'User', endpoint: '/Users', description: 'A person of the institution', schema: SCIM_USER, schemaExtensions: [{ schema: SCIM_ENTERPRISE_USER, required: false }], meta: { resourceType: 'ResourceType', location: `${base}/ResourceTypes/User` } },
    { schemas: [RESOURCE_TYPE], id: 'Group', name: 'Group', endpoint: '/Groups', description: 'A directory group; HR may map it to a department or role profile', schema: SCIM_GROUP, meta: { resourceType: 'ResourceType', location: `${base}/ResourceTypes/Group` } },
  ]
}

interface Attribute {
  name: string
  type: 'string' | 'boolean' | 'complex' | 'reference'
  multiValued: boolean
  required: boolean
  mutability: 'readOnly' | 'readWrite' | 'immutable'
  returned: 'always' | 'default'
  uniqueness: 'none' | 'server'
  caseExact: boolean
  description: string
  subAttributes?: Attribute[]
  referenceTypes?: string[]
}

const text = (name: string, description: string, extra: Partial<Attribute> = {}): Attribute => ({ name, type: 'string', multiValued: false, required: false, mutability: 'readWrite', returned: 'default', uniqueness: 'none', caseExact: false, description, ...extra })

function schemas(base: string) {
  const user = {
    schemas: [SCHEMA],
    id: SCIM_USER,
    name: 'User',
    description: 'A person of the institution; provisioned people are lecturers until HR give another role',
    attributes: [
      text('userName', 'The person’s sign-in email (or a unique name, with the email in emails)', { required: true, uniqueness: 'server' }),
      text('externalId', 'The directory’s own identifier of the person', { caseExact: true }),
      { ...text('name', 'The person’s name'), type: 'complex', subAttributes: [text('givenName', 'Given name'), text('familyName', 'Family name'), text('formatted', 'The full name', { mutability: 'readOnly' })] } as Attribute,
      text('displayName', 'The name shown in the app'),
      { ...text('emails', 'The person’s email; the primary (else the work) one is used'), type: 'complex', multiValued: true, subAttributes: [text('value', 'The email'), text('type', 'work'), { ...text('primary', 'Whether it is the primary email'), type: 'boolean' }] } as Attribute,
      { ...text('active', 'false disables the person and ends all their sessions; their history stays'), type: 'boolean' } as Attribute,
      { ...text('groups', 'The groups the person is a member of'), type: 'complex', multiValued: true, mutability: 'readOnly', subAttributes: [text('value', 'The group’s id', { mutability: 'readOnly' }), text('display', 'The group’s name', { mutability: 'readOnly' })] } as Attribute,
    ],
    meta: { resourceType: 'Schema', location: `${base}/Schemas/${SCIM_USER}` },
  }
  const group = {
    schemas: [SCHEMA],
    id: SCIM_GROUP,
    name: 'Group',
    description: 'A directory group: its members are placed in the department or role profile HR map it to',
    attributes: [
      text('displayName', 'The group’s name', { required: true }),
      text('externalId', 'The directory’s own identifier of the group', { caseExact: true }),
      { ...text('members', 'The people in the group'), type: 'complex', multiValued: true, subAttributes: [text('value', 'The person’s id', { mutability: 'immutable' }), text('display', 'The person’s name', { mutability: 'readOnly' })] } as Attribute,
    ],
    meta: { resourceType: 'Schema', location: `${base}/Schemas/${SCIM_GROUP}` },
  }
  return [user, group]
}

/** GET /ResourceTypes or /Schemas as a ListResponse; one by its id, or undefined when there is none. */
export function discoveryList(kind: 'ResourceTypes' | 'Schemas', base: string) {
  const resources = kind === 'ResourceTypes' ? resourceTypes(base) : schemas(base)
  return { schemas: [SCIM_LIST_RESPONSE], totalResults: resources.length, startIndex: 1, itemsPerPage: resources.length, Resources: resources }
}

export function discoveryItem(kind: 'ResourceTypes' | 'Schemas', base: string, id: string) {
  const resources: readonly { id: string }[] = kind === 'ResourceTypes' ? resourceTypes(base) : schemas(base)
  return resources.find((resource) => resource.id === id)
}
