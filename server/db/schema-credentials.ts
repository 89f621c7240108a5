import type { ColumnType, Generated } from 'kysely'
import type { CredentialKind } from '../domain/open-badge.js'

type WrittenAt = ColumnType<Date, Date | string | undefined, never>
/** jsonb: read as the value, written as its JSON text. */
type Json<T> = ColumnType<T, string, string>

/** Open Badges credentials and the keys that sign them (migrations/0033_credentials.ts). */
export interface IssuerKeysTable {
  id: Generated<number>
  institution_id: number
  kid: string
  public_jwk: Json<Record<string, string>>
  /** The private JWK, encrypted (JWE compact, dir + A256GCM) with the key from the environment. */
  private_jwe: string
  created_at: WrittenAt
  retired_at: Date | null
}

export interface CredentialsTable {
  /** A UUID: the credential's public address is /credentials/<id>. */
  id: string
  institution_id: number
  user_id: number
  kind: CredentialKind
  competency_id: number | null
  level: number | null
  activity_id: number | null
  programme_id: number | null
  issued_by: number | null
  key_id: number
  status_index: number
  /** The signed VC-JWT, as issued. */
  jwt: string
  issued_at: Date
  revoked_at: Date | null
  revoked_by: number | null
  revoked_reason: Generated<string>
}

export interface CredentialLevelsTable {
  institution_id: number
  competency_id: number
  level: number
}
