import { z } from 'zod'

/**
 * An institution's identity providers, as HR and the platform operator describe them, and the pure
 * rules of a federated sign-in: which provider serves an email, whether what the provider says about a
 * person is enough to match them, and where a person it creates is placed.
 *
 * ```ts
 * emailDomainOf(' Ama@Uni.EDU.gh ') // 'uni.edu.gh'
 * verifiedEmailOf({ email: 'ama@uni.edu.gh', email_verified: true }) // 'ama@uni.edu.gh'
 * placementOf([{ claim: 'groups', value: 'staff-ped', roleProfileId: 3, departmentId: null }], { groups: ['staff-ped'] })
 * // { roleProfileId: 3, departmentId: null }
 * ```
 */

export const IDENTITY_PROVIDER_KINDS = ['oidc', 'saml'] as const
export type IdentityProviderKind = (typeof IDENTITY_PROVIDER_KINDS)[number]

/** Hosts an `http://` issuer may name: a provider run beside the app, as the tests run one. */
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]'])

/** Whether an issuer URL may be used: `https://`, or `http://` on a loopback address only. */
export function issuerAllowed(issuer: string): boolean {
  let url: URL
  try {
    url = new URL(issuer)
  } catch {
    return false
  }
  if (url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '') return false
  return url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname))
}

/** Where a provider sends the person back (registered with it, so it must not move): from the app's public origin. */
export function redirectUriOf(origin: string, providerId: number): string {
  return `${origin}/auth/oidc/${providerId}/callback`
}

export function isLoopbackIssuer(issuer: string): boolean {
  return new URL(issuer).protocol === 'http:'
}

/** A DNS name as an email's domain is written: letters, digits, hyphens, dots; at least one dot. */
const DOMAIN = /^(?=.{3,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/

/** The domain of an email address, in lower case; '' when it has none. */
export function emailDomainOf(email: string): string {
  const at = email.trim().lastIndexOf('@')
  return at < 0 ? '' : email.trim().slice(at + 1).toLowerCase()
}

/** Half of a UTF-16 surrogate pair: JSON can carry it as an escape, PostgreSQL cannot store it. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/

/** Text of at most `max` characters that PostgreSQL can keep (no lone surrogate). */
const text = (min: number, max: number) =>
  z
    .string()
    .trim()
    .min(min)
    .max(max)
    .refine((value) => !LONE_SURROGATE.test(value), { message: 'Not well-formed text (half of a UTF-16 surrogate pair)' })

const domainShape = z
  .string()
  .trim()
  .toLowerCase()
  .transform((domain) => domain.replace(/^@/, ''))
  .refine((domain) => DOMAIN.test(domain), { message: 'An email domain such as uni.edu.gh' })

/** A rule that places a person a provider creates: when `claim` is (or lists) `value`. */
export const placementRuleShape = z
  .object({
    claim: text(1, 100).describe('A claim of the ID token or user info, such as groups, department or eduPersonAffiliation'),
    value: text(1, 200).describe('The value the claim has, or one of the values it lists'),
    roleProfileId: z.number().int().positive().nullable().default(null),
    departmentId: z.number().int().positive().nullable().default(null),
  })
  .strict()
  .refine((rule) => rule.roleProfileId !== null || rule.departmentId !== null, { message: 'A rule places the person: give a roleProfileId, a departmentId, or both' })
export type PlacementRule = z.infer<typeof placementRuleShape>

const common = {
  name: text(1, 100).describe('Shown on the sign-in button: "Sign in with <name>"'),
  emailDomains: z.array(domainShape).min(1).max(20).describe('The email domains whose people this provider signs in'),
  createUnknown: z.boolean().default(false).describe('Create a person the institution does not know yet, as a lecturer placed by the mappings'),
  mappings: z.array(placementRuleShape).max(50).default([]),
}

const issuerShape = z
  .string()
  .trim()
  .max(500)
  .refine(issuerAllowed, { message: 'The issuer URL must start with https:// (http:// only for a provider on this machine)' })
  .transform((issuer) => issuer.replace(/\/+$/, ''))

export const oidcProviderShape = z
  .object({
    institutionId: z.number().int().positive().optional().describe('The institution it serves; HR may leave it out (their own)'),
    kind: z.literal('oidc'),
    ...common,
    issuer: issuerShape.describe('The issuer URL; its /.well-known/openid-configuration is read'),
    clientId: text(1, 500),
    clientSecret: z.string().max(2000).refine((value) => !LONE_SURROGATE.test(value), { message: 'Not well-formed text' }).default('').describe('Kept encrypted, never shown again; empty for a public client (PKCE alone)'),
  })
  .strict()
/** Where a SAML IdP's metadata is read from: https, or http on this machine (tests); a query is kept (Entra ID's has one). */
const metadataUrlShape = z
  .string()
  .trim()
  .max(1000)
  .refine((value) => {
    try {
      const url = new URL(value)
      return url.username === '' && url.password === '' && (url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname)))
    } catch {
      return false
    }
  }, { message: 'The metadata URL must start with https:// (http:// only for an IdP on this machine)' })

const samlSource = {
  metadataUrl: metadataUrlShape.optional().describe('Where the IdP publishes its SAML metadata (read now, and again whenever the provider is saved)'),
  metadataXml: z.string().max(500_000).refine((value) => !LONE_SURROGATE.test(value), { message: 'Not well-formed text' }).optional().describe("The IdP's SAML metadata itself, when it has no address"),
  entityId: text(1, 500).optional().describe('Which IdP, when the metadata is a federation\'s and lists several'),
}

export const samlProviderShape = z
  .object({
    institutionId: z.number().int().positive().optional().describe('The institution it serves; HR may leave it out (their own)'),
    kind: z.literal('saml'),
    ...common,
    ...samlSource,
  })
  .strict()
  .refine((input) => (input.metadataUrl === undefined) !== (input.metadataXml === undefined), { message: 'Give the metadata by its URL (metadataUrl) or as the file (metadataXml), one of the two', path: ['metadataUrl'] })

export const identityProviderShape = z.discriminatedUnion('kind', [oidcProviderShape, samlProviderShape])
export type IdentityProviderInput = z.infer<typeof identityProviderShape>

export const identityProviderPatchShape = z
  .object({
    name: common.name.optional(),
    emailDomains: common.emailDomains.optional(),
    createUnknown: z.boolean().optional(),
    mappings: z.array(placementRuleShape).max(50).optional(),
    issuer: issuerShape.optional(),
    clientId: text(1, 500).optional(),
    clientSecret: z.string().max(2000).refine((value) => !LONE_SURROGATE.test(value), { message: 'Not well-formed text' }).optional().describe('A new secret; leave it out to keep the one stored'),
    ...samlSource,
  })
  .strict()
  .refine((patch) => patch.metadataUrl === undefined || patch.metadataXml === undefined, { message: 'Give the metadata by its URL or as the file, not both', path: ['metadataUrl'] })
export type IdentityProviderPatch = z.infer<typeof identityProviderPatchShape>

/** A provider as everyone but the sign-in itself sees it: never its secret. */
export interface IdentityProvider {
  readonly id: number
  readonly institutionId: number
  readonly kind: IdentityProviderKind
  readonly name: string
  readonly emailDomains: readonly string[]
  readonly createUnknown: boolean
  readonly mappings: readonly PlacementRule[]
  readonly issuer: string
  readonly clientId: string
  readonly hasClientSecret: boolean
  /** SAML: the IdP's single sign-on address, its signing certificates (base64 DER), and where its metadata was read. */
  readonly ssoUrl: string | null
  readonly certificates: readonly string[]
  readonly metadataUrl: string | null
}

/** What a provider said about the person signing in, once its token was checked. */
export interface FederatedIdentity {
  /** The provider's stable id of the person (`sub`). */
  readonly subject: string
  readonly claims: Readonly<Record<string, unknown>>
}

/**
 * The email a provider vouches for: only one it says it verified (`email_verified`, or Microsoft Entra
 * ID's `xms_edov`, "the email domain's owner verified it", as Entra sends no `email_verified`).
 */
export function verifiedEmailOf(claims: Readonly<Record<string, unknown>>): string | undefined {
  const email = claims['email']
  if (typeof email !== 'string' || !email.includes('@') || email.length > 320) return undefined
  const yes = (value: unknown) => value === true || value === 'true'
  return yes(claims['email_verified']) || yes(claims['xms_edov']) ? email.trim().toLowerCase() : undefined
}

/** The person's name as the provider gives it, else the part of the email before the @. */
export function displayNameOf(claims: Readonly<Record<string, unknown>>, email: string): string {
  const given = [claims['name'], [claims['given_name'], claims['family_name']].filter((part) => typeof part === 'string').join(' '), claims['displayName']]
  for (const name of given) {
    if (typeof name === 'string' && name.trim() !== '') return name.trim().slice(0, 200)
  }
  return email.slice(0, email.indexOf('@'))
}

/** Where a person a provider creates goes: the first rule that matches sets each of the two. */
export function placementOf(rules: readonly PlacementRule[], claims: Readonly<Record<string, unknown>>): { roleProfileId: number | null; departmentId: number | null } {
  let roleProfileId: number | null = null
  let departmentId: number | null = null
  for (const rule of rules) {
    const value = claims[rule.claim]
    const values = Array.isArray(value) ? value : [value]
    if (!values.some((one) => (typeof one === 'string' || typeof one === 'number') && String(one) === rule.value)) continue
    roleProfileId ??= rule.roleProfileId
    departmentId ??= rule.departmentId
  }
  return { roleProfileId, departmentId }
}

/** Why a federated sign-in was refused: each says so in words the person reads (messages `signIn`). */
export const SIGN_IN_REFUSALS = ['emailNotVerified', 'emailOutsideDomains', 'accountDisabled', 'noAccount', 'identityTaken'] as const
export type SignInRefusal = (typeof SIGN_IN_REFUSALS)[number]
