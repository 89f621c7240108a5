import { sql, type Kysely } from 'kysely'

/**
 * "Not yet": a person's self-rating of 0, below the scale's first level. A rating like any other (a
 * gap to the target, a level in HR's means); a reviewer's validation stays a level of the scale.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table ratings drop constraint ratings_level_check`.execute(db)
  await sql`alter table ratings add constraint ratings_level_range check (level between 0 and 10 and (level >= 1 or source = 'self'))`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  // History is never deleted: with a "not yet" on record, this step cannot be undone.
  const said = await sql<{ n: number }>`select count(*)::integer as n from ratings where level = 0`.execute(db)
  if ((said.rows[0]?.n ?? 0) > 0) throw new Error('Ratings of "not yet" (level 0) are on record: undoing 0025_not_yet would have to delete them')
  await sql`alter table ratings drop constraint ratings_level_range`.execute(db)
  await sql`alter table ratings add constraint ratings_level_check check (level between 1 and 10)`.execute(db)
}
