import { spawn } from 'node:child_process'
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import t from 'tap'
import { embeddedConnectionString } from '../../server/db/embedded-server.js'
import { osUser } from '../../server/db/os-user.js'
import { testServerUrl } from '../helpers/database.js'
import { stop, stopEmbedded, token } from '../helpers/faults.js'
import { runNode, startEmbeddedAppProcess, type AppProcess } from '../helpers/processes.js'
import { withClient } from '../helpers/test-run.js'

/**
 * The embedded default is one process's: a second app, `npm run migrate` and `framework:load` on the
 * same DATA_DIR are refused with the holder's pid; an app killed with kill -9 does not leave the
 * directory locked; nobody else on the machine can read the files or reach the server.
 */
const skip = testServerUrl === undefined ? false : 'the embedded default is tested in the embedded pass'
if (skip) t.comment(`skipped: ${skip}`)

t.test('one process per data directory, released when the holder dies; private to the app', { skip }, async (t) => {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'ct-lock-'))
  let first: AppProcess | undefined
  let later: AppProcess | undefined
  t.teardown(async () => {
    await stop(first)
    await stopEmbedded(later, dataDir)
    await rm(dataDir, { recursive: true, force: true })
  })
  first = await startEmbeddedAppProcess(dataDir)
  const holder = first.child.pid!
  const env = { DATA_DIR: dataDir, DATABASE_URL: '', JWT_SECRET: '', PORT: '0', HOST: '127.0.0.1' }
  const refusal = new RegExp(`The embedded database in ${dataDir} is in use by process ${holder} \\(.*server/main\\.ts\\)\\. Only one process may open it at a time`)
  for (const [what, script] of [
    ['a second app', 'server/main.ts'],
    ['npm run migrate', 'server/cli/migrate.ts'],
    ['npm run framework:load', 'server/cli/framework-load.ts'],
  ] as const) {
    const run = runNode(script, [], env)
    const { code } = await run.exited
    t.equal(code, 1, `${what} exits 1`)
    t.match(run.output(), refusal, `${what} names the process that holds the directory`)
    t.notMatch(run.output(), /\n\s+at /, `${what} prints a sentence, not a stack`)
  }
  t.equal((await fetch(`${first.url}/healthz`)).status, 200, 'the holder goes on serving')

  // Private: the files, the socket, the password.
  t.equal((await stat(path.join(dataDir, 'pgdata'))).mode & 0o777, 0o700, 'pgdata is 0700')
  t.equal((await stat(path.join(dataDir, 'db-password'))).mode & 0o777, 0o600, 'the password file is 0600')
  const open = await filesOpenToOthers(path.join(dataDir, 'pgdata'))
  t.same(open, [], 'no file under pgdata grants anything to group or others')
  const connectionString = await embeddedConnectionString(dataDir)
  const listen = await withClient(connectionString, async (client) => (await client.query<{ listen_addresses: string }>('show listen_addresses')).rows[0]!.listen_addresses)
  t.equal(listen, '', 'no TCP address: a Unix socket inside pgdata only')
  const wrong = connectionString.replace(/:([0-9a-f]+)@/, ':not-the-password@')
  const refused = await withClient(wrong, async () => 'connected').catch((error: { code?: string }) => error.code)
  t.equal(refused, '28P01', 'the socket asks for the generated password (SCRAM)')
  const nobody = await osUser('nobody')
  if (process.getuid?.() === 0 && nobody !== undefined) {
    const peek = runAs(nobody.ids, ['cat', path.join(dataDir, 'pgdata', 'PG_VERSION')])
    const secret = runAs(nobody.ids, ['cat', path.join(dataDir, 'db-password')])
    t.not(await peek, 0, 'another user cannot read a file of pgdata')
    t.not(await secret, 0, 'nor the password')
  } else t.comment('not root: the check as another user is left to the modes above')

  // kill -9 of the app alone: its watchdog stops the server; the next start opens the directory.
  const lecturer = await token(first, 'lecturer@demo.test')
  t.ok(lecturer.length > 0)
  first.child.kill('SIGKILL')
  await first.exited
  later = await startEmbeddedAppProcess(dataDir)
  t.equal((await fetch(`${later.url}/healthz`)).status, 200, 'after kill -9 of the holder, a new process starts on the directory')
  t.same((await readdir(dataDir)).filter((entry) => entry.startsWith('pgdata.')), [], 'no scratch directory')
})

async function filesOpenToOthers(dir: string): Promise<string[]> {
  const open: string[] = []
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    const file = path.join(entry.parentPath, entry.name)
    const mode = (await stat(file).catch(() => undefined))?.mode
    if (mode !== undefined && (entry.isFile() || entry.isDirectory()) && (mode & 0o077) !== 0) open.push(`${file} ${(mode & 0o777).toString(8)}`)
  }
  return open
}

async function runAs(ids: { uid: number; gid: number }, command: readonly string[]): Promise<number | null> {
  const child = spawn(command[0]!, command.slice(1), { uid: ids.uid, gid: ids.gid, stdio: 'ignore' })
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)))
}

t.test('two apps started at the same moment on a new DATA_DIR: one runs, the other is refused naming it', { skip }, async (t) => {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'ct-lock-race-'))
  const started = await Promise.allSettled([startEmbeddedAppProcess(dataDir), startEmbeddedAppProcess(dataDir)])
  const running = started.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value] : []))
  t.teardown(async () => {
    await stopEmbedded(running[0], dataDir)
    await rm(dataDir, { recursive: true, force: true })
  })
  t.equal(running.length, 1, 'exactly one of them runs')
  const refusal = started.find((outcome) => outcome.status === 'rejected')
  t.match(String(refusal?.status === 'rejected' ? refusal.reason : ''), new RegExp(`is in use by process ${running[0]?.child.pid} `), 'the other names the one that runs')
  const third = runNode('server/main.ts', [], { DATA_DIR: dataDir, DATABASE_URL: '', JWT_SECRET: '', PORT: '0', HOST: '127.0.0.1' })
  t.equal((await third.exited).code, 1, 'a third start later is refused too')
  t.equal((await fetch(`${running[0]!.url}/healthz`)).status, 200, 'and the one that runs keeps its database')
})
