import net from 'node:net'

/**
 * A TCP proxy in front of the database, which a test can close (the database "goes away": every
 * connection through it is cut, new ones are refused), reopen on the same port, or slow down.
 *
 * ```ts
 * const proxy = await startTcpProxy({ host: '127.0.0.1', port: 5432 })
 * await proxy.close() // the app now sees ECONNREFUSED
 * await proxy.open()
 * ```
 */
export async function startTcpProxy(target: ProxyTarget): Promise<TcpProxy> {
  const sockets = new Set<net.Socket>()
  // Sockets whose traffic is dropped both ways while they stay open: a half-open connection.
  const frozen = new Set<net.Socket>()
  let server: net.Server | undefined
  let port = 0
  const proxy: TcpProxy = {
    get port() {
      return port
    },
    delayMs: 0,
    connections: 0,
    freeze() {
      for (const socket of sockets) frozen.add(socket)
    },
    queriesSent: 0,
    async open() {
      const listening = net.createServer((client) => {
        proxy.connections++
        const upstream = 'path' in target ? net.connect(target.path) : net.connect(target.port, target.host)
        sockets.add(client)
        sockets.add(upstream)
        // Answers from the database may be held back by delayMs, in order.
        let queue = Promise.resolve()
        upstream.on('data', (chunk) => {
          if (frozen.has(upstream)) return
          const delay = proxy.delayMs
          if (delay === 0) return void client.write(chunk)
          upstream.pause()
          queue = queue.then(async () => {
            await new Promise((resolve) => setTimeout(resolve, delay))
            if (!client.destroyed) client.write(chunk)
            upstream.resume()
          })
        })
        client.on('data', (chunk) => {
          proxy.queriesSent++
          if (!frozen.has(client)) upstream.write(chunk)
        })
        const end = () => {
          client.destroy()
          upstream.destroy()
          for (const socket of [client, upstream]) {
            sockets.delete(socket)
            frozen.delete(socket)
          }
        }
        client.on('error', end).on('close', end)
        upstream.on('error', end).on('close', end)
      })
      await new Promise<void>((resolve, reject) => {
        listening.once('error', reject)
        listening.listen(port, '127.0.0.1', () => resolve())
      })
      port = (listening.address() as net.AddressInfo).port
      server = listening
    },
    async close() {
      const closing = server
      server = undefined
      for (const socket of sockets) socket.destroy()
      sockets.clear()
      frozen.clear()
      if (closing !== undefined) await new Promise<void>((resolve) => closing.close(() => resolve()))
    },
  }
  await proxy.open()
  return proxy
}

export interface TcpProxy {
  /** The loopback port it listens on; the same after close() and open(). */
  readonly port: number
  /** Holds back each answer of the database by this long (0: none). */
  delayMs: number
  /** Connections accepted so far. */
  connections: number
  /**
   * Every connection open now goes silent both ways without being closed, as when a NAT or firewall
   * forgets it: no FIN, no RST, nothing. Connections opened later pass as usual.
   */
  freeze(): void
  /** Chunks sent by clients to the database so far: a request in flight shows here. */
  queriesSent: number
  open(): Promise<void>
  /** Stops listening and cuts every connection. */
  close(): Promise<void>
}

/** The connection string of `url` pointed at the proxy instead. */
export function throughProxy(url: string, proxy: TcpProxy): string {
  const parsed = new URL(url)
  parsed.searchParams.delete('host')
  parsed.hostname = '127.0.0.1'
  parsed.port = String(proxy.port)
  return parsed.toString()
}

/** Where a proxy forwards to: a TCP host and port, or a Unix socket. */
export type ProxyTarget = { readonly host: string; readonly port: number } | { readonly path: string }

/** The server of a PostgreSQL connection string: host and port, or (the embedded server) its Unix socket. */
export function targetOf(url: string): ProxyTarget {
  const parsed = new URL(url)
  const port = Number(parsed.port || 5432)
  const socketDir = parsed.searchParams.get('host')
  if (socketDir !== null && socketDir.startsWith('/')) return { path: `${socketDir}/.s.PGSQL.${port}` }
  return { host: parsed.hostname, port }
}
