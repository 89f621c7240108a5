import type { Kysely } from 'kysely'

/** A person's reviewer (a head of department, say): a colleague of the same institution who validates their ratings. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('users').addColumn('reviewer_id', 'integer').execute()
  await db.schema
    .alterTable('users')
    .addForeignKeyConstraint('users_reviewer_fk', ['institution_id', 'reviewer_id'], 'users', ['institution_id', 'id'])
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('users').dropConstraint('users_reviewer_fk').execute()
  await db.schema.alterTable('users').dropColumn('reviewer_id').execute()
}
