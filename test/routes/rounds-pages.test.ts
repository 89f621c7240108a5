import t from 'tap'
import { browserGet, rowCounts, signIn, startTestApp } from '../helpers/app.js'

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10)

t.test('HR open a round in the browser; staff see it on their home page and answer it', async (t) => {
  const { app, db } = await startTestApp(t)
  const hr = await signIn(app, 'hr@demo.test')
  const lecturer = await signIn(app, 'lecturer@demo.test')
  const postForm = (session: typeof hr, url: string, fields: [string, string][], csrf = session.csrf) =>
    app.inject({ method: 'POST', url, cookies: session.cookies, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams([['_csrf', csrf], ...fields]).toString() })
  const departments = await db.selectFrom('departments').innerJoin('institutions', 'institutions.id', 'departments.institution_id').select(['departments.id', 'departments.name']).where('institutions.name', '=', 'Demo University').orderBy('departments.id').execute()
  const education = departments.find((department) => department.name === 'Education')!

  t.test('the rounds page, in three languages, says that without mail nobody is mailed', async (t) => {
    const page = await browserGet(app, hr, '/hr/rounds')
    t.equal(page.statusCode, 200)
    t.match(page.body, '<h1>Assessment rounds</h1>')
    t.match(page.body, '<a href="/hr/rounds" aria-current="page">Rounds</a>')
    t.match(page.body, 'Mail is not set up on this server (MAIL_URL)')
    t.match(page.body, `<input type="checkbox" name="departmentIds" value="${education.id}"> Education`)
    t.match((await browserGet(app, hr, '/hr/rounds', { 'accept-language': 'fr' })).body, '<h1>Campagnes d’évaluation</h1>')
    t.match((await browserGet(app, hr, '/hr/rounds', { 'accept-language': 'zh' })).body, '<h1>评估轮次</h1>')
    t.equal((await browserGet(app, lecturer, '/hr/rounds')).statusCode, 403)
  })

  t.test('a refused form comes back with what was typed and what is wrong, and writes nothing', async (t) => {
    const before = await rowCounts(db)
    const emptyTitle = await postForm(hr, '/hr/rounds', [['title', '  '], ['opensOn', day(0)], ['closesOn', day(10)], ['departmentIds', String(education.id)]])
    t.equal(emptyTitle.statusCode, 422)
    t.match(emptyTitle.body, '<p class="field-error" id="round-title-error">Give the round a title of up to 200 characters.</p>')
    t.match(emptyTitle.body, `value="${education.id}" checked`)
    const badDate = await postForm(hr, '/hr/rounds', [['title', 'Spring <b>2027</b>'], ['opensOn', '2027-02-30'], ['closesOn', day(10)]])
    t.equal(badDate.statusCode, 422)
    t.match(badDate.body, 'Enter a date as YYYY-MM-DD.')
    t.match(badDate.body, 'value="Spring &lt;b&gt;2027&lt;/b&gt;"', 'the title kept, escaped')
    const reversed = await postForm(hr, '/hr/rounds', [['title', 'Reversed'], ['opensOn', day(10)], ['closesOn', day(2)]])
    t.equal(reversed.statusCode, 422)
    t.match(reversed.body, '<p class="field-error" id="round-dates-error">The closing date must be after the opening date</p>')
    const strange = await postForm(hr, '/hr/rounds', [['title', 'Strange'], ['opensOn', day(0)], ['closesOn', day(10)], ['departmentIds', 'abc']])
    t.equal(strange.statusCode, 422)
    t.match(strange.body, 'Choose the departments and role profiles from the lists.')
    const unknown = await postForm(hr, '/hr/rounds', [['title', 'Unknown'], ['opensOn', day(0)], ['closesOn', day(10)], ['departmentIds', '999999']])
    t.equal(unknown.statusCode, 422)
    t.match(unknown.body, 'There is no department 999999 in your institution')
    t.same(await rowCounts(db), before)
  })

  let roundId = 0
  t.test('opening a round for one department: its page counts, never names', async (t) => {
    const opened = await postForm(hr, '/hr/rounds', [['title', 'Education 2027'], ['opensOn', day(0)], ['closesOn', day(14)], ['departmentIds', String(education.id)]])
    t.equal(opened.statusCode, 303)
    const location = String(opened.headers.location)
    t.match(location, /^\/hr\/rounds\/\d+\?created=\d+$/)
    roundId = Number(/rounds\/(\d+)/.exec(location)![1])
    const members = Number(/created=(\d+)/.exec(location)![1])
    const inEducation = (await db.selectFrom('users').select('id').where('department_id', '=', education.id).where('disabled_at', 'is', null).execute()).length
    t.equal(members, inEducation)
    const page = await browserGet(app, hr, location)
    t.match(page.body, `The round is set up for ${members} people.`)
    t.match(page.body, '<dt>Who is in it</dt><dd>Education</dd>')
    t.match(page.body, `<tr><th scope="row">Education</th><td class="num">${members}</td><td class="num">0</td><td class="num">0</td></tr>`)
    t.notMatch(page.body, 'Amina Okafor</', 'no names')
    const list = await browserGet(app, hr, '/hr/rounds')
    t.match(list.body, `<a href="/hr/rounds/${roundId}">Education 2027</a>`)
  })

  t.test('the lecturer sees the round at home, answers in the guided self-assessment, and sees progress', async (t) => {
    const home = await browserGet(app, lecturer, '/')
    t.match(home.body, '<h2 id="round-' + roundId + '-title">Assessment round: Education 2027</h2>')
    t.match(home.body, /You have answered 0 of 24\./)
    const continueLink = /<a class="button" href="(\/self-assessment\?framework=\d+)">Continue the self-assessment<\/a>/.exec(home.body)
    t.ok(continueLink, 'the way on')
    const overview = await browserGet(app, lecturer, continueLink![1]!)
    t.match(overview.body, '<p class="notice">You are answering the round “Education 2027” (until ')
    t.match(overview.body, '0 of 24', 'ratings made before the round are not yet answers in it')
    t.match(overview.body, '<span class="tag">not yet saved in this round</span>', 'a level from before is shown, marked')
    const first = /<a class="button" href="\/self-assessment\/(\d+)">/.exec(overview.body)![1]!
    const screen = await browserGet(app, lecturer, `/self-assessment/${first}`)
    t.equal(screen.statusCode, 200)
    const saved = await postForm(lecturer, `/self-assessment/${first}`, [['level', '2'], ['evidence', ''], ['evidenceUrl', '']], lecturer.csrf)
    t.equal(saved.statusCode, 303)
    t.match((await browserGet(app, lecturer, '/')).body, /You have answered 1 of 24\./)
    t.match((await browserGet(app, lecturer, '/', { 'accept-language': 'fr' })).body, /Vous avez répondu à 1 sur 24\./)
    t.match((await browserGet(app, hr, `/hr/rounds/${roundId}`)).body, /<tr><th scope="row">Education<\/th><td class="num">\d+<\/td><td class="num">1<\/td><td class="num">0<\/td><\/tr>/)
  })

  t.test('HR remind once a day; the page says what happened', async (t) => {
    const reminded = await postForm(hr, `/hr/rounds/${roundId}/reminders`, [])
    t.equal(reminded.statusCode, 303)
    t.match(String(reminded.headers.location), new RegExp(`^/hr/rounds/${roundId}\\?reminded=\\d+$`))
    t.match((await browserGet(app, hr, String(reminded.headers.location))).body, /A reminder is on its way to \d+ people\./)
    const again = await postForm(hr, `/hr/rounds/${roundId}/reminders`, [])
    t.equal(String(again.headers.location), `/hr/rounds/${roundId}?reminded=already`)
    const page = await browserGet(app, hr, String(again.headers.location))
    t.match(page.body, 'A reminder was already sent today.')
    t.match(page.body, /<h2 id="reminders-title">Reminders sent<\/h2>\s*<ul><li>[^<]+UTC: sent by HR, to \d+ people<\/li><\/ul>/)
    t.equal((await postForm(hr, `/hr/rounds/${roundId}/reminders`, [], 'forged')).statusCode, 403, 'a forged form is refused')
    t.equal((await browserGet(app, hr, '/hr/rounds/999999')).statusCode, 404)
  })
})
