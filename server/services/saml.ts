import { generateServiceProviderMetadata, SAML, SamlStatusError, ValidateInResponseTo, type CacheProvider } from '@node-saml/node-saml'
import { DOMParser } from '@xmldom/xmldom'
import type { Kysely } from 'kysely'
import type { Database } from '../db/schema.js'
import type { FederatedIdentity, IdentityProvider } from '../domain/identity-providers.js'
import { claimsOfAttributes, pemOf, serviceProviderOf, subjectOfAssertion } from '../domain/saml.js'

/** How long a person may take at the IdP before the request is forgotten (and its answer refused). */
export const REQUEST_SECONDS = 600
/** Clocks of IdPs and of this app disagree a little: Shibboleth's default leeway is three minutes. */
const CLOCK_SKEW_MS = 180_000
/** SAML bindings allow RelayState of at most 80 bytes: a longer `next` is dropped, not cut. */
const RELAY_STATE_BYTES = 80
/** The largest metadata document read from an address (one IdP's is a few kilobytes). */
const METADATA_BYTES = 1_000_000
const METADATA_TIMEOUT_MS = 10_000

/** Why the IdP's answer was not a sign-in: the person cancelled or was refused there, or the answer failed a check. */
export class SamlFailure extends Error {
  override name = 'SamlFailure'
  constructor(
    readonly kind: 'cancelled' | 'failed',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options)
  }
}

const SAML_ASSERTION = 'urn:oasis:names:tc:SAML:2.0:assertion'
const BEARER = 'urn:oasis:names:tc:SAML:2.0:cm:bearer'
/** Status codes by which an IdP says the person did not (or could not) sign in there. */
const REFUSED_AT_IDP = ['AuthnFailed', 'RequestDenied', 'NoPassive', 'NoAvailableIDP', 'UnknownPrincipal']

/**
 * This app as a SAML 2.0 service provider, with `@node-saml/node-saml`: an authentication request by
 * the HTTP-Redirect binding, the IdP's answer by HTTP-POST to our assertion consumer service. The
 * library checks the assertion's signature against the IdP's certificates (signed assertions required),
 * its issuer, audience, validity window and `InResponseTo`; we check the `Recipient` and `Destination`
 * (the library does not), and that each request is answered once.
 *
 * Requests sent are kept in `saml_requests` (the IdP posts cross-site, so no cookie of ours comes back
 * with the answer, and any app process may receive it). A response signs someone in only by deleting
 * its request, in one statement: the same response posted twice, at once or later, signs in once.
 */
export function createSamlClient(db: Kysely<Database>, options: { now?: () => number } = {}) {
  const now = options.now ?? Date.now

  /** The library's store of request ids, on the table: removing happens on use (`claim`), not inside the library. */
  const requestsOf = (providerId: number, saved: (id: string) => void): CacheProvider => ({
    async saveAsync(key, value) {
      await db.deleteFrom('saml_requests').where('created_at', '<', new Date(now() - REQUEST_SECONDS * 1000)).execute()
      await db.insertInto('saml_requests').values({ id: key, provider_id: providerId, created_at: new Date(now()) }).execute()
      saved(key)
      return { value, createdAt: now() }
    },
    async getAsync(key) {
      const row = await db.selectFrom('saml_requests').select('created_at').where('id', '=', key).where('provider_id', '=', providerId).executeTakeFirst()
      return row === undefined ? null : row.created_at.toISOString()
    },
    // The library removes a request when a check fails; we keep it until its answer signs someone in.
    async removeAsync(key) {
      return key
    },
  })

  const samlOf = (provider: IdentityProvider, origin: string, saved: (id: string) => void = () => {}) => {
    const sp = serviceProviderOf(origin, provider.id)
    return new SAML({
      callbackUrl: sp.acsUrl,
      entryPoint: provider.ssoUrl ?? undefined,
      issuer: sp.entityId,
      audience: sp.entityId,
      idpCert: provider.certificates.map(pemOf),
      idpIssuer: provider.issuer,
      wantAssertionsSigned: true,
      // Most IdPs (Shibboleth, Entra ID) sign the assertion, not the response around it.
      wantAuthnResponseSigned: false,
      validateInResponseTo: ValidateInResponseTo.always,
      requestIdExpirationPeriodMs: REQUEST_SECONDS * 1000,
      cacheProvider: requestsOf(provider.id, saved),
      acceptedClockSkewMs: CLOCK_SKEW_MS,
      // Ask for no particular NameID format nor way of signing in: the IdP's policy decides (MFA included).
      identifierFormat: null,
      disableRequestedAuthnContext: true,
      signatureAlgorithm: 'sha256',
    })
  }

  return {
    /** Where to send the person: the IdP's sign-on address with a deflated, recorded AuthnRequest; and that request's id. */
    async start(provider: IdentityProvider, origin: string, next: string, loginHint: string | undefined): Promise<{ url: URL; requestId: string }> {
      const relayState = Buffer.byteLength(next) <= RELAY_STATE_BYTES ? next : ''
      let requestId = ''
      // `login_hint` is not SAML, but Entra ID and Shibboleth (with a plug-in) prefill the account with it.
      const url = await samlOf(provider, origin, (id) => (requestId = id)).getAuthorizeUrlAsync(relayState, undefined, loginHint === undefined ? {} : { additionalParams: { login_hint: loginHint } })
      return { url: new URL(url), requestId }
    },

    /**
     * The person the IdP's answer names, once every check has passed and its request is used up.
     * `startedHere`: the request id this browser started (its cookie), where the browser could keep
     * one; an answer to a request started elsewhere is then refused, so nobody can post an answer for
     * their own account into someone else's browser (a "login CSRF").
     */
    async finish(provider: IdentityProvider, origin: string, samlResponse: string, startedHere: string | undefined): Promise<FederatedIdentity> {
      const sp = serviceProviderOf(origin, provider.id)
      let profile
      try {
        profile = (await samlOf(provider, origin).validatePostResponseAsync({ SAMLResponse: samlResponse })).profile
      } catch (error) {
        if (error instanceof SamlStatusError && REFUSED_AT_IDP.some((code) => error.message.endsWith(`error: ${code}`))) throw new SamlFailure('cancelled', error.message, { cause: error })
        throw new SamlFailure('failed', error instanceof Error ? error.message : 'the SAML response was refused', { cause: error })
      }
      if (profile === null || profile.getAssertionXml === undefined) throw new SamlFailure('failed', 'the SAML response holds no assertion')
      // The library checks the issuer of logout messages only: an assertion must come from this provider's IdP.
      if (profile.issuer !== provider.issuer) throw new SamlFailure('failed', `the assertion was issued by ${String(profile.issuer)}, not ${provider.issuer}`)
      const recipient = recipientProblem(profile.getAssertionXml(), profile.getSamlResponseXml?.() ?? '', sp.acsUrl)
      if (recipient !== undefined) throw new SamlFailure('failed', recipient)
      const inResponseTo = typeof profile['inResponseTo'] === 'string' ? profile['inResponseTo'] : ''
      if (startedHere !== undefined && startedHere !== inResponseTo) throw new SamlFailure('failed', 'this answer is for a sign-in this browser did not start')
      const used = await db.deleteFrom('saml_requests').where('id', '=', inResponseTo).where('provider_id', '=', provider.id).returning('id').executeTakeFirst()
      if (used === undefined) throw new SamlFailure('failed', 'this SAML response was used already')
      const claims = claimsOfAttributes((profile['attributes'] as Record<string, unknown> | undefined) ?? {})
      const subject = subjectOfAssertion({ value: profile.nameID, format: profile.nameIDFormat }, claims)
      if (subject === undefined) throw new SamlFailure('failed', 'the assertion names nobody lastingly (only a transient NameID, no eduPersonPrincipalName, no mail)')
      return { subject, claims }
    },

    /** Our metadata for this provider, to give the IdP or the federation. */
    metadata(provider: IdentityProvider, origin: string): string {
      const sp = serviceProviderOf(origin, provider.id)
      return generateServiceProviderMetadata({ issuer: sp.entityId, callbackUrl: sp.acsUrl, wantAssertionsSigned: true, identifierFormat: null })
    },
  }
}

export type SamlClient = ReturnType<typeof createSamlClient>

/**
 * Why a checked assertion was not meant for this service, if it was not: each bearer confirmation must
 * name our ACS as its `Recipient` (the assertion is signed, so this cannot be changed on the way), and
 * the response, when it says its `Destination`, must say our ACS.
 */
function recipientProblem(assertionXml: string, responseXml: string, acsUrl: string): string | undefined {
  const assertion = new DOMParser().parseFromString(assertionXml, 'text/xml')
  const confirmations = Array.from(assertion.getElementsByTagNameNS(SAML_ASSERTION, 'SubjectConfirmation')).filter((element) => element.getAttribute('Method') === BEARER)
  if (confirmations.length === 0) throw new SamlFailure('failed', 'the assertion has no bearer subject confirmation')
  for (const confirmation of confirmations) {
    const data = Array.from(confirmation.getElementsByTagNameNS(SAML_ASSERTION, 'SubjectConfirmationData'))[0]
    const recipient = data?.getAttribute('Recipient') ?? ''
    if (recipient !== acsUrl) return `the assertion is for ${recipient === '' ? 'no named recipient' : recipient}, not ${acsUrl}`
  }
  if (responseXml !== '') {
    const destination = new DOMParser().parseFromString(responseXml, 'text/xml').documentElement?.getAttribute('Destination') ?? ''
    if (destination !== '' && destination !== acsUrl) return `the response was sent to ${destination}, not ${acsUrl}`
  }
  return undefined
}

/** An IdP's metadata read from its address: https (or a loopback http), a 2xx answer, at most a megabyte. */
export async function fetchMetadata(url: string): Promise<string> {
  const response = await fetch(url, { signal: AbortSignal.timeout(METADATA_TIMEOUT_MS), headers: { accept: 'application/samlmetadata+xml, application/xml, text/xml' } })
  if (!response.ok) throw new Error(`the address answered ${response.status}`)
  const length = Number(response.headers.get('content-length') ?? '0')
  if (length > METADATA_BYTES) throw new Error('the metadata is larger than a megabyte')
  const reader = response.body?.getReader()
  if (reader === undefined) return ''
  const chunks: Uint8Array[] = []
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.length
    if (size > METADATA_BYTES) {
      await reader.cancel()
      throw new Error('the metadata is larger than a megabyte')
    }
    chunks.push(value)
  }
  return Buffer.concat(chunks).toString('utf8')
}
