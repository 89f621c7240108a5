import t from 'tap'
import { apiToken, browserGet, browserPost, signIn, startTestApp } from '../helpers/app.js'

interface GapRow {
  competencyId: number
  current: number
  target: number | null
  gap: number
  status: string
}

t.test('"not yet", below the first level: a rating like any other, a gap to the target, shown in words', async (t) => {
  const { app, db } = await startTestApp(t)
  const auth = { authorization: `Bearer ${await apiToken(app, 'lecturer@demo.test')}` }
  const lecturer = await db.selectFrom('users').select('id').where('email', '=', 'lecturer@demo.test').executeTakeFirstOrThrow()
  const get = async <T>(url: string) => (await app.inject({ method: 'GET', url, headers: auth })).json<T>()
  const targets = await get<{ competencyId: number; level: number }[]>('/api/v1/me/targets')
  const [first, second] = targets
  const hr = await signIn(app, 'hr@demo.test')
  const hrSums = async () => {
    t.equal((await browserGet(app, hr, '/hr')).statusCode, 200)
    const row = await db
      .selectFrom('report_person_sums')
      .select((eb) => [eb.fn.sum<number>('rated_pairs').as('rated'), eb.fn.sum<number>('gap_sum').as('gaps')])
      .where('user_id', '=', lecturer.id)
      .where('basis', '=', 'self')
      .executeTakeFirstOrThrow()
    return { rated: Number(row.rated), gaps: Number(row.gaps) }
  }
  const before = await hrSums()

  t.test('through the API: saved, a full gap, in HR\'s figures as a rating', async (t) => {
    const saved = await app.inject({ method: 'PUT', url: `/api/v1/me/ratings/${first!.competencyId}`, headers: auth, payload: { level: 0, evidence: 'Never taught online' } })
    t.equal(saved.statusCode, 200)
    t.equal(saved.json().level, 0)
    const row = (await get<GapRow[]>('/api/v1/me/gaps')).find((gap) => gap.competencyId === first!.competencyId)!
    t.same({ current: row.current, gap: row.gap, status: row.status }, { current: 0, gap: first!.level, status: 'gap' })
    t.same(await hrSums(), { rated: before.rated + 1, gaps: before.gaps + first!.level })
    const history = await get<{ level: number }[]>(`/api/v1/me/ratings/${first!.competencyId}/history`)
    t.same(history.map((rating) => rating.level), [0])
  })

  t.test('a reviewer validates a level of the scale, not "not yet"', async (t) => {
    const current = await db.selectFrom('current_ratings').select('rating_id').where('user_id', '=', lecturer.id).where('competency_id', '=', first!.competencyId).executeTakeFirstOrThrow()
    const reviewer = { authorization: `Bearer ${await apiToken(app, 'hr@demo.test')}` }
    const refused = await app.inject({ method: 'POST', url: `/api/v1/institution/ratings/${current.rating_id}/validate`, headers: reviewer, payload: { level: 0 } })
    t.equal(refused.statusCode, 400)
    t.equal(await db.selectFrom('current_validations').select('level').where('user_id', '=', lecturer.id).executeTakeFirst(), undefined)
  })

  t.test('the guided screen and the competency page offer it; pages say it in words', async (t) => {
    const session = await signIn(app, 'lecturer@demo.test')
    const words = { en: 'Not yet', fr: 'Pas encore', zh: '尚未达到' }
    for (const [locale, word] of Object.entries(words)) {
      const screen = await browserGet(app, session, `/self-assessment/${second!.competencyId}`, { 'accept-language': locale })
      t.match(screen.body, '<input type="radio" name="level" value="0"')
      t.match(screen.body, word)
      const detail = await browserGet(app, session, `/framework/${second!.competencyId}`, { 'accept-language': locale })
      t.match(detail.body, /<input type="radio" name="level" value="0"/)
    }
    const saved = await browserPost(app, session, `/self-assessment/${second!.competencyId}`, { level: '0', evidence: '' })
    t.equal(saved.statusCode, 303)
    const summary = await browserGet(app, session, '/self-assessment/summary')
    t.match(summary.body, '<span class="level-badge">0</span> Not yet')
    const plan = await browserGet(app, session, '/plan')
    t.match(plan.body, '<span class="level-badge">0</span> Not yet')
    t.match(plan.body, 'not rated', 'the competencies not rated still say so')
    const report = await browserGet(app, session, '/me/report')
    t.match(report.body, '0 Not yet; your target')
    const offScale = await browserPost(app, session, `/self-assessment/${second!.competencyId}`, { level: '-1', evidence: 'kept' })
    t.equal(offScale.statusCode, 422)
    t.match(offScale.body, 'kept')
  })
})
