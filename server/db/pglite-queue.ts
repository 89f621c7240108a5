import type { PGlite } from '@electric-sql/pglite'
import type { PGLiteSocketServer } from '@electric-sql/pglite-socket'

/**
 * pglite-socket queues every protocol message of every connection on its own, and keeps to one
 * connection only while PGlite is inside a transaction. Outside one, a query in the extended protocol
 * (Parse, Bind, Describe, Execute, then Sync: what `pg` sends for any query with parameters) from one
 * connection can be interleaved with another connection's Parse, and then fails with "unnamed
 * prepared statement does not exist" (seen under concurrent load: 401s and 500s). This makes the
 * queue also keep to one connection from its first extended-protocol message up to its Sync.
 *
 * ```ts
 * const server = new PGLiteSocketServer({ db: pglite, maxConnections: 5 })
 * keepExtendedQueriesWhole(server, pglite)
 * ```
 */
export function keepExtendedQueriesWhole(server: PGLiteSocketServer, pglite: PGlite): void {
  const queue = (server as unknown as { queryQueue?: { db?: unknown } }).queryQueue
  if (queue?.db !== pglite) throw new Error('@electric-sql/pglite-socket has changed: its query queue is not where keepExtendedQueriesWhole expects it')
  let inSequence = false
  const session: QueueSession = {
    isInTransaction: () => inSequence || pglite.isInTransaction(),
    runExclusive: (callback) => pglite.runExclusive(callback),
    // Called to roll back after a connection left mid-transaction (or, now, mid-sequence).
    exec: (query) => {
      inSequence = false
      return pglite.exec(query)
    },
    async execProtocolRawStream(message, options) {
      try {
        await pglite.execProtocolRawStream(message, options)
      } finally {
        inSequence = message.length > 0 && SEQUENCE_MESSAGES.has(message[0]!)
      }
    },
  }
  queue.db = session
}

/** What the queue calls on its database. */
interface QueueSession {
  isInTransaction(): boolean
  runExclusive<T>(callback: () => Promise<T>): Promise<T>
  exec(query: string): Promise<unknown>
  execProtocolRawStream(message: Uint8Array, options: Parameters<PGlite['execProtocolRawStream']>[1]): Promise<void>
}

// Parse, Bind, Describe, Execute, Close, Flush: a Sync (or a simple Query) ends the sequence.
const SEQUENCE_MESSAGES = new Set([...'PBDECH'].map((letter) => letter.charCodeAt(0)))
