import t from 'tap'
import { apiToken, browserGet, browserPost, rowCounts, signIn, startTestApp } from '../helpers/app.js'

t.test('a reviewer validates ratings; self-rated and validated levels stay apart', async (t) => {
  const { app, db } = await startTestApp(t)
  const lecturer = await db.selectFrom('users').select(['id', 'institution_id']).where('email', '=', 'lecturer@demo.test').executeTakeFirstOrThrow()
  const designer = await db.selectFrom('users').select('id').where('email', '=', 'designer@demo.test').executeTakeFirstOrThrow()
  // The designer reviews the lecturer (a head of department, say), and the lecturer shares their
  // ratings with them: Demo University shows a person's ratings to their reviewer once they share.
  await db.updateTable('users').set({ reviewer_id: designer.id }).where('id', '=', lecturer.id).execute()
  const shared = await app.inject({ method: 'PUT', url: '/api/v1/me/sharing', headers: { authorization: `Bearer ${await apiToken(app, 'lecturer@demo.test')}` }, payload: { shared: true } })
  t.equal(shared.statusCode, 200)
  const current = await db.selectFrom('current_ratings').select(['rating_id', 'competency_id', 'level']).where('user_id', '=', lecturer.id).orderBy('competency_id').executeTakeFirstOrThrow()
  const reviewer = await signIn(app, 'designer@demo.test')

  t.test('the reviewer finds the person on their home page and validates with htmx and without', async (t) => {
    const home = await browserGet(app, reviewer, '/')
    t.match(home.body, 'People you review')
    t.match(home.body, `href="/people/${lecturer.id}/ratings"`)
    const page = await browserGet(app, reviewer, `/people/${lecturer.id}/ratings`)
    t.equal(page.statusCode, 200)
    t.match(page.body, 'Not validated yet')
    const fragment = await browserPost(app, reviewer, `/ratings/${current.rating_id}/validate`, { level: '1', comment: 'Seen in <b>class</b>' }, { 'hx-request': 'true' })
    t.equal(fragment.statusCode, 200)
    t.match(fragment.body, new RegExp(`^<article class="competency" id="v-${current.competency_id}"`))
    t.match(fragment.body, 'Validation saved.')
    t.match(fragment.body, 'Seen in &lt;b&gt;class&lt;/b&gt;')
    const plain = await browserPost(app, reviewer, `/ratings/${current.rating_id}/validate`, { level: '2', comment: 'Agreed after a second visit' })
    t.equal(plain.statusCode, 303)
    t.equal(plain.headers.location, `/people/${lecturer.id}/ratings?validated=${current.competency_id}#v-${current.competency_id}`)
  })

  t.test('the self-rating is untouched; the validation is in the history as the reviewer\'s', async (t) => {
    const self = await db.selectFrom('current_ratings').select(['rating_id', 'level']).where('user_id', '=', lecturer.id).where('competency_id', '=', current.competency_id).executeTakeFirstOrThrow()
    t.same(self, { rating_id: current.rating_id, level: current.level })
    const validation = await db.selectFrom('current_validations').select(['level', 'comment', 'reviewer_id', 'self_rating_id']).where('user_id', '=', lecturer.id).executeTakeFirstOrThrow()
    t.same(validation, { level: 2, comment: 'Agreed after a second visit', reviewer_id: designer.id, self_rating_id: current.rating_id })
    const token = await apiToken(app, 'lecturer@demo.test')
    const history = (await app.inject({ method: 'GET', url: `/api/v1/me/ratings/${current.competency_id}/history`, headers: { authorization: `Bearer ${token}` } })).json<{ level: number; source: string; evidence: string }[]>()
    t.match(history.slice(0, 2), [
      { source: 'reviewer', level: 2, evidence: 'Agreed after a second visit' },
      { source: 'reviewer', level: 1 },
    ])
    const mine = (await app.inject({ method: 'GET', url: '/api/v1/me/ratings', headers: { authorization: `Bearer ${token}` } })).json<{ competencyId: number; level: number; source: string }[]>()
    t.match(mine.find((rating) => rating.competencyId === current.competency_id), { level: current.level, source: 'self' }, 'the current rating is still the self-rating')
  })

  t.test('refusals: own ratings, other people, newer self-ratings, levels off the scale', async (t) => {
    const before = await rowCounts(db)
    const own = await app.inject({ method: 'POST', url: `/api/v1/institution/ratings/${current.rating_id}/validate`, headers: { authorization: `Bearer ${await apiToken(app, 'lecturer@demo.test')}` }, payload: { level: 3 } })
    t.equal(own.statusCode, 403)
    const designerToken = { authorization: `Bearer ${await apiToken(app, 'designer@demo.test')}` }
    const someoneElse = await db.selectFrom('current_ratings').innerJoin('users', 'users.id', 'current_ratings.user_id').select('current_ratings.rating_id').where('users.institution_id', '=', lecturer.institution_id).where('users.id', '!=', lecturer.id).executeTakeFirstOrThrow()
    t.equal((await app.inject({ method: 'POST', url: `/api/v1/institution/ratings/${someoneElse.rating_id}/validate`, headers: designerToken, payload: { level: 1 } })).statusCode, 403, 'not their reviewer')
    t.equal((await app.inject({ method: 'POST', url: `/api/v1/institution/ratings/${current.rating_id}/validate`, headers: designerToken, payload: { level: 9 } })).statusCode, 400)
    const reviewerRating = await db.selectFrom('ratings').select('id').where('source', '=', 'reviewer').executeTakeFirstOrThrow()
    t.equal((await app.inject({ method: 'POST', url: `/api/v1/institution/ratings/${reviewerRating.id}/validate`, headers: designerToken, payload: { level: 1 } })).statusCode, 404, 'only self-ratings are validated')
    t.same(await rowCounts(db), before)
    await app.inject({ method: 'PUT', url: `/api/v1/me/ratings/${current.competency_id}`, headers: { authorization: `Bearer ${await apiToken(app, 'lecturer@demo.test')}` }, payload: { level: 3 } })
    const stale = await app.inject({ method: 'POST', url: `/api/v1/institution/ratings/${current.rating_id}/validate`, headers: designerToken, payload: { level: 1 } })
    t.equal(stale.statusCode, 409)
    t.match(stale.json().error.message, 'A newer self-rating replaced this one')
    const page = await browserGet(app, reviewer, `/people/${lecturer.id}/ratings`)
    t.match(page.body, 'The self-rating changed after this validation.')
  })

  t.test("the person's own page: their latest self-rating in the form, the reviewer's validation beside it", async (t) => {
    const person = await signIn(app, 'lecturer@demo.test')
    const reviewerName = (await db.selectFrom('users').select('name').where('id', '=', designer.id).executeTakeFirstOrThrow()).name
    // The reviewer validates the current self-rating (3) at 2: the validation is now the newest row of the history.
    const self = await db.selectFrom('current_ratings').select(['rating_id', 'level']).where('user_id', '=', lecturer.id).where('competency_id', '=', current.competency_id).executeTakeFirstOrThrow()
    t.equal(self.level, 3)
    t.equal((await browserPost(app, reviewer, `/ratings/${self.rating_id}/validate`, { level: '2', comment: 'Seen in two classes' })).statusCode, 303)
    const detail = () => browserGet(app, person, `/framework/${current.competency_id}`)
    const section = (body: string) => body.slice(body.indexOf('<section id="competency-detail"'), body.indexOf('</form>', body.indexOf('<section id="competency-detail"')))
    let page = section((await detail()).body)
    t.match(page, /Current level: <strong><span class="level-badge">3<\/span>/, 'the current level is the self-rating (3), not the newer validation (2)')
    t.match(page, /Validated by your reviewer: <strong><span class="level-badge">2<\/span>/)
    t.match(page, `${reviewerName}, `)
    t.match(page, 'Seen in two classes')
    t.notMatch(page, 'This validation answered an earlier rating of yours')
    t.match(page, /value="3" checked/, "the form holds the person's own level")
    t.notMatch(page, /value="2" checked/, "never the reviewer's")

    // The person is told on their home page, for 30 days.
    const competencyCode = (await db.selectFrom('competencies').select('code').where('id', '=', current.competency_id).executeTakeFirstOrThrow()).code
    const home = (await browserGet(app, person, '/')).body
    const told = home.slice(home.indexOf('<section aria-labelledby="validations-title">'), home.indexOf('</section>', home.indexOf('<section aria-labelledby="validations-title">')))
    t.match(told, 'Validated by your reviewer')
    t.match(told, `<a href="/framework/${current.competency_id}"><span class="code">${competencyCode}</span>`)
    t.match(told, /<span class="level-badge">2<\/span>/)
    t.match(told, `${reviewerName}, `)
    t.match(told, 'Seen in two classes')
    await db.updateTable('current_validations').set({ updated_at: new Date(Date.now() - 31 * 24 * 3600 * 1000) }).where('user_id', '=', lecturer.id).execute()
    t.notMatch((await browserGet(app, person, '/')).body, 'validations-title', 'not after 30 days')

    const saved = await browserPost(app, person, `/framework/${current.competency_id}/rating`, { level: '3', evidence: 'Ran the <b>LMS</b> clinic', evidenceUrl: 'https://example.org/clinic', returnTo: 'detail' })
    t.equal(saved.statusCode, 303)
    page = section((await detail()).body)
    t.match(page, 'This validation answered an earlier rating of yours', 'a validation of an earlier rating says so')
    t.match(page, '>Ran the &lt;b&gt;LMS&lt;/b&gt; clinic</textarea>', 'a re-save starts from the evidence already given')
    t.match(page, 'value="https://example.org/clinic"')
    const before = await rowCounts(db)
    // The form sent back as shown: nothing changed, nothing written.
    t.equal((await browserPost(app, person, `/framework/${current.competency_id}/rating`, { level: '3', evidence: 'Ran the <b>LMS</b> clinic', evidenceUrl: 'https://example.org/clinic', returnTo: 'detail' })).statusCode, 303)
    t.same(await rowCounts(db), before, 'a re-save with nothing changed writes nothing')
  })

  t.test('reports say their basis and never mix the two', async (t) => {
    const hr = { authorization: `Bearer ${await apiToken(app, 'hr@demo.test')}` }
    const self = (await app.inject({ method: 'GET', url: '/api/v1/institution/gaps?by=domain', headers: hr })).json<{ basis: string; cells: { rated: number | null; suppressed: boolean }[] }>()
    const validated = (await app.inject({ method: 'GET', url: '/api/v1/institution/gaps?by=domain&basis=validated', headers: hr })).json<{ basis: string; cells: { rated: number | null; suppressed: boolean; people: number | null }[] }>()
    t.equal(self.basis, 'self')
    t.equal(validated.basis, 'validated')
    t.ok(self.cells.some((cell) => !cell.suppressed && (cell.rated ?? 0) > 5))
    t.ok(
      validated.cells.every((cell) => cell.suppressed || cell.rated === 0),
      'one validated person is never shown: suppressed where rated, zero elsewhere',
    )
    const csv = await app.inject({ method: 'GET', url: '/api/v1/institution/gaps.csv?by=domain&basis=validated', headers: hr })
    t.match(csv.headers['content-disposition'], 'gaps-iioe-hew-by-domain-validated.csv')
  })
})

t.test("a person's own data export holds their data and only theirs", async (t) => {
  const { app } = await startTestApp(t)
  const token = await apiToken(app, 'lecturer@demo.test')
  const response = await app.inject({ method: 'GET', url: '/api/v1/me/export', headers: { authorization: `Bearer ${token}` } })
  t.equal(response.statusCode, 200)
  t.match(response.headers['content-disposition'], 'my-competency-data.json')
  const data = response.json()
  t.match(data, { institution: 'Demo University', profile: { email: 'lecturer@demo.test', name: 'Amina Okafor', roleProfile: 'Teacher' } })
  t.ok(data.ratings.length > 0 && data.ratings.every((rating: { source: string }) => rating.source === 'self'))
  t.notMatch(response.body, 'password', 'no password hash')
  t.notMatch(response.body, '@college.test')
  const page = await browserGet(app, await signIn(app, 'lecturer@demo.test'), '/')
  t.match(page.body, 'href="/api/v1/me/export"')
})
