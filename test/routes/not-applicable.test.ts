import t from 'tap'
import { apiToken, browserGet, browserPost, signIn, startTestApp } from '../helpers/app.js'

interface Next {
  next: { competencyId: number } | null
  rated: number
  total: number
}
interface GapRow {
  competencyId: number
  target: number | null
  status: string
}

t.test('"not applicable to my role": the competency is asked no more, no gap, in no HR gap figure, until a level takes it back', async (t) => {
  const { app, db } = await startTestApp(t)
  const auth = { authorization: `Bearer ${await apiToken(app, 'lecturer@demo.test')}` }
  const lecturer = await db.selectFrom('users').select('id').where('email', '=', 'lecturer@demo.test').executeTakeFirstOrThrow()
  const get = async <T>(url: string) => (await app.inject({ method: 'GET', url, headers: auth })).json<T>()
  const put = (competencyId: number, payload: object) => app.inject({ method: 'PUT', url: `/api/v1/me/ratings/${competencyId}`, headers: auth, payload })
  const targets = await get<{ competencyId: number; level: number }[]>('/api/v1/me/targets')
  const [first, second] = targets
  const hr = await signIn(app, 'hr@demo.test')
  /** The lecturer's pairs with a target in HR's kept gap figures, brought up to date by HR's report. */
  const hrTargetPairs = async () => {
    t.equal((await browserGet(app, hr, '/hr')).statusCode, 200)
    const row = await db.selectFrom('report_person_sums').select((eb) => eb.fn.sum<number>('target_pairs').as('pairs')).where('user_id', '=', lecturer.id).where('basis', '=', 'self').executeTakeFirstOrThrow()
    return Number(row.pairs)
  }

  // Both rated below target: two gaps, two pairs in HR's figures.
  for (const target of [first!, second!]) t.equal((await put(target.competencyId, { level: 1 })).statusCode, 200)
  const before = await get<Next>('/api/v1/me/self-assessment/next')
  const pairsBefore = await hrTargetPairs()
  t.equal(before.total, targets.length)

  t.test('bad answers are refused and write nothing', async (t) => {
    for (const payload of [{ level: 2, notApplicable: true }, { notApplicable: false }, { notApplicable: true, evidence: 'x' }, {}, { notApplicable: 'yes' }]) {
      const response = await put(first!.competencyId, payload)
      t.equal(response.statusCode, 400, JSON.stringify(payload))
      t.match(response.json().error.message, /^The request is not valid: body\.(level|notApplicable|evidence): /)
    }
    t.equal((await db.selectFrom('personal_targets').select('level').where('user_id', '=', lecturer.id).execute()).length, 0)
  })

  t.test('marked not applicable, twice: written and audited once', async (t) => {
    const response = await put(first!.competencyId, { notApplicable: true })
    t.equal(response.statusCode, 200)
    t.same(response.json(), { competencyId: first!.competencyId, notApplicable: true })
    t.equal((await put(first!.competencyId, { notApplicable: true })).statusCode, 200)
    const audit = await db.selectFrom('audit_log').select('entity_id').where('action', '=', 'target.notApplicable').execute()
    t.same(audit, [{ entity_id: String(first!.competencyId) }])

    const after = await get<Next>('/api/v1/me/self-assessment/next')
    t.equal(after.total, before.total - 1, 'asked of the person no more')
    const gaps = await get<GapRow[]>('/api/v1/me/gaps')
    const row = gaps.find((gap) => gap.competencyId === first!.competencyId)!
    t.equal(row.target, null)
    t.not(row.status, 'gap')
    t.equal(gaps.find((gap) => gap.competencyId === second!.competencyId)!.status, 'gap', 'the other one still is')
    const path = await get<{ steps?: { competencyId: number }[] }>('/api/v1/me/learning-path')
    t.notOk(JSON.stringify(path).includes(`"competencyId":${first!.competencyId},`), 'not in the learning path')
    t.equal(await hrTargetPairs(), pairsBefore - 1, "out of HR's gap figures")
  })

  t.test('answering a level takes it back, in the statement that saves the rating', async (t) => {
    t.equal((await put(first!.competencyId, { level: 1 })).statusCode, 200, 'the same level as before: no new rating, yet an answer')
    t.equal((await db.selectFrom('personal_targets').select('level').where('user_id', '=', lecturer.id).execute()).length, 0)
    t.equal((await get<Next>('/api/v1/me/self-assessment/next')).total, before.total)
    t.equal(await hrTargetPairs(), pairsBefore)
  })

  t.test('the guided screen offers it in every language, and "Save and next" goes on', async (t) => {
    const session = await signIn(app, 'lecturer@demo.test')
    const labels = { en: 'Not applicable to my role', fr: 'Sans objet pour ma fonction', zh: '不适用于我的岗位' }
    for (const [locale, label] of Object.entries(labels)) {
      const page = await browserGet(app, session, `/self-assessment/${second!.competencyId}`, { 'accept-language': locale })
      t.match(page.body, `<input type="radio" name="level" value="na"`)
      t.match(page.body, label)
    }
    const saved = await browserPost(app, session, `/self-assessment/${second!.competencyId}`, { level: 'na', evidence: '' })
    t.equal(saved.statusCode, 303)
    t.match(String(saved.headers.location), /^\/self-assessment(\/\d+\?saved=|\/summary\?)/)
    t.same(await db.selectFrom('personal_targets').select(['competency_id', 'level']).where('user_id', '=', lecturer.id).execute(), [{ competency_id: second!.competencyId, level: 0 }])
    const summary = await browserGet(app, session, '/self-assessment/summary')
    t.match(summary.body, 'Not applicable to your role')
    const screen = await browserGet(app, session, `/self-assessment/${second!.competencyId}`)
    t.match(screen.body, 'You marked this competency not applicable to your role')
    t.match(screen.body, 'value="na" checked')
    const detail = await browserGet(app, session, `/framework/${second!.competencyId}`)
    t.match(detail.body, 'You marked this competency not applicable to your role')
    t.match(detail.body, 'name="level" value="profile"', 'with the way back to the profile\'s target')
    const back = await browserPost(app, session, `/self-assessment/${second!.competencyId}`, { level: '2', evidence: '' })
    t.equal(back.statusCode, 303)
    t.equal((await db.selectFrom('personal_targets').select('level').where('user_id', '=', lecturer.id).execute()).length, 0, 'a level takes it back')
    const refused = await browserPost(app, session, `/self-assessment/${second!.competencyId}`, { level: 'nah', evidence: 'kept' })
    t.equal(refused.statusCode, 422)
    t.match(refused.body, 'kept')
  })
})
