import type { FastifyInstance } from 'fastify'
import t from 'tap'
import { browserGet, competencyOf, signIn, startTestApp, type BrowserSession } from '../helpers/app.js'
import { multipart } from '../helpers/multipart.js'
import { waitFor } from '../helpers/processes.js'
import { startSmtpServer } from '../helpers/smtp.js'
import { pdf } from '../helpers/zip.js'

/** A form posted as a browser does, fields possibly repeated (ticked checkboxes). */
function postForm(app: FastifyInstance, session: BrowserSession, url: string, fields: readonly [string, string][], headers: Record<string, string> = {}) {
  const payload = new URLSearchParams([['_csrf', session.csrf], ...fields]).toString()
  return app.inject({ method: 'POST', url, cookies: session.cookies, headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, payload })
}

function postMultipart(app: FastifyInstance, session: BrowserSession, url: string, fields: Record<string, string>, files: [string, string, Uint8Array, string?][], headers: Record<string, string> = {}) {
  const { payload, contentType } = multipart({ _csrf: session.csrf, ...fields }, files)
  return app.inject({ method: 'POST', url, cookies: session.cookies, headers: { 'content-type': contentType, ...headers }, payload })
}

t.test('evidence -> review request -> decision, in pages without JavaScript, with mail', async (t) => {
  const smtp = await startSmtpServer(t)
  const { app, db } = await startTestApp(t, { mail: { url: smtp.url, from: 'IIOE Skills <skills@iioe.test>' }, publicUrl: 'https://skills.iioe.test', jobs: { pollingSeconds: 0.5 } })
  const amina = await signIn(app, 'lecturer@demo.test')
  const competency = await competencyOf(db, 'iioe-hew', 'PED.3')

  // The library: who sees the files is said before anything is uploaded.
  const library = await browserGet(app, amina, '/evidence')
  t.equal(library.statusCode, 200)
  t.match(library.body, 'Only you can open your files.')
  const uploaded = await postMultipart(app, amina, '/evidence', {}, [['file', 'syllabus <b>2026<b>.pdf', pdf('syllabus'), 'application/pdf']])
  t.equal(uploaded.statusCode, 303)
  const shown = await browserGet(app, amina, uploaded.headers.location as string)
  t.match(shown.body, '“syllabus b2026b.pdf” is in your evidence.', 'the name is kept without markup characters')
  t.notMatch(shown.body, '<b>2026', 'nothing of the name is markup')
  const fileId = Number(/\/evidence\/(\d+)\/file/.exec(shown.body)![1])

  t.test('a refused upload says why, in the reader’s language, and stores nothing', async (t) => {
    amina.cookies['lang'] = 'fr'
    t.teardown(() => void delete amina.cookies['lang'])
    const refused = await postMultipart(app, amina, '/evidence', {}, [['file', 'page.pdf', Buffer.from('<html><script>alert(1)</script>'), 'application/pdf']])
    t.equal(refused.statusCode, 400)
    t.match(refused.body, '« page » n’est pas un type de fichier accepté comme preuve')
    t.notMatch(refused.body, '<script>alert(1)')
    const htmx = await postMultipart(app, amina, '/evidence', {}, [['file', 'page.pdf', Buffer.from('<svg onload=alert(1)>'), 'application/pdf']], { 'hx-request': 'true', 'x-csrf-token': amina.csrf })
    t.equal(htmx.statusCode, 400)
    t.match(htmx.body, /^<section id="evidence"/, 'htmx gets the section it swaps')
    t.equal(Number((await db.selectFrom('evidence_files').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n), 1)
  })

  // The competency's own page cites the file and uploads another with the rating, without JavaScript.
  const detail = await browserGet(app, amina, `/framework/${competency.id}`)
  t.match(detail.body, 'enctype="multipart/form-data"')
  t.match(detail.body, `name="evidenceFiles" value="${fileId}"`)
  const rated = await postMultipart(
    app,
    amina,
    `/framework/${competency.id}/rating`,
    { returnTo: 'detail', level: '2', evidence: 'Redesigned the course', evidenceUrl: '', evidenceFilesShown: '1', evidenceFiles: String(fileId) },
    [['evidenceFile', 'feedback.pdf', pdf('feedback'), 'application/pdf']],
  )
  t.equal(rated.statusCode, 303)
  const current = await db.selectFrom('current_ratings').innerJoin('users', 'users.id', 'current_ratings.user_id').select(['current_ratings.rating_id', 'current_ratings.evidence_files']).where('users.email', '=', 'lecturer@demo.test').where('competency_id', '=', competency.id).executeTakeFirstOrThrow()
  const feedback = await db.selectFrom('evidence_files').select('id').where('name', '=', 'feedback.pdf').executeTakeFirstOrThrow()
  t.same(current.evidence_files.map(Number), [fileId, feedback.id].sort((a, b) => a - b), 'both files cited: the ticked one and the one uploaded with the rating')
  const history = await browserGet(app, amina, `/framework/${competency.id}?saved=1`)
  t.match(history.body, `href="/evidence/${feedback.id}/file" download>feedback.pdf</a>`)

  t.test('a rating refused for its level keeps the uploaded file, ticked', async (t) => {
    const refused = await postMultipart(
      app,
      amina,
      `/framework/${competency.id}/rating`,
      { returnTo: 'detail', level: '', evidence: 'kept text', evidenceFilesShown: '1' },
      [['evidenceFile', 'photo.pdf', pdf('photo'), 'application/pdf']],
    )
    t.equal(refused.statusCode, 422)
    t.match(refused.body, 'kept text')
    const photo = await db.selectFrom('evidence_files').select('id').where('name', '=', 'photo.pdf').executeTakeFirstOrThrow()
    t.match(refused.body, new RegExp(`name="evidenceFiles" value="${photo.id}" checked`))
  })

  // Amina asks for a review; Demo University shares only when a person chooses to: asking shares.
  const reviewsPage = await browserGet(app, amina, `/reviews?framework=${competency.frameworkId}`)
  t.match(reviewsPage.body, 'Your request goes to Farid Rahman.')
  t.match(reviewsPage.body, 'Asking shares your self-ratings and the evidence they cite with Farid Rahman')
  const nothing = await postForm(app, amina, '/reviews/request', [['framework', String(competency.frameworkId)], ['message', 'kept message']])
  t.equal(nothing.statusCode, 400)
  t.match(nothing.body, 'Choose at least one rating to be reviewed')
  t.match(nothing.body, 'kept message')
  const asked = await postForm(app, amina, '/reviews/request', [['framework', String(competency.frameworkId)], ['competencyIds', String(competency.id)], ['message', 'See my syllabus']])
  t.equal(asked.statusCode, 303)
  const twice = await postForm(app, amina, '/reviews/request', [['framework', String(competency.frameworkId)], ['competencyIds', String(competency.id)], ['message', 'See my syllabus']])
  t.equal(twice.statusCode, 409, 'a double submit asks once')
  t.match(twice.body, 'A review of PED.3 is already waiting')
  t.equal(Number((await db.selectFrom('reviews').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n), 1)
  const after = await browserGet(app, amina, asked.headers.location as string)
  t.match(after.body, 'You asked Farid Rahman to review 1 rating.')
  t.match(after.body, 'Waiting')

  await waitFor('the mail to the reviewer', async () => smtp.received.some((mail) => mail.to === 'hr@demo.test'))
  const toReviewer = smtp.received.find((mail) => mail.to === 'hr@demo.test')!
  t.equal(toReviewer.subject, 'Amina Okafor asks you to review a self-rating')
  t.match(toReviewer.text, 'See my syllabus')
  t.match(toReviewer.text, 'https://skills.iioe.test/reviews')

  // Farid reviews: the queue shows the level, the evidence, the files and the rubric.
  const farid = await signIn(app, 'hr@demo.test')
  const home = await browserGet(app, farid, '/')
  t.match(home.body, 'A review waits for you.')
  const queue = await browserGet(app, farid, '/reviews')
  t.match(queue.body, 'Amina Okafor')
  t.match(queue.body, 'Redesigned the course')
  t.match(queue.body, `href="/evidence/${feedback.id}/file" download>feedback.pdf</a>`)
  t.match(queue.body, 'Level descriptors')
  const download = await app.inject({ method: 'GET', url: `/evidence/${feedback.id}/file`, cookies: farid.cookies })
  t.equal(download.statusCode, 200)
  t.match(download.headers['content-disposition'], /^attachment;/)
  const reviewId = Number(/action="\/reviews\/(\d+)\/decide"/.exec(queue.body)![1])
  const ratingId = Number(new RegExp(`name="ratingId" value="(\\d+)"`).exec(queue.body)![1])
  t.equal(ratingId, Number(current.rating_id))

  const noComment = await postForm(app, farid, `/reviews/${reviewId}/decide`, [['decision', 'more-evidence'], ['ratingId', String(ratingId)], ['comment', ' ']])
  t.equal(noComment.statusCode, 400)
  t.match(noComment.body, 'Say what evidence is missing')
  const decided = await postForm(app, farid, `/reviews/${reviewId}/decide`, [['decision', 'validate'], ['level', '3'], ['ratingId', String(ratingId)], ['comment', 'Seen in <em>class</em>']])
  t.equal(decided.statusCode, 303)
  const again = await postForm(app, farid, `/reviews/${reviewId}/decide`, [['decision', 'validate'], ['level', '3'], ['ratingId', String(ratingId)], ['comment', 'Seen in <em>class</em>']])
  t.equal(again.statusCode, 303, 'the same decision twice is decided once')
  t.equal(Number((await db.selectFrom('ratings').select((eb) => eb.fn.countAll<string>().as('n')).where('source', '=', 'reviewer').where('competency_id', '=', competency.id).where('evidence', '=', 'Seen in <em>class</em>').executeTakeFirstOrThrow()).n), 1)
  const otherwise = await postForm(app, farid, `/reviews/${reviewId}/decide`, [['decision', 'validate'], ['level', '1'], ['ratingId', String(ratingId)], ['comment', 'changed my mind']])
  t.equal(otherwise.statusCode, 409)
  t.match(otherwise.body, 'This review was already decided')
  t.match((await browserGet(app, farid, decided.headers.location as string)).body, 'Your decision on PED.3 was saved and the person is told.')

  // Amina is told: on her home page, by mail, and on the page with Farid's name and comment beside her own level.
  await waitFor('the mail to the person', async () => smtp.received.some((mail) => mail.to === 'lecturer@demo.test'))
  const toPerson = smtp.received.find((mail) => mail.to === 'lecturer@demo.test')!
  t.equal(toPerson.subject, 'Your review of PED.3 was decided')
  t.match(toPerson.text, 'Farid Rahman reviewed your self-rating of PED.3: validated at 3 (Achieving transformation).')
  t.match(toPerson.text, 'Seen in <em>class</em>', 'mail is plain text: the comment as written')
  t.match((await browserGet(app, amina, '/')).body, 'A review you asked for was decided.')
  const mine = await browserGet(app, amina, '/reviews')
  t.match(mine.body, 'Validated')
  t.match(mine.body, 'by Farid Rahman')
  t.match(mine.body, 'Seen in &lt;em&gt;class&lt;/em&gt;', 'the comment is escaped')
  t.notMatch((await browserGet(app, amina, '/')).body, 'A review you asked for was decided.', 'seen once the page showed it')
  const page = await browserGet(app, amina, `/framework/${competency.id}`)
  t.match(page.body, 'Farid Rahman')
  t.match(page.body, /Your level[\s\S]*2[\s\S]*Applying/, 'her own level stays hers')

  const audit = await db.selectFrom('audit_log').select('action').where('action', 'like', 'review.%').orderBy('id').execute()
  t.same(audit.map((row) => row.action), ['review.request', 'review.decide'])
})

t.test('the pages in French and Chinese', async (t) => {
  const { app } = await startTestApp(t)
  const amina = await signIn(app, 'lecturer@demo.test')
  for (const [lang, evidenceTitle, reviewsTitle] of [
    ['fr', 'Mes preuves', 'Demander un examen'],
    ['zh', '我的证据', '申请审核'],
  ] as const) {
    amina.cookies['lang'] = lang
    t.match((await browserGet(app, amina, '/evidence')).body, evidenceTitle, lang)
    t.match((await browserGet(app, amina, '/reviews')).body, reviewsTitle, lang)
  }
})
