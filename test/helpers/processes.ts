import { spawn, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { TEST_JWT_SECRET } from './app.js'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))

/** The environment of a child process: ours without tap's loaders and coverage, plus `extra`. */
export function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {}
  for (const [name, value] of Object.entries(process.env)) {
    if (name === 'NODE_OPTIONS' || name === 'NODE_V8_COVERAGE' || name.startsWith('TAP') || name.startsWith('_TAP')) continue
    env[name] = value
  }
  return { ...env, LOG_LEVEL: 'warn', ...extra }
}

export interface ChildRun {
  readonly child: ChildProcess
  /** Everything it printed so far. */
  output(): string
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>
}

/**
 * Runs `node --import tsx <script> ...args` from the repository root. `group`: in a process group of
 * its own, so that `killGroup` ends it with every process it started (as a power cut would).
 */
export function runNode(script: string, args: readonly string[], env: Record<string, string>, options: { group?: boolean } = {}): ChildRun {
  // tap wraps spawn to put its coverage hooks into NODE_OPTIONS; the app under test is not the code
  // being measured (its tsx-compiled coverage would be merged with the tests' and skew it), so a shell
  // drops them and execs node, which keeps the pid the test signals.
  const child = spawn('/bin/sh', ['-c', 'unset NODE_OPTIONS; exec "$0" "$@"', process.execPath, '--import', 'tsx', script, ...args], {
    cwd: ROOT,
    env: childEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: options.group ?? false,
  })
  let output = ''
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal, at: performance.now() })),
  )
  return { child, output: () => output, exited }
}

export interface AppProcess extends ChildRun {
  readonly url: string
}

/** An app process (`server/main.ts`) on `databaseUrl`, listening on a free port; resolves once it listens. */
export async function startAppProcess(databaseUrl: string, timeoutMs = 60_000, env: Record<string, string> = {}): Promise<AppProcess> {
  return startMain({ DATABASE_URL: databaseUrl, JWT_SECRET: TEST_JWT_SECRET, SEED_DEMO: '0', ...env }, timeoutMs)
}

/** An app process as `npm start` runs it: the embedded database in `dataDir`, demo seed and all. */
export async function startEmbeddedAppProcess(dataDir: string, timeoutMs = 120_000, options: { group?: boolean } = {}): Promise<AppProcess> {
  return startMain({ DATA_DIR: dataDir, DATABASE_URL: '', JWT_SECRET: '' }, timeoutMs, options)
}

/** SIGKILL to a process started with `group` and to everything it started: the app, its database server and its backends. */
export async function killGroup(run: ChildRun): Promise<void> {
  process.kill(-run.child.pid!, 'SIGKILL')
  await run.exited
}

async function startMain(env: Record<string, string>, timeoutMs: number, options: { group?: boolean } = {}): Promise<AppProcess> {
  const run = runNode('server/main.ts', [], { PORT: '0', HOST: '127.0.0.1', ...env }, options)
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      run.child.kill('SIGKILL')
      reject(new Error(`the app did not start within ${timeoutMs} ms:\n${run.output()}`))
    }, timeoutMs)
    const look = () => {
      const found = /running at (http:\/\/localhost:\d+)/.exec(run.output())
      if (found) {
        clearTimeout(timer)
        resolve(found[1]!.replace('localhost', '127.0.0.1'))
      }
    }
    run.child.stdout!.on('data', look)
    void run.exited.then(({ code, signal }) => {
      clearTimeout(timer)
      reject(new Error(`the app exited (${code ?? signal}) before listening:\n${run.output()}`))
    })
  })
  return { ...run, url }
}

/** Polls `check` every 50 ms until it is true; fails after `timeoutMs` with `what`. */
export async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (await check()) return
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  throw new Error(`gave up waiting: ${what}`)
}

/** Resolves once the process has printed something matching `pattern` (output arrives through pipes, after the response that caused it). */
export async function waitForOutput(run: ChildRun, pattern: RegExp, timeoutMs = 20_000): Promise<void> {
  if (pattern.test(run.output())) return
  await new Promise<void>((resolve, reject) => {
    const look = () => {
      if (!pattern.test(run.output())) return
      clearTimeout(timer)
      run.child.stdout!.off('data', look)
      run.child.stderr!.off('data', look)
      resolve()
    }
    const timer = setTimeout(() => {
      run.child.stdout!.off('data', look)
      run.child.stderr!.off('data', look)
      reject(new Error(`gave up waiting for ${pattern} in the output:\n${run.output().slice(-2000)}`))
    }, timeoutMs)
    // Listeners added after runNode's own, so output() already holds the chunk when they look.
    run.child.stdout!.on('data', look)
    run.child.stderr!.on('data', look)
  })
}
