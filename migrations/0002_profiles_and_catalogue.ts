import { sql, type Kysely } from 'kysely'

/**
 * Role profiles become framework-specific with a stable code (teacher, leader, support), so defaults
 * shipped with a framework can be matched; programmes remember the catalogue they came from;
 * activities record when they last changed.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('role_profiles')
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('framework_id', 'integer', (c) => c.notNull().references('frameworks.id'))
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .execute()
  await db.schema.alterTable('role_profiles').addUniqueConstraint('role_profiles_institution_code_key', ['institution_id', 'framework_id', 'code']).execute()
  await db.schema.alterTable('programmes').addColumn('catalogue', 'text', (c) => c.notNull().defaultTo('')).execute()
  await db.schema.alterTable('pd_activities').addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`)).execute()
  await db.schema.createIndex('programme_competencies_competency_idx').on('programme_competencies').column('competency_id').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('programme_competencies_competency_idx').execute()
  await db.schema.alterTable('pd_activities').dropColumn('updated_at').execute()
  await db.schema.alterTable('programmes').dropColumn('catalogue').execute()
  await db.schema.alterTable('role_profiles').dropConstraint('role_profiles_institution_code_key').execute()
  await db.schema.alterTable('role_profiles').dropColumn('code').dropColumn('framework_id').dropColumn('description').execute()
}
