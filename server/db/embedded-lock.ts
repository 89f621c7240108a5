import { readFile, writeFile, rm } from 'node:fs/promises'
import path from 'node:path'

/**
 * Who holds an embedded data directory. The lock itself is the server's own: PostgreSQL creates
 * `postmaster.pid` exclusively and refuses to start on a directory whose postmaster lives, and the
 * operating system ends that postmaster's claim when it dies. This module only names the holder, so
 * a second app, `npm run migrate` or `framework:load` can say which process to stop, and tells a
 * postmaster left running by an app that was killed (an orphan, safe to stop) from one in use.
 */
/** The embedded database cannot be opened as things are; the message says what to change. */
export class EmbeddedDatabaseRefused extends Error {
  override name = 'EmbeddedDatabaseRefused'
}

export class EmbeddedDatabaseInUse extends EmbeddedDatabaseRefused {
  override name = 'EmbeddedDatabaseInUse'
}

/** The app process that started the postmaster, written beside pgdata while it runs. */
export interface Holder {
  readonly pid: number
  /** The process's start time in clock ticks since boot (/proc/<pid>/stat field 22), so a reused pid is not taken for it. */
  readonly started: string
  readonly command: string
}

export const HOLDER_FILE = 'embedded.holder'

/**
 * Claims the directory for this process: the holder file is created exclusively, so of two apps
 * starting at once one claims it and the other is refused, naming the first. A file left by a process
 * that died is taken over.
 */
export async function claimHolder(dataDir: string): Promise<void> {
  const file = path.join(dataDir, HOLDER_FILE)
  const holder: Holder = { pid: process.pid, started: (await processStart(process.pid)) ?? '', command: process.argv.slice(1).join(' ') }
  for (let attempt = 0; ; attempt++) {
    try {
      await writeFile(file, JSON.stringify(holder), { mode: 0o600, flag: 'wx' })
      return
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw error
    }
    const live = await liveHolder(dataDir)
    if (live !== undefined) throw new EmbeddedDatabaseInUse(inUseMessage(dataDir, live))
    await rm(file, { force: true })
  }
}

export async function removeHolder(dataDir: string): Promise<void> {
  await rm(path.join(dataDir, HOLDER_FILE), { force: true })
}

/** The live app holding the directory, if any. */
export async function liveHolder(dataDir: string): Promise<Holder | undefined> {
  const holder = await readFile(path.join(dataDir, HOLDER_FILE), 'utf8').then(
    (text) => JSON.parse(text) as Holder,
    () => undefined,
  )
  if (holder === undefined || holder.pid === process.pid || !isAlive(holder.pid)) return undefined
  const started = await processStart(holder.pid)
  // Without /proc (macOS) a live pid is taken at its word.
  return started === undefined || started === holder.started ? holder : undefined
}

/** The postmaster's pid from `postmaster.pid`, when that process is alive. */
export async function livePostmaster(pgdata: string): Promise<number | undefined> {
  const text = await readFile(path.join(pgdata, 'postmaster.pid'), 'utf8').catch(() => undefined)
  const pid = Number(text?.split('\n')[0])
  return Number.isInteger(pid) && pid > 0 && isAlive(pid) ? pid : undefined
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    // EPERM: it exists but belongs to another user (the postgres user, when the app runs as root).
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

export function inUseMessage(dataDir: string, holder: Holder): string {
  return (
    `The embedded database in ${dataDir} is in use by process ${holder.pid} (${holder.command}). ` +
    'Only one process may open it at a time: stop that process first (for npm run migrate, framework:load or admin:create too), or set DATA_DIR to another directory.'
  )
}

async function processStart(pid: number): Promise<string | undefined> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => undefined)
  if (stat === undefined) return undefined
  // The command name (field 2) may hold spaces and parentheses: count fields after its closing one.
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]
}
