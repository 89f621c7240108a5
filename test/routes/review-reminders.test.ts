import { sql } from 'kysely'
import t from 'tap'
import { apiToken, browserGet, browserPost, competencyOf, signIn, startTestApp } from '../helpers/app.js'
import { waitFor } from '../helpers/processes.js'
import { startSmtpServer } from '../helpers/smtp.js'

t.test('reviewers are reminded of reviews waiting past the institution’s days, once per period, until decided', async (t) => {
  const smtp = await startSmtpServer(t)
  const { app, db } = await startTestApp(t, { mail: { url: smtp.url, from: 'IIOE Skills <skills@iioe.test>' }, jobs: { pollingSeconds: 0.5 } })
  const amina = { authorization: `Bearer ${await apiToken(app, 'lecturer@demo.test')}` }
  const competency = await competencyOf(db, 'iioe-hew', 'PED.3')
  await app.inject({ method: 'PUT', url: `/api/v1/me/ratings/${competency.id}`, headers: amina, payload: { level: 2 } })
  const asked = await app.inject({ method: 'POST', url: '/api/v1/me/review-requests', headers: amina, payload: { competencyIds: [competency.id] } })
  t.equal(asked.statusCode, 201)
  const requestId = asked.json().id
  await waitFor('the request mail', async () => smtp.received.length === 1)
  const reminders = () => smtp.received.filter((mail) => /waited/.test(mail.subject))
  const waitedDays = async (days: number) => {
    await sql`update review_requests set created_at = now() - make_interval(days => ${days}) where id = ${requestId}`.execute(db)
  }
  /** Runs the clock and waits until the queue has sent what it queued. */
  const tick = async () => {
    await app.jobs!.tickNow()
    await waitFor('the queue to empty', async () => Number((await sql<{ n: number }>`select count(*)::int as n from pgboss.job where name = 'review-mail' and state < 'completed'`.execute(db)).rows[0]!.n) === 0)
  }

  await waitedDays(6)
  await tick()
  t.equal(reminders().length, 0, 'not before 7 days (the default)')

  await waitedDays(8)
  await tick()
  await tick()
  t.equal(reminders().length, 1, 'one reminder, however often the clock runs')
  const queued = await sql<{ n: number }>`select count(*)::int as n from pgboss.job where name = 'review-mail' and data->>'kind' = 'reminder'`.execute(db)
  t.equal(queued.rows[0]!.n, 1, 'and queued once: the clock claims it before queuing')
  t.equal(reminders()[0]!.to, 'hr@demo.test')
  t.equal(reminders()[0]!.subject, 'A review has waited 7 days')
  t.match(reminders()[0]!.text, 'Amina Okafor asked you 7 days ago to review their self-ratings of PED.3')

  await waitedDays(15)
  await tick()
  t.equal(reminders().length, 2, 'again after another period')
  t.equal(reminders()[1]!.subject, 'A review has waited 14 days')

  t.test('HR choose the days in the settings, in the page', async (t) => {
    const hr = await signIn(app, 'hr@demo.test')
    await browserGet(app, hr, '/hr/settings')
    const refused = await browserPost(app, hr, '/hr/settings', { minGroupSize: '5', staleAfterMonths: '24', ratingVisibility: 'shared', reviewReminderDays: '91' })
    t.equal(refused.statusCode, 422)
    t.match(refused.body, 'Reminders of reviews go out after 1 to 90 days')
    t.match(refused.body, 'value="91"', 'the input is kept')
    const saved = await browserPost(app, hr, '/hr/settings', { minGroupSize: '5', staleAfterMonths: '24', ratingVisibility: 'shared', reviewReminderDays: '3' })
    t.equal(saved.statusCode, 303)
    t.equal((await db.selectFrom('institutions').select('review_reminder_days').where('name', '=', 'Demo University').executeTakeFirstOrThrow()).review_reminder_days, 3)
    await waitedDays(16)
    await tick()
    t.equal(reminders().length, 3, '16 days is the fifth period of 3 days: one reminder for it')
    t.equal(reminders()[2]!.subject, 'A review has waited 15 days')
  })

  t.test('a decided review is not reminded of', async (t) => {
    const hr = { authorization: `Bearer ${await apiToken(app, 'hr@demo.test')}` }
    const reviewId = asked.json().reviews[0].id
    t.equal((await app.inject({ method: 'POST', url: `/api/v1/reviews/${reviewId}`, headers: hr, payload: { decision: 'more-evidence', comment: 'Add a syllabus' } })).statusCode, 200)
    await waitedDays(40)
    await tick()
    t.equal(reminders().length, 3)
    await waitFor('the decision mail', async () => smtp.received.some((mail) => mail.to === 'lecturer@demo.test'))
    const decided = smtp.received.find((mail) => mail.to === 'lecturer@demo.test')!
    t.match(decided.text, 'Farid Rahman reviewed your self-rating of PED.3: more evidence is asked for.')
    t.match(decided.text, 'Add a syllabus')
  })
})
