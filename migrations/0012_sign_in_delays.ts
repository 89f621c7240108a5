import { sql, type Kysely } from 'kysely'

/**
 * Sign-in throttling by (account, address) with growing delays instead of a lock per account (see
 * server/services/sign-in-throttle.ts): a key may be blocked until a time, and a pair's counter lives as
 * long as attempts keep coming (`last_attempt_at`). The old per-account counters mean nothing now.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`delete from sign_in_throttle where key like 'account:%'`.execute(db)
  await db.schema
    .alterTable('sign_in_throttle')
    .addColumn('blocked_until', 'timestamptz')
    .addColumn('last_attempt_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('sign_in_throttle').dropColumn('blocked_until').dropColumn('last_attempt_at').execute()
}
