import { sql, type Kysely } from 'kysely'

/**
 * Tells every app process when what a session is made of changes, so each may keep signed-in people
 * in memory instead of reading them on every request (server/services/session-cache.ts). A change
 * to a person's sign-in columns, or to their institution's, sends `user:<id>` or `institution:<id>`
 * on the `session_change` channel when its transaction commits; a rolled-back change sends nothing.
 * A trigger rather than a call in each service, so no write path (a CLI, a later feature, an
 * administrator's UPDATE by hand) can forget to.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create function notify_session_change() returns trigger language plpgsql as $$
    begin
      perform pg_notify('session_change', tg_argv[0] || ':' || old.id);
      return null;
    end
    $$`.execute(db)
  await sql`
    create trigger users_session_change
    after update of institution_id, role, name, email, locale, token_version, disabled_at or delete on users
    for each row execute function notify_session_change('user')`.execute(db)
  await sql`
    create trigger institutions_session_change
    after update of name, framework_id, stale_after_months or delete on institutions
    for each row execute function notify_session_change('institution')`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger institutions_session_change on institutions`.execute(db)
  await sql`drop trigger users_session_change on users`.execute(db)
  await sql`drop function notify_session_change()`.execute(db)
}
