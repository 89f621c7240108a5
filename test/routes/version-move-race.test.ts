import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { Kysely, PostgresDialect } from 'kysely'
import pg from 'pg'
import t from 'tap'
import { buildApp } from '../../server/app.js'
import type { Database } from '../../server/db/schema.js'
import { FRAMEWORK_DATA_DIR } from '../../server/services/data-files.js'
import { hashPassword } from '../../server/services/passwords.js'
import { apiToken, DEMO_PASSWORD, startTestApp, TEST_JWT_SECRET } from '../helpers/app.js'

const shipped = JSON.parse(await readFile(path.join(FRAMEWORK_DATA_DIR, 'frameworks', 'iioe-hew.json'), 'utf8'))

/**
 * Staff keep saving while the operator loads a new version, which moves their institution to it. Two
 * app instances (each with its own connection pool, as two processes behind a load balancer) take the
 * saves; every save acknowledged must be the person's current rating on the new version afterwards,
 * and none may be refused.
 */
t.test('a new version loaded while people save: every save answered 200, the last one acknowledged is carried', async (t) => {
  const { app, db, database } = await startTestApp(t)
  const otherPool = new pg.Pool({ connectionString: database.connectionString, max: 5 })
  // As the app's own pool does (server/db/database.ts): an idle connection the server ends (the test
  // database dropped when a test fails early) is an event, not an uncaught error.
  otherPool.on('error', () => {})
  const otherDb = new Kysely<Database>({ dialect: new PostgresDialect({ pool: otherPool }) })
  const other = await buildApp({ db: otherDb, jwtSecret: TEST_JWT_SECRET, sessionHours: 1 })
  let closed = false
  const closeOther = async () => {
    if (closed) return
    closed = true
    await other.close()
    await otherDb.destroy()
  }
  // Closed at the end of the test, before its database is dropped; the teardown closes it when the test ends early.
  t.teardown(closeOther)
  const hr = await db.selectFrom('users').select('institution_id').where('email', '=', 'hr@demo.test').executeTakeFirstOrThrow()
  const old = await db.selectFrom('frameworks').select('id').where('slug', '=', 'iioe-hew').executeTakeFirstOrThrow()
  const people = await db.selectFrom('users').select(['id', 'email']).where('institution_id', '=', hr.institution_id).where('disabled_at', 'is', null).orderBy('id').limit(16).execute()
  await db.updateTable('users').set({ password_hash: await hashPassword(DEMO_PASSWORD) }).where('id', 'in', people.map((person) => person.id)).execute()
  const tokens = await Promise.all(people.map(async (person) => `Bearer ${await apiToken(app, person.email)}`))
  const admin = `Bearer ${await apiToken(app, 'admin@demo.test')}`
  // The first competency is renamed in the new version: a save of it lands on the renamed one.
  const file = structuredClone(shipped)
  file.version = '2027.race'
  const first = file.nodes[0].children[0]
  const renamed = first.code as string
  first.code = `${renamed}R`
  const second = file.nodes[0].children[1].code as string
  const oldIds = new Map((await db.selectFrom('competencies').select(['id', 'code']).where('framework_id', '=', old.id).where('code', 'in', [renamed, second]).execute()).map((row) => [row.code, row.id]))

  let moved = false
  const acknowledged = new Map<string, { evidence: string; competencyId: number }>()
  const refused: string[] = []
  // Each person saves again and again, alternating between the two competencies and the two apps, until the move is done and a few saves more.
  const saver = async (index: number) => {
    let after = 0
    for (let round = 0; after < 3 && round < 400; round++) {
      if (moved) after++
      const code = round % 2 === 0 ? renamed : second
      const evidence = `person ${index} save ${round}`
      const response = await (round % 2 === 0 ? app : other).inject({
        method: 'PUT',
        url: `/api/v1/me/ratings/${oldIds.get(code)!}`,
        headers: { authorization: tokens[index]! },
        payload: { level: 1 + (round % 3), evidence },
      })
      if (response.statusCode !== 200) refused.push(`${evidence}: ${response.statusCode} ${response.body.slice(0, 120)}`)
      else acknowledged.set(`${index}:${code}`, { evidence, competencyId: response.json<{ competencyId: number }>().competencyId })
    }
  }
  const savers = people.map((_, index) => saver(index))
  // Some saves first, then the new version in the middle of them.
  await new Promise((resolve) => setImmediate(resolve))
  const loaded = await app.inject({ method: 'POST', url: `/api/v1/frameworks/${old.id}/versions`, headers: { authorization: admin }, payload: { framework: file, codeMap: { [renamed]: `${renamed}R` } } })
  moved = true
  await Promise.all(savers)
  t.equal(loaded.statusCode, 201, 'the new version is loaded')
  t.same(refused, [], 'no save is refused')
  const next = loaded.json<{ id: number }>().id
  const newIds = new Map((await db.selectFrom('competencies').select(['id', 'code']).where('framework_id', '=', next).where('code', 'in', [`${renamed}R`, second]).execute()).map((row) => [row.code, row.id]))
  const lost: string[] = []
  for (const [index, person] of people.entries()) {
    for (const [code, newCode] of [[renamed, `${renamed}R`], [second, second]] as const) {
      const last = acknowledged.get(`${index}:${code}`)
      if (last === undefined) continue
      const current = await db
        .selectFrom('current_ratings')
        .innerJoin('ratings', 'ratings.id', 'current_ratings.rating_id')
        .select('ratings.evidence')
        .where('current_ratings.user_id', '=', person.id)
        .where('current_ratings.competency_id', '=', newIds.get(newCode)!)
        .executeTakeFirst()
      if (current?.evidence !== last.evidence) lost.push(`person ${index} ${newCode}: acknowledged "${last.evidence}", current "${current?.evidence}"`)
    }
  }
  t.equal(acknowledged.size, people.length * 2, 'every person had saves acknowledged on both')
  t.same(lost, [], 'the last save acknowledged is the current rating on the new version')
  t.ok([...acknowledged.values()].every((save) => save.competencyId === newIds.get(`${renamed}R`) || save.competencyId === newIds.get(second)), 'the last saves answered with the new version')
  await closeOther()
})
