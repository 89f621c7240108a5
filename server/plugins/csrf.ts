import { createHmac } from 'node:crypto'
import csrfProtection from '@fastify/csrf-protection'
import type { FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'

declare module 'fastify' {
  interface FastifyRequest {
    /** The CSRF token for forms of the page being rendered; one per request. */
    csrfToken(reply: FastifyReply): string
  }
  interface FastifyReply {
    /** Replaces the browser's CSRF secret (at sign-in): every token handed out before stops working. */
    renewCsrfSecret(): void
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])
const CSRF_TOKEN_CACHE = Symbol('csrfToken')
export const CSRF_COOKIE = 'csrf_secret'

/**
 * CSRF protection for every unsafe request that a browser could be tricked into sending: the secret
 * lives in an httpOnly cookie, the token in each form (`_csrf`) or in the `X-CSRF-Token` header that
 * htmx sends. Requests that authenticate with a bearer header carry no ambient credential and skip it.
 *
 * A token is bound to who is signed in (the person, mixed in with a key derived from the session secret),
 * and the secret cookie is replaced at sign-in: a token read before signing in, or one made for a secret
 * cookie planted by a neighbouring site, does not work for the session.
 */
export default fp<{ secret: string }>(
  async (app, options) => {
    await app.register(csrfProtection, {
      sessionPlugin: '@fastify/cookie',
      cookieKey: CSRF_COOKIE,
      cookieOpts: { path: '/', sameSite: 'lax', httpOnly: true },
      csrfOpts: { hmacKey: createHmac('sha256', options.secret).update('csrf-token-binding').digest() },
      getUserInfo: sessionBinding,
    })

    app.decorateRequest('csrfToken', function (this: FastifyRequest & { [CSRF_TOKEN_CACHE]?: string }, reply: FastifyReply) {
      // Without a secret cookie yet, each call would mint a new secret: keep the first token.
      this[CSRF_TOKEN_CACHE] ??= reply.generateCsrf({ secure: this.protocol === 'https', userInfo: sessionBinding(this) } as Parameters<FastifyReply['generateCsrf']>[0])
      return this[CSRF_TOKEN_CACHE]
    })

    app.decorateReply('renewCsrfSecret', function (this: FastifyReply) {
      const request = this.request as FastifyRequest & { [CSRF_TOKEN_CACHE]?: string }
      delete request.cookies[CSRF_COOKIE]
      delete request[CSRF_TOKEN_CACHE]
      // Sets the new secret cookie now, so the answer carries it even when it renders no form.
      request.csrfToken(this)
      delete request[CSRF_TOKEN_CACHE]
    })

    app.addHook('preValidation', (request, reply, done) => {
      if (SAFE_METHODS.has(request.method)) return done()
      if (request.routeOptions.config.csrf === false || request.authenticatedBy === 'bearer') return done()
      app.csrfProtection(request, reply, done)
    })
  },
  { name: 'csrf', dependencies: ['auth'] },
)

/** Who a token is for: the signed-in person, or nobody yet. */
function sessionBinding(request: FastifyRequest): string {
  const user = request.sessionUser
  return user === null ? 'signed-out' : `user:${user.id}`
}
