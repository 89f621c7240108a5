import { sql, type Kysely } from 'kysely'
import type { Database } from '../db/schema.js'

/** How many failed attempts an account and a client address may make in one window. */
export interface SignInLimits {
  /** Failed attempts per account (email, whether or not it exists) in a window. */
  readonly accountAttempts: number
  /** Failed attempts per client address in a window (a campus behind one address shares it). */
  readonly addressAttempts: number
  readonly windowSeconds: number
}

export const DEFAULT_SIGN_IN_LIMITS: SignInLimits = { accountAttempts: 5, addressAttempts: 20, windowSeconds: 15 * 60 }

/** The outcome of a guarded password check. */
export type GuardedOutcome<T> =
  | { readonly kind: 'ok'; readonly value: T }
  | { readonly kind: 'failed' }
  | { readonly kind: 'throttled'; readonly retryAfterSeconds: number }

/**
 * Limits password guessing per account and per client address, with the counters in PostgreSQL so
 * that every app process behind the load balancer sees the same ones.
 *
 * Design: one row per key (`account:<email in lower case>` or `address:<ip>`) holding the start of
 * its window and the attempts made in it; a window opens with the first attempt and lasts
 * `windowSeconds` (a fixed window: at most twice the limit can pass around a window's end).
 * An attempt first reserves its place: in one transaction, rows whose window has ended are deleted
 * (so the table holds only keys seen in the last window), then a single upsert adds one attempt to
 * both keys and returns their counts. Because the count is taken before the password is checked,
 * parallel attempts cannot all slip under the limit between a read and a write. Over a limit, the
 * password is not checked at all and the caller gets the seconds until that window ends. After the
 * check, a success deletes the account's row (its failures are forgiven) and gives the address back
 * the attempt it reserved, so only failures count against an address. The same answer and status
 * come for an unknown email as for a wrong password, so the limit reveals no account.
 *
 * ```ts
 * const throttle = createSignInThrottle(db)
 * const outcome = await throttle.guard(email, request.ip, () => users.authenticate(email, password))
 * if (outcome.kind === 'throttled') reply.header('retry-after', outcome.retryAfterSeconds)
 * ```
 */
export function createSignInThrottle(db: Kysely<Database>, limits: SignInLimits = DEFAULT_SIGN_IN_LIMITS) {
  return {
    limits,

    /**
     * Runs `check` (a password check: undefined when it fails) unless the account or the address is
     * over its limit, and counts the attempt.
     */
    async guard<T>(email: string, address: string, check: () => Promise<T | undefined>): Promise<GuardedOutcome<T>> {
      const keys = keysOf(email, address)
      const retryAfterSeconds = await reserve(keys)
      if (retryAfterSeconds !== undefined) return { kind: 'throttled', retryAfterSeconds }
      const value = await check()
      if (value === undefined) return { kind: 'failed' }
      await forgive(keys)
      return { kind: 'ok', value }
    },
  }

  /** Counts one attempt for both keys; the seconds to wait when either is now over its limit. */
  async function reserve(keys: Keys): Promise<number | undefined> {
    const rows = await db.transaction().execute(async (trx) => {
      await sql`delete from sign_in_throttle where window_start <= now() - make_interval(secs => ${limits.windowSeconds})`.execute(trx)
      const result = await sql<{ key: string; attempts: number; retry_after: number }>`
        insert into sign_in_throttle as t (key, window_start, attempts)
        values (${keys.account}, now(), 1), (${keys.address}, now(), 1)
        on conflict (key) do update set attempts = t.attempts + 1
        returning t.key, t.attempts, ceil(extract(epoch from t.window_start + make_interval(secs => ${limits.windowSeconds}) - now()))::integer as retry_after`.execute(trx)
      return result.rows
    })
    const waits = rows
      .filter((row) => row.attempts > (row.key === keys.account ? limits.accountAttempts : limits.addressAttempts))
      .map((row) => Math.max(1, Number(row.retry_after)))
    return waits.length === 0 ? undefined : Math.max(...waits)
  }

  async function forgive(keys: Keys): Promise<void> {
    await db.transaction().execute(async (trx) => {
      await trx.deleteFrom('sign_in_throttle').where('key', '=', keys.account).execute()
      await trx
        .updateTable('sign_in_throttle')
        .set({ attempts: sql<number>`greatest(attempts - 1, 0)` })
        .where('key', '=', keys.address)
        .execute()
    })
  }
}

export type SignInThrottle = ReturnType<typeof createSignInThrottle>

interface Keys {
  readonly account: string
  readonly address: string
}

function keysOf(email: string, address: string): Keys {
  return { account: `account:${email.trim().toLowerCase().slice(0, 320)}`, address: `address:${address}` }
}
