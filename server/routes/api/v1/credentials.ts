import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { CREDENTIAL_KINDS } from '../../../domain/open-badge.js'
import { credentialRevocationShape } from '../../../domain/credentials.js'
import { errorResponse } from '../../../http/api-schemas.js'
import { parseCredentialId } from '../../../http/ids.js'
import { signedInUser } from '../../../plugins/access.js'
import { NotFoundError } from '../../../services/errors.js'

const heldResponse = z.array(
  z.object({
    id: z.string(),
    kind: z.enum(CREDENTIAL_KINDS),
    competencyId: z.number().int().nullable(),
    programmeId: z.number().int().nullable(),
    level: z.number().int().nullable(),
    name: z.string(),
    issuedAt: z.string(),
    expiresAt: z.string().nullable(),
    revokedAt: z.string().nullable(),
    url: z.string().describe('The public verification page'),
    credential: z.string().describe('The signed Open Badges 3.0 OpenBadgeCredential, a compact VC-JWT (ES256; its kid names the issuer key to verify it with)'),
  }),
)

const revokedResponse = z.object({ id: z.string(), revokedAt: z.string(), changed: z.boolean() })

/** Open Badges credentials: the holder's list, HR's revocation. */
const credentialsApi: FastifyPluginAsyncZod = async (app) => {
  const { credentials } = app.services

  app.get(
    '/me/credentials',
    { config: { access: 'signed-in' }, schema: { tags: ['credentials'], summary: 'Your Open Badges 3.0 credentials, newest first, each signed', response: { 200: heldResponse } } },
    async (request) =>
      (await credentials.mine(signedInUser(request))).map((held) => ({
        ...held,
        issuedAt: held.issuedAt.toISOString(),
        expiresAt: held.expiresAt?.toISOString() ?? null,
        revokedAt: held.revokedAt?.toISOString() ?? null,
        url: `${app.caseOrigin}/credentials/${held.id}`,
      })),
  )

  app.post(
    '/institution/credentials/:id/revoke',
    {
      config: { access: ['hr'] },
      schema: {
        tags: ['credentials'],
        summary: 'Revoke a credential your institution issued: its public page and the revocation list say so from now on',
        params: z.object({ id: z.string().max(40) }),
        body: credentialRevocationShape,
        response: { 200: revokedResponse, 400: errorResponse, 404: errorResponse },
      },
    },
    async (request) => {
      const id = parseCredentialId(request.params.id)
      if (id === undefined) throw NotFoundError.of('notFound', { thing: 'credential', id: request.params.id })
      const revoked = await credentials.revoke(signedInUser(request), id, request.body.reason ?? '')
      return { ...revoked, revokedAt: revoked.revokedAt.toISOString() }
    },
  )
}

export default credentialsApi
