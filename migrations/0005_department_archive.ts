import type { Kysely } from 'kysely'

/** Departments can be archived (disabled) once nobody active is in them; their history stays. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('departments').addColumn('disabled_at', 'timestamptz').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('departments').dropColumn('disabled_at').execute()
}
