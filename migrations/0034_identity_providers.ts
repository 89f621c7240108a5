import { sql, type Kysely } from 'kysely'

/**
 * Signing in the university's way (services/identity-providers.ts, services/federated-sign-in.ts).
 *
 * - `identity_providers`: an institution's OpenID Connect providers, each with the email domains it
 *   serves, whether it creates people it does not know (as lecturers, placed by `mappings` of directory
 *   claims to a role profile and a department), and the client secret only encrypted (JWE, with a key
 *   drawn from the environment's secret).
 * - `user_identities`: which person a provider's subject is, bound at their first sign-in by their
 *   verified email; later sign-ins follow the binding, so a changed email at the provider cannot move
 *   the sign-in to someone else. One binding per person and provider.
 * - `institutions.password_sign_in`: whether the institution's people may still sign in with a
 *   password (the platform operator always may); off only while the institution has a provider.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table identity_providers (
      id integer generated always as identity primary key,
      institution_id integer not null references institutions(id),
      kind text not null check (kind in ('oidc')),
      name text not null check (length(name) between 1 and 100),
      email_domains jsonb not null check (jsonb_typeof(email_domains) = 'array'),
      create_unknown boolean not null default false,
      mappings jsonb not null default '[]' check (jsonb_typeof(mappings) = 'array'),
      issuer text not null,
      client_id text not null,
      client_secret_jwe text,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`.execute(db)
  await sql`create index identity_providers_institution on identity_providers (institution_id)`.execute(db)
  await sql`
    create table user_identities (
      provider_id integer not null references identity_providers(id) on delete cascade,
      subject text not null check (length(subject) between 1 and 255),
      user_id integer not null references users(id),
      created_at timestamptz not null default now(),
      last_sign_in_at timestamptz not null default now(),
      primary key (provider_id, subject),
      unique (provider_id, user_id)
    )`.execute(db)
  await sql`create index user_identities_user on user_identities (user_id)`.execute(db)
  await sql`alter table institutions add column password_sign_in boolean not null default true`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table institutions drop column password_sign_in`.execute(db)
  await sql`drop table user_identities`.execute(db)
  await sql`drop table identity_providers`.execute(db)
}
