import type { FastifyError, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import { discoveryItem, discoveryList, serviceProviderConfig } from '../domain/scim-discovery.js'
import { groupResource, listResponse, userResource } from '../domain/scim-resources.js'
import { parsePaging, ScimError, scimErrorBody, type ScimErrorType } from '../domain/scim.js'
import { describeAndLog } from '../plugins/errors.js'
import type { ScimClient } from '../services/scim-tokens.js'

export interface ScimRoutesOptions {
  /** Where people reach the app (PUBLIC_URL): every `location` answered starts with it, never with the Host header. */
  readonly origin: string
}

/** The largest body a SCIM request may send: a group's members in one PUT, with room to spare. */
export const SCIM_BODY_LIMIT = 256 * 1024
const SCIM_TYPE = 'application/scim+json; charset=utf-8'

type Query = Record<string, string | string[] | undefined>

/**
 * The SCIM 2.0 service (RFC 7644) at /scim/v2, in a context of its own: a university's directory
 * (Microsoft Entra ID, Okta, ...) creates, changes and disables the institution's people and groups.
 * Only a SCIM token HR made opens it (`Authorization: Bearer`), scoped to that token's institution; a
 * person's session cookie or API token opens nothing here, and as no cookie is read, no form token is
 * asked for either. Bodies are JSON as `application/scim+json` or `application/json`; every answer,
 * errors included (RFC 7644 §3.12), is `application/scim+json`.
 */
const scimRoutes: FastifyPluginAsync<ScimRoutesOptions> = async (app, { origin }) => {
  const { scimTokens, scimUsers, scimGroups } = app.services
  const base = `${origin.replace(/\/+$/, '')}/scim/v2`
  const clients = new WeakMap<FastifyRequest, ScimClient>()
  const clientOf = (request: FastifyRequest): ScimClient => clients.get(request)!

  // SCIM speaks JSON under its own media type too; nothing else is read here (415).
  app.removeContentTypeParser(['text/plain', 'application/x-www-form-urlencoded'])
  app.addContentTypeParser('application/scim+json', { parseAs: 'string' }, app.getDefaultJsonParser('error', 'error'))

  app.setErrorHandler(async (error: FastifyError, request, reply) => {
    if (error instanceof ScimError) {
      request.log.info({ url: request.url, status: error.status, scimType: error.scimType }, error.message)
      return scim(reply, error.status, scimErrorBody(error.status, error.message, error.scimType))
    }
    const problem = describeAndLog(error, request)
    const type: ScimErrorType | undefined = problem.status !== 400 ? undefined : /JSON|EMPTY/i.test(String(error.code ?? '')) || error instanceof SyntaxError ? 'invalidSyntax' : 'invalidValue'
    return scim(reply, problem.status, scimErrorBody(problem.status, problem.message, type))
  })
  app.setNotFoundHandler(async (request, reply) => scim(reply, 404, scimErrorBody(404, `The SCIM service has no ${request.method} ${request.url.split('?')[0]}: see /scim/v2/ResourceTypes`)))

  app.addHook('onRequest', async (request, reply) => {
    const token = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '')?.[1]
    const client = token === undefined ? undefined : await scimTokens.authenticate(token)
    if (client !== undefined) {
      clients.set(request, client)
      return
    }
    reply.header('www-authenticate', `Bearer realm="SCIM"${token === undefined ? '' : ', error="invalid_token"'}`)
    return scim(reply, 401, scimErrorBody(401, token === undefined ? 'Send the SCIM token HR made on the Provisioning page: Authorization: Bearer <token>' : 'This token is not a SCIM token of any institution, or it was revoked'))
  })

  const route = { config: { access: 'public', csrf: false }, schema: { hide: true }, bodyLimit: SCIM_BODY_LIMIT } as const

  app.get('/ServiceProviderConfig', route, async (_request, reply) => scim(reply, 200, serviceProviderConfig(base)))
  for (const kind of ['ResourceTypes', 'Schemas'] as const) {
    app.get(`/${kind}`, route, async (_request, reply) => scim(reply, 200, discoveryList(kind, base)))
    app.get<{ Params: { id: string } }>(`/${kind}/:id`, route, async (request, reply) => {
      const found = discoveryItem(kind, base, request.params.id)
      if (found === undefined) throw new ScimError(404, undefined, `There is no ${kind === 'Schemas' ? 'schema' : 'resource type'} ${JSON.stringify(request.params.id.slice(0, 100))} here`)
      return scim(reply, 200, found)
    })
  }

  app.get<{ Querystring: Query }>('/Users', route, async (request, reply) => {
    const { filter, paging } = listing(request.query)
    const { total, users } = await scimUsers.list(clientOf(request), filter, paging)
    return scim(reply, 200, listResponse(users.map((user) => userResource(user, base)), total, paging.startIndex))
  })
  app.post('/Users', route, async (request, reply) => {
    const user = userResource(await scimUsers.create(clientOf(request), request.body), base)
    return scim(reply.header('location', user.meta.location), 201, user)
  })
  app.get<{ Params: { id: string } }>('/Users/:id', route, async (request, reply) => scim(reply, 200, userResource(await scimUsers.get(clientOf(request), request.params.id), base)))
  app.put<{ Params: { id: string } }>('/Users/:id', route, async (request, reply) => scim(reply, 200, userResource(await scimUsers.replace(clientOf(request), request.params.id, request.body), base)))
  app.patch<{ Params: { id: string } }>('/Users/:id', route, async (request, reply) => scim(reply, 200, userResource(await scimUsers.patch(clientOf(request), request.params.id, request.body), base)))
  app.delete<{ Params: { id: string } }>('/Users/:id', route, async (request, reply) => {
    await scimUsers.deactivate(clientOf(request), request.params.id)
    return reply.code(204).send()
  })

  app.get<{ Querystring: Query }>('/Groups', route, async (request, reply) => {
    const { filter, paging } = listing(request.query)
    const withMembers = !excludesMembers(request.query)
    const { total, groups } = await scimGroups.list(clientOf(request), filter, paging, withMembers)
    return scim(reply, 200, listResponse(groups.map((group) => groupResource(group, base, withMembers)), total, paging.startIndex))
  })
  app.post('/Groups', route, async (request, reply) => {
    const group = groupResource(await scimGroups.create(clientOf(request), request.body), base)
    return scim(reply.header('location', group.meta.location), 201, group)
  })
  app.get<{ Params: { id: string }; Querystring: Query }>('/Groups/:id', route, async (request, reply) => {
    const withMembers = !excludesMembers(request.query)
    return scim(reply, 200, groupResource(await scimGroups.get(clientOf(request), request.params.id, withMembers), base, withMembers))
  })
  app.put<{ Params: { id: string } }>('/Groups/:id', route, async (request, reply) => scim(reply, 200, groupResource(await scimGroups.replace(clientOf(request), request.params.id, request.body), base)))
  app.patch<{ Params: { id: string } }>('/Groups/:id', route, async (request, reply) => scim(reply, 200, groupResource(await scimGroups.patch(clientOf(request), request.params.id, request.body), base)))
  app.delete<{ Params: { id: string } }>('/Groups/:id', route, async (request, reply) => {
    await scimGroups.remove(clientOf(request), request.params.id)
    return reply.code(204).send()
  })
}

/** A listing's filter and page from the query; a parameter given twice is a 400. */
function listing(query: Query) {
  const single = (name: string) => {
    const value = query[name]
    if (Array.isArray(value)) throw ScimError.invalidValue(`${name} is given once`)
    return value
  }
  const filter = single('filter')
  if (filter !== undefined && filter.trim() === '') throw new ScimError(400, 'invalidFilter', 'filter is empty: leave it out to list everything')
  return { filter, paging: parsePaging(single('startIndex'), single('count')) }
}

/** Entra reads groups with excludedAttributes=members: a large group's members are then left out. */
function excludesMembers(query: Query): boolean {
  const value = query['excludedAttributes']
  return [value ?? []].flat().some((list) => list.split(',').some((name) => name.trim().toLowerCase() === 'members'))
}

function scim(reply: FastifyReply, status: number, body: unknown): FastifyReply {
  return reply.code(status).type(SCIM_TYPE).header('cache-control', 'no-store').send(JSON.stringify(body))
}

export default scimRoutes
