import { sql, type Kysely } from 'kysely'

/**
 * An institution uses several framework versions at once, each for a purpose and an audience (ICT-CFT
 * for teachers, the IIOE workforce framework for everyone, the QA framework for the institution).
 *
 * - `frameworks.subject`: what the framework assesses: a person, a unit or the institution.
 * - `institution_frameworks`: the frameworks an institution uses, in the order it shows them, each
 *   with its purpose (free text HR writes) and audience (the role profile codes it is meant for;
 *   empty for everyone). `institutions.framework_id` stays the institution's primary framework, the
 *   one whose role profiles people are given; a trigger keeps it among the institution's frameworks
 *   whoever writes the institution (the operator's pages, a version change, a bench or test fixture):
 *   a new institution uses its primary, and moving the primary to another version or framework puts
 *   the new one in the old one's place (its position, purpose and audience).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table frameworks add column subject text not null default 'person' check (subject in ('person', 'unit', 'institution'))`.execute(db)
  await sql`
    create table institution_frameworks (
      institution_id integer not null references institutions(id),
      framework_id integer not null references frameworks(id),
      position integer not null,
      purpose text not null default '' check (length(purpose) <= 200),
      audience jsonb not null default '[]'::jsonb check (jsonb_typeof(audience) = 'array'),
      added_at timestamptz not null default now(),
      primary key (institution_id, framework_id)
    )`.execute(db)
  await sql`create index institution_frameworks_framework on institution_frameworks (framework_id)`.execute(db)
  await sql`
    insert into institution_frameworks (institution_id, framework_id, position, purpose)
    select id, framework_id, 0, '' from institutions`.execute(db)
  await sql`
    create function institution_primary_in_use() returns trigger language plpgsql as $$
    begin
      -- A restore writes the institution's list from the backup itself (server/db/backup.ts).
      if current_setting('competency_tracker.restoring', true) = 'on' then
        return new;
      end if;
      if tg_op = 'UPDATE' and old.framework_id <> new.framework_id then
        if exists (select 1 from institution_frameworks where institution_id = new.id and framework_id = new.framework_id) then
          delete from institution_frameworks where institution_id = new.id and framework_id = old.framework_id;
        else
          update institution_frameworks set framework_id = new.framework_id where institution_id = new.id and framework_id = old.framework_id;
        end if;
      end if;
      insert into institution_frameworks (institution_id, framework_id, position)
      values (new.id, new.framework_id, coalesce((select min(position) - 1 from institution_frameworks where institution_id = new.id), 0))
      on conflict do nothing;
      return new;
    end $$`.execute(db)
  await sql`
    create trigger institutions_primary_in_use after insert or update of framework_id on institutions
    for each row execute function institution_primary_in_use()`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger institutions_primary_in_use on institutions`.execute(db)
  await sql`drop function institution_primary_in_use()`.execute(db)
  await sql`drop table institution_frameworks`.execute(db)
  await sql`alter table frameworks drop column subject`.execute(db)
}
