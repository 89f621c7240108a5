import { EncryptJWT, jwtDecrypt } from 'jose'
import * as client from 'openid-client'
import { z } from 'zod'
import { isLoopbackIssuer, type FederatedIdentity } from '../domain/identity-providers.js'
import type { ProviderForSignIn } from './identity-providers.js'

/** What the browser carries between leaving for the provider and coming back (sealed in a cookie). */
export interface OidcFlow {
  readonly providerId: number
  readonly state: string
  readonly nonce: string
  readonly codeVerifier: string
  /** Where the person was going, already checked as a local path (or ''). */
  readonly next: string
}

const flowShape = z.object({ providerId: z.number().int().positive(), state: z.string().min(1), nonce: z.string().min(1), codeVerifier: z.string().min(43), next: z.string() })

/** How long a person may take at the provider before the flow is forgotten. */
export const FLOW_SECONDS = 600

/** Why the provider's answer was not a sign-in: the person cancelled there, or something failed. */
export class OidcFailure extends Error {
  override name = 'OidcFailure'
  constructor(
    readonly kind: 'cancelled' | 'failed' | 'unavailable',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options)
  }
}

/** How long a provider's discovery document is kept before it is read again. */
const DISCOVERY_SECONDS = 3600
const TIMEOUT_SECONDS = 10

/**
 * OpenID Connect with `openid-client` (certified): discovery from the issuer URL, the authorization
 * code flow with PKCE (S256), `state` and `nonce`; the ID token is checked by the library (issuer,
 * audience, expiry, nonce, and, as we turn it on, the signature against the provider's published keys; Microsoft Entra ID's
 * multi-tenant issuers by their `tid`). An `http://` issuer is accepted only on a loopback address
 * (domain/identity-providers.ts), for a provider run beside the app in tests.
 */
export function createOidcClient(flowKey: Uint8Array, options: { timeoutSeconds?: number; now?: () => number } = {}) {
  const timeout = options.timeoutSeconds ?? TIMEOUT_SECONDS
  const now = options.now ?? Date.now
  const configurations = new Map<number, { version: string; until: number; configuration: Promise<client.Configuration> }>()
  /** Where providers' authorization endpoints are, once discovered (when not at the issuer's origin). */
  const authorizationOrigins = new Set<string>()

  function configurationOf(provider: ProviderForSignIn): Promise<client.Configuration> {
    const kept = configurations.get(provider.id)
    if (kept !== undefined && kept.version === provider.version && kept.until > now()) return kept.configuration
    const secret = provider.clientSecret === 'unreadable' ? '' : provider.clientSecret
    const configuration = client
      .discovery(new URL(provider.issuer), provider.clientId, secret === '' ? undefined : secret, secret === '' ? client.None() : undefined, {
        timeout,
        ...(isLoopbackIssuer(provider.issuer) ? { execute: [client.allowInsecureRequests] } : {}),
      })
      .then((found) => {
        found.timeout = timeout
        // The library trusts an ID token from the token endpoint on TLS alone (OIDC Core 3.1.3.7
        // allows it); we check its signature against the provider's published keys as well.
        client.enableNonRepudiationChecks(found)
        const endpoint = found.serverMetadata().authorization_endpoint
        if (endpoint !== undefined) authorizationOrigins.add(new URL(endpoint).origin)
        return found
      })
    configurations.set(provider.id, { version: provider.version, until: now() + DISCOVERY_SECONDS * 1000, configuration })
    // A failed discovery is not kept: the next sign-in tries again.
    configuration.catch(() => {
      if (configurations.get(provider.id)?.configuration === configuration) configurations.delete(provider.id)
    })
    return configuration
  }

  return {
    /** The origins of the authorization endpoints discovered so far by this process. */
    authorizationOrigins(): string[] {
      return [...authorizationOrigins]
    },

    /** The flow sealed for a cookie: encrypted and authenticated (JWE, dir + A256GCM), expiring with FLOW_SECONDS. */
    seal(flow: OidcFlow): Promise<string> {
      return new EncryptJWT({ flow }).setProtectedHeader({ alg: 'dir', enc: 'A256GCM' }).setIssuedAt().setExpirationTime(`${FLOW_SECONDS}s`).encrypt(flowKey)
    },

    /** The flow a cookie carries, or undefined when it is missing, expired, or not one we sealed. */
    async open(sealed: string | undefined): Promise<OidcFlow | undefined> {
      if (sealed === undefined || sealed === '') return undefined
      try {
        const { payload } = await jwtDecrypt(sealed, flowKey, { currentDate: new Date(now()) })
        const parsed = flowShape.safeParse(payload['flow'])
        return parsed.success ? parsed.data : undefined
      } catch {
        return undefined
      }
    },

    /** Where to send the browser, and the flow to keep until it comes back to `callbackUrl`. */
    async start(provider: ProviderForSignIn, callbackUrl: string, next: string, loginHint: string | undefined): Promise<{ url: URL; flow: OidcFlow }> {
      let configuration: client.Configuration
      try {
        configuration = await configurationOf(provider)
      } catch (error) {
        throw new OidcFailure('unavailable', `discovery of ${provider.issuer} failed`, { cause: error })
      }
      const codeVerifier = client.randomPKCECodeVerifier()
      const state = client.randomState()
      const nonce = client.randomNonce()
      const url = client.buildAuthorizationUrl(configuration, {
        redirect_uri: callbackUrl,
        scope: 'openid email profile',
        code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
        code_challenge_method: 'S256',
        state,
        nonce,
        ...(loginHint === undefined ? {} : { login_hint: loginHint }),
      })
      return { url, flow: { providerId: provider.id, state, nonce, codeVerifier, next } }
    },

    /**
     * The person the provider vouches for, from the callback's URL (the code, the state): the code is
     * exchanged with the verifier, the ID token checked, and the user info read when the token does not
     * carry the email. Throws OidcFailure otherwise.
     */
    async finish(provider: ProviderForSignIn, flow: OidcFlow, callback: URL): Promise<FederatedIdentity> {
      if (callback.searchParams.has('error')) throw new OidcFailure('cancelled', `the provider answered ${callback.searchParams.get('error')}`)
      let configuration: client.Configuration
      try {
        configuration = await configurationOf(provider)
      } catch (error) {
        throw new OidcFailure('unavailable', `discovery of ${provider.issuer} failed`, { cause: error })
      }
      try {
        const tokens = await client.authorizationCodeGrant(configuration, callback, {
          pkceCodeVerifier: flow.codeVerifier,
          expectedState: flow.state,
          expectedNonce: flow.nonce,
          idTokenExpected: true,
        })
        const idToken = tokens.claims()
        if (idToken === undefined) throw new OidcFailure('failed', 'no ID token')
        let userInfo: Record<string, unknown> = {}
        if (typeof idToken['email'] !== 'string' && tokens.access_token !== undefined && configuration.serverMetadata().userinfo_endpoint !== undefined) {
          userInfo = { ...(await client.fetchUserInfo(configuration, tokens.access_token, idToken.sub)) }
        }
        // The ID token is signed: where both say something, it wins.
        return { subject: idToken.sub, claims: { ...userInfo, ...idToken } }
      } catch (error) {
        if (error instanceof OidcFailure) throw error
        throw new OidcFailure('failed', error instanceof Error ? error.message : 'the code exchange failed', { cause: error })
      }
    },
  }
}

export type OidcClient = ReturnType<typeof createOidcClient>
