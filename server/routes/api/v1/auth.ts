import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { errorResponse } from '../../../http/api-schemas.js'

/**
 * POST /api/v1/auth/token: exchanges an email and password for a bearer token. Failed attempts are
 * limited per account and per client address, as for the sign-in page (429 with Retry-After).
 */
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
          429: errorResponse,
        },
      },
    },
    async (request, reply) => {
      const { email, password } = request.body
      const outcome = await app.services.signInThrottle.guard(email, request.ip, () => app.services.users.authenticate(email, password))
      if (outcome.kind === 'throttled') {
        const minutes = Math.ceil(outcome.retryAfterSeconds / 60)
        return reply
          .code(429)
          .header('retry-after', String(outcome.retryAfterSeconds))
          .send({ error: { code: 'rate_limited', message: `Too many sign-in attempts. Wait ${minutes} ${minutes === 1 ? 'minute' : 'minutes'} and try again.` } })
      }
      if (outcome.kind === 'failed') {
        return reply.code(401).send({ error: { code: 'invalid_credentials', message: 'The email and password do not match an account' } })
      }
      return { token: await app.issueToken(outcome.value), tokenType: 'Bearer' as const, expiresIn: app.sessionSeconds }
    },
  )
}

export default authApi
