import { X509Certificate } from 'node:crypto'
import { DOMParser } from '@xmldom/xmldom'

/**
 * SAML 2.0 as this app's service provider sees it, without any input or output: where an identity
 * provider (IdP) is, from its metadata; the addresses a federation registers for us; and what an
 * assertion's attributes say about the person, in the claims the federated sign-in reads.
 *
 * ```ts
 * idpOfMetadata(xml) // { entityId: 'https://idp.uni.ac.za/idp/shibboleth', ssoUrl: 'https://idp.uni.ac.za/idp/profile/SAML2/Redirect/SSO', certificates: ['MIIC...'] }
 * claimsOfAttributes({ 'urn:oid:0.9.2342.19200300.100.1.3': 'Ama@Uni.ac.za' }) // { mail: 'Ama@Uni.ac.za', email: 'ama@uni.ac.za', email_verified: true, ... }
 * ```
 */

const MD = 'urn:oasis:names:tc:SAML:2.0:metadata'
const DSIG = 'http://www.w3.org/2000/09/xmldsig#'
const REDIRECT_BINDING = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect'
const PROTOCOL = 'urn:oasis:names:tc:SAML:2.0:protocol'

/** Where our service provider is, per provider: registered with the IdP or the federation, so they must not move. */
export function serviceProviderOf(origin: string, providerId: number): { entityId: string; acsUrl: string; metadataUrl: string } {
  const metadataUrl = `${origin}/auth/saml/${providerId}/metadata`
  // The entity ID is the metadata's own address: the convention federations (eduGAIN members) ask for.
  return { entityId: metadataUrl, acsUrl: `${origin}/auth/saml/${providerId}/acs`, metadataUrl }
}

/** An identity provider, as its metadata describes it. */
export interface IdpDescription {
  readonly entityId: string
  /** Its single sign-on service for the HTTP-Redirect binding. */
  readonly ssoUrl: string
  /** Its signing certificates, base64 DER (as in `<ds:X509Certificate>`). */
  readonly certificates: readonly string[]
}

/** Why metadata was not usable: each says so in words (problems `samlMetadataUnusable`). */
export const METADATA_FAULTS = ['notXml', 'doctype', 'noIdp', 'severalIdps', 'entityNotFound', 'noRedirectSso', 'ssoNotHttps', 'noCertificate', 'badCertificate'] as const
export type MetadataFault = (typeof METADATA_FAULTS)[number]

export class MetadataError extends Error {
  override name = 'MetadataError'
  constructor(
    readonly fault: MetadataFault,
    readonly detail: string = '',
  ) {
    super(`${fault}${detail === '' ? '' : `: ${detail}`}`)
  }
}

/** Whether a URL may be where the browser is sent: `https://`, or `http://` on a loopback address for tests. */
function urlAllowed(value: string): boolean {
  try {
    const url = new URL(value)
    return url.protocol === 'https:' || (url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname))
  } catch {
    return false
  }
}

/**
 * The identity provider a metadata document describes: one `EntityDescriptor`, or the one named by
 * `entityId` in a federation's `EntitiesDescriptor`. Only what the sign-in needs is read; a DOCTYPE is
 * refused outright (no entity of any kind is expanded).
 */
export function idpOfMetadata(xml: string, entityId?: string): IdpDescription {
  if (/<!DOCTYPE/i.test(xml)) throw new MetadataError('doctype')
  const problems: string[] = []
  const doc = new DOMParser({ errorHandler: { warning: () => {}, error: (message) => problems.push(String(message)), fatalError: (message) => problems.push(String(message)) } }).parseFromString(xml, 'text/xml')
  if (problems.length > 0 || doc.documentElement === null || doc.documentElement.namespaceURI !== MD) throw new MetadataError('notXml', problems[0]?.split('\n')[0] ?? '')

  const entities = Array.from(doc.getElementsByTagNameNS(MD, 'EntityDescriptor')).filter((entity) => idpDescriptorOf(entity) !== undefined)
  let entity: Element | undefined
  if (entityId !== undefined && entityId !== '') {
    entity = entities.find((one) => one.getAttribute('entityID') === entityId)
    if (entity === undefined) throw new MetadataError('entityNotFound', entityId)
  } else {
    if (entities.length === 0) throw new MetadataError('noIdp')
    if (entities.length > 1) throw new MetadataError('severalIdps', String(entities.length))
    entity = entities[0]!
  }
  const descriptor = idpDescriptorOf(entity)!
  const sso = children(descriptor, MD, 'SingleSignOnService').find((service) => service.getAttribute('Binding') === REDIRECT_BINDING)
  const ssoUrl = sso?.getAttribute('Location')?.trim() ?? ''
  if (ssoUrl === '') throw new MetadataError('noRedirectSso')
  if (!urlAllowed(ssoUrl)) throw new MetadataError('ssoNotHttps', ssoUrl)

  const certificates: string[] = []
  for (const key of children(descriptor, MD, 'KeyDescriptor')) {
    const use = key.getAttribute('use')
    if (use !== null && use !== '' && use !== 'signing') continue
    for (const element of Array.from(key.getElementsByTagNameNS(DSIG, 'X509Certificate'))) {
      const base64 = (element.textContent ?? '').replace(/\s+/g, '')
      if (certificateOf(base64) === undefined) throw new MetadataError('badCertificate')
      if (!certificates.includes(base64)) certificates.push(base64)
    }
  }
  if (certificates.length === 0) throw new MetadataError('noCertificate')
  return { entityId: entity.getAttribute('entityID') ?? '', ssoUrl, certificates }
}

function idpDescriptorOf(entity: Element): Element | undefined {
  return children(entity, MD, 'IDPSSODescriptor').find((descriptor) => (descriptor.getAttribute('protocolSupportEnumeration') ?? '').split(/\s+/).includes(PROTOCOL))
}

function children(parent: Element, namespace: string, name: string): Element[] {
  return Array.from(parent.childNodes).filter((node): node is Element => node.nodeType === 1 && (node as Element).namespaceURI === namespace && (node as Element).localName === name)
}

/** A certificate as PEM, the form the signature check reads. */
export function pemOf(base64: string): string {
  return `-----BEGIN CERTIFICATE-----\n${base64.match(/.{1,64}/g)!.join('\n')}\n-----END CERTIFICATE-----\n`
}

/** What HR are shown of a certificate: whose it is, its fingerprint and until when it is valid. */
export interface CertificateSummary {
  readonly subject: string
  readonly sha256: string
  readonly notAfter: string
}

export function certificateOf(base64: string): CertificateSummary | undefined {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(base64)) return undefined
  try {
    const certificate = new X509Certificate(Buffer.from(base64, 'base64'))
    return { subject: certificate.subject.replace(/\n/g, ', '), sha256: certificate.fingerprint256, notAfter: new Date(certificate.validTo).toISOString() }
  } catch {
    return undefined
  }
}

/**
 * Attributes as federations name them (the eduPerson and inetOrgPerson OIDs of the SAML2 attribute
 * profile, and the names Microsoft's IdPs send), by the claim name the app reads.
 */
const ATTRIBUTE_NAMES: Readonly<Record<string, readonly string[]>> = {
  mail: ['urn:oid:0.9.2342.19200300.100.1.3', 'mail', 'email', 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress'],
  displayName: ['urn:oid:2.16.840.1.113730.3.1.241', 'displayName', 'http://schemas.microsoft.com/identity/claims/displayname'],
  givenName: ['urn:oid:2.5.4.42', 'givenName', 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname'],
  sn: ['urn:oid:2.5.4.4', 'sn', 'surname', 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/surname'],
  eduPersonPrincipalName: ['urn:oid:1.3.6.1.4.1.5923.1.1.1.6', 'eduPersonPrincipalName'],
  eduPersonAffiliation: ['urn:oid:1.3.6.1.4.1.5923.1.1.1.1', 'eduPersonAffiliation'],
  eduPersonScopedAffiliation: ['urn:oid:1.3.6.1.4.1.5923.1.1.1.9', 'eduPersonScopedAffiliation'],
  subjectId: ['urn:oasis:names:tc:SAML:attribute:subject-id'],
  pairwiseId: ['urn:oasis:names:tc:SAML:attribute:pairwise-id'],
  groups: ['http://schemas.microsoft.com/ws/2008/06/identity/claims/groups', 'isMemberOf', 'urn:oid:1.3.6.1.4.1.5923.1.5.1.1', 'groups'],
  department: ['urn:oid:2.5.4.11', 'ou', 'departmentNumber', 'urn:oid:2.16.840.1.113730.3.1.2', 'department'],
}

type AttributeValue = string | readonly string[]

const firstOf = (value: AttributeValue | undefined) => (value === undefined ? undefined : typeof value === 'string' ? value : value[0])

/**
 * The claims an assertion's attributes make: each known attribute under its friendly name (and every
 * attribute under the name it was sent with, for HR's mappings), `email` from `mail` and
 * `email_verified` with it: the institution's own IdP is the authority on its people's mail, and the
 * sign-in still accepts it only within the provider's email domains.
 */
export function claimsOfAttributes(attributes: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const values: Record<string, AttributeValue> = {}
  for (const [name, value] of Object.entries(attributes)) {
    if (typeof value === 'string') values[name] = value
    else if (Array.isArray(value) && value.every((one) => typeof one === 'string')) values[name] = value as string[]
  }
  const claims: Record<string, unknown> = { ...values }
  for (const [claim, names] of Object.entries(ATTRIBUTE_NAMES)) {
    const name = names.find((one) => values[one] !== undefined)
    if (name !== undefined) claims[claim] = values[name]
  }
  const mail = firstOf(claims['mail'] as AttributeValue | undefined)?.trim()
  if (mail !== undefined && mail !== '') {
    claims['email'] = mail.toLowerCase()
    claims['email_verified'] = true
  } else {
    delete claims['email']
  }
  const display = firstOf(claims['displayName'] as AttributeValue | undefined)
  const given = [firstOf(claims['givenName'] as AttributeValue | undefined), firstOf(claims['sn'] as AttributeValue | undefined)].filter((part) => part !== undefined && part.trim() !== '').join(' ')
  if (display !== undefined && display.trim() !== '') claims['name'] = display
  else if (given !== '') claims['name'] = given
  return claims
}

const PERSISTENT = 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent'
const TRANSIENT = 'urn:oasis:names:tc:SAML:2.0:nameid-format:transient'

/**
 * The IdP's stable name for the person, which the sign-in binds to them: the SAML subject-id or
 * pairwise-id attribute, a persistent NameID, `eduPersonPrincipalName`, another lasting NameID, or
 * their mail, in this order (a transient NameID changes at each sign-in and names nobody).
 */
export function subjectOfAssertion(nameId: { value: string | undefined; format: string | undefined }, claims: Readonly<Record<string, unknown>>): string | undefined {
  const candidates: (string | undefined)[] = [
    prefixed('subject-id', firstOf(claims['subjectId'] as AttributeValue | undefined)),
    prefixed('pairwise-id', firstOf(claims['pairwiseId'] as AttributeValue | undefined)),
    nameId.format === PERSISTENT ? prefixed('persistent', nameId.value) : undefined,
    prefixed('eppn', firstOf(claims['eduPersonPrincipalName'] as AttributeValue | undefined)),
    nameId.format !== TRANSIENT && nameId.format !== PERSISTENT ? prefixed('nameid', nameId.value) : undefined,
    prefixed('mail', claims['email'] as string | undefined),
  ]
  return candidates.find((candidate) => candidate !== undefined)
}

function prefixed(kind: string, value: string | undefined): string | undefined {
  if (value === undefined || value.trim() === '') return undefined
  const subject = `${kind}:${value.trim()}`
  return subject.length <= 255 ? subject : undefined
}
