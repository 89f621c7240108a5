import { spawn, type ChildProcess } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { createServer } from 'node:net'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url))

/** A server process of the benchmark (the app or the hello-world floor) on a loopback port. */
export interface ServerProcess {
  readonly pid: number
  readonly baseUrl: string
  /** Milliseconds from spawning to the first 200 from the readiness URL. */
  readonly readyMs: number
  /** Peak resident memory of the process so far (VmHWM), in MB. */
  peakRssMb(): number
  /** Resident memory of the process now (VmRSS), in MB. */
  rssMb(): number
  /** The last few KB the process wrote (its log and stderr). */
  stderrTail(): string
  stop(): Promise<void>
}

/**
 * Spawns `node <entry>` (`--import tsx` for a .ts entry; one process, so its pid is the server's) with `env` and a free
 * port, and waits until `readyPath` answers 200.
 *
 * ```ts
 * const app = await startServer('dist/server/main.js', { DATA_DIR: dir }, '/healthz')
 * ```
 */
export async function startServer(entry: string, env: Record<string, string>, readyPath: string, options: { timeoutMs?: number; nodeArgs?: string[] } = {}): Promise<ServerProcess> {
  const timeoutMs = options.timeoutMs ?? 300_000
  const port = await freePort()
  const started = performance.now()
  // The app runs compiled (dist/, as npm start runs it); TypeScript entries (the hello-world floor) through tsx.
  const loader = entry.endsWith('.ts') ? ['--import', 'tsx'] : []
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), ...loader, path.join(REPO_ROOT, entry)], {
    cwd: REPO_ROOT,
    env: { ...withoutDatabaseEnv(process.env), LOG_LEVEL: 'warn', ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  // The log (stdout, warnings and errors only) and stderr, the last few KB, to explain a failure.
  let stderr = ''
  const keep = (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000)
  }
  child.stdout?.on('data', keep)
  child.stderr?.on('data', keep)
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const baseUrl = `http://127.0.0.1:${port}`
  try {
    await waitFor200(`${baseUrl}${readyPath}`, child, timeoutMs)
  } catch (error) {
    child.kill('SIGKILL')
    throw new Error(`${entry} did not start: ${(error as Error).message}\n${stderr}`)
  }
  const readyMs = performance.now() - started
  return {
    pid: child.pid!,
    baseUrl,
    readyMs,
    peakRssMb: () => peakRssMb(child.pid!),
    rssMb: () => statusMb(child.pid!, 'VmRSS'),
    stderrTail: () => stderr,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM')
        const timer = setTimeout(() => child.kill('SIGKILL'), 15_000)
        await exited
        clearTimeout(timer)
      }
    },
  }
}

/** VmHWM of a process (Linux), in MB. */
export function peakRssMb(pid: number): number {
  return statusMb(pid, 'VmHWM')
}

function statusMb(pid: number, field: 'VmHWM' | 'VmRSS'): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)
  if (match === null) throw new Error(`no ${field} for process ${pid}`)
  return Number(match[1]) / 1024
}

async function waitFor200(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs
  for (;;) {
    if (child.exitCode !== null) throw new Error(`exited with code ${child.exitCode}`)
    try {
      const response = await fetch(url)
      await response.arrayBuffer()
      if (response.status === 200) return
    } catch {
      // not listening yet
    }
    if (performance.now() > deadline) throw new Error(`no 200 from ${url} within ${timeoutMs} ms`)
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))))
    })
  })
}

/** The benchmark's own DATABASE_URL must not leak into a process meant for the embedded default. */
function withoutDatabaseEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  const copy: Record<string, string> = {}
  for (const [key, value] of Object.entries(env)) {
    if (value !== undefined && !['DATABASE_URL', 'JWT_SECRET', 'DATA_DIR', 'SEED_DEMO', 'PORT', 'HOST', 'TEST_DATABASE_URL'].includes(key)) copy[key] = value
  }
  return copy
}
