import type { FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import type { Role } from '../domain/roles.js'
import type { SessionUser } from '../services/users.js'

/** Who may call a route: anyone, any signed-in person, or the listed roles. */
export type Access = 'public' | 'signed-in' | readonly Role[]

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route with the access it declared, as registered: the access matrix test walks it. */
    declaredRoutes: { method: string; url: string; access: Access }[]
  }
  interface FastifyContextConfig {
    /** Required on every route: a route without it fails at boot, so none is left open by mistake. */
    access?: Access
    /** false only for unsafe routes that take no ambient credentials (e.g. exchanging a password for a token). */
    csrf?: boolean
  }
}

/**
 * The role guard. Every route declares `config.access`; a request that does not meet it is answered
 * 401 (API) or sent to the sign-in page (pages) when nobody is signed in, and 403 when the person's
 * role is not allowed. Institution scoping is the services' part: they take the user and filter by
 * the user's institution.
 */
export default fp(
  async (app) => {
    const declared: { method: string; url: string; access: Access }[] = []
    app.decorate('declaredRoutes', declared)
    app.addHook('onRoute', (route) => {
      const access = route.config?.access
      if (access === undefined) throw new Error(`Route ${route.method} ${route.url} declares no config.access`)
      for (const method of [route.method].flat()) if (method !== 'HEAD') declared.push({ method, url: route.url, access })
    })

    app.addHook('onRequest', async (request) => {
      const access = request.routeOptions.config.access
      if (access === undefined || access === 'public') return // 404s and public routes
      const user = request.sessionUser
      if (user === null) throw unauthenticated()
      if (access !== 'signed-in' && !access.includes(user.role)) {
        throw Object.assign(new Error('Your role does not give access to this page'), { statusCode: 403, code: 'forbidden' })
      }
    })
  },
  { name: 'access', dependencies: ['auth'] },
)

/** The signed-in user of a route whose access requires one. */
export function signedInUser(request: FastifyRequest): SessionUser {
  if (request.sessionUser === null) throw new Error('signedInUser() called on a route open to anonymous requests')
  return request.sessionUser
}

/**
 * Nobody is signed in: the context's error handler answers it, the API with a 401, pages by sending
 * the person to the sign-in page (plugins/errors.ts).
 */
function unauthenticated(): Error {
  return Object.assign(new Error('Sign in first: send a bearer token from POST /api/v1/auth/token'), { statusCode: 401, code: 'unauthenticated' })
}
