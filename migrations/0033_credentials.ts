import { sql, type Kysely } from 'kysely'

/**
 * Open Badges 3.0 credentials (services/credentials.ts).
 *
 * - `issuer_keys`: each institution's signing keys. The public key is kept as a JWK and published; the
 *   private key only encrypted (JWE, with a key from the environment). One key signs at a time; a key
 *   the current secret can no longer open is retired, and stays published so what it signed verifies.
 * - `credentials`: each credential issued, with the signed VC-JWT as issued (never rewritten), its
 *   place in the institution's revocation list (chosen at random, so neighbours say nothing), and its
 *   revocation. A person holds one live credential per competency and level, and per completion.
 * - `credential_levels`: the level from which a validated rating earns a credential, where the
 *   institution chose one for a competency (else the person's target).
 * - `pd_activities.confirmation_*`: a person asks for a completed programme to be confirmed; HR or a
 *   programme designer confirms it, which issues the credential.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table issuer_keys (
      id integer generated always as identity primary key,
      institution_id integer not null references institutions(id),
      kid text not null unique,
      public_jwk jsonb not null,
      private_jwe text not null,
      created_at timestamptz not null default now(),
      retired_at timestamptz
    )`.execute(db)
  await sql`create unique index issuer_keys_signing on issuer_keys (institution_id) where retired_at is null`.execute(db)
  await sql`
    create table credentials (
      id uuid primary key,
      institution_id integer not null references institutions(id),
      user_id integer not null references users(id),
      kind text not null check (kind in ('competency', 'programme')),
      competency_id integer references competencies(id),
      level integer,
      activity_id integer references pd_activities(id),
      programme_id integer references programmes(id),
      issued_by integer references users(id),
      key_id integer not null references issuer_keys(id),
      status_index integer not null check (status_index >= 0),
      jwt text not null,
      issued_at timestamptz not null,
      revoked_at timestamptz,
      revoked_by integer references users(id),
      revoked_reason text not null default '' check (length(revoked_reason) <= 500),
      check ((kind = 'competency') = (competency_id is not null and level is not null)),
      check ((kind = 'programme') = (activity_id is not null and programme_id is not null)),
      check ((revoked_at is null) = (revoked_by is null)),
      unique (institution_id, status_index)
    )`.execute(db)
  await sql`create unique index credentials_competency_live on credentials (user_id, competency_id, level) where kind = 'competency' and revoked_at is null`.execute(db)
  await sql`create unique index credentials_programme_live on credentials (activity_id) where kind = 'programme' and revoked_at is null`.execute(db)
  await sql`create index credentials_user on credentials (user_id, issued_at desc)`.execute(db)
  await sql`create index credentials_institution on credentials (institution_id, competency_id)`.execute(db)
  await sql`
    create table credential_levels (
      institution_id integer not null references institutions(id),
      competency_id integer not null references competencies(id),
      level integer not null check (level >= 1),
      primary key (institution_id, competency_id)
    )`.execute(db)
  await sql`alter table pd_activities add column confirmation_asked_at timestamptz`.execute(db)
  await sql`alter table pd_activities add column confirmed_by integer references users(id)`.execute(db)
  await sql`alter table pd_activities add column confirmed_at timestamptz`.execute(db)
  await sql`alter table pd_activities add constraint pd_activities_confirmed check ((confirmed_at is null) = (confirmed_by is null))`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table pd_activities drop constraint pd_activities_confirmed`.execute(db)
  await sql`alter table pd_activities drop column confirmed_at`.execute(db)
  await sql`alter table pd_activities drop column confirmed_by`.execute(db)
  await sql`alter table pd_activities drop column confirmation_asked_at`.execute(db)
  await sql`drop table credential_levels`.execute(db)
  await sql`drop table credentials`.execute(db)
  await sql`drop table issuer_keys`.execute(db)
}
