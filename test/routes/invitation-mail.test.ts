import t from 'tap'
import { apiToken, browserGet, browserPost, signIn, startTestApp } from '../helpers/app.js'
import { startSmtpServer } from '../helpers/smtp.js'

t.test('with MAIL_URL set, invitations are emailed and HR is not shown the link', async (t) => {
  const smtp = await startSmtpServer(t)
  const { app } = await startTestApp(t, { mail: { url: smtp.url, from: 'IIOE Skills <skills@iioe.test>' }, publicUrl: 'https://skills.iioe.test/' })
  const hr = await signIn(app, 'hr@demo.test')
  await browserGet(app, hr, '/hr/staff/new')

  const added = await browserPost(app, hr, '/hr/staff', { email: 'amina.diallo@demo.test', name: 'Amina Diallo', role: 'lecturer' })
  t.equal(added.statusCode, 303)
  t.match(added.headers.location, /\/hr\/staff\/\d+\?created=1&mailed=1$/)
  t.equal(smtp.received.length, 1)
  const mail = smtp.received[0]!
  t.equal(mail.to, 'amina.diallo@demo.test')
  t.equal(mail.subject, 'Your Demo University account on Competency Tracker')
  t.match(mail.text, 'Hello Amina Diallo,')
  const link = /https:\/\/skills\.iioe\.test\/invite\/([\w.-]+)/.exec(mail.text)
  t.ok(link, 'the link uses PUBLIC_URL')

  const page = await browserGet(app, hr, added.headers.location as string)
  t.match(page.body, 'Added. An invitation to set their password was emailed to amina.diallo@demo.test.')
  t.notMatch(page.body, '/invite/', 'HR does not see the link when it was mailed')
  t.match(page.body, 'Send a new invitation by email')

  // The mailed link works: the person sets a password and is signed in.
  const person = { cookies: {}, csrf: '' }
  t.equal((await browserGet(app, person, `/invite/${link![1]}`)).statusCode, 200)
  t.equal((await browserPost(app, person, `/invite/${link![1]}`, { password: 'baobab under the rain', confirm: 'baobab under the rain' })).statusCode, 303)
  t.ok(await apiToken(app, 'amina.diallo@demo.test', 'baobab under the rain'))

  t.test('a new invitation is mailed and the earlier link stops working', async (t) => {
    await browserGet(app, hr, '/hr/staff/new')
    const second = await browserPost(app, hr, '/hr/staff', { email: 'kwame.mensah@demo.test', name: 'Kwame Mensah', role: 'lecturer' })
    const id = /\/hr\/staff\/(\d+)/.exec(second.headers.location as string)![1]!
    const first = /\/invite\/([\w.-]+)/.exec(smtp.received.at(-1)!.text)![1]!
    await browserGet(app, hr, `/hr/staff/${id}`)
    const again = await browserPost(app, hr, `/hr/staff/${id}/invitation`, {})
    t.equal(again.headers.location, `/hr/staff/${id}?invited=1&mailed=1`)
    t.equal(smtp.received.length, 3)
    t.match((await browserGet(app, hr, again.headers.location as string)).body, 'A new invitation was emailed to kwame.mensah@demo.test; earlier links no longer work.')
    t.equal((await browserGet(app, { cookies: {}, csrf: '' }, `/invite/${first}`)).statusCode, 404, 'the first link was revoked')
    const latest = /\/invite\/([\w.-]+)/.exec(smtp.received.at(-1)!.text)![1]!
    t.equal((await browserGet(app, { cookies: {}, csrf: '' }, `/invite/${latest}`)).statusCode, 200)
  })

  t.test('when the server refuses, HR is told and shown the link instead', async (t) => {
    smtp.state.refuse = true
    t.teardown(() => void (smtp.state.refuse = false))
    await browserGet(app, hr, '/hr/staff/new')
    const refused = await browserPost(app, hr, '/hr/staff', { email: 'lost.mail@demo.test', name: 'Lost Mail', role: 'lecturer' })
    t.match(refused.headers.location, /\?created=1&mailed=0$/)
    const page = await browserGet(app, hr, refused.headers.location as string)
    t.match(page.body, 'The invitation could not be emailed. Send the person the link below yourself.')
    t.match(page.body, /https:\/\/skills\.iioe\.test\/invite\/[\w.-]+/)
  })

  t.test('an import mails every person it adds, after the import is committed', async (t) => {
    const before = smtp.received.length
    await browserGet(app, hr, '/hr/staff/import')
    const csv = 'email,name,department,role_profile,role\nfatou.sow@demo.test,Fatou Sow,,,lecturer\nli.wei@demo.test,Li Wei,,,lecturer\n'
    const imported = await browserPost(app, hr, '/hr/staff/import', { csv, mode: 'import' })
    t.equal(imported.statusCode, 303)
    t.match(imported.headers.location, /imported=2-0&mailed=2-0$/)
    t.same(smtp.received.slice(before).map((m) => m.to).sort(), ['fatou.sow@demo.test', 'li.wei@demo.test'])
    t.match((await browserGet(app, hr, imported.headers.location as string)).body, 'Invitations were emailed to the 2 people added.')

    const token = await apiToken(app, 'hr@demo.test')
    const api = await app.inject({ method: 'POST', url: '/api/v1/institution/staff/import?dryRun=0', headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' }, payload: 'email,name,department,role_profile,role\nnew.api@demo.test,New Api,,,lecturer\n' })
    t.equal(api.statusCode, 200)
    t.match(api.json(), { applied: true, created: 1, invitationsSent: 1 })
    const dry = await app.inject({ method: 'POST', url: '/api/v1/institution/staff/import?dryRun=1', headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' }, payload: 'email,name,department,role_profile,role\nnobody@demo.test,Nobody,,,lecturer\n' })
    t.match(dry.json(), { applied: false, created: 1, invitationsSent: 0 }, 'a dry run mails nobody')
    t.equal(smtp.received.filter((m) => m.to === 'nobody@demo.test').length, 0)
  })

  t.test('the API says whether the invitation was mailed', async (t) => {
    const token = await apiToken(app, 'hr@demo.test')
    const created = await app.inject({ method: 'POST', url: '/api/v1/institution/staff', headers: { authorization: `Bearer ${token}` }, payload: { email: 'zhang.min@demo.test', name: 'Zhang Min' } })
    t.equal(created.statusCode, 201)
    t.match(created.json(), { invitationSent: true, invitationUrl: /^https:\/\/skills\.iioe\.test\/invite\// })
    t.equal(smtp.received.at(-1)!.to, 'zhang.min@demo.test')
  })
})

t.test('without MAIL_URL nothing is mailed and HR is shown the link', async (t) => {
  const { app } = await startTestApp(t)
  const token = await apiToken(app, 'hr@demo.test')
  const created = await app.inject({ method: 'POST', url: '/api/v1/institution/staff', headers: { authorization: `Bearer ${token}` }, payload: { email: 'no.mail@demo.test', name: 'No Mail' } })
  t.match(created.json(), { invitationSent: false, invitationUrl: /^http:\/\/localhost(:\d+)?\/invite\// })
})
