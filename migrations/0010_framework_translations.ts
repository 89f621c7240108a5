import { sql, type Kysely } from 'kysely'

/**
 * A framework's own title and description in other languages, like its nodes' (`competencies.translations`):
 * per language, `{ title, description }`. Frameworks loaded before this column read as untranslated
 * until the loader refreshes them from their file (server/services/frameworks.ts).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('frameworks').addColumn('translations', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`)).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('frameworks').dropColumn('translations').execute()
}
