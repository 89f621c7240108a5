import { sql, type Kysely } from 'kysely'

/**
 * A reviewer's (or HR's) validated level of a person's competency, kept apart from the self-rating:
 * the reviewer's rating is appended to `ratings` (source 'reviewer'), and this table holds the current
 * one per person and competency, as `current_ratings` does for self-ratings.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('current_validations')
    .addColumn('institution_id', 'integer', (c) => c.notNull())
    .addColumn('user_id', 'integer', (c) => c.notNull())
    .addColumn('competency_id', 'integer', (c) => c.notNull().references('competencies.id'))
    .addColumn('level', 'integer', (c) => c.notNull().check(sql`level between 1 and 10`))
    .addColumn('rating_id', 'bigint', (c) => c.notNull().references('ratings.id'))
    .addColumn('self_rating_id', 'bigint', (c) => c.notNull().references('ratings.id'))
    .addColumn('reviewer_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('comment', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('current_validations_pkey', ['user_id', 'competency_id'])
    .addForeignKeyConstraint('current_validations_user_fk', ['institution_id', 'user_id'], 'users', ['institution_id', 'id'])
    .execute()
  await db.schema.createIndex('current_validations_institution_competency_idx').on('current_validations').columns(['institution_id', 'competency_id']).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('current_validations').execute()
}
