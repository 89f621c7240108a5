import t from 'tap'
import { apiToken, browserGet, signIn, startTestApp } from '../helpers/app.js'

interface ReportJson {
  domains: { domainId: number; code: string; asked: number; rated: number; met: number; standing: string; meanGap: number | null; change: number | null }[]
  strengths: { competencyId: number; code: string; current: number; target: number }[]
  priorities: { competencyId: number; code: string; current: number; target: number; programmes: { programmeId: number; code: string; hours: number }[] }[]
  previousRound: { title: string; closesAt: string } | null
}

t.test('the personal report: where the person stands in words, strengths, priorities, change since their last round', async (t) => {
  const { app, db } = await startTestApp(t)
  const auth = { authorization: `Bearer ${await apiToken(app, 'lecturer@demo.test')}` }
  const hr = { authorization: `Bearer ${await apiToken(app, 'hr@demo.test')}` }
  const session = await signIn(app, 'lecturer@demo.test')
  const get = async <T>(url: string, headers = auth) => {
    const response = await app.inject({ method: 'GET', url, headers })
    t.equal(response.statusCode, 200, `GET ${url}`)
    return response.json<T>()
  }
  const put = (competencyId: number, level: number) => app.inject({ method: 'PUT', url: `/api/v1/me/ratings/${competencyId}`, headers: auth, payload: { level } })

  t.test('a newcomer is asked to rate first', async (t) => {
    const newcomer = await signIn(app, 'hr@demo.test')
    const page = await browserGet(app, newcomer, '/me/report')
    t.equal(page.statusCode, 200)
    t.match(page.body, 'Rate yourself first')
    t.match(String(page.headers['cache-control']), 'no-store')
  })

  t.test('priorities are the largest rated gaps, each with programmes in the person\'s languages, shortest first', async (t) => {
    // A round to compare with later: the lecturer answers it at level 1, then it closes.
    const round = await app.inject({ method: 'POST', url: '/api/v1/institution/rounds', headers: hr, payload: { title: 'Autumn 2026', opensAt: new Date(Date.now() - 60_000).toISOString(), closesAt: new Date(Date.now() + 86_400_000).toISOString() } })
    const targets = await get<{ competencyId: number; level: number }[]>('/api/v1/me/targets')
    for (const target of targets) t.equal((await put(target.competencyId, 1)).statusCode, 200)
    await db.updateTable('assessment_rounds').set({ opens_at: new Date(Date.now() - 2 * 86_400_000), closes_at: new Date(Date.now() - 1000) }).where('id', '=', round.json().id).execute()
    t.equal((await put(targets[0]!.competencyId, 3)).statusCode, 200, 'a level raised since the round')
    await app.inject({ method: 'PUT', url: '/api/v1/me/study-languages', headers: auth, payload: { languages: ['fr'] } })

    const report = await get<ReportJson>('/api/v1/me/report')
    const gaps = new Map(targets.map((target) => [target.competencyId, target.level - 1]))
    t.equal(report.priorities.length, 3)
    const largest = Math.max(...[...gaps.values()])
    t.ok(report.priorities.every((priority) => priority.target - priority.current >= 1), 'every priority is a gap')
    t.equal(report.priorities[0]!.target - report.priorities[0]!.current, largest, 'the first is among the largest')
    const programmes = await db.selectFrom('programmes').select(['id', 'languages', 'hours']).execute()
    for (const priority of report.priorities) {
      t.ok(priority.programmes.length <= 2)
      t.ok(priority.programmes.every((p) => (programmes.find((row) => row.id === p.programmeId)!.languages as string[]).includes('fr')), `${priority.code}: only programmes taught in French`)
      t.same(priority.programmes.map((p) => p.hours), [...priority.programmes.map((p) => p.hours)].sort((a, b) => a - b), 'shortest first')
    }
    const levels = new Map(targets.map((target, index) => [target.competencyId, index === 0 ? 3 : 1]))
    const met = targets.filter((target) => levels.get(target.competencyId)! >= target.level)
    t.equal(report.strengths.length, Math.min(3, met.length))
    t.ok(report.strengths.every((line) => line.current >= line.target && levels.get(line.competencyId) === line.current), 'strengths meet their targets')
    if (targets[0]!.level < 3) t.equal(report.strengths[0]!.competencyId, targets[0]!.competencyId, 'the one furthest above its target first')
    t.same(report.previousRound?.title, 'Autumn 2026')
    const raisedDomain = report.domains.find((domain) => domain.change !== null && domain.change > 0)
    t.ok(raisedDomain, 'the domain of the raised level shows the change')
    t.ok(report.domains.every((domain) => domain.rated === domain.asked && ['met', 'close', 'below'].includes(domain.standing)))

    const page = await browserGet(app, session, '/me/report')
    t.match(page.body, '<h1>My report</h1>')
    t.match(page.body, '<th scope="col">Since “Autumn 2026”</th>')
    t.match(page.body, /up \d\.\d on average/)
    for (const priority of report.priorities) t.match(page.body, `<span class="code">${priority.code}</span>`)
    t.match(page.body, 'This report is yours: nobody else can open it unless you share it with your reviewer below.')
    t.match((await browserGet(app, session, '/me/report', { 'accept-language': 'fr' })).body, '<h1>Mon rapport</h1>')
    t.match((await browserGet(app, session, '/me/report', { 'accept-language': 'zh' })).body, '<h1>我的报告</h1>')
    t.equal((await browserGet(app, session, '/me/report?framework=abc')).statusCode, 404)
  })
})
