import { sql, type Kysely } from 'kysely'

/**
 * `idempotency_keys`: what an API write answered to a client's `Idempotency-Key`, so a retry with the
 * same key gets the same answer and writes nothing again, whichever app process it reaches. A row
 * without a status is a request still being answered. Keys are the client's, per person.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table idempotency_keys (
      user_id integer not null references users(id) on delete cascade,
      key text not null check (length(key) between 1 and 255),
      method text not null,
      path text not null,
      request_hash text not null,
      status integer,
      response jsonb,
      created_at timestamptz not null default now(),
      primary key (user_id, key)
    )`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table idempotency_keys`.execute(db)
}
