import { execFile } from 'node:child_process'
import { mkdtemp, open, rm, rmdir } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import t from 'tap'
import { testServerUrl } from '../helpers/database.js'
import { stopEmbedded, token } from '../helpers/faults.js'
import { startEmbeddedAppProcess, waitForOutput, type AppProcess } from '../helpers/processes.js'

/**
 * A full disk under the embedded default: writes that need room answer 503 in the API's error shape
 * (not 500) with a log line that says what to do, nothing is half-written, and once room is made the
 * same process goes on without a restart. The disk is a small tmpfs, which needs root; elsewhere the
 * mapping of "no space" to 503 is tested without a disk (test/db/unavailable.test.ts).
 */
const run = promisify(execFile)
const skip = testServerUrl !== undefined ? 'the embedded default is tested in the embedded pass' : process.getuid?.() !== 0 ? 'mounting a tmpfs needs root' : false
if (skip) t.comment(`skipped: ${skip}`)

t.test('a full disk answers 503 and the app recovers by itself once space is freed', { skip }, async (t) => {
  const mountpoint = await mkdtemp(path.join(tmpdir(), 'ct-full-'))
  const mounted = await run('mount', ['-t', 'tmpfs', '-o', 'size=200m,mode=0755', 'tmpfs', mountpoint]).then(
    () => true,
    (error: Error) => error.message,
  )
  if (mounted !== true) {
    t.comment(`this machine does not allow mounting a tmpfs (${mounted}): skipped`)
    await rmdir(mountpoint)
    return
  }
  let app: AppProcess | undefined
  t.teardown(async () => {
    await stopEmbedded(app, path.join(mountpoint, 'data'))
    await run('umount', ['-l', mountpoint]).catch(() => {})
    await rm(mountpoint, { recursive: true, force: true })
  })
  app = await startEmbeddedAppProcess(path.join(mountpoint, 'data'))
  const hr = await token(app, 'hr@demo.test')
  const importStaff = async (prefix: string) => {
    const csv = 'email,name,department\n' + Array.from({ length: 3000 }, (_, i) => `${prefix}-${i}@demo.test,${prefix} Person ${i},Full Disk ${i % 10}`).join('\n') + '\n'
    const response = await fetch(`${app!.url}/api/v1/institution/staff/import?dryRun=0&createDepartments=1`, { method: 'POST', headers: { 'content-type': 'text/csv', authorization: `Bearer ${hr}` }, body: csv })
    return { status: response.status, body: (await response.json()) as { created?: number; error?: { code: string } } }
  }
  const people = async () => {
    const response = await fetch(`${app!.url}/api/v1/institution/staff`, { headers: { authorization: `Bearer ${hr}` } })
    return ((await response.json()) as { total: number }).total
  }
  const before = await people()

  const filler = path.join(mountpoint, 'filler')
  await fill(filler)
  const refused = await importStaff('full')
  t.same([refused.status, refused.body.error?.code], [503, 'database_unavailable'], 'a write that needs room: 503 in the error shape of the API')
  await waitForOutput(app, /the database disk is full: free space on it/)
  t.match(app.output(), /the database disk is full: free space on it/, 'the log says the disk is full and what to do')
  t.equal(await people(), before, 'nothing of it was written')
  t.equal((await fetch(`${app.url}/healthz`)).status, 200, 'reads go on')

  await rm(filler)
  const accepted = await importStaff('freed')
  t.same([accepted.status, accepted.body.created], [200, 3000], 'once room is made, the same import succeeds')
  t.equal(app.child.exitCode, null, 'in the same process, without a restart')
  t.equal(await people(), before + 3000, 'and all of it is there')
})

/** Writes zeros until the disk is full. */
async function fill(file: string): Promise<void> {
  const handle = await open(file, 'w')
  const chunk = Buffer.alloc(1024 * 1024)
  try {
    for (;;) await handle.write(chunk)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error
  } finally {
    await handle.close()
  }
}
