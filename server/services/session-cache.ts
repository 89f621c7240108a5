import type { SessionUser } from './users.js'

/** The channel on which the database announces session changes (migrations/0009_session_change_notify.ts). */
export const SESSION_CHANGE_CHANNEL = 'session_change'

/**
 * Signed-in people kept in memory between requests, so a request need not read its user from the
 * database: that read was half the database round trips of a rating save (npm run bench).
 *
 * It is only safe while this process hears of every change. The database announces each one
 * (`user:<id>`, `institution:<id>`) when it commits; `changed()` forgets what it names. While the
 * process cannot hear (`setLive(false)`: its listening connection is down) nothing is kept or served,
 * so a signed-out token is refused at once, here as on any other process behind the load balancer.
 *
 * A lookup that began before a change and ends after it must not keep what it read: `ticket()` at
 * its start, `remember()` with the ticket keeps the user only if no change was heard since.
 *
 * ```ts
 * const cache = createSessionCache()
 * cache.setLive(true)
 * const ticket = cache.ticket()
 * cache.remember(await readUser(id), ticket)
 * cache.get(id, tokenVersion)
 * ```
 */
export function createSessionCache(options: { maxEntries?: number; maxAgeMs?: number; now?: () => number } = {}): SessionCache {
  const maxEntries = options.maxEntries ?? 10_000
  // A bound on what a change that was somehow never heard could cost; announcements do the real work.
  const maxAgeMs = options.maxAgeMs ?? 60_000
  const now = options.now ?? Date.now
  const entries = new Map<number, { user: SessionUser; keptAt: number }>()
  let live = false
  let changes = 0

  const forgetAll = () => {
    entries.clear()
    changes++
  }

  return {
    get(id, tokenVersion) {
      if (!live) return undefined
      const entry = entries.get(id)
      if (entry === undefined) return undefined
      if (entry.user.tokenVersion !== tokenVersion || now() - entry.keptAt > maxAgeMs) return undefined
      return entry.user
    },
    ticket: () => changes,
    remember(user, ticket) {
      if (!live || ticket !== changes) return
      entries.delete(user.id)
      // Map keeps insertion order: the first key is the one kept longest ago.
      if (entries.size >= maxEntries) entries.delete(entries.keys().next().value!)
      entries.set(user.id, { user, keptAt: now() })
    },
    changed(announcement) {
      changes++
      const [kind, rawId] = announcement.split(':')
      const id = Number(rawId)
      if (!Number.isSafeInteger(id)) return forgetAll()
      if (kind === 'user') entries.delete(id)
      else if (kind === 'institution') {
        for (const [userId, entry] of entries) if (entry.user.institutionId === id) entries.delete(userId)
      } else forgetAll()
    },
    setLive(isLive) {
      // Whatever was kept while a change could go unheard is dropped, on the way down and on the way up.
      if (isLive !== live) forgetAll()
      live = isLive
    },
    get live() {
      return live
    },
    get size() {
      return entries.size
    },
  }
}

export interface SessionCache {
  /** The user kept for this id and token version, or undefined (not kept, outdated, or not live). */
  get(id: number, tokenVersion: number): SessionUser | undefined
  /** Taken before reading a user from the database, for `remember()`. */
  ticket(): number
  /** Keeps a user read from the database, unless a change was heard since `ticket`. */
  remember(user: SessionUser, ticket: number): void
  /** An announcement from the database: `user:<id>`, `institution:<id>`; anything else forgets all. */
  changed(announcement: string): void
  /** Whether changes are being heard; nothing is kept or served while they are not. */
  setLive(live: boolean): void
  readonly live: boolean
  readonly size: number
}
