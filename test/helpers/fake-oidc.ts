import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWTPayload } from 'jose'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { LoopbackServer } from './oidc-provider.js'

/**
 * A provider that answers whatever ID token a test makes: to attack the app's checks with tokens no
 * honest provider would sign (another audience or issuer, expired, unsigned, signed by another key, a
 * wrong nonce). It publishes discovery and one RS256 key; its token endpoint hands out the token
 * `idToken` builds for the nonce the app sent.
 */
export interface FakeProvider {
  readonly issuer: string
  /** Builds the ID token the token endpoint returns, from the nonce the app sent for this code. */
  idToken: (sent: { nonce: string }) => Promise<string>
  /** Signs claims with the published key (or `key`, to sign with one the provider never published). */
  sign(claims: JWTPayload, options?: { key?: CryptoKey; kid?: string }): Promise<string>
  /** Plays the provider's side of the browser's visit: the callback URL it would send the browser to. */
  approve(authorizationUrl: string, callback: string): URL
  /** A key the provider never published. */
  readonly strangerKey: CryptoKey
  /** How many code exchanges the token endpoint answered. */
  exchanges: number
}

export async function startFakeProvider(server: LoopbackServer): Promise<FakeProvider> {
  const published = await generateKeyPair('RS256', { extractable: true })
  const stranger = await generateKeyPair('RS256')
  const jwk = { ...(await exportJWK(published.publicKey)), kid: 'published', alg: 'RS256', use: 'sig' }
  const nonces = new Map<string, string>()
  let codes = 0
  const fake: FakeProvider = {
    issuer: server.issuer,
    idToken: async () => {
      throw new Error('no ID token set')
    },
    sign: (claims, options = {}) => new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: options.kid ?? 'published' }).sign(options.key ?? published.privateKey),
    approve(authorizationUrl, callback) {
      const sent = new URL(authorizationUrl)
      codes += 1
      const code = `code-${codes}`
      nonces.set(code, sent.searchParams.get('nonce') ?? '')
      const back = new URL(callback)
      back.searchParams.set('code', code)
      back.searchParams.set('state', sent.searchParams.get('state') ?? '')
      return back
    },
    strangerKey: stranger.privateKey,
    exchanges: 0,
  }
  const json = (response: ServerResponse, status: number, body: unknown) => response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body))
  server.handle((request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', server.issuer)
    if (url.pathname === '/.well-known/openid-configuration') {
      return json(response, 200, {
        issuer: server.issuer,
        authorization_endpoint: `${server.issuer}/authorize`,
        token_endpoint: `${server.issuer}/token`,
        jwks_uri: `${server.issuer}/jwks`,
        response_types_supported: ['code'],
        subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: ['RS256'],
        code_challenge_methods_supported: ['S256'],
      })
    }
    if (url.pathname === '/jwks') return json(response, 200, { keys: [jwk] })
    if (url.pathname === '/token' && request.method === 'POST') {
      let body = ''
      request.on('data', (chunk: Buffer) => (body += chunk.toString()))
      request.on('end', () => {
        const form = new URLSearchParams(body)
        const nonce = nonces.get(form.get('code') ?? '')
        if (nonce === undefined || form.get('code_verifier') === null) return json(response, 400, { error: 'invalid_grant' })
        nonces.delete(form.get('code')!)
        fake.exchanges += 1
        fake
          .idToken({ nonce })
          .then((idToken) => json(response, 200, { access_token: 'access', token_type: 'Bearer', expires_in: 300, id_token: idToken }))
          .catch(() => json(response, 500, { error: 'server_error' }))
      })
      return
    }
    json(response, 404, { error: 'not_found' })
  })
  return fake
}
