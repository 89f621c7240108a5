import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { CREDENTIAL_KINDS } from '../../../domain/open-badge.js'
import { credentialLevelsShape, credentialRevocationShape } from '../../../domain/credentials.js'
import { errorResponse } from '../../../http/api-schemas.js'
import { parseCredentialId, parseId } from '../../../http/ids.js'
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

const completionResponse = z.object({
  activityId: z.number().int(),
  programmeId: z.number().int(),
  code: z.string(),
  title: z.string(),
  completedOn: z.string(),
  certificateUrl: z.string().nullable(),
  askedAt: z.string().nullable(),
  person: z.object({ id: z.number().int(), name: z.string(), department: z.string().nullable() }),
})

const levelsResponse = z.array(z.object({ competencyId: z.number().int(), level: z.number().int() }))

const summaryResponse = z.object({
  minGroupSize: z.number().int(),
  competencies: z.array(z.object({ competencyId: z.number().int(), people: z.number().int().nullable().describe('Null: fewer than minGroupSize people, withheld') })),
  programmes: z.array(z.object({ programmeId: z.number().int(), code: z.string(), title: z.string(), people: z.number().int().nullable() })),
})

const activityParams = z.object({ id: z.string().max(20) })

/** Open Badges credentials: the holder's list, completions confirmed, HR's levels, counts and revocation. */
const credentialsApi: FastifyPluginAsyncZod = async (app) => {
  const { credentials, completions, credentialSettings, frameworkUses } = app.services

  const activityId = (given: string) => {
    const id = parseId(given)
    if (id === undefined) throw NotFoundError.of('notFound', { thing: 'activity', id: given })
    return id
  }

  app.post(
    '/me/activities/:id/confirmation',
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['credentials'],
        summary: 'Ask for a completed catalogue programme of your log to be confirmed by HR or a programme designer, who then issue its credential',
        params: activityParams,
        response: { 200: z.object({ changed: z.boolean() }), 404: errorResponse, 409: errorResponse },
      },
    },
    async (request) => completions.ask(signedInUser(request), activityId(request.params.id)),
  )

  app.get(
    '/institution/completions',
    { config: { access: ['hr', 'designer'] }, schema: { tags: ['credentials'], summary: 'Completions waiting for confirmation in your institution, oldest first', response: { 200: z.array(completionResponse) } } },
    async (request) => (await completions.toConfirm(signedInUser(request))).map(({ confirmedAt: _confirmed, credentialId: _credential, ...completion }) => ({ ...completion, askedAt: completion.askedAt?.toISOString() ?? null })),
  )

  app.post(
    '/institution/completions/:id/confirm',
    {
      config: { access: ['hr', 'designer'] },
      schema: {
        tags: ['credentials'],
        summary: 'Confirm a completion the person asked about, which issues its Open Badges credential; confirming again changes nothing',
        params: activityParams,
        response: { 200: z.object({ credentialId: z.string().nullable(), changed: z.boolean() }), 404: errorResponse, 409: errorResponse },
      },
    },
    async (request) => completions.confirm(signedInUser(request), activityId(request.params.id)),
  )

  app.get(
    '/institution/credential-levels',
    { config: { access: ['hr'] }, schema: { tags: ['credentials'], summary: 'The level from which a validated rating earns a credential, per competency where HR chose one (elsewhere: the person\'s target)', response: { 200: levelsResponse } } },
    async (request) => [...(await credentialSettings.levels(signedInUser(request)))].map(([competencyId, level]) => ({ competencyId, level })),
  )

  app.put(
    '/institution/credential-levels',
    {
      config: { access: ['hr'] },
      schema: {
        tags: ['credentials'],
        summary: 'Choose, per competency of your frameworks, the level from which a validated rating earns a credential (null: the person\'s target)',
        body: credentialLevelsShape,
        response: { 200: z.object({ changed: z.number().int() }), 400: errorResponse, 404: errorResponse },
      },
    },
    async (request) => {
      const user = signedInUser(request)
      const known = new Map<number, { code: string; levels: number[] }>()
      for (const { competencyId } of request.body.levels) {
        const framework = await frameworkUses.ofNode(user, competencyId)
        const node = framework?.tree.byId.get(competencyId)
        if (framework !== undefined && node?.kind === 'competency') known.set(competencyId, { code: node.code, levels: framework.row.scale.levels.map((level) => level.level) })
      }
      return credentialSettings.setLevels(user, request.body, (competencyId) => known.get(competencyId))
    },
  )

  app.get(
    '/institution/credentials/summary',
    { config: { access: ['hr'] }, schema: { tags: ['credentials'], summary: 'People holding a live credential, per competency and per programme; counts under the institution\'s K withheld (null)', response: { 200: summaryResponse } } },
    async (request) => {
      const summary = await credentialSettings.summary(signedInUser(request))
      return { minGroupSize: summary.minGroupSize, competencies: [...summary.competencies], programmes: [...summary.programmes] }
    },
  )

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
