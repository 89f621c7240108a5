import { sql, type Kysely } from 'kysely'

/**
 * "Not applicable to my role": a person's own target of 0 for a competency. Their role profile's
 * target no longer applies to them, so the competency is not asked of them, not a gap and not in HR's
 * gap figures for them; answering a level for it (or clearing the personal target) takes it back.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table personal_targets drop constraint personal_targets_level_check`.execute(db)
  await sql`alter table personal_targets add constraint personal_targets_level_range check (level between 0 and 10)`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`delete from personal_targets where level = 0`.execute(db)
  await sql`alter table personal_targets drop constraint personal_targets_level_range`.execute(db)
  await sql`alter table personal_targets add constraint personal_targets_level_check check (level between 1 and 10)`.execute(db)
}
