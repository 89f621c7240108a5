import t from 'tap'
import { apiToken, browserGet, browserPost, signIn, startTestApp } from '../helpers/app.js'
import { pdfText, squeezed } from '../helpers/pdf-text.js'

/** The page's text in the report's own section, tags dropped and entities read, as a reader sees it. */
function pageText(body: string): string {
  const end = body.indexOf('<section aria-labelledby="share-title"')
  return body
    .slice(body.indexOf('<div class="report">'), end > 0 ? end : undefined)
    // What only the screen has: navigation, the table's column heads (the PDF names each fact), links away.
    .replace(/<nav[\s\S]*?<\/nav>|<thead>[\s\S]*?<\/thead>|<p class="[^"]*no-print[^"]*">[\s\S]*?<\/p>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
}

t.test('the report as a PDF: the same words as the page, in the reader\'s language, a download', async (t) => {
  const { app } = await startTestApp(t)
  const auth = { authorization: `Bearer ${await apiToken(app, 'lecturer@demo.test')}` }
  const targets = (await app.inject({ method: 'GET', url: '/api/v1/me/targets', headers: auth })).json<{ competencyId: number; level: number }[]>()
  for (const [index, target] of targets.entries()) {
    const put = await app.inject({ method: 'PUT', url: `/api/v1/me/ratings/${target.competencyId}`, headers: auth, payload: { level: index % 3 === 0 ? target.level : 1 } })
    t.equal(put.statusCode, 200)
  }
  const session = await signIn(app, 'lecturer@demo.test')

  for (const locale of ['en', 'fr', 'zh']) {
    t.test(locale, async (t) => {
      const headers = { 'accept-language': locale }
      const page = await browserGet(app, session, '/me/report', headers)
      t.equal(page.statusCode, 200)
      const pdf = await browserGet(app, session, '/me/report.pdf', headers)
      t.equal(pdf.statusCode, 200)
      t.equal(pdf.headers['content-type'], 'application/pdf')
      t.match(String(pdf.headers['content-disposition']), /^attachment; filename="report-[a-z0-9-]+\.pdf"$/)
      t.match(String(pdf.headers['cache-control']), 'no-store')
      t.equal(pdf.rawPayload.subarray(0, 5).toString('latin1'), '%PDF-')
      t.ok(pdf.rawPayload.length < 200_000, `a light file (${pdf.rawPayload.length} bytes)`)

      const text = squeezed(await pdfText(pdf.rawPayload))
      // Every line of the page's report, from the title to the last programme, is in the PDF, in order.
      const shown = pageText(page.body)
        .split(/\s{2,}|\n/)
        .map((line) => squeezed(line))
        .filter((line) => line !== '')
      t.ok(shown.length > 20, `${shown.length} lines compared`)
      let from = 0
      const missing: string[] = []
      for (const line of shown) {
        const at = text.indexOf(line, from)
        if (at < 0 && !text.includes(line)) missing.push(line)
        else if (at >= 0) from = at
      }
      t.same(missing, [], 'no line of the page is missing from the PDF')
      const title = { en: 'Myreport', fr: 'Monrapport', zh: '我的报告' }[locale]!
      t.equal(text.indexOf(title), 0, 'the title first')
    })
  }

  t.test('the PDF is the signed-in person\'s own: no session, no file', async (t) => {
    const anonymous = await app.inject({ method: 'GET', url: '/me/report.pdf' })
    t.not(anonymous.statusCode, 200)
    t.not(anonymous.headers['content-type'], 'application/pdf')
  })
})

t.test('sharing the report with the reviewer: only by the person, only with their reviewer, until they stop', async (t) => {
  const { app, db } = await startTestApp(t)
  const lecturer = await db.selectFrom('users').select(['id', 'reviewer_id']).where('email', '=', 'lecturer@demo.test').executeTakeFirstOrThrow()
  const reviewer = await db.selectFrom('users').select(['id', 'email', 'name']).where('id', '=', lecturer.reviewer_id!).executeTakeFirstOrThrow()
  const other = await db.selectFrom('users').select(['email']).where('institution_id', '=', (await db.selectFrom('users').select('institution_id').where('id', '=', lecturer.id).executeTakeFirstOrThrow()).institution_id).where('id', 'not in', [lecturer.id, reviewer.id]).where('role', '=', 'designer').executeTakeFirstOrThrow()
  const person = await signIn(app, 'lecturer@demo.test')
  const theReviewer = await signIn(app, reviewer.email)
  const colleague = await signIn(app, other.email)
  const reportUrl = `/people/${lecturer.id}/report`
  const page = await browserGet(app, person, '/me/report')
  const framework = /name="framework" value="(\d+)"/.exec(page.body)![1]!
  const withFramework = (url: string) => `${url}?framework=${framework}`

  t.test('before the person shares, nobody else can open it', async (t) => {
    t.match(page.body, `Once you share it, ${reviewer.name} can read this report`)
    t.match(page.body, 'not HR, not your colleagues')
    for (const url of [reportUrl, `${reportUrl}.pdf`]) {
      const refused = await browserGet(app, theReviewer, withFramework(url))
      t.equal(refused.statusCode, 403, `${url}: the reviewer`)
      t.match(refused.body, 'has not shared this report with you')
      t.equal((await browserGet(app, colleague, withFramework(url))).statusCode, 403, `${url}: a colleague`)
    }
    t.equal((await browserGet(app, theReviewer, `${reportUrl}?framework=999999`)).statusCode, 403, 'another framework is not shared either')
  })

  t.test('a forged or unreadable choice writes nothing', async (t) => {
    const forged = await app.inject({ method: 'POST', url: '/me/report/share', cookies: person.cookies, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: `shared=on&framework=${framework}` })
    t.equal(forged.statusCode, 403, 'no CSRF token')
    const unreadable = await browserPost(app, person, '/me/report/share', { shared: 'yes please', framework })
    t.equal(unreadable.statusCode, 400)
    t.match(unreadable.body, 'Choose to share')
    t.equal((await db.selectFrom('report_shares').select('id').execute()).length, 0)
  })

  t.test('the person shares: the reviewer reads it and its PDF; a double submit shares once', async (t) => {
    const first = await browserPost(app, person, '/me/report/share', { shared: 'on', framework })
    t.equal(first.statusCode, 303)
    t.equal(first.headers.location, `/me/report?framework=${framework}&shared=on#share-title`)
    t.equal((await browserPost(app, person, '/me/report/share', { shared: 'on', framework })).statusCode, 303)
    const rows = await db.selectFrom('report_shares').selectAll().execute()
    t.equal(rows.length, 1, 'one share')
    t.equal(rows[0]!.reviewer_id, reviewer.id)
    const audit = await db.selectFrom('audit_log').select(['action', 'actor_id']).where('action', '=', 'report.share').execute()
    t.same(audit, [{ action: 'report.share', actor_id: lecturer.id }])
    const own = await browserGet(app, person, '/me/report?framework=' + framework + '&shared=on')
    t.match(own.body, `Your report is now shared with ${reviewer.name}.`)
    t.match(own.body, 'Stop sharing')

    const read = await browserGet(app, theReviewer, withFramework(reportUrl))
    t.equal(read.statusCode, 200)
    t.match(read.body, '<h1>Report of Amina Okafor</h1>')
    t.match(read.body, 'Amina Okafor shared this report with you on')
    t.notMatch(read.body, 'action="/me/report/share"', 'no share form for the reviewer')
    t.match(String(read.headers['cache-control']), 'no-store')
    const pdf = await browserGet(app, theReviewer, withFramework(`${reportUrl}.pdf`))
    t.equal(pdf.statusCode, 200)
    t.match(squeezed(await pdfText(pdf.rawPayload)), 'ReportofAminaOkafor')
    const home = await browserGet(app, theReviewer, '/')
    t.match(home.body, `href="${withFramework(reportUrl)}"`, 'the reviewer finds it beside the person on their home page')
    t.equal((await browserGet(app, colleague, withFramework(reportUrl))).statusCode, 403, 'still nobody else')
  })

  t.test('when the person stops, or their reviewer changes, the reviewer can no longer read it', async (t) => {
    t.equal((await browserPost(app, person, '/me/report/share', { shared: 'off', framework })).statusCode, 303)
    t.equal((await browserGet(app, theReviewer, withFramework(reportUrl))).statusCode, 403)
    const rows = await db.selectFrom('report_shares').select(['stopped_at']).execute()
    t.equal(rows.length, 1, 'the share is kept, stopped')
    t.ok(rows[0]!.stopped_at)

    t.equal((await browserPost(app, person, '/me/report/share', { shared: 'on', framework })).statusCode, 303)
    t.equal((await browserGet(app, theReviewer, withFramework(reportUrl))).statusCode, 200)
    const hr = { authorization: `Bearer ${await apiToken(app, 'hr@demo.test')}` }
    const noReviewer = await app.inject({ method: 'PATCH', url: `/api/v1/institution/staff/${lecturer.id}`, headers: hr, payload: { reviewerId: null } })
    t.equal(noReviewer.statusCode, 200, 'HR take the reviewer away')
    t.equal((await browserGet(app, theReviewer, withFramework(reportUrl))).statusCode, 403, 'a former reviewer reads nothing')
    const own = await browserGet(app, person, withFramework('/me/report'))
    t.match(own.body, 'You have no reviewer yet')
    const refused = await browserPost(app, person, '/me/report/share', { shared: 'on', framework })
    t.equal(refused.statusCode, 409)
    t.match(refused.body, 'no reviewer to share your report with')
    t.equal((await app.inject({ method: 'PATCH', url: `/api/v1/institution/staff/${lecturer.id}`, headers: hr, payload: { reviewerId: reviewer.id } })).statusCode, 200, 'and give them back')
    t.equal((await browserGet(app, theReviewer, withFramework(reportUrl))).statusCode, 403, 'a share with another reviewer (or before) is not inherited')
    const exported = await app.inject({ method: 'GET', url: '/api/v1/me/export', headers: { authorization: `Bearer ${await apiToken(app, 'lecturer@demo.test')}` } })
    const shares = exported.json<{ reportShares: { reviewer: string; sharedAt: string; stoppedAt: string | null }[] }>().reportShares
    t.same(shares.map((share) => [share.reviewer, share.stoppedAt !== null]), [[reviewer.name, true], [reviewer.name, true]], 'the person\'s data export lists each share, both stopped')
  })
})
