import type { FastifyPluginAsync } from 'fastify'
import { jsonErrorHandler } from '../plugins/errors.js'
import { parseId } from '../http/ids.js'
import { badgeHue, badgePng } from '../domain/badge-image.js'

/**
 * What verifiers of our Open Badges fetch, without signing in: each institution's issuer profile, its
 * public keys (a JWK Set, and each key at the address a credential's `kid` names) and its revocation
 * list (a signed Bitstring Status List credential). Any origin may read them (a verifier in a browser).
 */
const issuerRoutes: FastifyPluginAsync = async (app) => {
  const { issuers } = app.services
  app.setErrorHandler(jsonErrorHandler)
  const notFound = { error: { code: 'not_found', message: 'There is no such issuer or key here' } }
  app.addHook('onSend', async (_request, reply) => {
    reply.header('access-control-allow-origin', '*')
    // Keys and profiles change rarely, the list when a credential is revoked: verifiers may keep them a few minutes.
    if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'public, max-age=300')
  })

  app.get<{ Params: { institution: string } }>('/issuers/:institution', { config: { access: 'public' }, schema: { hide: true } }, async (request, reply) => {
    const id = parseId(request.params.institution)
    const profile = id === undefined ? undefined : await issuers.issuer(id)
    if (profile === undefined) return reply.code(404).send(notFound)
    return reply.type('application/json').send(profile)
  })

  // The image of the institution's achievements (each credential's own copy carries the credential baked in).
  app.get<{ Params: { institution: string } }>('/issuers/:institution/badge.png', { config: { access: 'public' }, schema: { hide: true } }, async (request, reply) => {
    const id = parseId(request.params.institution)
    const profile = id === undefined ? undefined : await issuers.issuer(id)
    if (id === undefined || profile === undefined) return reply.code(404).send(notFound)
    return reply.type('image/png').send(badgePng({ hue: badgeHue(id) }))
  })

  app.get<{ Params: { institution: string } }>('/issuers/:institution/jwks', { config: { access: 'public' }, schema: { hide: true } }, async (request, reply) => {
    const id = parseId(request.params.institution)
    const profile = id === undefined ? undefined : await issuers.issuer(id)
    if (id === undefined || profile === undefined) return reply.code(404).send(notFound)
    return reply.type('application/jwk-set+json').send(await issuers.jwks(id))
  })

  app.get<{ Params: { institution: string; kid: string } }>('/issuers/:institution/keys/:kid', { config: { access: 'public' }, schema: { hide: true } }, async (request, reply) => {
    const id = parseId(request.params.institution)
    const key = id === undefined ? undefined : await issuers.key(id, request.params.kid)
    if (key === undefined) return reply.code(404).send(notFound)
    return reply.type('application/jwk+json').send(key)
  })

  app.get<{ Params: { institution: string } }>('/issuers/:institution/status/revocation', { config: { access: 'public' }, schema: { hide: true } }, async (request, reply) => {
    const id = parseId(request.params.institution)
    const list = id === undefined ? undefined : await issuers.revocationList(id)
    if (list === undefined) return reply.code(404).send(notFound)
    // Verifiers must see a revocation soon: a minute, not five.
    return reply.header('cache-control', 'public, max-age=60').type('application/vc+jwt').send(list)
  })
}

export default issuerRoutes
