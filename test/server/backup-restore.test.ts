import { chmod, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import t from 'tap'
import { testServerUrl } from '../helpers/database.js'
import { stopEmbeddedServer } from '../../server/db/embedded-server.js'
import { competenciesIn, stop, stopEmbedded, token } from '../helpers/faults.js'
import { runNode, startEmbeddedAppProcess, type AppProcess } from '../helpers/processes.js'

/**
 * npm run backup while the embedded app runs, npm run restore into a new DATA_DIR, and the app started
 * there: the person signs in with the same password and finds her rating.
 */
const skip = testServerUrl === undefined ? false : 'the embedded default is tested in the embedded pass'
if (skip) t.comment(`skipped: ${skip}`)

t.test('backup of a running embedded app, restore into a new DATA_DIR, start there with everything kept', { skip }, async (t) => {
  const dir = await mkdtemp(path.join(tmpdir(), 'ct-restore-'))
  // Run as root, the database server runs as the postgres user, which must pass through.
  await chmod(dir, 0o755)
  const [original, copy, file] = [path.join(dir, 'original'), path.join(dir, 'copy'), path.join(dir, 'saved.backup.gz')]
  let app: AppProcess | undefined
  t.teardown(async () => {
    await stopEmbedded(app, copy)
    await stopEmbeddedServer(original)
    await rm(dir, { recursive: true, force: true })
  })
  app = await startEmbeddedAppProcess(original)
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${await token(app, 'lecturer@demo.test')}` }
  const competency = competenciesIn(await (await fetch(`${app.url}/api/v1/framework`, { headers })).json())[0]!
  const saved = await fetch(`${app.url}/api/v1/me/ratings/${competency}`, { method: 'PUT', headers, body: JSON.stringify({ level: 3, evidence: 'before the backup' }) })
  t.equal(saved.status, 200)

  const env = (dataDir: string) => ({ DATA_DIR: dataDir, DATABASE_URL: '', JWT_SECRET: '' })
  const backup = runNode('server/cli/backup.ts', [file], env(original))
  t.equal((await backup.exited).code, 0, 'npm run backup succeeds while the app runs')
  t.match(backup.output(), /backup written to .*saved\.backup\.gz: \d+ rows of \d+ tables/)
  await stop(app)
  app = undefined

  const restore = runNode('server/cli/restore.ts', [file], env(copy))
  t.equal((await restore.exited).code, 0, 'npm run restore into a new DATA_DIR succeeds')
  t.match(restore.output(), /restored \d+ rows of \d+ tables/)
  const again = runNode('server/cli/restore.ts', [file], env(copy))
  t.equal((await again.exited).code, 1, 'a second restore into it is refused')
  t.match(again.output(), /A restore needs an empty database/)

  app = await startEmbeddedAppProcess(copy)
  t.notMatch(app.output(), /just seeded/, 'the app starts on the restored data: nothing to seed')
  const restoredHeaders = { authorization: `Bearer ${await token(app, 'lecturer@demo.test')}` }
  const ratings = (await (await fetch(`${app.url}/api/v1/me/ratings`, { headers: restoredHeaders })).json()) as { competencyId: number; level: number; evidence: string }[]
  t.same(
    ratings.filter((rating) => rating.competencyId === competency).map(({ level, evidence }) => ({ level, evidence })),
    [{ level: 3, evidence: 'before the backup' }],
    'she signs in with the same password and her rating is there',
  )
})
