import { sql, type Kysely } from 'kysely'

/**
 * What a CASE package said that a framework or an item has no column for (publisher's statements,
 * item types, education levels, keywords, dates, definitions, the isChildOf identifiers), kept as
 * the package wrote it (domain/case-kept.ts): a JSON object on the version's row and on each item's,
 * empty for what did not come from CASE.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table frameworks add column case_details jsonb not null default '{}'`.execute(db)
  await sql`alter table competencies add column case_details jsonb not null default '{}'`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table competencies drop column case_details`.execute(db)
  await sql`alter table frameworks drop column case_details`.execute(db)
}
