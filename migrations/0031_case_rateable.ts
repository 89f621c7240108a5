import { sql, type Kysely } from 'kysely'

/**
 * Which items of its CASE package a framework version rates (domain/case-rateable.ts), as the admin
 * chose at import: the next version fetched from the same publisher is read the same way. Null for
 * versions not read from CASE, and for those loaded before the choice existed (read as the default).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table frameworks add column case_rateable jsonb`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table frameworks drop column case_rateable`.execute(db)
}
