import type { ColumnType, Generated } from 'kysely'
import type { IdentityProviderKind, PlacementRule } from '../domain/identity-providers.js'

type WrittenAt = ColumnType<Date, Date | string | undefined, Date | string>
/** jsonb: read as the value, written as its JSON text. */
type Json<T> = ColumnType<T, string, string>

/** Sign-in attempts per account or client address in the current window (migration 0006). */
export interface SignInThrottleTable {
  key: string
  window_start: Date
  attempts: number
  /** No attempt for this key is checked before this time (a pair's growing delay). */
  blocked_until: Date | null
  last_attempt_at: Generated<Date>
}

/** Identity providers and the people they sign in (migrations/0034_identity_providers.ts). */
export interface IdentityProvidersTable {
  id: Generated<number>
  institution_id: number
  kind: IdentityProviderKind
  name: string
  email_domains: Json<string[]>
  create_unknown: Generated<boolean>
  mappings: Json<PlacementRule[]>
  issuer: string
  client_id: string
  /** The client secret, encrypted (JWE compact, dir + A256GCM); null for a public client. */
  client_secret_jwe: string | null
  /** SAML: the IdP's single sign-on address (HTTP-Redirect) and signing certificates, base64 DER (0035). */
  sso_url: string | null
  signing_certificates: ColumnType<string[], string | undefined, string>
  /** SAML: where HR said the IdP's metadata is, when they gave an address rather than the file. */
  metadata_url: string | null
  /** SAML: when the metadata was last read from its address; it is read again at a sign-in once a day old (0037). */
  metadata_read_at: Date | null
  created_at: WrittenAt
  updated_at: WrittenAt
}

export interface UserIdentitiesTable {
  provider_id: number
  subject: string
  user_id: number
  created_at: WrittenAt
  last_sign_in_at: WrittenAt
}

/** SAML authentication requests sent and not yet answered (migrations/0035_saml.ts). */
export interface SamlRequestsTable {
  id: string
  provider_id: number
  created_at: WrittenAt
}

/** SCIM provisioning (migrations/0036_scim.ts): HR's bearer tokens, by their SHA-256 only. */
export interface ScimTokensTable {
  id: Generated<number>
  institution_id: number
  label: string
  token_hash: string
  created_by: number | null
  created_at: WrittenAt
  last_used_at: Date | null
  revoked_at: Date | null
}

/** What the directory calls a person it provisioned or matched. */
export interface ScimUsersTable {
  user_id: number
  institution_id: number
  user_name: string
  external_id: string | null
  given_name: string | null
  family_name: string | null
  created_at: WrittenAt
  updated_at: WrittenAt
}

/** The directory's groups, each perhaps mapped by HR to a department or role profile. */
export interface ScimGroupsTable {
  id: Generated<number>
  institution_id: number
  display_name: string
  external_id: string | null
  department_id: number | null
  role_profile_id: number | null
  created_at: WrittenAt
  updated_at: WrittenAt
}

export interface ScimGroupMembersTable {
  group_id: number
  user_id: number
  added_at: WrittenAt
}
