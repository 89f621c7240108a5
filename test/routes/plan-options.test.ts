import t from 'tap'
import { apiToken, browserGet, rowCounts, signIn, startTestApp } from '../helpers/app.js'

interface PathJson {
  programmes: { programmeId: number; code: string; hours: number; languages: string[] }[]
  totalHours: number
  closes: number[]
  unclosable: number[]
  languages: string[]
  focus: number[]
  budget: { hours: number; levelsClosed: number; levelsClosable: number; exact: boolean } | null
}
interface RecommendationJson { code: string; languages: string[]; inYourLanguages: boolean; levels: number; reasons: { competencyId: number }[] }

t.test('a plan a person can use: their languages, an hours budget, the gaps they focus on', async (t) => {
  const { app, db } = await startTestApp(t)
  const auth = { authorization: `Bearer ${await apiToken(app, 'lecturer@demo.test')}` }
  const session = await signIn(app, 'lecturer@demo.test')
  const get = async <T>(url: string) => {
    const response = await app.inject({ method: 'GET', url, headers: auth })
    t.equal(response.statusCode, 200, `GET ${url}`)
    return response.json<T>()
  }
  // A form with repeated fields (checkboxes), as a browser sends it.
  const postForm = (url: string, fields: [string, string][], csrf = session.csrf) =>
    app.inject({ method: 'POST', url, cookies: session.cookies, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams([['_csrf', csrf], ...fields]).toString() })
  const put = (url: string, payload: unknown) => app.inject({ method: 'PUT', url, headers: auth, payload: payload as object })
  // Every competency the role asks for rated at the first level: gaps wherever it aims higher.
  const targets = await get<{ competencyId: number; level: number }[]>('/api/v1/me/targets')
  for (const target of targets) t.equal((await put(`/api/v1/me/ratings/${target.competencyId}`, { level: 1 })).statusCode, 200)
  const programmeLinks = new Map(
    (await db.selectFrom('programme_competencies').select(['programme_id', 'competency_id']).execute()).reduce((links, row) => {
      links.set(row.programme_id, [...(links.get(row.programme_id) ?? []), row.competency_id])
      return links
    }, new Map<number, number[]>()),
  )

  t.test('the learning path uses only programmes in the person\'s languages; others are listed apart, marked', async (t) => {
    const english = await get<PathJson>('/api/v1/me/learning-path')
    t.same(english.languages, ['en'], 'until they say, the app language stands for them')
    t.equal((await put('/api/v1/me/study-languages', { languages: ['zh'] })).statusCode, 200)
    const chinese = await get<PathJson>('/api/v1/me/learning-path')
    t.same(chinese.languages, ['zh'])
    t.ok(chinese.programmes.length > 0, `${chinese.programmes.length} programmes taught in Chinese`)
    t.same(chinese.programmes.filter((programme) => !programme.languages.includes('zh')).map((programme) => programme.code), [], 'none outside Chinese')
    t.notSame(chinese.programmes.map((p) => p.code), english.programmes.map((p) => p.code))
    const recommendations = await get<RecommendationJson[]>('/api/v1/me/recommendations')
    const apart = recommendations.filter((r) => !r.inYourLanguages)
    t.ok(apart.length > 0 && apart.every((r) => !r.languages.includes('zh')), `${apart.length} recommendations in other languages, marked`)
    t.ok(recommendations.filter((r) => r.inYourLanguages).every((r) => r.languages.includes('zh')))
    const page = await browserGet(app, session, '/plan')
    const [inLanguages, rest] = page.body.split('<details class="other-languages">') as [string, string]
    t.match(rest, /<summary>\d+ more programmes would help but are taught in none of your languages<\/summary>/)
    t.match(rest, '<span class="tag">not in your languages</span>')
    t.notMatch(inLanguages, 'not in your languages')
    const path = page.body.slice(page.body.indexOf('<h2 id="path-title">'))
    t.same([...path.matchAll(/<span class="code">(IIOE-[A-Z0-9-]+)<\/span> <span class="muted">/g)].map((m) => m[1]), chinese.programmes.map((p) => p.code), 'the page shows the same path')
  })

  t.test('the languages form: saved with the person, refused with the ticks kept when empty or unknown', async (t) => {
    const saved = await postForm('/plan/languages', [['languages', 'fr'], ['languages', 'en']])
    t.equal(saved.statusCode, 303)
    t.equal(saved.headers.location, '/plan?saved=languages#languages-title')
    const page = await browserGet(app, session, '/plan?saved=languages')
    t.match(page.body, '<p class="saved" role="status">Your languages are saved.</p>')
    t.match(page.body, '<input type="checkbox" name="languages" value="fr" checked> French')
    t.match(page.body, '<input type="checkbox" name="languages" value="zh"> Chinese')
    t.same((await db.selectFrom('users').select('study_languages').where('email', '=', 'lecturer@demo.test').executeTakeFirstOrThrow()).study_languages, ['fr', 'en'])
    const before = await rowCounts(db)
    const none = await postForm('/plan/languages', [])
    t.equal(none.statusCode, 422)
    t.match(none.body, '<p class="form-error" role="alert">Tick at least one language.</p>')
    const unknown = await postForm('/plan/languages', [['languages', 'fr'], ['languages', '<script>']])
    t.equal(unknown.statusCode, 422)
    t.match(unknown.body, 'value="fr" checked')
    t.notMatch(unknown.body, '<script>')
    for (const payload of [{ languages: [] }, { languages: ['english'] }, { languages: 'fr' }, { languages: ['fr'], extra: 1 }, {}]) {
      const refused = await put('/api/v1/me/study-languages', payload)
      t.equal(refused.statusCode, 400, JSON.stringify(payload))
      t.type(refused.json().error.message, 'string')
    }
    t.same(await rowCounts(db), before)
    t.same((await get<PathJson>('/api/v1/me/learning-path')).languages, ['fr', 'en'], 'the refused changes changed nothing')
    t.same((await get<{ profile: { studyLanguages: string[] } }>('/api/v1/me/export')).profile.studyLanguages, ['fr', 'en'], 'in the person\'s own data')
    t.equal((await postForm('/plan/languages', [['languages', 'zh']], 'forged')).statusCode, 403, 'a forged form is refused')
  })

  t.test('an hours budget: never over it, more hours never close fewer levels, the page says the same', async (t) => {
    const whole = await get<PathJson>('/api/v1/me/learning-path')
    let previous = -1
    for (const hours of [5, 10, 20, 40, 80, 160, whole.totalHours]) {
      const path = await get<PathJson>(`/api/v1/me/learning-path?hours=${hours}`)
      t.ok(path.totalHours <= hours, `${path.totalHours} h within ${hours} h`)
      t.equal(path.totalHours, path.programmes.reduce((sum, p) => sum + p.hours, 0))
      t.ok(path.programmes.every((p) => p.languages.some((language) => ['fr', 'en'].includes(language))))
      t.same({ hours: path.budget?.hours, exact: path.budget?.exact }, { hours, exact: true })
      t.ok(path.budget!.levelsClosed >= previous, `${path.budget!.levelsClosed} levels in ${hours} h`)
      previous = path.budget!.levelsClosed
    }
    t.equal(previous, (await get<PathJson>(`/api/v1/me/learning-path?hours=${whole.totalHours}`)).budget!.levelsClosable, 'the whole path\'s hours close every closable level')
    const forty = await get<PathJson>('/api/v1/me/learning-path?hours=40')
    const page = await browserGet(app, session, '/plan?hours=40')
    t.equal(page.statusCode, 200)
    t.match(page.body, '<h2 id="budget-title">Within 40 hours</h2>')
    t.match(page.body, `of the ${forty.budget!.levelsClosable} levels of gap the catalogue can close.`)
    t.match(page.body, 'id="plan-hours" name="hours" inputmode="numeric" size="6" value="40"')
    const section = page.body.slice(page.body.indexOf('<h2 id="budget-title">'), page.body.indexOf('<h2 id="path-title">'))
    t.same([...section.matchAll(/<span class="code">(IIOE-[A-Z0-9-]+)<\/span>/g)].map((m) => m[1]), forty.programmes.map((p) => p.code))
    t.match((await browserGet(app, session, '/plan?hours=40', { 'accept-language': 'fr' })).body, '<h2 id="budget-title">En 40 heures</h2>')
    t.match((await browserGet(app, session, '/plan?hours=40', { 'accept-language': 'zh' })).body, '<h2 id="budget-title">40 学时以内</h2>')
    t.notMatch((await browserGet(app, session, '/plan?hours=')).body, 'budget-title', 'an empty budget is no budget')
    for (const hours of ['abc', '0', '1.5', '-3', '20001']) {
      const refused = await browserGet(app, session, `/plan?hours=${hours}`)
      t.equal(refused.statusCode, 422, hours)
      t.match(refused.body, `value="${hours}" aria-describedby="plan-hours-hint" aria-invalid="true"`)
      t.match(refused.body, 'Enter a whole number of hours from 1 to 20,000, or leave it empty.')
      t.equal((await app.inject({ method: 'GET', url: `/api/v1/me/learning-path?hours=${hours}`, headers: auth })).statusCode, 400)
    }
    t.equal((await browserGet(app, session, '/plan?hours=10&framework=abc')).statusCode, 404)
  })

  t.test('focus: only the chosen gaps drive the path and the recommendations', async (t) => {
    const gaps = (await get<{ competencyId: number; status: string }[]>('/api/v1/me/gaps')).filter((gap) => gap.status === 'gap').map((gap) => gap.competencyId)
    const focus = gaps.slice(0, 2)
    const path = await get<PathJson>(`/api/v1/me/learning-path?focus=${focus.join(',')}`)
    t.same(path.focus, [...focus].sort((a, b) => a - b))
    t.ok(path.programmes.length > 0)
    t.ok(path.programmes.every((p) => programmeLinks.get(p.programmeId)!.some((id) => focus.includes(id))), 'every programme serves a focused gap')
    t.ok([...path.closes, ...path.unclosable].every((id) => focus.includes(id)))
    const page = await browserGet(app, session, `/plan?focus=${focus[0]}&focus=${focus[1]}`)
    t.match(page.body, `name="focus" value="${focus[0]}" checked`)
    t.match(page.body, 'Planned for the 2 gaps you chose to focus on.')
    const recommendations = page.body.slice(page.body.indexOf('<h2 id="recommendations-title">'), page.body.indexOf('<details class="other-languages">'))
    for (const match of recommendations.matchAll(/<ul class="reasons">(.*?)<\/ul>/gs)) {
      t.ok([...match[1]!.matchAll(/href="\/framework\/(\d+)"/g)].every((m) => focus.includes(Number(m[1]))), 'reasons only in focused gaps')
    }
    const wrong = await browserGet(app, session, '/plan?focus=abc')
    t.equal(wrong.statusCode, 422)
    t.match(wrong.body, 'Choose the gaps to focus on from the list.')
    t.same((await get<PathJson>('/api/v1/me/learning-path?focus=999999')).focus, [], 'a competency without a target is not a focus')
  })

  t.test('each recommendation says in words what its score counts', async (t) => {
    const page = await browserGet(app, session, '/plan')
    const first = /<li class="recommendation"(.*?)<\/li>\n<\/ol>|<li class="recommendation"(.*?)<div id="rec-/s.exec(page.body)![0]
    const reasons = [...first.matchAll(/<li><a href="\/framework\/\d+">/g)].length
    t.match(first, new RegExp(`Closes \\d+ levels? of your gaps in ${reasons === 1 ? '1 competency' : `${reasons} competencies`}\\.`))
    t.notMatch(page.body, /· score \d/, 'no bare score')
  })
})
