import { sql, type Kysely } from 'kysely'

/**
 * Assessment rounds: HR ask the staff in scope to assess themselves in one framework between two dates.
 *
 * - `assessment_rounds`: the title, the window, the scope as chosen (departments and role profiles;
 *   null: any), and the days before the close on which reminders go out.
 * - `round_members`: who is in the round, fixed when it is opened (a later hire is not), with their
 *   department then, so participation per department does not move when people do. `invited_at` is
 *   set when their invitation is queued: once.
 * - `round_answers`: the person answered a competency in the round: the self-rating that stood after
 *   their save (a new one, or the one they confirmed unchanged). Written by the same statement as the
 *   save (services/judgements.ts). Ratings are never changed, so the answers are the round's snapshot.
 * - `round_reminders`: each reminder of a round, claimed once (the key says which: `days:7`,
 *   `manual:2026-05-30`), so several app processes and restarts never send one twice.
 * - `round_mail`: each mail a person was sent about a round (`invitation` or a reminder's key),
 *   claimed in the transaction that sends it, so a job the queue runs again sends nothing twice.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table assessment_rounds (
      id integer generated always as identity primary key,
      institution_id integer not null references institutions(id),
      framework_id integer not null references frameworks(id),
      title text not null check (length(title) between 1 and 200),
      opens_at timestamptz not null,
      closes_at timestamptz not null,
      department_ids integer[],
      role_profile_ids integer[],
      reminder_days integer[] not null default '{7,2}',
      created_by integer references users(id),
      created_at timestamptz not null default now(),
      check (closes_at > opens_at)
    )`.execute(db)
  await sql`create index assessment_rounds_institution on assessment_rounds (institution_id, opens_at desc)`.execute(db)
  await sql`
    create table round_members (
      round_id integer not null references assessment_rounds(id),
      user_id integer not null references users(id),
      department_id integer references departments(id),
      invited_at timestamptz,
      primary key (round_id, user_id)
    )`.execute(db)
  await sql`create index round_members_user on round_members (user_id)`.execute(db)
  await sql`
    create table round_answers (
      round_id integer not null,
      user_id integer not null,
      competency_id integer not null references competencies(id),
      rating_id bigint not null references ratings(id),
      answered_at timestamptz not null,
      primary key (round_id, user_id, competency_id),
      foreign key (round_id, user_id) references round_members (round_id, user_id)
    )`.execute(db)
  await sql`
    create table round_reminders (
      round_id integer not null references assessment_rounds(id),
      key text not null check (length(key) <= 40),
      sent_by integer references users(id),
      queued integer not null default 0,
      at timestamptz not null default now(),
      primary key (round_id, key)
    )`.execute(db)
  await sql`
    create table round_mail (
      round_id integer not null,
      user_id integer not null,
      key text not null check (length(key) <= 40),
      sent_at timestamptz not null default now(),
      primary key (round_id, user_id, key),
      foreign key (round_id, user_id) references round_members (round_id, user_id)
    )`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table round_mail`.execute(db)
  await sql`drop table round_reminders`.execute(db)
  await sql`drop table round_answers`.execute(db)
  await sql`drop table round_members`.execute(db)
  await sql`drop table assessment_rounds`.execute(db)
}
