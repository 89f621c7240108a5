import { sql, type Kysely } from 'kysely'

/**
 * SCIM 2.0 provisioning (services/scim-*.ts, routes/scim.ts): the university's directory creates,
 * changes and disables its people.
 *
 * - `scim_tokens`: the bearer tokens HR give their directory, one institution's each. Only the
 *   SHA-256 of a token is kept (it is shown once, when made); a revoked token opens nothing.
 * - `scim_users`: what the directory calls a person (userName, externalId, the parts of their name),
 *   beside the person it provisioned or matched. One row per person.
 * - `scim_groups` and `scim_group_members`: the directory's groups as it provisions them, each of
 *   which HR may map to a department or a role profile of the institution; a member is placed there.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table scim_tokens (
      id integer generated always as identity primary key,
      institution_id integer not null references institutions(id),
      label text not null check (length(label) between 1 and 100),
      token_hash text not null unique check (token_hash ~ '^[0-9a-f]{64}$'),
      created_by integer references users(id),
      created_at timestamptz not null default now(),
      last_used_at timestamptz,
      revoked_at timestamptz
    )`.execute(db)
  await sql`create index scim_tokens_institution on scim_tokens (institution_id)`.execute(db)
  await sql`
    create table scim_users (
      user_id integer primary key references users(id),
      institution_id integer not null references institutions(id),
      user_name text not null check (length(user_name) between 1 and 254),
      external_id text check (length(external_id) between 1 and 255),
      given_name text check (length(given_name) between 1 and 200),
      family_name text check (length(family_name) between 1 and 200),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`.execute(db)
  await sql`create unique index scim_users_user_name on scim_users (institution_id, lower(user_name))`.execute(db)
  await sql`create index scim_users_external_id on scim_users (institution_id, external_id)`.execute(db)
  await sql`
    create table scim_groups (
      id integer generated always as identity primary key,
      institution_id integer not null references institutions(id),
      display_name text not null check (length(display_name) between 1 and 200),
      external_id text check (length(external_id) between 1 and 255),
      department_id integer references departments(id),
      role_profile_id integer references role_profiles(id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`.execute(db)
  await sql`create index scim_groups_institution on scim_groups (institution_id, lower(display_name))`.execute(db)
  await sql`
    create table scim_group_members (
      group_id integer not null references scim_groups(id) on delete cascade,
      user_id integer not null references users(id),
      added_at timestamptz not null default now(),
      primary key (group_id, user_id)
    )`.execute(db)
  await sql`create index scim_group_members_user on scim_group_members (user_id)`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table scim_group_members`.execute(db)
  await sql`drop table scim_groups`.execute(db)
  await sql`drop table scim_users`.execute(db)
  await sql`drop table scim_tokens`.execute(db)
}
