import cookie from '@fastify/cookie'
import jwt from '@fastify/jwt'
import type { FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import type { SessionUser } from '../services/users.js'

export const SESSION_COOKIE = 'session'

interface TokenClaims {
  sub: number
  ver: number
  /** Set on single-purpose tokens (an invitation, a CASE client's read token); such a token never signs anyone in. */
  purpose?: 'invite' | 'case-read'
  /** The CASE client a read token was given to. */
  client?: string
}

/** How long an invitation link stays valid. */
export const INVITATION_DAYS = 14

declare module '@fastify/jwt' {
  interface FastifyJWT {
    payload: TokenClaims
    user: TokenClaims
  }
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in person, or null. */
    sessionUser: SessionUser | null
    /** How the request proved who it is: a bearer header (API clients) or the session cookie (browsers). */
    authenticatedBy: 'bearer' | 'cookie' | null
  }
  interface FastifyReply {
    /**
     * Signs the user in on this browser: sets the session cookie and replaces the CSRF secret (tokens
     * read before no longer work). `renewCsrf: false` keeps it, for the same person signed in again
     * on a page that stays open (a password change through htmx).
     */
    startSession(user: SessionUser, options?: { renewCsrf?: boolean }): Promise<void>
    endSession(): void
  }
  interface FastifyInstance {
    issueToken(user: SessionUser): Promise<string>
    /** A one-time link token to set a password: valid until used (the token version moves on) or expired. */
    issueInvitation(person: { id: number; tokenVersion: number }): string
    /** The person and token version an invitation names, or undefined when it is not a valid one. */
    readInvitation(token: string): { id: number; tokenVersion: number } | undefined
    sessionSeconds: number
  }
}

/**
 * Who is asking: a JWT from the `Authorization: Bearer` header (API clients) or from the httpOnly
 * session cookie (browsers). The token names the user and their token version; the user is read
 * on each request, so a disabled account or an outdated token is refused at once.
 */
export default fp<{ secret: string; sessionHours: number }>(
  async (app, options) => {
    const sessionSeconds = Math.round(options.sessionHours * 3600)
    await app.register(cookie)
    await app.register(jwt, {
      secret: options.secret,
      cookie: { cookieName: SESSION_COOKIE, signed: false },
      sign: { expiresIn: sessionSeconds },
      // A verified token is kept (by its hash, until it expires; at most 1,000): most requests come with one seen before.
      // A token without an expiry would be valid forever: every token we sign has one, so one without is refused.
      verify: { cache: true, requiredClaims: ['exp'] },
    })
    app.decorate('sessionSeconds', sessionSeconds)
    app.decorateRequest('sessionUser', null)
    app.decorateRequest('authenticatedBy', null)

    app.decorate('issueToken', async (user: SessionUser) => app.jwt.sign({ sub: user.id, ver: user.tokenVersion }))

    app.decorate('issueInvitation', (person: { id: number; tokenVersion: number }) =>
      app.jwt.sign({ sub: person.id, ver: person.tokenVersion, purpose: 'invite' }, { expiresIn: INVITATION_DAYS * 86_400 }),
    )
    app.decorate('readInvitation', (token: string) => {
      try {
        const claims = app.jwt.verify<TokenClaims>(token)
        if (claims.purpose !== 'invite' || !Number.isSafeInteger(claims.sub) || !Number.isSafeInteger(claims.ver)) return undefined
        return { id: claims.sub, tokenVersion: claims.ver }
      } catch {
        return undefined
      }
    })

    app.decorateReply('startSession', async function (this: FastifyReply, user: SessionUser, options: { renewCsrf?: boolean } = {}) {
      const token = await app.issueToken(user)
      if (options.renewCsrf ?? true) this.renewCsrfSecret()
      this.setCookie(SESSION_COOKIE, token, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure: this.request.protocol === 'https',
        maxAge: sessionSeconds,
      })
    })
    app.decorateReply('endSession', function (this: FastifyReply) {
      this.clearCookie(SESSION_COOKIE, { path: '/' })
    })

    app.addHook('onRequest', async (request) => {
      // Assets are the same for everyone: no need to look up who is asking.
      if (request.url.startsWith('/assets/')) return
      const via = tokenSource(request)
      if (via === null) return
      let claims: TokenClaims
      try {
        claims = await request.jwtVerify<TokenClaims>()
      } catch {
        return // expired, malformed or forged: the request is simply not signed in
      }
      if (claims.purpose !== undefined || !Number.isSafeInteger(claims.sub) || !Number.isSafeInteger(claims.ver)) return
      const user = await app.services.users.findForToken(claims.sub, claims.ver)
      if (user === undefined) return
      request.sessionUser = user
      request.authenticatedBy = via
    })
  },
  { name: 'auth', dependencies: ['services'] },
)

function tokenSource(request: FastifyRequest): 'bearer' | 'cookie' | null {
  if (/^Bearer\s/i.test(request.headers.authorization ?? '')) return 'bearer'
  return request.cookies[SESSION_COOKIE] ? 'cookie' : null
}
