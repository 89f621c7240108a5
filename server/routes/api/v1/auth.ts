import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { errorResponse } from './schemas.js'

/** POST /api/v1/auth/token: exchanges an email and password for a bearer token. */
const authApi: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/auth/token',
    {
      // No ambient credential is involved: the caller proves itself with the password in the body.
      config: { access: 'public', csrf: false },
      schema: {
        tags: ['auth'],
        summary: 'Get a bearer token',
        security: [],
        body: z.object({ email: z.string().min(1).max(320), password: z.string().min(1).max(1024) }).strict(),
        response: {
          200: z.object({ token: z.string(), tokenType: z.literal('Bearer'), expiresIn: z.number().int().describe('seconds') }),
          400: errorResponse,
          401: errorResponse,
        },
      },
    },
    async (request, reply) => {
      const user = await app.services.users.authenticate(request.body.email, request.body.password)
      if (user === undefined) {
        return reply.code(401).send({ error: { code: 'invalid_credentials', message: 'The email and password do not match an account' } })
      }
      return { token: await app.issueToken(user), tokenType: 'Bearer' as const, expiresIn: app.sessionSeconds }
    },
  )
}

export default authApi
