import pg from 'pg'
import { listenOn, type ChannelListener } from './database.js'

/** How the listener's connection shows in pg_stat_activity. */
export const LISTENER_APPLICATION_NAME = 'competency-tracker listener'

export interface DatabaseListenerOptions extends ChannelListener {
  readonly connectionString: string
  /** true once the listener hears the channel; false as soon as it may miss a notification. */
  readonly onLive: (live: boolean) => void
  readonly onError: (error: Error) => void
  /** How often the connection is checked with a query: a dead peer sends no error of its own. */
  readonly checkEveryMs?: number
  /** The longest wait between attempts to reconnect. */
  readonly maxRetryMs?: number
}

/**
 * A connection of its own that listens on one channel of a PostgreSQL server for as long as the
 * process runs: how one app process hears what the others changed. It reconnects after any failure
 * (with growing pauses), and says when it is live, so what depends on hearing everything can stop
 * trusting itself while it is not.
 *
 * ```ts
 * const listener = openDatabaseListener({ connectionString, channel: 'session_change', onNotification, onLive, onError })
 * await listener.close()
 * ```
 */
export function openDatabaseListener(options: DatabaseListenerOptions): { close(): Promise<void> } {
  const checkEveryMs = options.checkEveryMs ?? 15_000
  const maxRetryMs = options.maxRetryMs ?? 10_000
  let closed = false
  let client: pg.Client | undefined
  let retryMs = 250
  let retryTimer: NodeJS.Timeout | undefined
  let checkTimer: NodeJS.Timeout | undefined

  const connect = async () => {
    retryTimer = undefined
    const next = new pg.Client({ connectionString: options.connectionString, keepAlive: true, query_timeout: 5_000, application_name: LISTENER_APPLICATION_NAME })
    client = next
    let down = false
    const goDown = (error?: Error) => {
      if (down) return
      down = true
      clearInterval(checkTimer)
      options.onLive(false)
      if (error !== undefined && !closed) options.onError(error)
      next.end().catch(() => {})
      if (!closed) {
        retryTimer = setTimeout(() => void connect(), retryMs)
        retryMs = Math.min(retryMs * 2, maxRetryMs)
      }
    }
    next.on('error', goDown)
    next.on('end', () => goDown())
    try {
      await next.connect()
      await listenOn(next, options)
    } catch (error) {
      goDown(error as Error)
      return
    }
    if (closed || down) return
    retryMs = 250
    options.onLive(true)
    checkTimer = setInterval(() => next.query('select 1').catch((error: Error) => goDown(error)), checkEveryMs)
    checkTimer.unref()
  }
  void connect()

  return {
    async close() {
      closed = true
      clearTimeout(retryTimer)
      clearInterval(checkTimer)
      options.onLive(false)
      await client?.end().catch(() => {})
    },
  }
}
