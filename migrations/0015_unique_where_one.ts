import { sql, type Kysely } from 'kysely'

/**
 * Where the rules say "one", an index says it too, so two requests racing past the same check cannot
 * both write (the services turn the refusal into a 409):
 * - one open activity (planned or in progress) per person and programme;
 * - department names unique per institution whatever their case, and institution names likewise.
 * Emails are already unique in lower case (users_email_key, 0001).
 *
 * Duplicates written by such races before this migration are kept, never deleted: a later open
 * activity of the same programme keeps its record as a free activity of the same title, and a later
 * department or institution whose name differs only in case takes a numbered name ("Case Dept X (2)"),
 * which HR can rename or archive.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    update pd_activities set programme_id = null, updated_at = now()
    where id in (
      select id from (
        select id, row_number() over (partition by user_id, programme_id order by created_at, id) as n
        from pd_activities where programme_id is not null and status <> 'completed'
      ) open where n > 1
    )`.execute(db)
  await sql`create unique index pd_activities_one_open_per_programme on pd_activities (user_id, programme_id) where programme_id is not null and status <> 'completed'`.execute(db)

  await sql`
    update departments d set name = d.name || ' (' || later.n || ')'
    from (select id, row_number() over (partition by institution_id, lower(name) order by id) as n from departments) later
    where later.id = d.id and later.n > 1`.execute(db)
  await sql`alter table departments drop constraint departments_institution_name_key`.execute(db)
  await sql`create unique index departments_institution_name_key on departments (institution_id, lower(name))`.execute(db)

  await sql`
    update institutions i set name = i.name || ' (' || later.n || ')'
    from (select id, row_number() over (partition by lower(name) order by id) as n from institutions) later
    where later.id = i.id and later.n > 1`.execute(db)
  await sql`create unique index institutions_name_lower_key on institutions (lower(name))`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index institutions_name_lower_key`.execute(db)
  await sql`drop index departments_institution_name_key`.execute(db)
  await sql`alter table departments add constraint departments_institution_name_key unique (institution_id, name)`.execute(db)
  await sql`drop index pd_activities_one_open_per_programme`.execute(db)
}
