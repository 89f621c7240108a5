import { createHash, timingSafeEqual } from 'node:crypto'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'

/** The scope a CASE client's token carries: reading the provider service, as 1EdTech names it. */
export const CASE_READ_SCOPE = 'https://purl.imsglobal.org/spec/case/v1p0/scope/case.readonly'
/** How long a token stays valid. */
export const CASE_TOKEN_SECONDS = 3600

/**
 * The provider service's OAuth 2.0 client-credentials setting (RFC 6749, section 4.4), when
 * CASE_CLIENTS names clients: `POST <service>/oauth2/token` gives a client that proves its id and
 * secret (HTTP Basic, or client_id and client_secret in the form) a bearer token for a while, and
 * every call of the service asks for one. Tokens are JWTs signed with the app's secret, marked for
 * this purpose alone: they never sign anyone in (plugins/auth.ts), and a person's token does not
 * open the service.
 */
export function requireCaseClients(app: FastifyInstance, clients: ReadonlyMap<string, string>, refuse: (reply: FastifyReply, code: number, minor: string, description: string) => FastifyReply): void {
  const digests = new Map([...clients].map(([id, secret]) => [id, digest(secret)]))

  app.post<{ Body: Record<string, unknown> | undefined }>('/oauth2/token', { config: { access: 'public', csrf: false }, schema: { hide: true } }, async (request, reply) => {
    reply.header('cache-control', 'no-store')
    const given = credentials(request)
    const known = given === undefined ? undefined : digests.get(given.id)
    if (given === undefined || known === undefined || !timingSafeEqual(known, digest(given.secret))) {
      return reply.code(401).header('www-authenticate', 'Basic realm="CASE"').send({ error: 'invalid_client', error_description: 'The client id and secret were not given, or are not those of a client of this service' })
    }
    const body = request.body ?? {}
    if (body['grant_type'] !== 'client_credentials') {
      return reply.code(400).send({ error: 'unsupported_grant_type', error_description: 'This service gives tokens for grant_type=client_credentials only' })
    }
    const asked = typeof body['scope'] === 'string' ? body['scope'].split(' ').filter(Boolean) : []
    if (asked.some((scope) => scope !== CASE_READ_SCOPE)) {
      return reply.code(400).send({ error: 'invalid_scope', error_description: `This service has one scope: ${CASE_READ_SCOPE}` })
    }
    // sub 0 names no one: with its purpose, the token can sign no one in.
    const token = app.jwt.sign({ sub: 0, ver: 0, purpose: 'case-read', client: given.id }, { expiresIn: CASE_TOKEN_SECONDS })
    return reply.send({ access_token: token, token_type: 'Bearer', expires_in: CASE_TOKEN_SECONDS, scope: CASE_READ_SCOPE })
  })

  app.addHook('onRequest', async (request, reply) => {
    if (request.method === 'POST' && request.url.split('?')[0]!.endsWith('/oauth2/token')) return
    const token = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1]
    let readable = false
    if (token !== undefined) {
      try {
        readable = app.jwt.verify<{ purpose?: string }>(token).purpose === 'case-read'
      } catch {
        readable = false
      }
    }
    if (readable) return
    reply.header('www-authenticate', `Bearer realm="CASE", scope="${CASE_READ_SCOPE}"${token === undefined ? '' : ', error="invalid_token"'}`)
    return refuse(reply, 401, 'unauthorised', token === undefined ? 'This service asks for a bearer token: POST your client id and secret to its oauth2/token with grant_type=client_credentials' : 'The bearer token is not one this service gave, or it has expired')
  })
}

/** The client's id and secret: from HTTP Basic (RFC 6749's preference), else from the form. */
function credentials(request: FastifyRequest<{ Body: Record<string, unknown> | undefined }>): { id: string; secret: string } | undefined {
  const basic = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(request.headers.authorization ?? '')?.[1]
  if (basic !== undefined) {
    const decoded = Buffer.from(basic, 'base64').toString('utf8')
    const colon = decoded.indexOf(':')
    // RFC 6749 2.3.1: id and secret are form-encoded before Basic encoding.
    return colon < 0 ? undefined : { id: safeDecode(decoded.slice(0, colon)), secret: safeDecode(decoded.slice(colon + 1)) }
  }
  const id = request.body?.['client_id']
  const secret = request.body?.['client_secret']
  return typeof id === 'string' && typeof secret === 'string' ? { id, secret } : undefined
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '))
  } catch {
    return text
  }
}

/** Secrets are compared as digests of one length, in constant time. */
function digest(secret: string): Buffer {
  return createHash('sha256').update(secret).digest()
}
