import t from 'tap'
import { browserGet, browserPost, signIn, startTestApp } from '../helpers/app.js'

// After an import HR hand out every new person's link: all of them on one page and as CSV, each link
// working for its person only, nothing of another institution, never cached.
t.test('every invitation link on one page and as CSV, after an import', async (t) => {
  const { app, db } = await startTestApp(t)
  const hr = await signIn(app, 'hr@demo.test')
  const csv = ['email,name,department,role_profile,role', 'new.one@demo.test,"=HYPERLINK(""http://evil.example"")",Education,teacher,lecturer', 'new.two@demo.test,Zoë <b>Two</b>,Education,teacher,lecturer'].join('\n')
  const imported = await browserPost(app, hr, '/hr/staff/import', { mode: 'import', csv, createDepartments: '0' })
  t.equal(imported.statusCode, 303)
  const list = await browserGet(app, hr, String(imported.headers.location))
  t.match(list.body, /Imported: 2 added, 0 updated\. <a href="\/hr\/staff\/invitations">Invitation links<\/a>/, 'the import leads to the links')

  const pending = await db
    .selectFrom('users')
    .select(['id', 'name', 'email'])
    .where('institution_id', '=', (await db.selectFrom('users').select('institution_id').where('email', '=', 'hr@demo.test').executeTakeFirstOrThrow()).institution_id)
    .where('password_hash', 'is', null)
    .where('disabled_at', 'is', null)
    .where('role', '!=', 'admin')
    .orderBy('name')
    .orderBy('id')
    .execute()
  t.ok(pending.some((person) => person.email === 'new.two@demo.test'), 'the imported people are waiting')

  const page = await browserGet(app, hr, '/hr/staff/invitations')
  t.equal(page.statusCode, 200)
  t.equal(page.headers['cache-control'], 'no-store', 'links are secrets: never cached')
  t.match(page.body, /<script src="\/assets\/copy\.[0-9a-f]{12}\.js" defer><\/script>/, 'the copy buttons’ script, on this page only')
  t.match(page.body, 'Zoë &lt;b&gt;Two&lt;/b&gt;', 'names escaped')
  const links = [...page.body.matchAll(/<code class="small">(http:\/\/[^<]+\/invite\/[^<]+)<\/code> <button type="button" class="secondary" hidden data-copy="([^"]+)"/g)]
  t.equal(links.length, pending.length, 'a link for everyone waiting')
  t.ok(links.every((match) => match[1] === match[2]), 'each copy button copies its own link')
  t.notMatch(page.body, 'college.test', 'nobody of another institution')

  // Each link opens the invitation of its own person.
  const index = pending.findIndex((person) => person.email === 'new.two@demo.test')
  const invite = await app.inject({ method: 'GET', url: new URL(links[index]![1]!).pathname })
  t.equal(invite.statusCode, 200)
  t.match(invite.body, 'new.two@demo.test')

  const download = await browserGet(app, hr, '/hr/staff/invitations.csv')
  t.equal(download.statusCode, 200)
  t.match(download.headers['content-type'], 'text/csv')
  t.equal(download.headers['content-disposition'], 'attachment; filename="invitation-links.csv"')
  t.equal(download.headers['cache-control'], 'no-store')
  const rows = download.body.trim().split('\r\n')
  t.equal(rows[0], 'name,email,department,link')
  t.equal(rows.length, pending.length + 1)
  t.ok(rows.some((row) => row.startsWith(`"'=HYPERLINK(""http://evil.example"")",new.one@demo.test,Education,http`)), 'a formula is neutralised')
  // Each link is minted when asked for (its iat in seconds), so two reads across a second differ in
  // the token: the CSV and the page must name the same people in the same order, with the same origin.
  const person = (link: string) => [link.slice(0, link.indexOf('/invite/')), JSON.parse(Buffer.from(link.split('/invite/')[1]!.split('.')[1]!, 'base64url').toString()).sub]
  t.same(rows.slice(1).map((row) => person(row.slice(row.lastIndexOf(',') + 1))), links.map((match) => person(match[1]!)), 'the same links as the page')

  // Once a person has set their password, their link is gone from the list.
  const invited = { cookies: {}, csrf: '' }
  await browserGet(app, invited, new URL(links[index]![1]!).pathname)
  const set = await browserPost(app, invited, new URL(links[index]![1]!).pathname, { password: 'a long enough passphrase 42', confirm: 'a long enough passphrase 42' })
  t.equal(set.statusCode, 303, 'the person sets a password')
  const after = await browserGet(app, hr, '/hr/staff/invitations')
  t.notMatch(after.body, 'new.two@demo.test')

  // Lecturers and designers never see them.
  for (const email of ['lecturer@demo.test', 'designer@demo.test']) {
    const other = await signIn(app, email)
    t.equal((await browserGet(app, other, '/hr/staff/invitations')).statusCode, 403, email)
    t.equal((await browserGet(app, other, '/hr/staff/invitations.csv')).statusCode, 403, email)
  }
  for (const language of ['fr', 'zh']) {
    const translated = await browserGet(app, hr, '/hr/staff/invitations', { 'accept-language': language })
    t.match(translated.body, language === 'fr' ? 'Liens d’invitation' : '全部邀请链接', language)
  }
})
