import t from 'tap'
import { createTestDatabase } from '../helpers/database.js'
import { USERS, counts, demoCompetency, skip, stop, token } from '../helpers/faults.js'
import { startAppProcess, type AppProcess } from '../helpers/processes.js'

/**
 * Faults with real app processes on a real PostgreSQL server (TEST_DATABASE_URL): concurrent writers
 * in two processes, SIGKILL in the middle of a staff import and of a framework load, the database
 * going away and coming back, and SIGTERM with a request in flight. The embedded database can be
 * opened by one process only, so these need a server.
 */
if (skip) t.comment(`skipped: ${skip}`)

t.test('two app processes, 50 concurrent rating writes on one competency: none lost, current_ratings holds the newest', { skip }, async (t) => {
  const database = await createTestDatabase()
  const apps: AppProcess[] = []
  t.teardown(async () => {
    await Promise.all(apps.map(stop))
    await database.close()
  })
  // Both start at once, so both prepare the database at the same time (as a scaled-out deployment does).
  const started = await Promise.allSettled([startAppProcess(database.connectionString), startAppProcess(database.connectionString)])
  for (const start of started) if (start.status === 'fulfilled') apps.push(start.value)
  const failed = started.filter((start) => start.status === 'rejected')
  if (failed.length > 0) throw failed[0]!.reason
  const tokens = await Promise.all(USERS.map((email) => token(apps[0]!, email)))
  const competencyId = await demoCompetency(database.db)
  const before = await counts(database.db)

  const WRITES = 50
  const responses = await Promise.all(
    Array.from({ length: WRITES }, async (_, i) => {
      const app = apps[i % 2]!
      const response = await fetch(`${app.url}/api/v1/me/ratings/${competencyId}`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens[i % USERS.length]}` },
        body: JSON.stringify({ level: 1 + (i % 3), evidence: `concurrent write ${i}` }),
      })
      return { i, status: response.status }
    }),
  )
  t.same(responses.filter((response) => response.status !== 200), [], `all ${WRITES} writes answered 200 (no 5xx, no deadlock)`)

  const written = await database.db.selectFrom('ratings').select(['evidence']).where('evidence', 'like', 'concurrent write %').execute()
  t.equal(written.length, WRITES, 'every write is in the ratings history')
  t.same(new Set(written.map((row) => row.evidence)), new Set(Array.from({ length: WRITES }, (_, i) => `concurrent write ${i}`)), 'each exactly once')
  const after = await counts(database.db)
  t.equal(after['ratings']! - before['ratings']!, WRITES, 'and nothing else was added to the history')
  t.equal(after['audit_log']! - before['audit_log']!, WRITES, 'one audit entry each')

  for (const email of USERS) {
    const user = await database.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow()
    const newest = await database.db
      .selectFrom('ratings')
      .select(['id', 'level'])
      .where('user_id', '=', user.id)
      .where('competency_id', '=', competencyId)
      .where('source', '=', 'self')
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow()
    const current = await database.db.selectFrom('current_ratings').select(['rating_id', 'level']).where('user_id', '=', user.id).where('competency_id', '=', competencyId).execute()
    t.same(current, [{ rating_id: newest.id, level: newest.level }], `${email}: current_ratings holds the newest rating (by created_at, id)`)
  }
  t.comment(`concurrency: ${WRITES} writes by ${USERS.length} users over 2 processes; lost: ${WRITES - written.length}`)
})
