import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { ASSESSMENT_SUBJECTS, MAX_FRAMEWORKS_IN_USE, MAX_PURPOSE_LENGTH, type FrameworkUse } from '../../../domain/framework-use.js'
import { HR_ROLES, isOperator, OPERATOR_ROLE, type Role } from '../../../domain/roles.js'
import { errorResponse } from '../../../http/api-schemas.js'
import { signedInUser } from '../../../plugins/access.js'
import { InvalidInputError, NotFoundError } from '../../../services/errors.js'
import type { SessionUser } from '../../../services/users.js'

const frameworkUseJson = z.object({
  frameworkId: z.number().int(),
  slug: z.string(),
  version: z.string(),
  title: z.string(),
  purpose: z.string(),
  subject: z.enum(ASSESSMENT_SUBJECTS).describe('What the framework assesses'),
  audience: z.array(z.string()).describe('Role profile codes it is meant for; empty: everyone'),
  primary: z.boolean().describe("The institution's primary framework: people's role profiles belong to it"),
})

const institutionQuery = z
  .object({ institution: z.coerce.number().int().min(1).max(2_147_483_647).optional().describe('Platform operators: the institution (required for them); HR: their own, or left out') })
  .strict()

const useChoice = z
  .object({
    frameworkId: z.number().int().min(1).max(2_147_483_647),
    purpose: z.string().max(MAX_PURPOSE_LENGTH).default(''),
    audience: z.array(z.string().min(1).max(100)).max(50).default([]),
  })
  .strict()

/** The frameworks an institution uses, each for a purpose and an audience: HR for their own, operators for any. */
const institutionFrameworksApi: FastifyPluginAsyncZod = async (app) => {
  const { frameworkUses } = app.services
  const access: Role[] = [...HR_ROLES, OPERATOR_ROLE]

  /** HR act on their own institution; an operator names one (operators hold no institution's data). */
  function institutionOf(user: SessionUser, requested: number | undefined): number {
    if (isOperator(user.role)) {
      if (requested === undefined) throw InvalidInputError.of('frameworkUseInstitutionMissing', {}, { institution: 'required' })
      return requested
    }
    if (requested !== undefined && requested !== user.institutionId) throw NotFoundError.of('notFound', { thing: 'institution', id: requested })
    return user.institutionId
  }

  const json = (use: FrameworkUse) => ({ frameworkId: use.frameworkId, slug: use.slug, version: use.version, title: use.title, purpose: use.purpose, subject: use.subject, audience: [...use.audience], primary: use.primary })

  app.get(
    '/institution/frameworks',
    {
      config: { access },
      schema: {
        tags: ['institution'],
        summary: 'The frameworks your institution uses, in the order it shows them, each with its purpose, subject and audience',
        querystring: institutionQuery,
        response: { 200: z.array(frameworkUseJson), 400: errorResponse, 403: errorResponse, 404: errorResponse },
      },
    },
    async (request) => {
      const institutionId = institutionOf(signedInUser(request), request.query.institution)
      const uses = await frameworkUses.list(institutionId)
      if (uses.length === 0) throw NotFoundError.of('notFound', { thing: 'institution', id: institutionId })
      return uses.map(json)
    },
  )

  app.put(
    '/institution/frameworks',
    {
      config: { access },
      schema: {
        tags: ['institution'],
        summary: `Set the frameworks your institution uses, in order (at most ${MAX_FRAMEWORKS_IN_USE}; the primary stays; one version of each); all or nothing, audited`,
        querystring: institutionQuery,
        body: z.array(useChoice).min(1).max(MAX_FRAMEWORKS_IN_USE),
        response: { 200: z.array(frameworkUseJson), 400: errorResponse, 403: errorResponse, 404: errorResponse },
      },
    },
    async (request) => {
      const user = signedInUser(request)
      const institutionId = institutionOf(user, request.query.institution)
      return (await frameworkUses.set(user, institutionId, request.body)).map(json)
    },
  )
}

export default institutionFrameworksApi
