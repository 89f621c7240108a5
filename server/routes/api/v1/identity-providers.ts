import type { FastifyRequest } from 'fastify'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { IDENTITY_PROVIDER_KINDS, identityProviderPatchShape, identityProviderShape, placementRuleShape, redirectUriOf, type IdentityProvider } from '../../../domain/identity-providers.js'
import { OPERATOR_ROLE } from '../../../domain/roles.js'
import { certificateOf, serviceProviderOf } from '../../../domain/saml.js'
import { errorResponse } from '../../../http/api-schemas.js'
import { parseId } from '../../../http/ids.js'
import { signedInUser } from '../../../plugins/access.js'
import { ForbiddenError, InvalidInputError, NotFoundError } from '../../../services/errors.js'
import type { ProviderActor } from '../../../services/identity-providers.js'

const serviceProviderResponse = z.object({
  entityId: z.string().describe("Our entity ID for this provider (also our metadata's address)"),
  acsUrl: z.string().describe('Our assertion consumer service (HTTP-POST)'),
  metadataUrl: z.string().describe('Our SAML metadata, to give the IdP or the federation'),
})

const providerResponse = z.object({
  id: z.number().int(),
  institutionId: z.number().int(),
  kind: z.enum(IDENTITY_PROVIDER_KINDS),
  name: z.string(),
  emailDomains: z.array(z.string()),
  createUnknown: z.boolean(),
  mappings: z.array(placementRuleShape),
  issuer: z.string().describe("OpenID Connect: the issuer URL; SAML: the IdP's entity ID"),
  clientId: z.string().describe('OpenID Connect only (empty for SAML)'),
  hasClientSecret: z.boolean().describe('The secret itself is never shown again'),
  redirectUri: z.string().nullable().describe('OpenID Connect: the redirect URI to register with the provider'),
  ssoUrl: z.string().nullable().describe("SAML: the IdP's single sign-on address (HTTP-Redirect), from its metadata"),
  metadataUrl: z.string().nullable().describe("SAML: where the IdP's metadata is read, when given by address"),
  certificates: z.array(z.object({ subject: z.string(), sha256: z.string(), notAfter: z.string() })).describe("SAML: the IdP's signing certificates"),
  serviceProvider: serviceProviderResponse.nullable().describe('SAML: what to give the IdP or the federation'),
})

const params = z.object({ id: z.string().max(20) })
/** A SAML IdP's metadata may come in the body: a few kilobytes, up to half a megabyte with its escapes. */
const METADATA_BODY_LIMIT = 1024 * 1024

/**
 * Identity providers: the platform operator keeps any institution's, HR their own. HR asking for
 * another institution's provider find none (404); the secret is written, never read back.
 */
const identityProvidersApi: FastifyPluginAsyncZod = async (app) => {
  const { identityProviders, institutionAdmin } = app.services
  const WHO = ['hr', OPERATOR_ROLE] as const

  const actorOf = (request: FastifyRequest): ProviderActor => {
    const user = signedInUser(request)
    return { id: user.id, institutionId: user.role === OPERATOR_ROLE ? undefined : user.institutionId }
  }
  const providerId = (given: string) => {
    const id = parseId(given)
    if (id === undefined) throw NotFoundError.of('notFound', { thing: 'identityProvider', id: given })
    return id
  }
  const shown = (provider: IdentityProvider) => ({
    ...provider,
    emailDomains: [...provider.emailDomains],
    mappings: [...provider.mappings],
    certificates: provider.certificates.flatMap((certificate) => certificateOf(certificate) ?? []),
    ...addresses(provider),
  })
  /** What the provider's side is given: the redirect URI (OpenID Connect) or our SAML addresses. */
  const addresses = (provider: { id: number; kind: string }) =>
    provider.kind === 'saml' ? { redirectUri: null, serviceProvider: serviceProviderOf(app.caseOrigin, provider.id) } : { redirectUri: redirectUriOf(app.caseOrigin, provider.id), serviceProvider: null }

  app.get(
    '/institutions',
    { config: { access: [OPERATOR_ROLE] }, schema: { tags: ['sign-in'], summary: 'Every institution of the platform, with its id (platform operator)', response: { 200: z.array(z.object({ id: z.number().int(), name: z.string(), country: z.string() })) } } },
    async () => (await institutionAdmin.list()).map(({ id, name, country }) => ({ id, name, country })),
  )

  app.get(
    '/identity-providers',
    { config: { access: WHO }, schema: { tags: ['sign-in'], summary: 'The sign-in providers you keep: your institution\'s (HR), or every institution\'s (platform operator)', response: { 200: z.array(providerResponse) } } },
    async (request) => (await identityProviders.list(actorOf(request))).map(shown),
  )

  app.post(
    '/identity-providers',
    {
      config: { access: WHO },
      bodyLimit: METADATA_BODY_LIMIT,
      schema: {
        tags: ['sign-in'],
        summary: 'Add an OpenID Connect provider (its issuer is discovered, its client secret kept encrypted) or a SAML 2.0 IdP (by its metadata\'s address or the file)',
        body: identityProviderShape,
        response: { 201: z.object({ id: z.number().int(), redirectUri: z.string().nullable(), serviceProvider: serviceProviderResponse.nullable() }), 400: errorResponse, 403: errorResponse, 404: errorResponse, 409: errorResponse },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request)
      const given = request.body.institutionId
      let institutionId: number
      if (actor.institutionId === undefined) {
        if (given === undefined) throw InvalidInputError.of('providerInstitutionMissing', {}, { institutionId: 'required' })
        institutionId = given
      } else {
        if (given !== undefined && given !== actor.institutionId) throw ForbiddenError.of('providerOwnInstitution', {})
        institutionId = actor.institutionId
      }
      const { id } = await identityProviders.create(actor, institutionId, request.body)
      return reply.code(201).send({ id, ...addresses({ id, kind: request.body.kind }) })
    },
  )

  app.get(
    '/identity-providers/:id',
    { config: { access: WHO }, schema: { tags: ['sign-in'], summary: 'One sign-in provider', params, response: { 200: providerResponse, 404: errorResponse } } },
    async (request) => shown(await identityProviders.get(actorOf(request), providerId(request.params.id))),
  )

  app.patch(
    '/identity-providers/:id',
    {
      config: { access: WHO },
      bodyLimit: METADATA_BODY_LIMIT,
      schema: { tags: ['sign-in'], summary: 'Change a sign-in provider; a clientSecret given replaces the stored one', params, body: identityProviderPatchShape, response: { 200: providerResponse, 400: errorResponse, 404: errorResponse, 409: errorResponse } },
    },
    async (request) => shown(await identityProviders.update(actorOf(request), providerId(request.params.id), request.body)),
  )

  app.get(
    '/institution/password-sign-in',
    { config: { access: ['hr'] }, schema: { tags: ['sign-in'], summary: 'Whether your institution\'s people may sign in with a password', response: { 200: z.object({ allowed: z.boolean() }) } } },
    async (request) => ({ allowed: await identityProviders.passwordSignIn(signedInUser(request).institutionId) }),
  )

  app.put(
    '/institution/password-sign-in',
    {
      config: { access: ['hr'] },
      schema: {
        tags: ['sign-in'],
        summary: 'Allow or stop password sign-in for your institution (stopping it needs a sign-in provider; the platform operator\'s password always works)',
        body: z.object({ allowed: z.boolean() }).strict(),
        response: { 200: z.object({ allowed: z.boolean(), changed: z.boolean() }), 409: errorResponse },
      },
    },
    async (request) => identityProviders.setPasswordSignIn(signedInUser(request), request.body.allowed),
  )

  app.delete(
    '/identity-providers/:id',
    { config: { access: WHO }, schema: { tags: ['sign-in'], summary: 'Remove a sign-in provider; its people stay and sign in another way', params, response: { 204: z.null(), 404: errorResponse, 409: errorResponse } } },
    async (request, reply) => {
      await identityProviders.remove(actorOf(request), providerId(request.params.id))
      return reply.code(204).send(null)
    },
  )
}

export default identityProvidersApi
