import { sql, type Kysely, type Transaction } from 'kysely'
import type { Database } from '../db/schema.js'
import { DEFAULT_SIGN_IN_LIMITS, delayAfter, type SignInLimits } from '../domain/sign-in-delays.js'

export { DEFAULT_SIGN_IN_LIMITS, type SignInLimits } from '../domain/sign-in-delays.js'

/** The outcome of a guarded password check. */
export type GuardedOutcome<T> =
  | { readonly kind: 'ok'; readonly value: T }
  | { readonly kind: 'failed' }
  | { readonly kind: 'throttled'; readonly retryAfterSeconds: number }

/**
 * Limits password guessing without letting a stranger lock an owner out, with the counters in
 * PostgreSQL so that every app process behind the load balancer sees the same ones.
 *
 * Keys: `pair:<email>|<address>` (one account from one client address), `address:<ip>`, and
 * `change:<user id>` (the current password typed on /account/password by a signed-in person).
 * - A pair or change key takes `pairAttempts` failures freely, then waits a growing delay before each
 *   further attempt (1, 2, 4 … up to 15 minutes by default): guessing stays slow, and the wait falls
 *   only on that account from that address. The owner signing in from another address, following
 *   an invitation link, or changing their password while signed in is not held back by anyone
 *   else's failures. A pair is forgotten after a window without attempts.
 * - An address takes `addressAttempts` failures in a fixed window, for any accounts (one address
 *   guessing across many accounts); successes never count (a campus behind one address).
 * An attempt first reserves its place: in one transaction that locks its rows, it is refused while
 * a key waits, else it counts against every key and, at the limit, starts the key's delay at once,
 * before the password is checked, so parallel attempts cannot all slip through. A success deletes
 * the pair or change key (its failures are forgiven) and gives the address its attempt back. An
 * unknown email gets the same answers as a wrong password, so the limit reveals no account.
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

    /** Runs a sign-in's password check (undefined when it fails) unless the pair or the address must wait, and counts it. */
    guard<T>(email: string, address: string, check: () => Promise<T | undefined>): Promise<GuardedOutcome<T>> {
      return guarded({ delayed: `pair:${email.trim().toLowerCase().slice(0, 320)}|${address}`, address: `address:${address}` }, check)
    },

    /** Runs the check of a signed-in person's current password (a password change) under their own delays only. */
    guardPasswordChange<T>(userId: number, check: () => Promise<T | undefined>): Promise<GuardedOutcome<T>> {
      return guarded({ delayed: `change:${userId}`, address: undefined }, check)
    },
  }

  async function guarded<T>(keys: Keys, check: () => Promise<T | undefined>): Promise<GuardedOutcome<T>> {
    const retryAfterSeconds = await db.transaction().execute((trx) => reserve(trx, keys))
    if (retryAfterSeconds !== undefined) return { kind: 'throttled', retryAfterSeconds }
    const value = await check()
    if (value === undefined) return { kind: 'failed' }
    await forgive(keys)
    return { kind: 'ok', value }
  }

  /** Counts one attempt against every key, or the seconds to wait when one of them must. */
  async function reserve(trx: Transaction<Database>, keys: Keys): Promise<number | undefined> {
    const window = sql`make_interval(secs => ${limits.windowSeconds})`
    await sql`
      delete from sign_in_throttle
      where (blocked_until is null or blocked_until <= now())
        and (case when key like 'address:%' then window_start else last_attempt_at end) <= now() - ${window}`.execute(trx)
    const all = keys.address === undefined ? [keys.delayed] : [keys.delayed, keys.address]
    await trx
      .insertInto('sign_in_throttle')
      .values(all.map((key) => ({ key, window_start: sql<Date>`now()`, attempts: 0, blocked_until: null })))
      .onConflict((conflict) => conflict.column('key').doNothing())
      .execute()
    // Locked in key order, so two attempts on the same keys take turns and never deadlock.
    const { rows } = await sql<{ key: string; attempts: number; blocked_for: number | null; window_left: number }>`
      select key, attempts,
        ceil(extract(epoch from blocked_until - now()))::integer as blocked_for,
        ceil(extract(epoch from window_start + ${window} - now()))::integer as window_left
      from sign_in_throttle where key in (${sql.join(all)}) order by key for update`.execute(trx)
    const waits = rows.flatMap((row) => {
      if (row.blocked_for !== null && row.blocked_for > 0) return [row.blocked_for]
      if (row.key === keys.address && row.attempts >= limits.addressAttempts) return [Math.max(1, row.window_left)]
      return []
    })
    if (waits.length > 0) return Math.max(...waits)
    const delayed = rows.find((row) => row.key === keys.delayed)
    const delay = delayAfter((delayed?.attempts ?? 0) + 1, limits)
    await trx
      .updateTable('sign_in_throttle')
      .set({
        attempts: sql<number>`attempts + 1`,
        last_attempt_at: sql<Date>`now()`,
        blocked_until: delay === 0 ? null : sql<Date>`now() + make_interval(secs => ${delay})`,
      })
      .where('key', '=', keys.delayed)
      .execute()
    if (keys.address !== undefined) await trx.updateTable('sign_in_throttle').set({ attempts: sql<number>`attempts + 1` }).where('key', '=', keys.address).execute()
    return undefined
  }

  async function forgive(keys: Keys): Promise<void> {
    await db.transaction().execute(async (trx) => {
      await trx.deleteFrom('sign_in_throttle').where('key', '=', keys.delayed).execute()
      if (keys.address === undefined) return
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
  /** The key with growing delays: an account from an address, or a signed-in person's password change. */
  readonly delayed: string
  readonly address: string | undefined
}
