/** How failed sign-ins are limited (see server/services/sign-in-throttle.ts). */
export interface SignInLimits {
  /** Failed attempts one account may take from one client address before each further one waits. */
  readonly pairAttempts: number
  /** The first wait, in seconds; each later one is twice the one before, up to `maxDelaySeconds`. */
  readonly firstDelaySeconds: number
  readonly maxDelaySeconds: number
  /** Failed attempts per client address in a window (a campus behind one address shares it), for any accounts. */
  readonly addressAttempts: number
  /** The address counter's window, and how long a quiet pair is remembered. */
  readonly windowSeconds: number
}

export const DEFAULT_SIGN_IN_LIMITS: SignInLimits = { pairAttempts: 5, firstDelaySeconds: 60, maxDelaySeconds: 15 * 60, addressAttempts: 20, windowSeconds: 15 * 60 }

/**
 * How long a key must wait after its `attempts`-th attempt: nothing below the limit, then the first
 * delay, doubling with each further attempt, capped. Growing delays rather than a lock: guessing
 * stays slow (after 5 free attempts, 10 more take over an hour), and the wait is never long.
 *
 * ```ts
 * delayAfter(4, DEFAULT_SIGN_IN_LIMITS) // 0
 * delayAfter(5, DEFAULT_SIGN_IN_LIMITS) // 60
 * delayAfter(7, DEFAULT_SIGN_IN_LIMITS) // 240
 * delayAfter(20, DEFAULT_SIGN_IN_LIMITS) // 900
 * ```
 */
export function delayAfter(attempts: number, limits: SignInLimits): number {
  if (attempts < limits.pairAttempts) return 0
  const doublings = Math.min(attempts - limits.pairAttempts, 30)
  return Math.min(limits.firstDelaySeconds * 2 ** doublings, limits.maxDelaySeconds)
}
