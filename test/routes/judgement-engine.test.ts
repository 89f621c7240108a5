import t from 'tap'
import { apiToken, startTestApp } from '../helpers/app.js'

/**
 * The assessment engine's promises for a person's ratings (services/judgements.ts), attacked through
 * the API: a repeat writes nothing, a double submit writes once, concurrent different saves leave the
 * current rating on the newest history row, and a reviewer's repeated validation writes once.
 */
t.test('the engine writes each change once and keeps current and history agreeing', async (t) => {
  const { app, db } = await startTestApp(t)
  const lecturer = await db.selectFrom('users').select(['id', 'institution_id']).where('email', '=', 'lecturer@demo.test').executeTakeFirstOrThrow()
  const token = await apiToken(app, 'lecturer@demo.test')
  // A competency the lecturer has not rated yet in the demo: the first save has no current row to lock.
  const rated = (await db.selectFrom('current_ratings').select('competency_id').where('user_id', '=', lecturer.id).execute()).map((row) => row.competency_id)
  const fresh = await db
    .selectFrom('competencies')
    .innerJoin('institution_frameworks as uses', (join) => join.onRef('uses.framework_id', '=', 'competencies.framework_id').on('uses.institution_id', '=', lecturer.institution_id))
    .innerJoin('frameworks', 'frameworks.id', 'competencies.framework_id')
    .select('competencies.id')
    .where('competencies.kind', '=', 'competency')
    .where('frameworks.subject', '=', 'person')
    .where('competencies.id', 'not in', rated.length > 0 ? rated : [0])
    .orderBy('competencies.id')
    .executeTakeFirstOrThrow()
  const save = (payload: Record<string, unknown>) =>
    app.inject({ method: 'PUT', url: `/api/v1/me/ratings/${fresh.id}`, headers: { authorization: `Bearer ${token}` }, payload })
  const history = () => db.selectFrom('ratings').select(['id', 'level', 'evidence', 'evidence_url']).where('user_id', '=', lecturer.id).where('competency_id', '=', fresh.id).where('source', '=', 'self').orderBy('created_at', 'desc').orderBy('id', 'desc').execute()
  const audits = async () => Number((await db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).where('action', '=', 'rating.self').where('entity_id', '=', String(fresh.id)).where('actor_id', '=', lecturer.id).executeTakeFirstOrThrow()).n)

  await t.test('a double submit of a first rating writes one row, one current rating, one audit entry', async (t) => {
    const answers = await Promise.all([0, 1, 2].map(() => save({ level: 2, evidence: 'Taught a blended course' })))
    t.same(answers.map((answer) => answer.statusCode), [200, 200, 200])
    const ids = new Set(answers.map((answer) => answer.json<{ id: number }>().id))
    const rows = await history()
    t.equal(rows.length, 1, 'one history row')
    t.same([...ids], [Number(rows[0]!.id)], 'every answer names the one row written')
    t.equal(await audits(), 1)
  })

  await t.test('a repeat writes nothing; a change of level, evidence or link writes once', async (t) => {
    t.equal((await save({ level: 2, evidence: 'Taught a blended course' })).statusCode, 200)
    t.equal((await history()).length, 1, 'the repeat wrote nothing')
    await save({ level: 2, evidence: 'Taught a blended course', evidenceUrl: 'https://example.org/course' })
    await save({ level: 2, evidence: 'Taught two blended courses', evidenceUrl: 'https://example.org/course' })
    await save({ level: 3, evidence: 'Taught two blended courses', evidenceUrl: 'https://example.org/course' })
    await save({ level: 3, evidence: 'Taught two blended courses', evidenceUrl: 'https://example.org/course' })
    const rows = await history()
    t.same(
      rows.map((row) => [row.level, row.evidence, row.evidence_url]),
      [
        [3, 'Taught two blended courses', 'https://example.org/course'],
        [2, 'Taught two blended courses', 'https://example.org/course'],
        [2, 'Taught a blended course', 'https://example.org/course'],
        [2, 'Taught a blended course', null],
      ],
    )
    t.equal(await audits(), 4)
  })

  await t.test('concurrent different saves: each change is in the history, and the current rating is its newest row', async (t) => {
    const levels = [1, 3, 1, 2, 3, 2, 1, 3]
    const answers = await Promise.all(levels.map((level) => save({ level, evidence: `Round ${level}` })))
    t.same(answers.map((answer) => answer.statusCode), levels.map(() => 200))
    const rows = await history()
    const current = await db.selectFrom('current_ratings').select(['rating_id', 'level', 'evidence', 'evidence_url']).where('user_id', '=', lecturer.id).where('competency_id', '=', fresh.id).executeTakeFirstOrThrow()
    t.same([Number(current.rating_id), current.level, current.evidence, current.evidence_url], [Number(rows[0]!.id), rows[0]!.level, rows[0]!.evidence, rows[0]!.evidence_url], 'current = the newest history row')
    for (let index = 1; index < rows.length; index++) {
      const [newer, older] = [rows[index - 1]!, rows[index]!]
      t.not([newer.level, newer.evidence, newer.evidence_url].join('|'), [older.level, older.evidence, older.evidence_url].join('|'), `history row ${index} differs from the one after it`)
    }
    t.ok(rows.length >= 5 && rows.length <= 4 + levels.length, `${rows.length} rows: a change each time, never a repeat`)
  })

  await t.test("a reviewer's repeated or doubled validation writes once", async (t) => {
    const designer = await db.selectFrom('users').select('id').where('email', '=', 'designer@demo.test').executeTakeFirstOrThrow()
    await db.updateTable('users').set({ reviewer_id: designer.id }).where('id', '=', lecturer.id).execute()
    t.equal((await app.inject({ method: 'PUT', url: '/api/v1/me/sharing', headers: { authorization: `Bearer ${token}` }, payload: { shared: true } })).statusCode, 200)
    const reviewer = { authorization: `Bearer ${await apiToken(app, 'designer@demo.test')}` }
    const selfRatingId = Number((await history())[0]!.id)
    const validate = (level: number, comment: string) => app.inject({ method: 'POST', url: `/api/v1/institution/ratings/${selfRatingId}/validate`, headers: reviewer, payload: { level, comment } })
    const validations = () => db.selectFrom('ratings').select(['level', 'evidence']).where('user_id', '=', lecturer.id).where('competency_id', '=', fresh.id).where('source', '=', 'reviewer').orderBy('id').execute()
    const doubled = await Promise.all([validate(2, 'Seen in class'), validate(2, 'Seen in class')])
    t.same(doubled.map((answer) => answer.statusCode), [200, 200])
    t.same(await validations(), [{ level: 2, evidence: 'Seen in class' }], 'a double submit wrote once')
    t.equal((await validate(2, 'Seen in class')).statusCode, 200)
    t.equal((await validate(2, 'Seen in class, and in the LMS')).statusCode, 200)
    t.same(await validations(), [{ level: 2, evidence: 'Seen in class' }, { level: 2, evidence: 'Seen in class, and in the LMS' }], 'a repeat wrote nothing; a new comment is a new validation')
    const current = await db.selectFrom('current_validations').select(['level', 'comment', 'self_rating_id']).where('user_id', '=', lecturer.id).where('competency_id', '=', fresh.id).executeTakeFirstOrThrow()
    t.same([current.level, current.comment, Number(current.self_rating_id)], [2, 'Seen in class, and in the LMS', selfRatingId])
  })
})
