import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import t from 'tap'
import { DEMO_PASSWORD } from '../helpers/app.js'
import { testServerUrl } from '../helpers/database.js'
import { competenciesIn } from '../helpers/faults.js'
import { runNode, startEmbeddedAppProcess, type AppProcess } from '../helpers/processes.js'

/**
 * `npm start` on a fresh machine: the embedded database is created in DATA_DIR (initdb into a
 * scratch directory renamed into place), migrated and seeded; a second start reopens it with everything kept.
 */
// The embedded default does not depend on the server the real-server pass points at: it runs once.
const skip = testServerUrl === undefined ? false : 'the embedded start is tested in the embedded pass'
if (skip) t.comment(`skipped: ${skip}`)

const stop = async (app: AppProcess) => {
  app.child.kill('SIGTERM')
  return app.exited
}

const signIn = async (app: AppProcess, email: string) => {
  const response = await fetch(`${app.url}/api/v1/auth/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: DEMO_PASSWORD }) })
  t.equal(response.status, 200, `${email} signs in with the demo password`)
  return ((await response.json()) as { token: string }).token
}

t.test('a first start creates, migrates and seeds the embedded database; a second start reopens it with the data kept', { skip }, async (t) => {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'ct-start-'))
  t.teardown(() => rm(dataDir, { recursive: true, force: true }))

  const first = await startEmbeddedAppProcess(dataDir)
  t.match(first.output(), /database: embedded PostgreSQL in .*pgdata \(Unix socket only\)/)
  t.match(first.output(), /migrations applied now: 0001_data_model, /, 'the first start migrates')
  t.match(first.output(), /demo accounts \(password "demo-password"\), just seeded/)
  const token = await signIn(first, 'lecturer@demo.test')
  const tree: unknown = await (await fetch(`${first.url}/api/v1/framework`, { headers: { authorization: `Bearer ${token}` } })).json()
  const competencyId = competenciesIn(tree)[0]!
  const saved = await fetch(`${first.url}/api/v1/me/ratings/${competencyId}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ level: 2, evidence: 'kept across restarts' }),
  })
  t.equal(saved.status, 200, 'a rating is saved')
  t.equal((await stop(first)).code, 0, 'SIGTERM closes it cleanly')
  t.same((await readdir(dataDir)).sort(), ['db-password', 'jwt-secret', 'pgdata'], 'the data directory holds the database, its password and the signing secret, no scratch or holder left over')

  const second = await startEmbeddedAppProcess(dataDir)
  t.teardown(() => stop(second))
  t.match(second.output(), /migrations applied now: none \(up to date\)/, 'the second start has nothing to migrate')
  t.notMatch(second.output(), /just seeded/, 'nor to seed')
  const again = await signIn(second, 'lecturer@demo.test')
  const ratings = (await (await fetch(`${second.url}/api/v1/me/ratings`, { headers: { authorization: `Bearer ${again}` } })).json()) as { competencyId: number; level: number; evidence: string }[]
  t.same(
    ratings.filter((rating) => rating.competencyId === competencyId).map(({ level, evidence }) => ({ level, evidence })),
    [{ level: 2, evidence: 'kept across restarts' }],
    'the rating is still there',
  )
})

t.test('a DATA_DIR whose pgdata holds other files is refused with a clear message, and left as it was', { skip }, async (t) => {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'ct-start-'))
  t.teardown(() => rm(dataDir, { recursive: true, force: true }))
  await mkdir(path.join(dataDir, 'pgdata'))
  await writeFile(path.join(dataDir, 'pgdata', 'notes.txt'), 'mine')
  const run = runNode('server/main.ts', [], { DATA_DIR: dataDir, DATABASE_URL: '', JWT_SECRET: '', PORT: '0', HOST: '127.0.0.1' })
  const { code } = await run.exited
  t.equal(code, 1)
  t.match(run.output(), /pgdata is not empty but holds no database \(no PG_VERSION\): move it away or set DATA_DIR elsewhere/)
  t.same(await readdir(path.join(dataDir, 'pgdata')), ['notes.txt'], 'its files are untouched')
  t.same((await readdir(dataDir)).sort(), ['pgdata'], 'and no scratch directory is left')
})

t.test('run as root, a DATA_DIR the postgres user cannot reach is refused with the directory named', { skip: skip || (process.getuid?.() !== 0 && 'not root') }, async (t) => {
  const parent = await mkdtemp(path.join(tmpdir(), 'ct-private-'))
  t.teardown(() => rm(parent, { recursive: true, force: true }))
  const run = runNode('server/main.ts', [], { DATA_DIR: path.join(parent, 'data'), DATABASE_URL: '', JWT_SECRET: '', PORT: '0', HOST: '127.0.0.1' })
  t.equal((await run.exited).code, 1)
  t.match(run.output(), new RegExp(`the embedded database runs as the "postgres" user, which cannot enter ${parent} \\(mode 700\\): set DATA_DIR to a directory it can reach`))
  t.notMatch(run.output(), /\n\s+at /, 'a sentence, not a stack')
  t.same(await readdir(parent), [], 'nothing was created')
})
