import type { FastifyError, FastifyPluginAsync, FastifyReply } from 'fastify'
import type { Readable } from 'node:stream'
import { isCaseCollection } from '../domain/case-objects.js'
import { jsonStream } from '../http/json-stream.js'
import { describeAndLog } from '../plugins/errors.js'
import { requireCaseClients } from '../http/case-clients.js'

export type CaseServiceVersion = 'v1p0' | 'v1p1'

export interface CaseRoutesOptions {
  /** Where people reach the app (PUBLIC_URL): every uri we publish starts with it, never with the Host header. */
  readonly origin: string
  readonly version: CaseServiceVersion
  /** Clients that may read the service (CASE_CLIENTS), by id with their secret; none: the service is public. */
  readonly clients: ReadonlyMap<string, string>
}

/** An identifier as 1EdTech's CASE writes one (a UUID; upper case accepted). */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const DOCUMENT_FIELDS = ['identifier', 'uri', 'creator', 'title', 'lastChangeDateTime', 'publisher', 'description', 'version', 'language', 'adoptionStatus', 'officialSourceURL', 'CFPackageURI'] as const

/**
 * The 1EdTech CASE provider service at /ims/case/v1p0 and /ims/case/v1p1 (registered once per
 * version, with that prefix): getAllCFDocuments (limit, offset, sort, orderBy, fields), then one
 * object by its identifier for each collection of domain/case-objects.ts. Public by default:
 * frameworks are published standards, and a CASE consumer reads them without an account; with
 * CASE_CLIENTS set, only with a client-credentials token (http/case-clients.ts). Answers are JSON; errors
 * are imsx_StatusInfo, as the service's binding says.
 */
const caseRoutes: FastifyPluginAsync<CaseRoutesOptions> = async (app, { origin, version, clients }) => {
  const { caseProvider } = app.services
  const base = `${origin.replace(/\/+$/, '')}/ims/case/${version}`
  // The one code minor whose spelling changed between the versions of the service.
  const invalidUuid = version === 'v1p0' ? 'invaliduuid' : 'invalid_uuid'

  app.setErrorHandler(async (error: FastifyError, request, reply) => {
    const problem = describeAndLog(error, request)
    return status(reply, problem.status, problem.status >= 500 ? 'internal_server_error' : undefined, problem.message)
  })
  app.setNotFoundHandler(async (request, reply) =>
    status(reply, 404, undefined, `The CASE service has no call ${request.method} ${request.url.split('?')[0]}: see 1EdTech's CASE ${version === 'v1p0' ? '1.0' : '1.1'} service`),
  )
  app.addHook('onSend', async (_request, reply) => {
    // Published frameworks, readable from any site (a CASE editor in a browser); no cookies are read here.
    reply.header('access-control-allow-origin', '*')
  })
  // A setting can close the service to all but the clients it names (http/case-clients.ts).
  if (clients.size > 0) requireCaseClients(app, clients, (reply, code, minor, description) => status(reply, code, version === 'v1p0' ? `${minor}request` : `${minor}_request`, description))

  app.get<{ Querystring: Record<string, string | string[] | undefined> }>('/CFDocuments', { config: { access: 'public' }, schema: { hide: true } }, async (request, reply) => {
    const query = request.query
    const single = (name: string): string | undefined => {
      const value = query[name]
      return Array.isArray(value) ? value[0] : value
    }
    const limit = whole(single('limit'), 1)
    const offset = whole(single('offset'), 0)
    if (limit === null || offset === null) return status(reply, 400, undefined, 'limit must be a whole number of at least 1, and offset one of at least 0')
    const sort = single('sort')
    if (sort !== undefined && !(DOCUMENT_FIELDS as readonly string[]).includes(sort)) {
      return status(reply, 400, 'invalid_sort_field', `Documents can be sorted by ${DOCUMENT_FIELDS.join(', ')}; not by "${sort}"`)
    }
    const orderBy = single('orderBy') ?? 'asc'
    if (orderBy !== 'asc' && orderBy !== 'desc') return status(reply, 400, 'invalid_sort_field', 'orderBy must be asc or desc')
    const fields = single('fields')?.split(',').map((field) => field.trim()).filter(Boolean)
    const unknown = fields?.filter((field) => !(DOCUMENT_FIELDS as readonly string[]).includes(field)) ?? []
    if (unknown.length > 0) return status(reply, 400, 'invalid_selection_field', `Documents have no field ${unknown.map((field) => `"${field}"`).join(', ')}; they have ${DOCUMENT_FIELDS.join(', ')}`)
    if (single('filter') !== undefined) return status(reply, 400, 'invalid_selection_field', 'This service does not filter documents: it lists them all (there are few); leave out filter, and page with limit and offset')

    let documents = (await caseProvider.list(base)) as unknown as Record<string, unknown>[]
    if (sort !== undefined) {
      const text = (document: Record<string, unknown>) => (typeof document[sort] === 'string' ? (document[sort] as string) : JSON.stringify(document[sort] ?? ''))
      documents = [...documents].sort((a, b) => text(a).localeCompare(text(b), 'en') * (orderBy === 'desc' ? -1 : 1))
    }
    const page = documents.slice(offset ?? 0, limit === undefined ? undefined : (offset ?? 0) + limit)
    reply.header('x-total-count', String(documents.length))
    return json(reply, { CFDocuments: fields === undefined ? page : page.map((document) => Object.fromEntries(fields.filter((field) => field in document).map((field) => [field, document[field]]))) })
  })

  app.get<{ Params: { collection: string; identifier: string } }>('/:collection/:identifier', { config: { access: 'public' }, schema: { hide: true } }, async (request, reply) => {
    const { collection, identifier } = request.params
    if (!isCaseCollection(collection)) return reply.callNotFound()
    if (!UUID.test(identifier)) return status(reply, 400, invalidUuid, `"${identifier}" is not a CASE identifier (a UUID such as 3f1e2d3c-0a4b-4c5d-8e6f-7a8b9c0d1e2f)`)
    const found = await caseProvider.find(base, collection, identifier)
    if (found === undefined) return status(reply, 404, 'unknownobject', `No ${collection.replace(/^CF/, '').replace(/s$/, '')} ${identifier} here`)
    return collection === 'CFPackages' ? json(reply, found, jsonStream(found)) : json(reply, found)
  })
}

function whole(text: string | undefined, minimum: number): number | undefined | null {
  if (text === undefined) return undefined
  if (!/^\d{1,9}$/.test(text)) return null
  const value = Number(text)
  return value >= minimum ? value : null
}

/** A package is written a piece at a time (`stream`): it can weigh tens of megabytes. */
function json(reply: FastifyReply, body: unknown, stream?: Readable): FastifyReply {
  // The newest version answers for an identifier: a minute of caching lets a new version show soon.
  return reply.type('application/json; charset=utf-8').header('cache-control', 'public, max-age=60').send(stream ?? JSON.stringify(body))
}

/** An imsx_StatusInfo answer: failure, with the code minor the service's vocabulary has for it. */
function status(reply: FastifyReply, code: number, minor: string | undefined, description: string): FastifyReply {
  return reply
    .code(code)
    .type('application/json; charset=utf-8')
    .send({
      imsx_codeMajor: 'failure',
      imsx_severity: 'error',
      imsx_description: description,
      ...(minor === undefined ? {} : { imsx_codeMinor: { imsx_codeMinorField: [{ imsx_codeMinorFieldName: 'sourcedId', imsx_codeMinorFieldValue: minor }] } }),
    })
}

export default caseRoutes
