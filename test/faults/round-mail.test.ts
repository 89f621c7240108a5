import { sql } from 'kysely'
import PgBoss from 'pg-boss'
import t from 'tap'
import { createTestDatabase } from '../helpers/database.js'
import { stop, token } from '../helpers/faults.js'
import { startAppProcess, waitFor, type AppProcess } from '../helpers/processes.js'
import { startSmtpServer, type Received } from '../helpers/smtp.js'

/**
 * Round mail with two app processes on one database, as behind a load balancer: invitations and
 * reminders go out once each (an SMTP server of the test's receives them), whichever process works
 * the queue, and mail queued while no process runs goes out when one starts again.
 */
t.test('round invitations and reminders: once each, with two app processes, across a restart', async (t) => {
  const smtp = await startSmtpServer(t)
  const database = await createTestDatabase()
  const env = { MAIL_URL: smtp.url, MAIL_FROM: 'IIOE Skills <skills@iioe.test>', PUBLIC_URL: 'https://skills.iioe.test' }
  let apps: AppProcess[] = []
  t.teardown(async () => {
    for (const app of apps) await stop(app)
    await database.close()
  })
  apps = await Promise.all([startAppProcess(database.connectionString, 60_000, env), startAppProcess(database.connectionString, 60_000, env)])
  const [first, second] = apps as [AppProcess, AppProcess]
  const hr = await token(first, 'hr@demo.test')
  const post = (app: AppProcess, path: string, body?: object) =>
    fetch(`${app.url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${hr}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) })
  const pending = async () => Number((await sql<{ n: number }>`select count(*)::int as n from pgboss.job where name = 'round-mail' and state < 'completed'`.execute(database.db)).rows[0]!.n)
  const perPerson = (mails: readonly Received[], subject: RegExp) => {
    const counts = new Map<string, number>()
    for (const mail of mails) if (subject.test(mail.subject)) counts.set(mail.to, (counts.get(mail.to) ?? 0) + 1)
    return counts
  }
  const locales = new Map((await database.db.selectFrom('users').select(['email', 'locale']).execute()).map((row) => [row.email, row.locale]))

  // Opened through one process: every member is invited once, whichever process sends.
  const opened = await post(first, '/api/v1/institution/rounds', { title: 'Spring 2027', opensAt: new Date(Date.now() - 60_000).toISOString(), closesAt: new Date(Date.now() + 20 * 86_400_000).toISOString(), departmentIds: [] })
  t.equal(opened.status, 201)
  const { id: roundId, members } = (await opened.json()) as { id: number; members: number }
  await waitFor(`${members} invitations`, async () => smtp.received.length >= members && (await pending()) === 0, 30_000)
  const invitations = perPerson(smtp.received, /^(Please assess yourself|Merci de vous auto-évaluer|请完成自我评估)/)
  t.equal(invitations.size, members, 'everyone in the round is invited')
  t.same([...invitations.values()].filter((count) => count !== 1), [], 'each once')
  const lecturerMail = smtp.received.find((mail) => mail.to === 'lecturer@demo.test')!
  t.equal(lecturerMail.subject, 'Please assess yourself: Spring 2027')
  t.match(lecturerMail.text, 'Hello Amina Okafor,')
  t.match(lecturerMail.text, /https:\/\/skills\.iioe\.test\/self-assessment\?framework=\d+/)
  t.match(lecturerMail.text, 'HR see only how many people have finished, never who or what they answered.')
  const french = [...invitations.keys()].find((email) => locales.get(email) === 'fr')
  if (french !== undefined) t.match(smtp.received.find((mail) => mail.to === french)!.subject, 'Merci de vous auto-évaluer : Spring 2027', 'in the person\'s language')

  // HR press "remind" on both processes at once: one reminder goes out, to each who has not finished.
  smtp.received.length = 0
  const [a, b] = await Promise.all([post(first, `/api/v1/institution/rounds/${roundId}/reminders`), post(second, `/api/v1/institution/rounds/${roundId}/reminders`)])
  const answers = [(await a.json()) as { queued: number; already: boolean }, (await b.json()) as { queued: number; already: boolean }].sort((x, y) => Number(x.already) - Number(y.already))
  t.same(answers, [{ queued: members, already: false }, { queued: 0, already: true }], 'one press queues, the other is told')
  await waitFor(`${members} reminders`, async () => smtp.received.length >= members && (await pending()) === 0, 30_000)
  t.same([...perPerson(smtp.received, /./).values()].filter((count) => count !== 1), [], 'one reminder each')
  t.equal(smtp.received.length, members)

  // The clock's reminder falls due (the round now closes within two days): the tick run twice, by
  // both processes, sends it once.
  await database.db.updateTable('assessment_rounds').set({ closes_at: new Date(Date.now() + 86_400_000) }).where('id', '=', roundId).execute()
  smtp.received.length = 0
  const boss = new PgBoss({ connectionString: database.connectionString, schema: 'pgboss', supervise: false, schedule: false, migrate: false })
  await boss.start()
  t.teardown(() => boss.stop({ graceful: false }))
  await Promise.all([boss.send('rounds-tick', {}), boss.send('rounds-tick', {})])
  await waitFor('the ticks to run', async () => Number((await sql<{ n: number }>`select count(*)::int as n from pgboss.job where name = 'rounds-tick' and state < 'completed'`.execute(database.db)).rows[0]!.n) === 0, 30_000)
  await waitFor(`${members} scheduled reminders`, async () => smtp.received.length >= members && (await pending()) === 0, 30_000)
  t.equal(smtp.received.length, members, 'the due reminder once to each')
  t.match(smtp.received[0]!.subject, /^(Reminder|Rappel|提醒)/)
  t.same(
    (await database.db.selectFrom('round_reminders').select('key').where('round_id', '=', roundId).orderBy('key').execute()).map((row) => row.key),
    ['days:2', 'days:7', `manual:${new Date().toISOString().slice(0, 10)}`],
    'both due reminders claimed, one sent',
  )

  // Mail queued while no app process runs goes out when one starts.
  for (const app of apps) await stop(app)
  apps = []
  smtp.received.length = 0
  const lecturer = await database.db.selectFrom('users').select('id').where('email', '=', 'lecturer@demo.test').executeTakeFirstOrThrow()
  await boss.send('round-mail', { kind: 'reminder', roundId, userId: lecturer.id, key: 'manual:restart' })
  t.equal(smtp.received.length, 0)
  apps = [await startAppProcess(database.connectionString, 60_000, env)]
  await waitFor('the queued mail after the restart', async () => smtp.received.length >= 1 && (await pending()) === 0, 30_000)
  t.same(smtp.received.map((mail) => mail.to), ['lecturer@demo.test'])
})
