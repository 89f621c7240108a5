import { sql, type Kysely } from 'kysely'

/**
 * CASE associations besides the tree (exactMatchOf, isRelatedTo, precedes, isTranslationOf, ext:
 * types, an item's second parent...), kept with the framework version they came with: a JSON array
 * on its row, since a loaded version never changes and is read whole (domain/framework-file.ts).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table frameworks add column associations jsonb not null default '[]'`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table frameworks drop column associations`.execute(db)
}
