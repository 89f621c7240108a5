import { sql } from 'kysely'
import t from 'tap'
import { apiToken, startTestApp } from '../helpers/app.js'

/**
 * Idempotency-Key on the API's retry-safe writes (PUT /api/v1/me/ratings/:id): the same key and
 * request answer the same and write once, even at the same moment; another request under the key is
 * refused; a bad key is refused; an expired key is a new one; a key is the person's own.
 */
t.test('Idempotency-Key: the same answer, one write', async (t) => {
  const { app, db } = await startTestApp(t)
  const token = await apiToken(app, 'lecturer@demo.test')
  const lecturer = await db.selectFrom('users').select('id').where('email', '=', 'lecturer@demo.test').executeTakeFirstOrThrow()
  const competency = await db.selectFrom('current_ratings').select('competency_id').where('user_id', '=', lecturer.id).orderBy('competency_id').executeTakeFirstOrThrow()
  const put = (payload: Record<string, unknown>, key?: string, bearer = token) =>
    app.inject({ method: 'PUT', url: `/api/v1/me/ratings/${competency.competency_id}`, headers: { authorization: `Bearer ${bearer}`, ...(key === undefined ? {} : { 'idempotency-key': key }) }, payload })
  const history = async () => Number((await db.selectFrom('ratings').select((eb) => eb.fn.countAll<number>().as('n')).where('user_id', '=', lecturer.id).where('competency_id', '=', competency.competency_id).executeTakeFirstOrThrow()).n)
  const start = await history()

  await t.test('a retry with the same key gets the first answer and writes nothing', async (t) => {
    const first = await put({ level: 3, evidence: 'Retry 1' }, 'key-1')
    t.equal(first.statusCode, 200)
    t.equal(first.headers['idempotent-replayed'], undefined)
    // Another save in between: the retry must not undo it.
    t.equal((await put({ level: 1, evidence: 'In between' })).statusCode, 200)
    const retry = await put({ level: 3, evidence: 'Retry 1' }, 'key-1')
    t.equal(retry.statusCode, 200)
    t.equal(retry.headers['idempotent-replayed'], 'true')
    t.same(retry.json(), first.json(), 'the same answer, byte for byte in JSON')
    t.equal(await history(), start + 2, 'two writes: the first request and the one in between')
    const current = await db.selectFrom('current_ratings').select(['level', 'evidence']).where('user_id', '=', lecturer.id).where('competency_id', '=', competency.competency_id).executeTakeFirstOrThrow()
    t.same(current, { level: 1, evidence: 'In between' }, 'the retry did not write its level again')
  })

  await t.test('the same key at the same moment: one write, the others answered from it or told to wait', async (t) => {
    const before = await history()
    const answers = await Promise.all([0, 1, 2, 3].map(() => put({ level: 2, evidence: 'Concurrent' }, 'key-2')))
    t.ok(answers.every((answer) => answer.statusCode === 200 || answer.statusCode === 409), answers.map((answer) => answer.statusCode).join(' '))
    t.ok(answers.some((answer) => answer.statusCode === 200 && answer.headers['idempotent-replayed'] === undefined), 'one ran')
    for (const answer of answers.filter((each) => each.statusCode === 409)) t.equal(answer.json().error.code, 'idempotency_in_progress')
    t.equal(await history(), before + 1)
  })

  await t.test('the key with another request is refused; bad keys are refused; nothing is written', async (t) => {
    const before = await history()
    const other = await put({ level: 1, evidence: 'Something else' }, 'key-1')
    t.equal(other.statusCode, 422)
    t.equal(other.json().error.code, 'idempotency_key_reused')
    for (const key of ['', 'x'.repeat(256), 'has space', 'ключ']) {
      const bad = await put({ level: 1 }, key)
      t.equal(bad.statusCode, 400, JSON.stringify(key.slice(0, 10)))
    }
    t.equal(await history(), before)
  })

  await t.test("a key is the person's own, and is forgotten after 24 hours", async (t) => {
    const hrToken = await apiToken(app, 'hr@demo.test')
    const hrCompetency = competency.competency_id
    const theirs = await app.inject({ method: 'PUT', url: `/api/v1/me/ratings/${hrCompetency}`, headers: { authorization: `Bearer ${hrToken}`, 'idempotency-key': 'key-1' }, payload: { level: 2, evidence: 'HR' } })
    t.equal(theirs.statusCode, 200, "another person's same key is theirs")
    t.equal(theirs.headers['idempotent-replayed'], undefined)
    await sql`update idempotency_keys set created_at = now() - interval '25 hours' where user_id = ${lecturer.id} and key = 'key-1'`.execute(db)
    const before = await history()
    const again = await put({ level: 1, evidence: 'A day later' }, 'key-1')
    t.equal(again.statusCode, 200)
    t.equal(again.headers['idempotent-replayed'], undefined)
    t.equal(await history(), before + 1)
  })

  await t.test('a refusal is kept as the answer too; a request without a key is untouched', async (t) => {
    const refused = await put({ level: 99 }, 'key-3')
    t.equal(refused.statusCode, 400)
    const again = await put({ level: 99 }, 'key-3')
    t.same([again.statusCode, again.headers['idempotent-replayed']], [400, undefined], 'schema refusals come before the key is taken')
    const offScale = await app.inject({ method: 'PUT', url: '/api/v1/me/ratings/999999', headers: { authorization: `Bearer ${token}`, 'idempotency-key': 'key-4' }, payload: { level: 1 } })
    t.equal(offScale.statusCode, 404)
    const replayed = await app.inject({ method: 'PUT', url: '/api/v1/me/ratings/999999', headers: { authorization: `Bearer ${token}`, 'idempotency-key': 'key-4' }, payload: { level: 1 } })
    t.same([replayed.statusCode, replayed.headers['idempotent-replayed'], replayed.json()], [404, 'true', offScale.json()])
  })
})
