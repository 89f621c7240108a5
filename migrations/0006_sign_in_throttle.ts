import type { Kysely } from 'kysely'

/**
 * Sign-in attempts counted per key (`account:<email>` or `address:<ip>`) in fixed windows, shared
 * by every app process (see server/services/sign-in-throttle.ts). Old windows are pruned as attempts
 * come, by `window_start`.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('sign_in_throttle')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('window_start', 'timestamptz', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('sign_in_throttle_window_start_idx').on('sign_in_throttle').column('window_start').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('sign_in_throttle').execute()
}
