import t from 'tap'
import { hashPassword } from '../../server/services/passwords.js'
import { apiToken, browserGet, createInstitutionWithUser, DEMO_PASSWORD, signIn, startTestApp } from '../helpers/app.js'

interface CellJson { department: number | null; competencyId?: number; rated: number | null; meanLevel: number | null; suppressed: boolean }

const DAY = 86_400_000

/**
 * What an attacker can work out from the published figures: each is a sum of ratings (a rating's
 * level is the unknown). Every combination of them with coefficients -1, 0 or 1 is tried; one whose
 * ratings left over all belong to 1 to k-1 people gives those people's answers away.
 */
function smallGroupsRevealed(figures: ReadonlyMap<string, ReadonlySet<number>>, personOf: ReadonlyMap<number, number>, k: number): string[] {
  const names = [...figures.keys()]
  const found: string[] = []
  for (let code = 1; code < 3 ** names.length; code++) {
    const weights = new Map<number, number>()
    const used: string[] = []
    let rest = code
    for (const name of names) {
      const coefficient = (rest % 3) - 1
      rest = Math.floor(rest / 3)
      if (coefficient === 0) continue
      used.push(`${coefficient > 0 ? '+' : '-'}${name}`)
      for (const rating of figures.get(name)!) weights.set(rating, (weights.get(rating) ?? 0) + coefficient)
    }
    const people = new Set([...weights].filter(([, weight]) => weight !== 0).map(([rating]) => personOf.get(rating)!))
    if (people.size > 0 && people.size < k) found.push(`${used.join(' ')}: ${people.size} people`)
  }
  return found
}

t.test('HR compare closed rounds; a round is withheld while it and another figure differ by fewer than K people', async (t) => {
  const { app, db } = await startTestApp(t)
  const college = await createInstitutionWithUser(db, { institution: 'Trend College', email: 'hr@trend.test', role: 'hr' })
  const { min_group_size: k, framework_id: frameworkId } = await db.selectFrom('institutions').select(['min_group_size', 'framework_id']).where('id', '=', college.institutionId).executeTakeFirstOrThrow()
  t.equal(k, 5)
  const hash = await hashPassword(DEMO_PASSWORD)
  const staff = await db
    .insertInto('users')
    .values(Array.from({ length: 6 }, (_, index) => ({ institution_id: college.institutionId, email: `p${index + 1}@trend.test`, name: `Person ${index + 1}`, role: 'lecturer' as const, password_hash: hash })))
    .returning(['id', 'email'])
    .execute()
  const tokens = await Promise.all(staff.map(async (person) => ({ authorization: `Bearer ${await apiToken(app, person.email)}` })))
  const hr = { authorization: `Bearer ${await apiToken(app, 'hr@trend.test')}` }
  const [c1, c2] = await db.selectFrom('competencies').select('id').where('framework_id', '=', frameworkId).where('kind', '=', 'competency').orderBy('position').limit(2).execute()
  const rate = async (person: number, competency: { id: number }, level: number) => {
    const response = await app.inject({ method: 'PUT', url: `/api/v1/me/ratings/${competency.id}`, headers: tokens[person]!, payload: { level } })
    t.equal(response.statusCode, 200, `person ${person + 1} rates ${level}`)
  }
  // A round opened now and, once answered, moved into the past as time would close it.
  let closedDaysAgo = 40
  const runRound = async (title: string, answers: () => Promise<void>) => {
    const created = await app.inject({ method: 'POST', url: '/api/v1/institution/rounds', headers: hr, payload: { title, opensAt: new Date(Date.now() - 60_000).toISOString(), closesAt: new Date(Date.now() + 10 * DAY).toISOString() } })
    t.equal(created.statusCode, 201)
    const id = created.json<{ id: number }>().id
    await answers()
    closedDaysAgo -= 10
    await db.updateTable('assessment_rounds').set({ opens_at: new Date(Date.now() - (closedDaysAgo + 5) * DAY), closes_at: new Date(Date.now() - closedDaysAgo * DAY) }).where('id', '=', id).execute()
    return id
  }
  const hrUser = (await app.services.users.authenticate('hr@trend.test', DEMO_PASSWORD))!
  const trend = () => app.services.insights.trend(hrUser, frameworkId, 6, new Date())

  // What each figure sums, from the tables: the levels held now per competency (the gap report) and each round's answers.
  const personOf = async () => new Map((await db.selectFrom('ratings').select(['id', 'user_id']).where('institution_id', '=', college.institutionId).execute()).map((row) => [Number(row.id), row.user_id]))
  const published = async (rounds: readonly number[]) => {
    const figures = new Map<string, Set<number>>()
    const cells = (await app.inject({ method: 'GET', url: '/api/v1/institution/gaps?by=competency', headers: hr })).json<{ cells: CellJson[] }>().cells
    for (const cell of cells.filter((cell) => cell.department === null && !cell.suppressed && (cell.rated ?? 0) > 0)) {
      const held = await db.selectFrom('current_ratings').select('rating_id').where('competency_id', '=', cell.competencyId!).where('user_id', 'in', staff.map((person) => person.id)).execute()
      figures.set(`now:${cell.competencyId}`, new Set(held.map((row) => Number(row.rating_id))))
    }
    for (const round of rounds) {
      const answers = await db.selectFrom('round_answers').select('rating_id').where('round_id', '=', round).execute()
      figures.set(`round:${round}`, new Set(answers.map((row) => Number(row.rating_id))))
    }
    return figures
  }
  const shownRounds = async () => (await trend()).points.filter((point) => !point.suppressed).map((point) => point.round!.id)

  const levels = [1, 2, 3, 2, 1, 3]
  const first = await runRound('Round 1', async () => {
    for (const [person, level] of levels.entries()) {
      await rate(person, c1!, level)
      await rate(person, c2!, 2)
    }
  })

  t.test('a closed round shows its people and the mean level they gave', async (t) => {
    const result = await trend()
    t.equal(result.by, 'round', 'a closed round: by round, not by quarter')
    t.same(result.points, [{ round: { id: first, title: 'Round 1', closesAt: result.points[0]!.round!.closesAt }, rated: 6, meanLevel: (1 + 2 + 3 + 2 + 1 + 3 + 6 * 2) / 12, suppressed: false }])
    t.same(smallGroupsRevealed(await published([first]), await personOf(), k), [])
  })

  t.test('one person rating after the close would give their change away: the round is withheld', async (t) => {
    await rate(0, c1!, 3)
    const attack = smallGroupsRevealed(await published([first]), await personOf(), k)
    t.same(attack, [`+now:${c1!.id} +now:${c2!.id} -round:${first}: 1 people`, `-now:${c1!.id} -now:${c2!.id} +round:${first}: 1 people`], 'shown, the round and the levels held now differ by one person')
    t.same(await shownRounds(), [], 'so it is not shown')
    const result = await trend()
    t.same(result.points.map(({ rated, meanLevel, suppressed }) => ({ rated, meanLevel, suppressed })), [{ rated: null, meanLevel: null, suppressed: true }])
  })

  t.test('once K people have changed since, it shows again', async (t) => {
    for (const person of [1, 2, 3]) await rate(person, c1!, 1)
    t.same(await shownRounds(), [], 'four people changed: still withheld')
    await rate(4, c1!, 2)
    t.same(await shownRounds(), [first], 'five people changed')
    t.same(smallGroupsRevealed(await published([first]), await personOf(), k), [])
  })

  t.test('two rounds that differ by one person: the older is withheld, the others compare', async (t) => {
    const second = await runRound('Round 2', async () => {
      // Everyone confirms what they hold (the same ratings count in the round); only person 6 changes.
      for (const person of staff.keys()) {
        const held = await db.selectFrom('current_ratings').select(['competency_id', 'level']).where('user_id', '=', staff[person]!.id).orderBy('competency_id').execute()
        for (const rating of held) await rate(person, { id: rating.competency_id }, person === 5 && rating.competency_id === c1!.id ? 1 : rating.level)
      }
    })
    const third = await runRound('Round 3', async () => {
      for (const person of staff.keys()) {
        const held = await db.selectFrom('current_ratings').select(['competency_id', 'level']).where('user_id', '=', staff[person]!.id).orderBy('competency_id').execute()
        for (const rating of held) await rate(person, { id: rating.competency_id }, person === 5 && rating.competency_id === c2!.id ? 3 : rating.level)
      }
    })
    const result = await trend()
    t.same(result.points.map((point) => [point.round!.title, point.suppressed]), [['Round 1', false], ['Round 2', true], ['Round 3', false]])
    t.same(result.points[2]!.meanLevel, (3 + 1 + 1 + 1 + 2 + 1 + 5 * 2 + 3) / 12)
    t.same(smallGroupsRevealed(await published(await shownRounds()), await personOf(), k), [], 'no combination of the figures shown gives a small group away')
    t.not(smallGroupsRevealed(await published([first, second, third]), await personOf(), k).length, 0, 'showing round 2 as well would')

    // The page and the CSV say the same.
    const session = await signIn(app, 'hr@trend.test')
    const page = await browserGet(app, session, `/hr/insights?framework=${frameworkId}`)
    t.match(page.body, '<h2>Trend by assessment round</h2>')
    t.match(page.body, new RegExp(`<a href="/hr/rounds/${second}">Round 2</a></th><td>[^<]+</td><td>—</td><td>—</td>`))
    t.match(page.body, new RegExp(`<a href="/hr/rounds/${third}">Round 3</a></th><td>[^<]+</td><td>6</td><td>1\\.8</td><td>−0\\.2</td>`), 'the change from the round shown before')
    const csv = await browserGet(app, session, `/hr/insights/trend.csv?framework=${frameworkId}`)
    t.same(csv.body.split('\r\n').filter(Boolean).map((line) => line.split(',').slice(2)), [['suppressed', 'rated', 'mean_level'], ['', '6', '2.00'], ['suppressed', '', ''], ['', '6', '1.83']])
    t.match(csv.body, /^round,closed_on,/)
    t.match((await browserGet(app, session, `/hr/rounds/${third}`)).body, '<p>6 people answered; the mean level they gave is 1.8.</p>', "the round's own page")
    t.match((await browserGet(app, session, `/hr/rounds/${second}`)).body, 'Not shown for now: the answers of the round and another figure')
    t.same((await app.inject({ method: 'GET', url: `/api/v1/institution/rounds/${third}`, headers: hr })).json().results, { rated: 6, meanLevel: 22 / 12, suppressed: false })
    t.same((await app.inject({ method: 'GET', url: `/api/v1/institution/rounds/${second}`, headers: hr })).json().results, { rated: null, meanLevel: null, suppressed: true })
    const open = await app.inject({ method: 'POST', url: '/api/v1/institution/rounds', headers: hr, payload: { title: 'Round 4', opensAt: new Date(Date.now() - 60_000).toISOString(), closesAt: new Date(Date.now() + 10 * DAY).toISOString() } })
    t.match((await browserGet(app, session, `/hr/rounds/${open.json<{ id: number }>().id}`)).body, 'The results are shown when the round closes')
    t.equal((await app.inject({ method: 'GET', url: `/api/v1/institution/rounds/${open.json<{ id: number }>().id}`, headers: hr })).json().results, null)
    t.same(await shownRounds(), [first, third], 'an open round is not in the trend')
    const french = await browserGet(app, session, `/hr/insights?framework=${frameworkId}`, { 'accept-language': 'fr' })
    t.match(french.body, '<h2>Tendance par campagne d’évaluation</h2>')
    const chinese = await browserGet(app, session, `/hr/insights?framework=${frameworkId}`, { 'accept-language': 'zh' })
    t.match(chinese.body, '<h2>按评估轮次的趋势</h2>')
  })
})
