import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { inflateRawSync } from 'node:zlib'
import { signSamlPost } from '@node-saml/node-saml/lib/saml-post-signing.js'

/**
 * A SAML 2.0 identity provider for tests, built on the same library the app uses (`@node-saml`'s own
 * XML signing) with test certificates made once by `openssl req -x509` (test/fixtures/saml/): it
 * publishes metadata, reads the app's AuthnRequest from the redirect, and answers with a Response
 * that is honest by default and, on request, wrong in one way at a time.
 */

const FIXTURES = new URL('../fixtures/saml/', import.meta.url)
const pemBody = (pem: string) => pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '')
export const IDP_KEYS = {
  idp: { privateKey: readFileSync(new URL('idp.key', FIXTURES), 'utf8'), certificate: pemBody(readFileSync(new URL('idp.crt', FIXTURES), 'utf8')) },
  other: { privateKey: readFileSync(new URL('other.key', FIXTURES), 'utf8'), certificate: pemBody(readFileSync(new URL('other.crt', FIXTURES), 'utf8')) },
}

export const OID = {
  mail: 'urn:oid:0.9.2342.19200300.100.1.3',
  displayName: 'urn:oid:2.16.840.1.113730.3.1.241',
  eduPersonPrincipalName: 'urn:oid:1.3.6.1.4.1.5923.1.1.1.6',
  eduPersonAffiliation: 'urn:oid:1.3.6.1.4.1.5923.1.1.1.1',
} as const

const PERSISTENT = 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent'

const escaped = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
const id = () => `_${randomBytes(16).toString('hex')}`
const instant = (date: Date) => date.toISOString().replace(/\.\d{3}Z$/, 'Z')

/** What the app asked for, read from the address it sent the browser to. */
export interface AuthnRequestSeen {
  readonly id: string
  readonly acsUrl: string
  readonly issuer: string
  readonly relayState: string | null
  readonly loginHint: string | null
  readonly destination: string
}

export interface ResponseOptions {
  readonly request: AuthnRequestSeen
  readonly attributes?: Readonly<Record<string, string | readonly string[]>>
  readonly nameId?: { readonly value: string; readonly format: string }
  /** Each one changes one thing from an honest answer. */
  readonly inResponseTo?: string
  readonly recipient?: string
  readonly destination?: string
  readonly audience?: string
  readonly issuer?: string
  readonly notOnOrAfter?: Date
  readonly notBefore?: Date
  /** Which key signs the assertion: the published one, another, or none. */
  readonly signedBy?: 'idp' | 'other' | 'nobody'
  /** Sign the response around the assertion instead of the assertion. */
  readonly signResponseOnly?: boolean
  /** Changes the XML after it is signed (a tampered or wrapped answer). */
  readonly afterSigning?: (xml: string) => string
  /** A failure status instead of an assertion, e.g. 'AuthnFailed'. */
  readonly failure?: string
}

export function createSamlIdp(options: { entityId?: string; ssoUrl?: string } = {}) {
  const entityId = options.entityId ?? 'https://idp.uni.ac.za/idp/shibboleth'
  const ssoUrl = options.ssoUrl ?? 'https://idp.uni.ac.za/idp/profile/SAML2/Redirect/SSO'

  return {
    entityId,
    ssoUrl,

    /** The IdP's metadata, as a Shibboleth IdP publishes it (trimmed to what SPs read). */
    metadata(certificates: readonly string[] = [IDP_KEYS.idp.certificate]): string {
      return `<?xml version="1.0" encoding="UTF-8"?>
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" entityID="${escaped(entityId)}">
  <md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
${certificates.map((certificate) => `    <md:KeyDescriptor use="signing"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>\n${certificate.match(/.{1,64}/g)!.join('\n')}\n</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>`).join('\n')}
    <md:KeyDescriptor use="encryption"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>${IDP_KEYS.other.certificate}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>
    <md:NameIDFormat>urn:oasis:names:tc:SAML:2.0:nameid-format:transient</md:NameIDFormat>
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="${escaped(ssoUrl.replace('Redirect', 'POST'))}"/>
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="${escaped(ssoUrl)}"/>
  </md:IDPSSODescriptor>
</md:EntityDescriptor>`
    },

    /** The AuthnRequest in the app's redirect (HTTP-Redirect binding: deflated, base64, in the query). */
    requestOf(location: string): AuthnRequestSeen {
      const url = new URL(location)
      const encoded = url.searchParams.get('SAMLRequest')
      if (encoded === null) throw new Error(`no SAMLRequest in ${location}`)
      const xml = inflateRawSync(Buffer.from(encoded, 'base64')).toString('utf8')
      const attribute = (name: string) => new RegExp(`\\s${name}="([^"]*)"`).exec(xml)?.[1] ?? ''
      return {
        id: attribute('ID'),
        acsUrl: attribute('AssertionConsumerServiceURL'),
        destination: attribute('Destination'),
        issuer: /<saml:Issuer[^>]*>([^<]*)<\/saml:Issuer>/.exec(xml)?.[1] ?? '',
        relayState: url.searchParams.get('RelayState'),
        loginHint: url.searchParams.get('login_hint'),
      }
    },

    /** The IdP's answer for the form post to the ACS, base64 (as `SAMLResponse`). */
    response(given: ResponseOptions): string {
      const now = new Date()
      const notOnOrAfter = instant(given.notOnOrAfter ?? new Date(now.getTime() + 5 * 60_000))
      const inResponseTo = escaped(given.inResponseTo ?? given.request.id)
      const recipient = escaped(given.recipient ?? given.request.acsUrl)
      const issuer = escaped(given.issuer ?? entityId)
      const status = given.failure === undefined
        ? '<samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>'
        : `<samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Responder"><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:${given.failure}"/></samlp:StatusCode></samlp:Status>`
      const nameId = given.nameId ?? { value: randomBytes(12).toString('base64url'), format: PERSISTENT }
      const attributes = Object.entries(given.attributes ?? {})
        .map(([name, value]) => `<saml:Attribute Name="${escaped(name)}" NameFormat="urn:oasis:names:tc:SAML:2.0:attrname-format:uri">${(typeof value === 'string' ? [value] : value).map((one) => `<saml:AttributeValue xsi:type="xs:string">${escaped(one)}</saml:AttributeValue>`).join('')}</saml:Attribute>`)
        .join('')
      const assertion = `<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ID="${id()}" Version="2.0" IssueInstant="${instant(now)}"><saml:Issuer>${issuer}</saml:Issuer><saml:Subject><saml:NameID Format="${escaped(nameId.format)}">${escaped(nameId.value)}</saml:NameID><saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><saml:SubjectConfirmationData InResponseTo="${inResponseTo}" NotOnOrAfter="${notOnOrAfter}" Recipient="${recipient}"/></saml:SubjectConfirmation></saml:Subject><saml:Conditions NotBefore="${instant(given.notBefore ?? new Date(now.getTime() - 60_000))}" NotOnOrAfter="${notOnOrAfter}"><saml:AudienceRestriction><saml:Audience>${escaped(given.audience ?? given.request.issuer)}</saml:Audience></saml:AudienceRestriction></saml:Conditions><saml:AuthnStatement AuthnInstant="${instant(now)}" SessionIndex="${id()}"><saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>${attributes === '' ? '' : `<saml:AttributeStatement>${attributes}</saml:AttributeStatement>`}</saml:Assertion>`
      let xml = `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="${id()}" Version="2.0" IssueInstant="${instant(now)}" Destination="${escaped(given.destination ?? given.request.acsUrl)}" InResponseTo="${inResponseTo}"><saml:Issuer>${issuer}</saml:Issuer>${status}${given.failure === undefined ? assertion : ''}</samlp:Response>`
      const signer = given.signedBy ?? 'idp'
      if (signer !== 'nobody' && given.failure === undefined) {
        const xpath = given.signResponseOnly === true ? '/*[local-name(.)="Response"]' : '//*[local-name(.)="Assertion"]'
        xml = signSamlPost(xml, xpath, { privateKey: IDP_KEYS[signer].privateKey, signatureAlgorithm: 'sha256' })
      }
      if (given.afterSigning !== undefined) xml = given.afterSigning(xml)
      return Buffer.from(xml, 'utf8').toString('base64')
    },
  }
}

export type SamlIdp = ReturnType<typeof createSamlIdp>
