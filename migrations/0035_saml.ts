import { sql, type Kysely } from 'kysely'

/**
 * SAML 2.0 identity providers beside OpenID Connect (services/saml.ts).
 *
 * - `identity_providers` of kind `saml`: `issuer` is the IdP's entity ID, `client_id` is empty, and
 *   the IdP's single sign-on address and signing certificates are kept as its metadata gave them (with
 *   the metadata's address, when HR gave one rather than the file).
 * - `saml_requests`: each authentication request sent and not yet answered, by its ID, so that any app
 *   process can check a response's `InResponseTo` (the IdP posts it cross-site: no cookie of ours comes
 *   with it), and so that a response is used once: its request is deleted when it signs someone in.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table identity_providers drop constraint identity_providers_kind_check`.execute(db)
  await sql`alter table identity_providers add constraint identity_providers_kind_check check (kind in ('oidc', 'saml'))`.execute(db)
  await sql`alter table identity_providers add column sso_url text`.execute(db)
  await sql`alter table identity_providers add column signing_certificates jsonb not null default '[]' check (jsonb_typeof(signing_certificates) = 'array')`.execute(db)
  await sql`alter table identity_providers add column metadata_url text`.execute(db)
  await sql`
    alter table identity_providers add constraint identity_providers_saml_complete
      check (kind <> 'saml' or (sso_url is not null and jsonb_array_length(signing_certificates) > 0))`.execute(db)
  await sql`
    create table saml_requests (
      id text primary key check (length(id) between 1 and 100),
      provider_id integer not null references identity_providers(id) on delete cascade,
      created_at timestamptz not null default now()
    )`.execute(db)
  await sql`create index saml_requests_created on saml_requests (created_at)`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table saml_requests`.execute(db)
  await sql`delete from identity_providers where kind = 'saml'`.execute(db)
  await sql`alter table identity_providers drop constraint identity_providers_saml_complete`.execute(db)
  await sql`alter table identity_providers drop column metadata_url`.execute(db)
  await sql`alter table identity_providers drop column signing_certificates`.execute(db)
  await sql`alter table identity_providers drop column sso_url`.execute(db)
  await sql`alter table identity_providers drop constraint identity_providers_kind_check`.execute(db)
  await sql`alter table identity_providers add constraint identity_providers_kind_check check (kind in ('oidc'))`.execute(db)
}
