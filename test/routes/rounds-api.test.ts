import t from 'tap'
import { apiToken, createInstitutionWithUser, rowCounts, startTestApp } from '../helpers/app.js'

interface RoundJson {
  id: number
  invited: number
  started: number | null
  completed: number | null
  k: number
  status: string
  departments: { departmentIds: (number | null)[]; invited: number; started: number; completed: number }[]
}
interface MyRoundJson { id: number; title: string; status: string; rated: number; total: number; completedAt: string | null }

const DAY = 86_400_000
const day = (offset: number) => new Date(Date.now() + offset * DAY).toISOString().slice(0, 10)

t.test('assessment rounds: opened by HR, answered by staff, counted without names', async (t) => {
  const { app, db } = await startTestApp(t)
  const hr = { authorization: `Bearer ${await apiToken(app, 'hr@demo.test')}` }
  const lecturer = { authorization: `Bearer ${await apiToken(app, 'lecturer@demo.test')}` }
  const call = (method: 'GET' | 'POST' | 'PUT', url: string, headers: Record<string, string>, payload?: object) => app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload }) })
  const demo = await db.selectFrom('users').select('institution_id').where('email', '=', 'hr@demo.test').executeTakeFirstOrThrow()
  const active = Number((await db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).where('institution_id', '=', demo.institution_id).where('disabled_at', 'is', null).executeTakeFirstOrThrow()).n)
  let roundId = 0

  t.test('bad rounds are refused with a message and write nothing', async (t) => {
    const empty = await db.insertInto('departments').values({ institution_id: demo.institution_id, name: 'Empty unit' }).returning('id').executeTakeFirstOrThrow()
    const college = await createInstitutionWithUser(db, { institution: 'Rounds College', email: 'hr@rounds.test', role: 'hr' })
    const elsewhere = await db.insertInto('departments').values({ institution_id: college.institutionId, name: 'Elsewhere' }).returning('id').executeTakeFirstOrThrow()
    const before = await rowCounts(db)
    for (const [payload, status, message] of [
      [{ title: '', opensAt: day(0), closesAt: day(10) }, 400, /title/],
      [{ title: 'Late', opensAt: day(5), closesAt: day(2) }, 400, /The closing date must be after the opening date/],
      [{ title: 'Past', opensAt: day(-10), closesAt: day(-2) }, 400, /The closing date has passed/],
      [{ title: 'Bad date', opensAt: '2027-02-30', closesAt: day(10) }, 400, /date/],
      [{ title: 'Nobody', opensAt: day(0), closesAt: day(10), departmentIds: [empty.id] }, 400, /Nobody active is in these departments/],
      [{ title: 'Theirs', opensAt: day(0), closesAt: day(10), departmentIds: [elsewhere.id] }, 404, /There is no department/],
      [{ title: 'Unknown', opensAt: day(0), closesAt: day(10), roleProfileIds: [999999] }, 404, /There is no role profile/],
      [{ title: 'Extra', opensAt: day(0), closesAt: day(10), extra: 1 }, 400, /extra|Unrecognized/i],
    ] as const) {
      const response = await call('POST', '/api/v1/institution/rounds', hr, payload)
      t.equal(response.statusCode, status, JSON.stringify(payload))
      t.match(response.json().error.message, message)
    }
    t.same(await rowCounts(db), before)
    t.equal((await call('POST', '/api/v1/institution/rounds', lecturer, { title: 'Mine', opensAt: day(0), closesAt: day(10) })).statusCode, 403, 'a lecturer opens no round')
  })

  t.test('a round for everyone: every active person is in it, and HR see it listed', async (t) => {
    const created = await call('POST', '/api/v1/institution/rounds', hr, { title: '2027 self-assessment', opensAt: new Date(Date.now() - 60_000).toISOString(), closesAt: day(10) })
    t.equal(created.statusCode, 201)
    roundId = created.json().id
    t.equal(created.json().members, active, `${active} active people`)
    const list = (await call('GET', '/api/v1/institution/rounds', hr)).json()
    t.same(list.map((round: { id: number; invited: number; status: string }) => [round.id, round.invited, round.status]), [[roundId, active, 'open']])
    const audit = await db.selectFrom('audit_log').select(['action', 'entity_id']).where('action', '=', 'round.open').execute()
    t.same(audit, [{ action: 'round.open', entity_id: String(roundId) }])
  })

  t.test('answers count from the round on: a new level, or the current one confirmed; a repeat adds nothing', async (t) => {
    const mine = async () => (await call('GET', '/api/v1/me/rounds', lecturer)).json<MyRoundJson[]>()
    const [round] = await mine()
    t.match(round, { id: roundId, title: '2027 self-assessment', status: 'open', rated: 0, total: 24, completedAt: null }, 'ratings made before the round do not count')
    const targets = (await call('GET', '/api/v1/me/targets', lecturer)).json<{ competencyId: number }[]>()
    type Current = { competencyId: number; level: number; evidence: string; evidenceUrl: string | null }
    const current = new Map((await call('GET', '/api/v1/me/ratings', lecturer)).json<Current[]>().map((rating) => [rating.competencyId, rating]))
    const confirmed = targets.find((target) => current.has(target.competencyId))!
    const ratingsBefore = Number((await db.selectFrom('ratings').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n)
    const { level, evidence, evidenceUrl } = current.get(confirmed.competencyId)!
    const unchanged = { level, evidence, ...(evidenceUrl === null ? {} : { evidenceUrl }) }
    const same = await call('PUT', `/api/v1/me/ratings/${confirmed.competencyId}`, lecturer, unchanged)
    t.equal(same.statusCode, 200)
    t.equal(Number((await db.selectFrom('ratings').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n), ratingsBefore, 'confirming writes no rating')
    t.equal((await mine())[0]!.rated, 1, 'the current level confirmed answers the round')
    await call('PUT', `/api/v1/me/ratings/${confirmed.competencyId}`, lecturer, unchanged)
    t.equal((await mine())[0]!.rated, 1, 'twice is once')
    const answers = await db.selectFrom('round_answers').selectAll().where('round_id', '=', roundId).execute()
    t.equal(answers.length, 1)
    const started = (await call('GET', `/api/v1/institution/rounds/${roundId}`, hr)).json<RoundJson>()
    t.match(started, { invited: active, started: 1, completed: 0 })
    for (const target of targets) t.equal((await call('PUT', `/api/v1/me/ratings/${target.competencyId}`, lecturer, { level: 2 })).statusCode, 200)
    const done = await mine()
    t.match(done[0], { rated: 24, total: 24 })
    t.type(done[0]!.completedAt, 'string')
    const finished = (await call('GET', `/api/v1/institution/rounds/${roundId}`, hr)).json<RoundJson>()
    t.match(finished, { started: 1, completed: 1 })
    const ratingsAfter = Number((await db.selectFrom('ratings').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n)
    t.ok(ratingsAfter - ratingsBefore <= 24, `history grows only by the changed ratings (${ratingsAfter - ratingsBefore})`)
    // The snapshot: each answer is the rating that stood after the save in the round.
    const snapshot = await db
      .selectFrom('round_answers as a')
      .innerJoin('ratings as r', 'r.id', 'a.rating_id')
      .select(['a.competency_id', 'r.level', 'r.user_id'])
      .where('a.round_id', '=', roundId)
      .execute()
    t.equal(snapshot.length, 24)
    t.ok(snapshot.every((row) => row.level === 2 || row.competency_id === confirmed.competencyId))
  })

  t.test('participation per department: every row at least k people, the rows add up to the whole', async (t) => {
    for (const k of [5, 9, 15, active + 1]) {
      await db.updateTable('institutions').set({ min_group_size: k }).where('id', '=', demo.institution_id).execute()
      const round = (await call('GET', `/api/v1/institution/rounds/${roundId}`, hr)).json<RoundJson>()
      t.equal(round.k, k)
      if (k > active) {
        t.same({ started: round.started, completed: round.completed, departments: round.departments }, { started: null, completed: null, departments: [] }, 'a round under k shows only its size')
        continue
      }
      t.ok(round.departments.every((row) => row.invited >= k), `k=${k}: no row under ${k}`)
      t.equal(round.departments.reduce((sum, row) => sum + row.invited, 0), round.invited)
      t.equal(round.departments.reduce((sum, row) => sum + row.started, 0), round.started)
      t.equal(round.departments.reduce((sum, row) => sum + row.completed, 0), round.completed)
      t.equal(new Set(round.departments.flatMap((row) => row.departmentIds)).size, round.departments.flatMap((row) => row.departmentIds).length, 'each department in one row')
    }
    await db.updateTable('institutions').set({ min_group_size: 5 }).where('id', '=', demo.institution_id).execute()
  })

  t.test('reminders: at most one a day, only while the round is open; only HR of the institution', async (t) => {
    const first = await call('POST', `/api/v1/institution/rounds/${roundId}/reminders`, hr)
    t.equal(first.statusCode, 202)
    t.same(first.json(), { queued: active - 1, already: false }, 'everyone but the one who finished')
    t.same((await call('POST', `/api/v1/institution/rounds/${roundId}/reminders`, hr)).json(), { queued: 0, already: true })
    const upcoming = await call('POST', '/api/v1/institution/rounds', hr, { title: 'Next year', opensAt: day(30), closesAt: day(60) })
    const early = await call('POST', `/api/v1/institution/rounds/${upcoming.json().id}/reminders`, hr)
    t.equal(early.statusCode, 400)
    t.match(early.json().error.message, 'Reminders go out only while the round is open')
    t.same((await call('GET', '/api/v1/me/rounds', lecturer)).json<MyRoundJson[]>().map((round) => round.id), [roundId], 'a round not open yet is not shown to staff')
    t.equal((await call('POST', `/api/v1/institution/rounds/${roundId}/reminders`, lecturer)).statusCode, 403)
    t.equal((await call('GET', `/api/v1/institution/rounds/${roundId}`, lecturer)).statusCode, 403)
    const other = { authorization: `Bearer ${await apiToken(app, 'hr@rounds.test')}` }
    t.equal((await call('GET', `/api/v1/institution/rounds/${roundId}`, other)).statusCode, 404, 'another institution\'s HR: not there')
    t.equal((await call('POST', `/api/v1/institution/rounds/${roundId}/reminders`, other)).statusCode, 404)
    t.equal((await call('GET', '/api/v1/institution/rounds/abc', hr)).statusCode, 404)
  })
})
