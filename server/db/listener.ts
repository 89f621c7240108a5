import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { listenOn, type ChannelListener } from './database.js'

/** How the listener's connection shows in pg_stat_activity. */
export const LISTENER_APPLICATION_NAME = 'competency-tracker listener'

export interface DatabaseListenerOptions extends ChannelListener {
  readonly connectionString: string
  /** true once the listener hears the channel; false as soon as it may miss a notification. */
  readonly onLive: (live: boolean) => void
  readonly onError: (error: Error) => void
  /** How often the listener sends itself a heartbeat through the server. */
  readonly heartbeatMs?: number
  /**
   * How long it may go without hearing its own heartbeat before it counts its connection as dead. A
   * half-open connection (the server or a middlebox gone, no FIN, no RST) sends no error of its own:
   * only silence tells. So a change elsewhere is missed for at most this long (plus one heartbeat).
   */
  readonly silenceMs?: number
  /** The longest wait between attempts to reconnect. */
  readonly maxRetryMs?: number
}

/**
 * A connection of its own that listens on one channel of a PostgreSQL server for as long as the
 * process runs: how one app process hears what the others changed. It reconnects after any failure
 * (with growing pauses), and says when it is live, so what depends on hearing everything can stop
 * trusting itself while it is not.
 *
 * Being connected is not enough to be live: a connection can go half-open and hear nothing while
 * looking healthy. So the listener also listens on a heartbeat channel of its own, notifies itself on
 * it every `heartbeatMs`, and goes down when it has heard nothing for `silenceMs`. TCP keepalive is on
 * too, but the kernel's probes take minutes to give up; the heartbeat is the bound.
 *
 * ```ts
 * const listener = openDatabaseListener({ connectionString, channel: 'session_change', onNotification, onLive, onError })
 * await listener.close()
 * ```
 */
export function openDatabaseListener(options: DatabaseListenerOptions): { close(): Promise<void> } {
  const heartbeatMs = options.heartbeatMs ?? 1_000
  const silenceMs = options.silenceMs ?? 3_000
  const maxRetryMs = options.maxRetryMs ?? 10_000
  // Per listener, so only this connection is woken by its heartbeats, not every process's pool.
  const heartbeatChannel = `${options.channel}_heartbeat_${randomBytes(8).toString('hex')}`
  let closed = false
  let client: pg.Client | undefined
  let retryMs = 250
  let retryTimer: NodeJS.Timeout | undefined
  let heartbeatTimer: NodeJS.Timeout | undefined
  let heartbeatInFlight = false

  const connect = async () => {
    retryTimer = undefined
    const next = new pg.Client({
      connectionString: options.connectionString,
      keepAlive: true,
      keepAliveInitialDelayMillis: 5_000,
      query_timeout: Math.max(silenceMs, 1_000),
      application_name: LISTENER_APPLICATION_NAME,
    })
    client = next
    let down = false
    let lastHeard = 0
    const goDown = (error?: Error) => {
      if (down) return
      down = true
      clearInterval(heartbeatTimer)
      options.onLive(false)
      if (error !== undefined && !closed) options.onError(error)
      dropConnection(next)
      if (!closed) {
        retryTimer = setTimeout(() => void connect(), retryMs)
        retryMs = Math.min(retryMs * 2, maxRetryMs)
      }
    }
    next.on('error', goDown)
    next.on('end', () => goDown())
    try {
      await next.connect()
      await listenOn(next, { channel: heartbeatChannel, onNotification: () => (lastHeard = Date.now()) })
      await listenOn(next, options)
    } catch (error) {
      goDown(error as Error)
      return
    }
    if (closed || down) return
    retryMs = 250
    heartbeatInFlight = false
    lastHeard = Date.now()
    options.onLive(true)
    heartbeatTimer = setInterval(() => {
      const silent = Date.now() - lastHeard
      if (silent > silenceMs) return goDown(new Error(`The database listener heard nothing for ${silent} ms: its connection is taken for dead and reopened`))
      // One at a time: on a silent connection they would only queue up behind each other.
      if (heartbeatInFlight) return
      heartbeatInFlight = true
      next
        .query('select pg_notify($1, $2)', [heartbeatChannel, ''])
        .then(() => (heartbeatInFlight = false))
        .catch((error: Error) => goDown(error))
    }, heartbeatMs)
    heartbeatTimer.unref()
  }
  void connect()

  return {
    async close() {
      closed = true
      clearTimeout(retryTimer)
      clearInterval(heartbeatTimer)
      options.onLive(false)
      if (client !== undefined) dropConnection(client)
    },
  }
}

/**
 * Ends a connection without waiting for the server: on a half-open connection `end()` would wait for
 * an answer that never comes. pg has no public way to do this, so the socket is destroyed under it.
 */
function dropConnection(client: pg.Client): void {
  const socket = (client as unknown as { connection?: { stream?: { destroy(): void } } }).connection?.stream
  client.end().catch(() => {})
  socket?.destroy()
}
