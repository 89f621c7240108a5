import { sql, type Kysely } from 'kysely'

/**
 * Who sees a person's self-ratings: an institution setting (`rating_visibility`), and each person's
 * share with their reviewer (`rating_shares`). Every institution starts at `aggregates`, the private
 * default: HR and reviewers see only totals until the institution chooses otherwise.
 *
 * A share names the reviewer it was made with, so it lapses when HR gives the person another reviewer:
 * nobody the person did not choose inherits it.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('institutions')
    .addColumn('rating_visibility', 'text', (c) => c.notNull().defaultTo('aggregates').check(sql`rating_visibility in ('aggregates', 'shared', 'everything')`))
    .execute()
  await db.schema
    .createTable('rating_shares')
    .addColumn('institution_id', 'integer', (c) => c.notNull())
    .addColumn('user_id', 'integer', (c) => c.notNull())
    .addColumn('reviewer_id', 'integer', (c) => c.notNull())
    .addColumn('shared_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('rating_shares_pkey', ['institution_id', 'user_id'])
    .addForeignKeyConstraint('rating_shares_user_fk', ['institution_id', 'user_id'], 'users', ['institution_id', 'id'], (fk) => fk.onDelete('cascade'))
    .addForeignKeyConstraint('rating_shares_reviewer_fk', ['institution_id', 'reviewer_id'], 'users', ['institution_id', 'id'], (fk) => fk.onDelete('cascade'))
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('rating_shares').execute()
  await db.schema.alterTable('institutions').dropColumn('rating_visibility').execute()
}
