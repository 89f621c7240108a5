import { sql, type Kysely } from 'kysely'

/**
 * A person's feedback report shared with their reviewer, by the person's own action, for one
 * framework. A share stands while `stopped_at` is null and only with the reviewer it was made with
 * (a new reviewer inherits nothing). Stopping sets `stopped_at`; rows are never deleted, so who could
 * read a report when stays known.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table report_shares (
      id integer generated always as identity primary key,
      institution_id integer not null references institutions(id),
      user_id integer not null references users(id),
      framework_id integer not null references frameworks(id),
      reviewer_id integer not null references users(id),
      shared_at timestamptz not null default now(),
      stopped_at timestamptz,
      check (reviewer_id <> user_id),
      check (stopped_at is null or stopped_at >= shared_at)
    )`.execute(db)
  await sql`create unique index report_shares_standing on report_shares (user_id, framework_id) where stopped_at is null`.execute(db)
  await sql`create index report_shares_reviewer on report_shares (reviewer_id) where stopped_at is null`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table report_shares`.execute(db)
}
