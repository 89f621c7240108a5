import t from 'tap'
import { apiToken, createInstitutionWithUser, rowCounts, startTestApp } from '../helpers/app.js'

interface Reason { competencyId: number; code: string; fromLevel: number; toLevel: number }
interface RecommendationJson { programmeId: number; code: string; hours: number; score: number; levels: number; inYourLanguages: boolean; reasons: Reason[] }
interface GapJson { competencyId: number; code: string; current: number; target: number | null; gap: number; status: 'gap' | 'met' | 'unrated'; stale: boolean }

t.test('targets, gaps, recommendations and the learning path', async (t) => {
  const { app, db } = await startTestApp(t)
  const auth = { authorization: `Bearer ${await apiToken(app, 'lecturer@demo.test')}` }
  const get = async <T>(url: string) => {
    const response = await app.inject({ method: 'GET', url, headers: auth })
    t.equal(response.statusCode, 200, `GET ${url}`)
    return response.json<T>()
  }
  const code = async (competencyCode: string) =>
    (
      await db
        .selectFrom('competencies')
        .innerJoin('frameworks', 'frameworks.id', 'competencies.framework_id')
        .select('competencies.id')
        .where('frameworks.slug', '=', 'iioe-hew')
        .where('competencies.code', '=', competencyCode)
        .executeTakeFirstOrThrow()
    ).id

  t.test('targets come from the role profile; a personal target overrides one and can be removed', async (t) => {
    const targets = await get<{ competencyId: number; level: number; source: string }[]>('/api/v1/me/targets')
    t.equal(targets.length, 24, 'the teacher profile sets 24 targets')
    t.ok(targets.every((target) => target.source === 'profile'))
    const ped1 = await code('PED.1')
    const profileLevel = targets.find((target) => target.competencyId === ped1)!.level
    const put = await app.inject({ method: 'PUT', url: `/api/v1/me/targets/${ped1}`, headers: auth, payload: { level: 1 } })
    t.equal(put.statusCode, 200)
    t.same(put.json(), { competencyId: ped1, level: 1, source: 'personal' })
    t.same((await get<{ competencyId: number; level: number; source: string }[]>('/api/v1/me/targets')).find((target) => target.competencyId === ped1), { competencyId: ped1, level: 1, source: 'personal' })
    const removed = await app.inject({ method: 'DELETE', url: `/api/v1/me/targets/${ped1}`, headers: auth })
    t.equal(removed.statusCode, 204)
    t.same((await get<{ competencyId: number; level: number; source: string }[]>('/api/v1/me/targets')).find((target) => target.competencyId === ped1), { competencyId: ped1, level: profileLevel, source: 'profile' })
  })

  t.test('bad targets are refused and change nothing', async (t) => {
    const before = await rowCounts(db)
    const ped1 = await code('PED.1')
    for (const [payload, url, status] of [
      [{ level: 4 }, `/api/v1/me/targets/${ped1}`, 400],
      [{ level: 'high' }, `/api/v1/me/targets/${ped1}`, 400],
      [{ level: 2, extra: true }, `/api/v1/me/targets/${ped1}`, 400],
      [{ level: 2 }, '/api/v1/me/targets/999999', 404],
      [{ level: 2 }, '/api/v1/me/targets/x', 404],
    ] as const) {
      const response = await app.inject({ method: 'PUT', url, headers: auth, payload })
      t.equal(response.statusCode, status, `${JSON.stringify(payload)} ${url}`)
      t.type(response.json().error.message, 'string')
    }
    t.equal((await app.inject({ method: 'DELETE', url: '/api/v1/me/targets/999999', headers: auth })).statusCode, 404)
    t.same(await rowCounts(db), before)
  })

  t.test('gaps: max(0, target - current), unrated counts as 0, old ratings are flagged stale', async (t) => {
    const user = await db.selectFrom('users').select(['id', 'institution_id']).where('email', '=', 'lecturer@demo.test').executeTakeFirstOrThrow()
    const pol1 = await code('POL.1')
    const old = await db
      .insertInto('ratings')
      .values({ institution_id: user.institution_id, user_id: user.id, competency_id: pol1, level: 1, source: 'self', created_at: new Date(Date.now() - 3 * 365 * 86_400_000) })
      .returning(['id', 'created_at'])
      .executeTakeFirstOrThrow()
    await db
      .insertInto('current_ratings')
      .values({ institution_id: user.institution_id, user_id: user.id, competency_id: pol1, level: 1, rating_id: old.id, updated_at: old.created_at })
      .onConflict((oc) => oc.columns(['user_id', 'competency_id']).doUpdateSet({ level: 1, rating_id: old.id, updated_at: old.created_at }))
      .execute()
    const gaps = await get<GapJson[]>('/api/v1/me/gaps')
    const targets = new Map((await get<{ competencyId: number; level: number }[]>('/api/v1/me/targets')).map((target) => [target.competencyId, target.level]))
    const current = new Map((await get<{ competencyId: number; level: number }[]>('/api/v1/me/ratings')).map((rating) => [rating.competencyId, rating.level]))
    const competencies = await db
      .selectFrom('competencies')
      .innerJoin('frameworks', 'frameworks.id', 'competencies.framework_id')
      .select('competencies.id')
      .where('frameworks.slug', '=', 'iioe-hew')
      .where('competencies.kind', '=', 'competency')
      .execute()
    t.equal(gaps.length, competencies.length, 'every competency of the framework')
    for (const gap of gaps) {
      t.equal(gap.current, current.get(gap.competencyId) ?? 0, `${gap.code} current`)
      t.equal(gap.target, targets.get(gap.competencyId) ?? null, `${gap.code} target`)
      const rated = current.has(gap.competencyId)
      // Not rated: unknown, never a gap.
      t.equal(gap.gap, gap.target === null || !rated ? 0 : Math.max(0, gap.target - gap.current), `${gap.code} gap`)
      t.equal(gap.status, !rated ? 'unrated' : gap.gap > 0 ? 'gap' : 'met', `${gap.code} status`)
    }
    t.ok(gaps.some((gap) => gap.status === 'unrated' && gap.target !== null), 'a competency with a target not rated is there, as unrated')
    t.ok(gaps.some((gap) => gap.status === 'gap'), 'and gaps')
    t.same(
      gaps.filter((gap) => gap.stale).map((gap) => gap.code),
      ['POL.1'],
      'only the three-year-old rating is stale',
    )
  })

  t.test("recommendations: best first, each reason true to the person's levels and the programme's links", async (t) => {
    const recommendations = await get<RecommendationJson[]>('/api/v1/me/recommendations')
    const gaps = new Map((await get<GapJson[]>('/api/v1/me/gaps')).map((gap) => [gap.competencyId, gap]))
    t.ok(recommendations.length > 5, `${recommendations.length} recommendations`)
    for (let index = 1; index < recommendations.length; index++) {
      const [a, b] = [recommendations[index - 1]!, recommendations[index]!]
      // Those taught in the person's languages first; best first within each part.
      t.ok(Number(a.inYourLanguages) > Number(b.inYourLanguages) || (a.inYourLanguages === b.inYourLanguages && (a.score > b.score || (a.score === b.score && a.hours <= b.hours))), `${a.code} before ${b.code}`)
    }
    for (const recommendation of recommendations) {
      t.equal(recommendation.levels, recommendation.reasons.reduce((sum, reason) => sum + reason.toLevel - reason.fromLevel, 0), `${recommendation.code}: the levels it closes`)
    }
    for (const recommendation of recommendations.slice(0, 8)) {
      const programme = await app.inject({ method: 'GET', url: `/api/v1/programmes/${recommendation.programmeId}`, headers: auth })
      const links = new Map(programme.json().competencies.map((link: Reason) => [link.competencyId, link]))
      for (const reason of recommendation.reasons) {
        const gap = gaps.get(reason.competencyId)!
        const link = links.get(reason.competencyId) as Reason | undefined
        t.ok(link, `${recommendation.code} develops ${reason.code}`)
        t.equal(reason.fromLevel, gap.current, `${recommendation.code}/${reason.code} starts at the current level`)
        t.ok(reason.toLevel > reason.fromLevel && reason.toLevel <= gap.target!, `${recommendation.code}/${reason.code} ends above it, at most at the target`)
        t.ok(link!.fromLevel <= gap.current + 1 && link!.toLevel > gap.current, `${recommendation.code}/${reason.code} is within reach`)
      }
    }
  })

  t.test('the learning path: hours add up, closed and unclosable gaps are apart', async (t) => {
    const path = await get<{ programmes: { programmeId: number; hours: number }[]; totalHours: number; closes: number[]; unclosable: number[] }>('/api/v1/me/learning-path')
    t.ok(path.programmes.length > 0)
    t.equal(path.totalHours, path.programmes.reduce((sum, programme) => sum + programme.hours, 0))
    t.same(
      path.closes.filter((id) => path.unclosable.includes(id)),
      [],
    )
    const withGap = (await get<GapJson[]>('/api/v1/me/gaps')).filter((gap) => gap.gap > 0).map((gap) => gap.competencyId).sort((a, b) => a - b)
    t.same([...path.closes, ...path.unclosable].sort((a, b) => a - b), withGap, 'every gap is either closed or said to be unclosable')
  })
})

t.test('the programme catalogue', async (t) => {
  const { app, db } = await startTestApp(t)
  const auth = { authorization: `Bearer ${await apiToken(app, 'lecturer@demo.test')}` }
  const list = async (query: string) => {
    const response = await app.inject({ method: 'GET', url: `/api/v1/programmes${query}`, headers: auth })
    t.equal(response.statusCode, 200, query)
    return response.json<{ id: number; mode: string; hours: number; languages: string[]; competencies: { competencyId: number }[] }[]>()
  }
  const all = await list('')
  t.equal(all.length, 47, 'the published programmes of the sample catalogue')
  t.ok((await list('?mode=blended')).every((p) => p.mode === 'blended'))
  const chinese = await list('?language=zh')
  t.ok(chinese.length > 0 && chinese.every((p) => p.languages.includes('zh')))
  t.ok((await list('?maxHours=10')).every((p) => p.hours <= 10))
  const competencyId = all[0]!.competencies[0]!.competencyId
  const forCompetency = await list(`?competency=${competencyId}`)
  t.ok(forCompetency.length > 0 && forCompetency.every((p) => p.competencies.some((link) => link.competencyId === competencyId)))
  t.equal((await app.inject({ method: 'GET', url: '/api/v1/programmes?mode=walking', headers: auth })).statusCode, 400)
  t.equal((await app.inject({ method: 'GET', url: '/api/v1/programmes?maxHours=-3', headers: auth })).statusCode, 400)
  t.equal((await app.inject({ method: 'GET', url: '/api/v1/programmes/999999', headers: auth })).statusCode, 404)
  const unpublished = await db.selectFrom('programmes').select('id').where('published', '=', false).executeTakeFirstOrThrow()
  t.equal((await app.inject({ method: 'GET', url: `/api/v1/programmes/${unpublished.id}`, headers: auth })).statusCode, 404, 'unpublished programmes are not shown')
})

t.test('the PD log', async (t) => {
  const { app, db } = await startTestApp(t)
  const auth = { authorization: `Bearer ${await apiToken(app, 'lecturer@demo.test')}` }
  const recommendations = (await app.inject({ method: 'GET', url: '/api/v1/me/recommendations', headers: auth })).json<RecommendationJson[]>()
  const top = recommendations[0]!

  const created = await app.inject({ method: 'POST', url: '/api/v1/me/activities', headers: auth, payload: { programmeId: top.programmeId, status: 'planned' } })
  t.equal(created.statusCode, 201)
  t.match(created.json(), { programmeId: top.programmeId, programmeCode: top.code, status: 'planned', hours: top.hours, startedAt: null, completedAt: null, rerate: [] })
  const activityId = created.json().id

  t.test('refused requests say why and write nothing', async (t) => {
    const before = await rowCounts(db)
    const cases = [
      { method: 'POST', url: '/api/v1/me/activities', payload: { programmeId: top.programmeId, status: 'planned' }, status: 409, message: /already in your log/ },
      { method: 'POST', url: '/api/v1/me/activities', payload: { programmeId: 999999, status: 'planned' }, status: 404, message: /no programme 999999/ },
      { method: 'POST', url: '/api/v1/me/activities', payload: { status: 'planned' }, status: 400, message: /programmeId or a title/ },
      { method: 'POST', url: '/api/v1/me/activities', payload: { title: 'Workshop', status: 'done' }, status: 400, message: /status/ },
      { method: 'POST', url: '/api/v1/me/activities', payload: { title: 'Workshop', status: 'completed', hours: -2 }, status: 400, message: /hours/ },
      { method: 'POST', url: '/api/v1/me/activities', payload: { title: 'Workshop', status: 'completed', startedAt: '2026-05-10', completedAt: '2026-05-01' }, status: 400, message: /before the start date/ },
      { method: 'POST', url: '/api/v1/me/activities', payload: { title: 'Workshop', status: 'planned', completedAt: '2026-05-01' }, status: 400, message: /Only a completed activity/ },
      { method: 'POST', url: '/api/v1/me/activities', payload: { title: 'Workshop', status: 'completed', startedAt: '2026-02-30' }, status: 400, message: /startedAt/ },
      { method: 'PATCH', url: '/api/v1/me/activities/999999', payload: { status: 'completed' }, status: 404, message: /no activity 999999/ },
      { method: 'PATCH', url: `/api/v1/me/activities/${activityId}`, payload: {}, status: 400, message: /at least one field/ },
    ] as const
    for (const testCase of cases) {
      const response = await app.inject({ method: testCase.method, url: testCase.url, headers: auth, payload: testCase.payload })
      t.equal(response.statusCode, testCase.status, JSON.stringify(testCase.payload))
      t.match(response.json().error.message, testCase.message)
    }
    t.same(await rowCounts(db), before)
  })

  t.test('starting a programme takes it out of the recommendations; completing it prompts a re-rating', async (t) => {
    const started = await app.inject({ method: 'PATCH', url: `/api/v1/me/activities/${activityId}`, headers: auth, payload: { status: 'in_progress', startedAt: '2026-10-01' } })
    t.equal(started.statusCode, 200)
    t.equal(started.json().startedAt, '2026-10-01')
    const after = (await app.inject({ method: 'GET', url: '/api/v1/me/recommendations', headers: auth })).json<RecommendationJson[]>()
    t.notOk(after.some((r) => r.programmeId === top.programmeId), 'no longer recommended')
    const ratingsBefore = (await rowCounts(db))['ratings']
    const completed = await app.inject({
      method: 'PATCH',
      url: `/api/v1/me/activities/${activityId}`,
      headers: auth,
      payload: { status: 'completed', completedAt: '2026-11-02', certificateUrl: 'https://iioe.example/certificate/1' },
    })
    t.equal(completed.statusCode, 200)
    const programme = (await app.inject({ method: 'GET', url: `/api/v1/programmes/${top.programmeId}`, headers: auth })).json<{ competencies: { competencyId: number }[] }>()
    t.same(
      [...completed.json().rerate].sort(),
      programme.competencies.map((link) => link.competencyId).sort(),
      'the competencies to rate again are those the programme develops',
    )
    t.equal((await rowCounts(db))['ratings'], ratingsBefore, 'no rating changed silently')
    const back = await app.inject({ method: 'PATCH', url: `/api/v1/me/activities/${activityId}`, headers: auth, payload: { status: 'planned' } })
    t.equal(back.statusCode, 409)
    t.match(back.json().error.message, 'A completed activity stays completed')
  })

  t.test('another institution cannot see or change the log', async (t) => {
    await createInstitutionWithUser(db, { institution: 'Elsewhere College', email: 'lecturer@elsewhere.test', role: 'lecturer' })
    const other = { authorization: `Bearer ${await apiToken(app, 'lecturer@elsewhere.test')}` }
    t.same((await app.inject({ method: 'GET', url: '/api/v1/me/activities', headers: other })).json(), [])
    const patch = await app.inject({ method: 'PATCH', url: `/api/v1/me/activities/${activityId}`, headers: other, payload: { notes: 'mine now' } })
    t.equal(patch.statusCode, 404)
  })

  t.test('a person who has rated nothing has no gap, no recommendation and no learning path', async (t) => {
    const newcomer = { authorization: `Bearer ${await apiToken(app, 'hr@demo.test')}` }
    const read = async <T>(url: string) => (await app.inject({ method: 'GET', url, headers: newcomer })).json<T>()
    const gaps = await read<GapJson[]>('/api/v1/me/gaps')
    t.ok(gaps.length > 0 && gaps.every((gap) => gap.status === 'unrated' && gap.gap === 0), 'every competency unrated, none a gap')
    t.ok(gaps.some((gap) => gap.target !== null), 'although the role sets targets')
    t.same(await read('/api/v1/me/recommendations'), [])
    t.same((await read<{ programmes: unknown[] }>('/api/v1/me/learning-path')).programmes, [])
  })
})
