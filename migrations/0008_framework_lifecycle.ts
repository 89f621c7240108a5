import { sql, type Kysely } from 'kysely'

/**
 * The framework's lifecycle: a rating carried to a new framework version names the rating it was
 * carried from (the old one is never rewritten); each move from one version to another is recorded
 * with its code map; crosswalks between frameworks (loaded from framework-data/crosswalks) are kept
 * by framework slug and code, so they hold for every version that keeps the code. Role profiles have
 * been per framework version since 0002: their names are now unique per institution and version (the
 * same profile exists for each version an institution has rated against).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('role_profiles').dropConstraint('role_profiles_institution_name_key').execute()
  await db.schema.alterTable('role_profiles').addUniqueConstraint('role_profiles_institution_framework_name_key', ['institution_id', 'framework_id', 'name']).execute()
  await db.schema.alterTable('ratings').addColumn('carried_from', 'bigint', (c) => c.references('ratings.id')).execute()

  await db.schema
    .createTable('framework_transitions')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('from_framework_id', 'integer', (c) => c.notNull().references('frameworks.id'))
    .addColumn('to_framework_id', 'integer', (c) => c.notNull().references('frameworks.id'))
    // Old code -> new code, or null (retired): the effective map, every rateable old code listed.
    .addColumn('code_map', 'jsonb', (c) => c.notNull())
    .addColumn('actor_id', 'integer', (c) => c.references('users.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('framework_transitions_from_to_key', ['from_framework_id', 'to_framework_id'])
    .execute()

  await db.schema
    .createTable('crosswalk_links')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('crosswalk', 'text', (c) => c.notNull())
    .addColumn('from_slug', 'text', (c) => c.notNull())
    .addColumn('from_code', 'text', (c) => c.notNull())
    .addColumn('to_slug', 'text', (c) => c.notNull())
    .addColumn('to_code', 'text', (c) => c.notNull())
    .addColumn('relation', 'text', (c) => c.notNull().check(sql`relation in ('exact', 'broader', 'narrower', 'related')`))
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addUniqueConstraint('crosswalk_links_pair_key', ['from_slug', 'from_code', 'to_slug', 'to_code'])
    .execute()
  await db.schema.createIndex('crosswalk_links_to_idx').on('crosswalk_links').columns(['to_slug', 'to_code']).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('crosswalk_links').execute()
  await db.schema.dropTable('framework_transitions').execute()
  await db.schema.alterTable('ratings').dropColumn('carried_from').execute()
  await db.schema.alterTable('role_profiles').dropConstraint('role_profiles_institution_framework_name_key').execute()
  await db.schema.alterTable('role_profiles').addUniqueConstraint('role_profiles_institution_name_key', ['institution_id', 'name']).execute()
}
