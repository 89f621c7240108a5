import t from 'tap'
import { browserGet, browserPost, rowCounts, signIn, startTestApp } from '../helpers/app.js'

t.test('the framework tree, rating with and without htmx, and the history page', async (t) => {
  const { app, db } = await startTestApp(t)
  const session = await signIn(app, 'lecturer@demo.test')
  const iioe = await db.selectFrom('frameworks').select('id').where('slug', '=', 'iioe-hew').executeTakeFirstOrThrow()
  const competency = await db
    .selectFrom('competencies')
    .select(['id', 'code', 'title'])
    .where('framework_id', '=', iioe.id)
    .where('code', '=', 'PED.2')
    .executeTakeFirstOrThrow()

  t.test('GET /framework shows every domain as a collapsible section and every competency with a rating form', async (t) => {
    const response = await browserGet(app, session, '/framework')
    t.equal(response.statusCode, 200)
    t.match(response.headers['content-type'], 'text/html')
    const domains = await db.selectFrom('competencies').select('id').where('framework_id', '=', iioe.id).where('kind', '=', 'domain').execute()
    const competencies = await db.selectFrom('competencies').select('id').where('framework_id', '=', iioe.id).where('kind', '=', 'competency').execute()
    t.equal(response.body.match(/<details class="domain"/g)?.length, domains.length)
    t.equal(response.body.match(/<form class="rating-form"/g)?.length, competencies.length)
    t.match(response.body, `id="c-${competency.id}"`)
    t.match(response.body, 'Building readiness')
    t.match(response.body, 'hx-post="/framework/')
  })

  t.test('an htmx save answers with the competency card only, showing the new level', async (t) => {
    const response = await browserPost(
      app,
      session,
      `/framework/${competency.id}/rating`,
      { level: '2', evidence: 'Taught a blended module', evidenceUrl: '', returnTo: 'tree' },
      { 'hx-request': 'true' },
    )
    t.equal(response.statusCode, 200)
    t.match(response.body, /^<article class="competency" id="c-\d+"/)
    t.notMatch(response.body, '<html', 'a fragment, not a page')
    t.match(response.body, 'Rating saved.')
    t.match(response.body, /Current level: <strong><span class="level-badge">2<\/span> Applying and infusing/)
    t.ok(Buffer.byteLength(response.body) < 8 * 1024, 'fragment under 8 KB')
    const oob = /\n<span class="count" id="count-d-(\d+)" hx-swap-oob="true">([^<]+)<\/span>$/.exec(response.body)
    t.ok(oob, "the domain's rated count comes along, out of band")
    const page = await browserGet(app, session, '/framework')
    t.match(page.body, `<span class="count" id="count-d-${oob![1]}">${oob![2]}</span>`, 'the same count the page now shows, which includes the new rating')
  })

  t.test('a plain form save redirects back to the card (Post/Redirect/Get)', async (t) => {
    const response = await browserPost(app, session, `/framework/${competency.id}/rating`, { level: '3', evidence: 'Led the faculty workshop', returnTo: 'tree' })
    t.equal(response.statusCode, 303)
    t.equal(response.headers.location, `/framework?saved=${competency.id}#c-${competency.id}`)
    const page = await browserGet(app, session, `/framework?saved=${competency.id}`)
    t.match(page.body, 'Rating saved.')
    t.match(page.body, /Current level: <strong><span class="level-badge">3<\/span> Achieving transformation/)
  })

  t.test('a refused save re-renders the form with the input kept and a 422, writing nothing', async (t) => {
    const before = await rowCounts(db)
    const fields = { level: '7', evidence: 'My <b>own</b> words', evidenceUrl: 'not a url', returnTo: 'tree' }
    const plain = await browserPost(app, session, `/framework/${competency.id}/rating`, fields)
    t.equal(plain.statusCode, 422)
    t.match(plain.body, '<html', 'a whole page without htmx')
    t.match(plain.body, 'Choose one of the levels 0, 1, 2, 3.')
    t.match(plain.body, 'Enter a full web address starting with http:// or https://.')
    t.match(plain.body, 'My &lt;b&gt;own&lt;/b&gt; words', 'evidence kept, escaped')
    t.match(plain.body, 'value="not a url"')
    const htmx = await browserPost(app, session, `/framework/${competency.id}/rating`, { ...fields, level: '' }, { 'hx-request': 'true' })
    t.equal(htmx.statusCode, 422)
    t.match(htmx.body, /^<article class="competency"/)
    t.match(htmx.body, 'Choose a level.')
    t.match(htmx.body, '<details class="rate-box" open>', 'the form stays open')
    t.same(await rowCounts(db), before)
  })

  t.test('rating a competency that is not in the framework is a 404 page', async (t) => {
    const missing = await browserPost(app, session, '/framework/999999/rating', { level: '1' })
    t.equal(missing.statusCode, 404)
    t.match(missing.body, 'There is no competency 999999 in your framework')
    const garbage = await browserGet(app, session, '/framework/abc')
    t.equal(garbage.statusCode, 404)
  })

  t.test('a save without the CSRF token is refused', async (t) => {
    const before = await rowCounts(db)
    const response = await app.inject({
      method: 'POST',
      url: `/framework/${competency.id}/rating`,
      cookies: session.cookies,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'level=1',
    })
    t.equal(response.statusCode, 403)
    t.same(await rowCounts(db), before)
  })

  t.test('the competency page shows the full history, newest first, with evidence escaped', async (t) => {
    await browserPost(app, session, `/framework/${competency.id}/rating`, {
      level: '1',
      evidence: '<script>alert("x")</script>',
      evidenceUrl: 'https://example.org/evidence?a=1&b=2',
      returnTo: 'detail',
    })
    const response = await browserGet(app, session, `/framework/${competency.id}`)
    t.equal(response.statusCode, 200)
    t.match(response.body, `${competency.code}</span> ${competency.title}`)
    const rows = response.body.split('<tbody>')[1]!.split('</tbody>')[0]!.match(/<tr>/g)
    t.equal(rows?.length, 3, 'three ratings in the history')
    const levels = [...response.body.split('<tbody>')[1]!.matchAll(/<td><span class="level-badge">(\d)<\/span>/g)].map((match) => match[1])
    t.same(levels, ['1', '3', '2'], 'newest first')
    t.notMatch(response.body, '<script>alert', 'no script injected')
    t.match(response.body, '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;')
    t.match(response.body, 'href="https://example.org/evidence?a=1&amp;b=2"')
  })

  t.test('an htmx save on the competency page answers with the detail section', async (t) => {
    const response = await browserPost(app, session, `/framework/${competency.id}/rating`, { level: '2', returnTo: 'detail' }, { 'hx-request': 'true' })
    t.equal(response.statusCode, 200)
    t.match(response.body, /^<section id="competency-detail"/)
    t.equal(response.body.split('<tbody>')[1]!.match(/<tr>/g)?.length, 4)
    const plain = await browserPost(app, session, `/framework/${competency.id}/rating`, { level: '2', returnTo: 'detail' })
    t.equal(plain.statusCode, 303)
    t.equal(plain.headers.location, `/framework/${competency.id}?saved=1`)
  })

  t.test('the home page shows the profile per domain as a chart and a table', async (t) => {
    const response = await browserGet(app, session, '/')
    t.equal(response.statusCode, 200)
    t.match(response.body, '<svg class="profile-chart"')
    t.match(response.body, '<title id="chart-title">Mean level per domain</title>')
    const link = /<th scope="row"><a href="(\/framework\?domain=(\d+)#d-\d+)"><span class="code">PED<\/span>/.exec(response.body)
    t.ok(link, 'each domain links to its open section of the tree')
    const tree = await browserGet(app, session, link![1]!.replace(/#.*/, ''))
    t.match(tree.body, `<details class="domain" id="d-${link![2]}" open>`)
    t.equal(tree.body.match(/<details class="domain"[^>]* open>/g)?.length, 1, 'only that domain is open')
  })

  t.test('pages carry a strict Content-Security-Policy and no inline script', async (t) => {
    const response = await browserGet(app, session, '/framework')
    t.match(response.headers['content-security-policy'], "script-src 'self'")
    t.notMatch(response.headers['content-security-policy'], 'unsafe-inline')
    t.notMatch(response.body, /<script>|<script [^>]*>[^<]/, 'scripts only by src')
    t.equal(response.headers['x-content-type-options'], 'nosniff')
  })

  t.test('assets are served with long cache lifetimes and compressed', async (t) => {
    const page = await browserGet(app, session, '/')
    const css = /href="(\/assets\/app\.[0-9a-f]{12}\.css)"/.exec(page.body)![1]!
    const js = /src="(\/assets\/htmx\.[0-9a-f]{12}\.js)"/.exec(page.body)![1]!
    for (const url of [css, js]) {
      const response = await app.inject({ method: 'GET', url, headers: { 'accept-encoding': 'gzip' } })
      t.equal(response.statusCode, 200)
      t.equal(response.headers['cache-control'], 'public, max-age=31536000, immutable')
      t.equal(response.headers['content-encoding'], 'gzip')
    }
  })
})
