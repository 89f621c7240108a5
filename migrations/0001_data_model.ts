import { sql, type Kysely } from 'kysely'

/**
 * The whole data model of DESIGN.md. Every tenant table carries institution_id and leads its keys
 * with it, so the schema can later be distributed by institution.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('frameworks')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('slug', 'text', (c) => c.notNull())
    .addColumn('version', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('publisher', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('provisional', 'official')`))
    .addColumn('languages', 'jsonb', (c) => c.notNull())
    .addColumn('scale', 'jsonb', (c) => c.notNull())
    .addColumn('staff_groups', 'jsonb', (c) => c.notNull())
    .addColumn('source', 'jsonb', (c) => c.notNull())
    .addColumn('content_hash', 'text', (c) => c.notNull())
    .addColumn('loaded_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('frameworks_slug_version_key', ['slug', 'version'])
    .execute()

  await db.schema
    .createTable('competencies')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('framework_id', 'integer', (c) => c.notNull().references('frameworks.id').onDelete('cascade'))
    .addColumn('parent_id', 'integer', (c) => c.references('competencies.id').onDelete('cascade'))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('domain', 'competency', 'indicator')`))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('level_descriptors', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('applies_to', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('importance', 'real', (c) => c.notNull().defaultTo(1))
    .addColumn('translations', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('source', 'jsonb', (c) => c.notNull())
    .addUniqueConstraint('competencies_framework_code_key', ['framework_id', 'code'])
    .execute()
  await db.schema.createIndex('competencies_parent_idx').on('competencies').column('parent_id').execute()

  await db.schema
    .createTable('institutions')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('country', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('framework_id', 'integer', (c) => c.notNull().references('frameworks.id'))
    .addColumn('min_group_size', 'integer', (c) => c.notNull().defaultTo(5).check(sql`min_group_size >= 3`))
    .addColumn('stale_after_months', 'integer', (c) => c.notNull().defaultTo(24).check(sql`stale_after_months > 0`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()

  await db.schema
    .createTable('departments')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('institution_id', 'integer', (c) => c.notNull().references('institutions.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addUniqueConstraint('departments_institution_name_key', ['institution_id', 'name'])
    .addUniqueConstraint('departments_institution_id_key', ['institution_id', 'id'])
    .execute()

  await db.schema
    .createTable('role_profiles')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('institution_id', 'integer', (c) => c.notNull().references('institutions.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addUniqueConstraint('role_profiles_institution_name_key', ['institution_id', 'name'])
    .addUniqueConstraint('role_profiles_institution_id_key', ['institution_id', 'id'])
    .execute()

  await db.schema
    .createTable('role_profile_targets')
    .addColumn('role_profile_id', 'integer', (c) => c.notNull().references('role_profiles.id').onDelete('cascade'))
    .addColumn('competency_id', 'integer', (c) => c.notNull().references('competencies.id'))
    .addColumn('level', 'integer', (c) => c.notNull().check(sql`level between 1 and 10`))
    .addPrimaryKeyConstraint('role_profile_targets_pkey', ['role_profile_id', 'competency_id'])
    .execute()

  await db.schema
    .createTable('users')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('institution_id', 'integer', (c) => c.notNull().references('institutions.id'))
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text')
    .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('lecturer', 'hr', 'designer', 'admin')`))
    .addColumn('department_id', 'integer')
    .addColumn('role_profile_id', 'integer')
    .addColumn('locale', 'text')
    // Bumped on logout-everywhere or password change: tokens carrying an older value are refused.
    .addColumn('token_version', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('disabled_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('users_institution_id_key', ['institution_id', 'id'])
    .addForeignKeyConstraint('users_department_fk', ['institution_id', 'department_id'], 'departments', ['institution_id', 'id'])
    .addForeignKeyConstraint('users_role_profile_fk', ['institution_id', 'role_profile_id'], 'role_profiles', ['institution_id', 'id'])
    .execute()
  await sql`create unique index users_email_key on users (lower(email))`.execute(db)
  await db.schema.createIndex('users_institution_department_idx').on('users').columns(['institution_id', 'department_id']).execute()

  await db.schema
    .createTable('ratings')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('institution_id', 'integer', (c) => c.notNull())
    .addColumn('user_id', 'integer', (c) => c.notNull())
    .addColumn('competency_id', 'integer', (c) => c.notNull().references('competencies.id'))
    .addColumn('level', 'integer', (c) => c.notNull().check(sql`level between 1 and 10`))
    .addColumn('evidence', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('evidence_url', 'text')
    .addColumn('source', 'text', (c) => c.notNull().check(sql`source in ('self', 'reviewer')`))
    .addColumn('rated_by', 'integer', (c) => c.references('users.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addForeignKeyConstraint('ratings_user_fk', ['institution_id', 'user_id'], 'users', ['institution_id', 'id'])
    .execute()
  await db.schema.createIndex('ratings_user_competency_idx').on('ratings').columns(['user_id', 'competency_id', 'created_at']).execute()

  await db.schema
    .createTable('current_ratings')
    .addColumn('institution_id', 'integer', (c) => c.notNull())
    .addColumn('user_id', 'integer', (c) => c.notNull())
    .addColumn('competency_id', 'integer', (c) => c.notNull().references('competencies.id'))
    .addColumn('level', 'integer', (c) => c.notNull())
    .addColumn('rating_id', 'bigint', (c) => c.notNull().references('ratings.id'))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('current_ratings_pkey', ['user_id', 'competency_id'])
    .addForeignKeyConstraint('current_ratings_user_fk', ['institution_id', 'user_id'], 'users', ['institution_id', 'id'])
    .execute()
  await db.schema.createIndex('current_ratings_institution_competency_idx').on('current_ratings').columns(['institution_id', 'competency_id']).execute()

  await db.schema
    .createTable('personal_targets')
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('competency_id', 'integer', (c) => c.notNull().references('competencies.id'))
    .addColumn('level', 'integer', (c) => c.notNull().check(sql`level between 1 and 10`))
    .addPrimaryKeyConstraint('personal_targets_pkey', ['user_id', 'competency_id'])
    .execute()

  await db.schema
    .createTable('programmes')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('mode', 'text', (c) => c.notNull().check(sql`mode in ('online', 'blended', 'face_to_face')`))
    .addColumn('hours', 'real', (c) => c.notNull().check(sql`hours > 0`))
    .addColumn('languages', 'jsonb', (c) => c.notNull())
    .addColumn('url', 'text')
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('translations', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('published', 'boolean', (c) => c.notNull().defaultTo(false))
    .execute()

  await db.schema
    .createTable('programme_competencies')
    .addColumn('programme_id', 'integer', (c) => c.notNull().references('programmes.id').onDelete('cascade'))
    .addColumn('competency_id', 'integer', (c) => c.notNull().references('competencies.id'))
    .addColumn('from_level', 'integer', (c) => c.notNull().check(sql`from_level >= 0`))
    .addColumn('to_level', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('programme_competencies_pkey', ['programme_id', 'competency_id'])
    .addCheckConstraint('programme_competencies_levels_check', sql`to_level > from_level`)
    .execute()

  await db.schema
    .createTable('pd_activities')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('institution_id', 'integer', (c) => c.notNull())
    .addColumn('user_id', 'integer', (c) => c.notNull())
    .addColumn('programme_id', 'integer', (c) => c.references('programmes.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('planned', 'in_progress', 'completed')`))
    .addColumn('hours', 'real')
    .addColumn('started_at', 'date')
    .addColumn('completed_at', 'date')
    .addColumn('certificate_url', 'text')
    .addColumn('notes', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addForeignKeyConstraint('pd_activities_user_fk', ['institution_id', 'user_id'], 'users', ['institution_id', 'id'])
    .execute()
  await db.schema.createIndex('pd_activities_institution_user_idx').on('pd_activities').columns(['institution_id', 'user_id']).execute()

  await db.schema
    .createTable('audit_log')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('institution_id', 'integer', (c) => c.references('institutions.id'))
    .addColumn('actor_id', 'integer', (c) => c.references('users.id'))
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('entity', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'text')
    .addColumn('data', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()
  await db.schema.createIndex('audit_log_institution_at_idx').on('audit_log').columns(['institution_id', 'at']).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'audit_log',
    'pd_activities',
    'programme_competencies',
    'programmes',
    'personal_targets',
    'current_ratings',
    'ratings',
    'users',
    'role_profile_targets',
    'role_profiles',
    'departments',
    'institutions',
    'competencies',
    'frameworks',
  ]) {
    await db.schema.dropTable(table).execute()
  }
}
