import { sql, type Kysely } from 'kysely'
import type { Database } from '../db/schema.js'

/** What an earlier request with the same key says about this one. */
export type Claim =
  | { readonly state: 'new' }
  | { readonly state: 'replay'; readonly status: number; readonly response: unknown }
  | { readonly state: 'mismatch' }
  | { readonly state: 'pending' }

/** How long a key is remembered, and how long a request may hold one before it counts as lost. */
export const IDEMPOTENCY_HOURS = 24
export const IDEMPOTENCY_PENDING_SECONDS = 60

/**
 * The answers given to clients' Idempotency-Keys, kept in the database so every app process sees
 * them. `claim` takes a key for a request in one statement (the primary key settles a race between
 * two processes); the request's answer is then `complete`d, or the key `release`d when the request
 * failed on our side, so that a retry may run.
 *
 * ```ts
 * const keys = createIdempotencyService(db)
 * await keys.claim(userId, 'a1b2', { method: 'PUT', path: '/api/v1/me/ratings/7', hash }) // { state: 'new' }
 * ```
 */
export function createIdempotencyService(db: Kysely<Database>) {
  return {
    async claim(userId: number, key: string, request: { readonly method: string; readonly path: string; readonly hash: string }): Promise<Claim> {
      // A new key, or one long expired or left pending by a request that never finished, is taken.
      const taken = await sql<{ key: string }>`
        insert into idempotency_keys as k (user_id, key, method, path, request_hash)
        values (${userId}, ${key}, ${request.method}, ${request.path}, ${request.hash})
        on conflict (user_id, key) do update
          set method = excluded.method, path = excluded.path, request_hash = excluded.request_hash, status = null, response = null, created_at = now()
          where k.created_at < now() - make_interval(hours => ${IDEMPOTENCY_HOURS})
             or (k.status is null and k.created_at < now() - make_interval(secs => ${IDEMPOTENCY_PENDING_SECONDS}))
        returning key`.execute(db)
      if (taken.rows.length > 0) return { state: 'new' }
      const earlier = await db.selectFrom('idempotency_keys').select(['method', 'path', 'request_hash', 'status', 'response']).where('user_id', '=', userId).where('key', '=', key).executeTakeFirst()
      if (earlier === undefined) return this.claim(userId, key, request)
      if (earlier.method !== request.method || earlier.path !== request.path || earlier.request_hash !== request.hash) return { state: 'mismatch' }
      if (earlier.status === null) return { state: 'pending' }
      return { state: 'replay', status: earlier.status, response: earlier.response }
    },

    async complete(userId: number, key: string, status: number, response: unknown): Promise<void> {
      await db.updateTable('idempotency_keys').set({ status, response: JSON.stringify(response ?? null) }).where('user_id', '=', userId).where('key', '=', key).execute()
    },

    async release(userId: number, key: string): Promise<void> {
      await db.deleteFrom('idempotency_keys').where('user_id', '=', userId).where('key', '=', key).where('status', 'is', null).execute()
    },
  }
}

export type IdempotencyService = ReturnType<typeof createIdempotencyService>
