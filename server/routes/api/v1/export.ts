import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { signedInUser } from '../../../plugins/access.js'

/**
 * GET /api/v1/me/export: everything the app keeps about the caller, as one JSON file (their right to
 * their own data): profile, every rating (self and reviewers'), validations, targets, PD log.
 */
const exportApi: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/me/export',
    { config: { access: 'signed-in' }, schema: { tags: ['ratings'], summary: 'Download all your own data as JSON' } },
    async (request, reply) => {
      const user = signedInUser(request)
      const data = await app.services.personalData.exportFor(user)
      return reply
        .header('content-disposition', 'attachment; filename="my-competency-data.json"')
        .header('cache-control', 'no-store')
        .type('application/json; charset=utf-8')
        .send(JSON.stringify(data, null, 2))
    },
  )
}

export default exportApi
