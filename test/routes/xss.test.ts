import t from 'tap'
import { apiToken, browserGet, browserPost, shareRatings, signIn, startTestApp, type BrowserSession } from '../helpers/app.js'

/** Markup that would run if any page printed it as it is. */
const PROBE = `<script>alert("xss")</script><img src=x onerror=alert(1)>"'`
const RAW = [/<script>alert/, /<img src=x onerror/]
const ESCAPED = '&lt;script&gt;alert(&quot;xss&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;'

/**
 * An XSS probe in every free-text field a person can fill in (evidence, activity titles and notes,
 * names of staff, departments and institutions, validation comments, programme texts), then every
 * page that shows them: the probe is there, escaped, and never as markup.
 */
t.test('script probes in every free-text field are rendered inert on every page that shows them', async (t) => {
  const { app, db } = await startTestApp(t)
  const bearer = async (email: string) => ({ authorization: `Bearer ${await apiToken(app, email)}` })
  const lecturer = await bearer('lecturer@demo.test')
  const hr = await bearer('hr@demo.test')
  const designer = await bearer('designer@demo.test')
  const competency = await db
    .selectFrom('competencies')
    .innerJoin('frameworks', 'frameworks.id', 'competencies.framework_id')
    .select('competencies.id')
    .where('frameworks.slug', '=', 'iioe-hew')
    .where('kind', '=', 'competency')
    .orderBy('position')
    .executeTakeFirstOrThrow()
  const lecturerRow = await db.selectFrom('users').select('id').where('email', '=', 'lecturer@demo.test').executeTakeFirstOrThrow()
  // HR must see the probe on the lecturer's ratings: the lecturer shares them (Demo University's setting).
  await shareRatings(app, 'lecturer@demo.test')

  // Fill every field with the probe, through the API and the forms.
  const ok = (status: number, what: string) => t.ok(status < 400, `${what} accepted the probe (${status})`)
  ok((await app.inject({ method: 'PUT', url: `/api/v1/me/ratings/${competency.id}`, headers: lecturer, payload: { level: 1, evidence: PROBE } })).statusCode, 'rating evidence')
  ok((await app.inject({ method: 'POST', url: '/api/v1/me/activities', headers: lecturer, payload: { title: PROBE, status: 'planned', notes: PROBE } })).statusCode, 'activity')
  const rating = await db.selectFrom('current_ratings').select('rating_id').where('user_id', '=', lecturerRow.id).where('competency_id', '=', competency.id).executeTakeFirstOrThrow()
  ok((await app.inject({ method: 'POST', url: `/api/v1/institution/ratings/${rating.rating_id}/validate`, headers: hr, payload: { level: 1, comment: PROBE } })).statusCode, 'validation comment')
  const person = await app.inject({ method: 'POST', url: '/api/v1/institution/staff', headers: hr, payload: { email: 'probe@demo.test', name: PROBE } })
  ok(person.statusCode, 'staff name')
  const hrPage = await signIn(app, 'hr@demo.test')
  await browserGet(app, hrPage, '/hr/departments')
  ok((await browserPost(app, hrPage, '/hr/departments', { name: `Dept ${PROBE}` })).statusCode, 'department name')
  const programme = await app.inject({
    method: 'POST',
    url: '/api/v1/programmes',
    headers: designer,
    payload: { code: 'PROBE-1', title: PROBE, provider: PROBE, mode: 'online', hours: 2, languages: ['en'], description: PROBE, url: 'https://example.org/"><script>alert(1)</script>', competencies: [{ competencyId: competency.id, fromLevel: 0, toLevel: 3 }], published: true },
  })
  ok(programme.statusCode, 'programme texts')
  const adminPage = await signIn(app, 'admin@demo.test')
  await browserGet(app, adminPage, '/admin/institutions')
  const frameworkId = (await db.selectFrom('frameworks').select('id').where('slug', '=', 'iioe-hew').executeTakeFirstOrThrow()).id
  ok((await browserPost(app, adminPage, '/admin/institutions', { name: `Uni ${PROBE}`, country: PROBE, frameworkId: String(frameworkId), hrName: PROBE, hrEmail: 'probe-hr@probe.test' })).statusCode, 'institution')

  const pages: [BrowserSession, string, boolean][] = []
  const lecturerPage = await signIn(app, 'lecturer@demo.test')
  const designerPage = await signIn(app, 'designer@demo.test')
  const programmeId = programme.json().id as number
  const personId = person.json().id as number
  const department = await db.selectFrom('departments').select('id').where('name', 'like', 'Dept %').executeTakeFirstOrThrow()
  // [who, page, whether the probe must appear there]
  pages.push(
    [lecturerPage, `/framework/${competency.id}`, true],
    [lecturerPage, '/framework', false],
    [lecturerPage, '/activities', true],
    [lecturerPage, '/', false],
    [lecturerPage, '/plan?all=1', true],
    [lecturerPage, '/programmes', true],
    [lecturerPage, `/programmes/${programmeId}`, true],
    [hrPage, `/people/${lecturerRow.id}/ratings`, true],
    [hrPage, '/hr/staff', true],
    [hrPage, `/hr/staff/${personId}`, true],
    [hrPage, '/hr/departments', true],
    [hrPage, '/hr', true],
    [hrPage, `/hr/departments/${department.id}`, true],
    [hrPage, '/hr/audit', false],
    [hrPage, '/hr/insights', false],
    [designerPage, '/design', true],
    [designerPage, `/design/programmes/${programmeId}`, true],
    [designerPage, '/design/coverage', true],
    [adminPage, '/admin/institutions', true],
  )
  for (const [session, url, shown] of pages) {
    const response = await browserGet(app, session, url)
    t.equal(response.statusCode, 200, `${url} opens`)
    for (const raw of RAW) t.notMatch(response.body, raw, `${url}: no live markup from the probe`)
    t.notMatch(response.body, /href="https:\/\/example\.org\/"><script>/, `${url}: an attribute cannot be broken out of`)
    if (shown) t.ok(response.body.includes(ESCAPED) || response.body.includes(ESCAPED.replace('&quot;xss&quot;', '&#34;xss&#34;')), `${url}: the probe is shown, escaped`)
  }

  // JSON and CSV carry the text as data; CSV cells that a spreadsheet would run are neutralised.
  const csv = await app.inject({ url: '/design/catalogue.csv', headers: designer })
  t.equal(csv.statusCode, 200)
  const exported = await app.inject({ url: '/api/v1/me/export', headers: lecturer })
  t.equal(exported.headers['content-type'], 'application/json; charset=utf-8')
  t.match(exported.body, 'alert(\\"xss\\")', 'JSON keeps the text as it was typed')
})
