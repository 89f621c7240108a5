import { sql, type Kysely, type RawBuilder } from 'kysely'

/**
 * `institutions.time_zone`: the IANA time zone (Africa/Nairobi) in which an institution's round days
 * begin and end and its audit log and reminders are read. UTC until HR choose; the app checks the
 * name against the zones it knows (server/domain/time-zone.ts). Signed-in people carry it, so a
 * change is announced to every app process like the other columns they carry (0009).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table institutions add column time_zone text not null default 'UTC' check (length(time_zone) between 1 and 64)`.execute(db)
  await announce(db, sql`name, framework_id, stale_after_months, time_zone`)
}

async function announce(db: Kysely<any>, columns: RawBuilder<unknown>): Promise<void> {
  await sql`drop trigger institutions_session_change on institutions`.execute(db)
  await sql`
    create trigger institutions_session_change
    after update of ${columns} or delete on institutions
    for each row execute function notify_session_change('institution')`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await announce(db, sql`name, framework_id, stale_after_months`)
  await sql`alter table institutions drop column time_zone`.execute(db)
}
