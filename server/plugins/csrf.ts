import csrfProtection from '@fastify/csrf-protection'
import type { FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'

declare module 'fastify' {
  interface FastifyRequest {
    /** The CSRF token for forms of the page being rendered; one per request. */
    csrfToken(reply: FastifyReply): string
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])
const CSRF_TOKEN_CACHE = Symbol('csrfToken')

/**
 * CSRF protection for every unsafe request that a browser could be tricked into sending: the secret
 * lives in an httpOnly cookie, the token in each form (`_csrf`) or in the `X-CSRF-Token` header that
 * htmx sends. Requests that authenticate with a bearer header carry no ambient credential and skip it.
 */
export default fp(
  async (app) => {
    await app.register(csrfProtection, {
      sessionPlugin: '@fastify/cookie',
      cookieKey: 'csrf_secret',
      cookieOpts: { path: '/', sameSite: 'lax', httpOnly: true },
    })

    app.decorateRequest('csrfToken', function (this: FastifyRequest & { [CSRF_TOKEN_CACHE]?: string }, reply: FastifyReply) {
      // Without a secret cookie yet, each call would mint a new secret: keep the first token.
      this[CSRF_TOKEN_CACHE] ??= reply.generateCsrf({ secure: this.protocol === 'https' })
      return this[CSRF_TOKEN_CACHE]
    })

    app.addHook('preValidation', (request, reply, done) => {
      if (SAFE_METHODS.has(request.method)) return done()
      if (request.routeOptions.config.csrf === false || request.authenticatedBy === 'bearer') return done()
      app.csrfProtection(request, reply, done)
    })
  },
  { name: 'csrf', dependencies: ['auth'] },
)
