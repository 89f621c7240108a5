import { sql, type Kysely } from 'kysely'

/**
 * Designers edit programmes: each remembers when it last changed, so two designers saving the same
 * programme cannot overwrite each other unseen (the later save is refused and shown the newer one).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('programmes').addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`)).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('programmes').dropColumn('updated_at').execute()
}
