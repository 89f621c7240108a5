import { sql, type Kysely } from 'kysely'

/**
 * `current_ratings` holds the whole current self-rating (its evidence beside its level), so the one
 * statement that saves a self-rating can see, under the row lock its upsert takes, whether the new
 * one says anything the current one does not: a repeat, or the second of a double submit, writes
 * nothing (services/judgements.ts).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table current_ratings add column evidence text not null default '', add column evidence_url text`.execute(db)
  await sql`
    update current_ratings c set evidence = r.evidence, evidence_url = r.evidence_url
    from ratings r where r.id = c.rating_id`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table current_ratings drop column evidence, drop column evidence_url`.execute(db)
}
