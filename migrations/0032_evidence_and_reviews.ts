import { sql, type Kysely } from 'kysely'

/**
 * Evidence files and review requests.
 *
 * - `evidence_files`: a person's files, in the database so every app process and both databases share
 *   them. The type is the one read from the content (domain/evidence-file.ts), never the name's; one
 *   person keeps one copy of identical content (a double submit stores once).
 * - `ratings.evidence_files`, `current_ratings.evidence_files`: the files a self-rating cited, sorted;
 *   part of what makes a save new, so the history keeps what each rating cited. A cited file is kept.
 * - `review_requests`: a person asks their reviewer (null: the institution's HR) to review ratings.
 * - `reviews`: one per competency asked about, with the self-rating it was asked on, and the decision
 *   (`validated` with the level and the validation it wrote, or `more-evidence`), who made it and
 *   when; `seen_at` when the person read it. One open review per person and competency.
 * - `review_mail`: each mail about a request, claimed by the transaction that sends it (as round_mail).
 * - `institutions.review_reminder_days`: reviewers are reminded of a review waiting this many days.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table evidence_files (
      id integer generated always as identity primary key,
      institution_id integer not null references institutions(id),
      user_id integer not null references users(id),
      name text not null check (length(name) between 1 and 200),
      content_type text not null,
      bytes integer not null check (bytes > 0),
      sha256 text not null check (length(sha256) = 64),
      content bytea not null,
      created_at timestamptz not null default now(),
      unique (user_id, sha256)
    )`.execute(db)
  await sql`alter table ratings add column evidence_files integer[] not null default '{}'`.execute(db)
  await sql`alter table current_ratings add column evidence_files integer[] not null default '{}'`.execute(db)
  await sql`alter table institutions add column review_reminder_days integer not null default 7 check (review_reminder_days between 1 and 90)`.execute(db)
  await sql`
    create table review_requests (
      id integer generated always as identity primary key,
      institution_id integer not null references institutions(id),
      user_id integer not null references users(id),
      reviewer_id integer references users(id),
      message text not null default '' check (length(message) <= 2000),
      created_at timestamptz not null default now()
    )`.execute(db)
  await sql`create index review_requests_user on review_requests (user_id, created_at desc)`.execute(db)
  await sql`
    create table reviews (
      id integer generated always as identity primary key,
      request_id integer not null references review_requests(id),
      institution_id integer not null references institutions(id),
      user_id integer not null references users(id),
      competency_id integer not null references competencies(id),
      rating_id bigint not null references ratings(id),
      status text not null default 'open' check (status in ('open', 'validated', 'more-evidence')),
      decided_by integer references users(id),
      validation_id bigint references ratings(id),
      level integer,
      comment text not null default '' check (length(comment) <= 2000),
      decided_at timestamptz,
      seen_at timestamptz,
      check ((status = 'open') = (decided_at is null))
    )`.execute(db)
  await sql`create unique index reviews_open on reviews (user_id, competency_id) where status = 'open'`.execute(db)
  await sql`create index reviews_request on reviews (request_id)`.execute(db)
  await sql`create index reviews_institution_open on reviews (institution_id) where status = 'open'`.execute(db)
  await sql`
    create table review_mail (
      request_id integer not null references review_requests(id),
      user_id integer not null references users(id),
      key text not null check (length(key) <= 40),
      sent_at timestamptz not null default now(),
      primary key (request_id, user_id, key)
    )`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table review_mail`.execute(db)
  await sql`drop table reviews`.execute(db)
  await sql`drop table review_requests`.execute(db)
  await sql`alter table institutions drop column review_reminder_days`.execute(db)
  await sql`alter table current_ratings drop column evidence_files`.execute(db)
  await sql`alter table ratings drop column evidence_files`.execute(db)
  await sql`drop table evidence_files`.execute(db)
}
