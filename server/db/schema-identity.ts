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
