import { sql, type Kysely } from 'kysely'

/**
 * When a SAML IdP's metadata was last read from its address (services/identity-providers.ts): a
 * federation's IdPs roll their signing certificates over and publish the new one in their metadata
 * first, so the metadata is read again at a sign-in once it is a day old. Null for pasted metadata.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table identity_providers add column metadata_read_at timestamptz`.execute(db)
  await sql`update identity_providers set metadata_read_at = updated_at where metadata_url is not null`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table identity_providers drop column metadata_read_at`.execute(db)
}
