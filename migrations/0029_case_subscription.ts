import { sql, type Kysely } from 'kysely'

/**
 * Where a framework version was fetched from (a CASE server's CFPackages/{id} address) and the
 * lastChangeDateTime its CFDocument gave: a re-sync fetches the address again and says whether the
 * publisher changed the framework since (services/framework-exchange/subscriptions.ts).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table frameworks add column case_source_url text`.execute(db)
  await sql`alter table frameworks add column case_last_change timestamptz`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table frameworks drop column case_last_change`.execute(db)
  await sql`alter table frameworks drop column case_source_url`.execute(db)
}
