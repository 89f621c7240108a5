import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { HR_ROLES } from '../../../domain/roles.js'
import { errorResponse } from '../../../http/api-schemas.js'
import { parseId } from '../../../http/ids.js'
import { signedInUser } from '../../../plugins/access.js'
import { NotFoundError } from '../../../services/errors.js'
import { SCIM_TOKEN_LABEL_MAX } from '../../../services/scim-tokens.js'

const tokenSummary = z.object({
  id: z.number().int(),
  label: z.string(),
  createdAt: z.string().describe('ISO 8601 date-time'),
  lastUsedAt: z.string().nullable().describe('When the directory last called with it (to the minute)'),
  revokedAt: z.string().nullable(),
  createdBy: z.string().nullable(),
})

const iso = (date: Date | null) => (date === null ? null : date.toISOString())

/**
 * HR's SCIM tokens: the bearer tokens their directory (Entra ID, Okta) provisions the institution
 * with at /scim/v2. A token is shown once, in the answer that makes it; only its SHA-256 is kept.
 */
const scimTokensApi: FastifyPluginAsyncZod = async (app) => {
  const { scimTokens } = app.services

  app.get(
    '/institution/scim-tokens',
    { config: { access: HR_ROLES }, schema: { tags: ['sign-in'], summary: 'Your institution’s SCIM provisioning tokens, newest first (never the tokens themselves)', response: { 200: z.array(tokenSummary) } } },
    async (request) => (await scimTokens.list(signedInUser(request))).map((token) => ({ ...token, createdAt: token.createdAt.toISOString(), lastUsedAt: iso(token.lastUsedAt), revokedAt: iso(token.revokedAt) })),
  )

  app.post(
    '/institution/scim-tokens',
    {
      config: { access: HR_ROLES },
      schema: {
        tags: ['sign-in'],
        summary: 'Make a SCIM token for your directory: give it with the base URL <PUBLIC_URL>/scim/v2. The token is in this answer only',
        body: z.object({ label: z.string().min(1).max(SCIM_TOKEN_LABEL_MAX).describe('What it is for, e.g. "Entra ID"') }).strict(),
        response: { 201: z.object({ id: z.number().int(), token: z.string().describe('Shown once: keep it in the directory’s provisioning settings'), label: z.string(), createdAt: z.string() }), 400: errorResponse },
      },
    },
    async (request, reply) => {
      const made = await scimTokens.create(signedInUser(request), request.body.label)
      return reply.code(201).header('cache-control', 'no-store').send({ ...made, createdAt: made.createdAt.toISOString() })
    },
  )

  app.delete(
    '/institution/scim-tokens/:id',
    {
      config: { access: HR_ROLES },
      schema: { tags: ['sign-in'], summary: 'Revoke a SCIM token: the directory can no longer provision with it', params: z.object({ id: z.string().max(20) }), response: { 204: z.null(), 404: errorResponse } },
    },
    async (request, reply) => {
      const id = parseId(request.params.id)
      if (id === undefined) throw NotFoundError.of('notFound', { thing: 'scimToken', id: request.params.id })
      await scimTokens.revoke(signedInUser(request), id)
      return reply.code(204).send(null)
    },
  )
}

export default scimTokensApi
