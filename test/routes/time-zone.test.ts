import t from 'tap'
import { apiToken, browserGet, browserPost, rowCounts, signIn, startTestApp } from '../helpers/app.js'

const year = new Date().getUTCFullYear() + 1

t.test("an institution's time zone: HR choose it; round days begin at its midnights; times are read on its clock", async (t) => {
  const { app, db } = await startTestApp(t)
  const hr = await signIn(app, 'hr@demo.test')
  const api = { authorization: `Bearer ${await apiToken(app, 'hr@demo.test')}` }
  const settings = { minGroupSize: '5', staleAfterMonths: '24', ratingVisibility: 'shared' }

  t.test('the settings page offers the zones, UTC until chosen', async (t) => {
    const page = await browserGet(app, hr, '/hr/settings')
    t.match(page.body, '<label for="time-zone">Time zone</label>')
    t.match(page.body, '<option selected>UTC</option>')
    t.match(page.body, '<option>Africa/Nairobi</option>')
    t.match((await browserGet(app, hr, '/hr/settings', { 'accept-language': 'fr' })).body, '<label for="time-zone">Fuseau horaire</label>')
    t.match((await browserGet(app, hr, '/hr/settings', { 'accept-language': 'zh' })).body, '<label for="time-zone">时区</label>')
  })

  t.test('a zone it does not know is refused with a message, the input kept, nothing saved', async (t) => {
    const before = await rowCounts(db)
    for (const timeZone of ['Mars/Base', 'EAT', '+03:00', '<script>x</script>']) {
      const refused = await browserPost(app, hr, '/hr/settings', { ...settings, timeZone })
      t.equal(refused.statusCode, 422, timeZone)
      t.match(refused.body, 'is not a time zone we know: choose one from the list')
      t.notMatch(refused.body, '<script>x</script>', 'escaped')
    }
    const kept = await browserPost(app, hr, '/hr/settings', { ...settings, timeZone: 'Mars/Base' })
    t.match(kept.body, '<option value="Mars/Base" selected>Mars/Base</option>', 'the input is kept')
    const api400 = await app.inject({ method: 'PATCH', url: '/api/v1/institution/settings', headers: api, payload: { timeZone: 'Mars/Base' } })
    t.equal(api400.statusCode, 400)
    t.match(api400.json().error.message, '"Mars/Base" is not a time zone we know')
    t.same(await rowCounts(db), before)
    t.equal((await app.inject({ method: 'GET', url: '/api/v1/institution/settings', headers: api })).json().timeZone, 'UTC')
  })

  t.test('HR choose Nairobi: saved, audited, and in effect at once', async (t) => {
    const saved = await browserPost(app, hr, '/hr/settings', { ...settings, timeZone: 'Africa/Nairobi' })
    t.equal(saved.statusCode, 303)
    t.match((await browserGet(app, hr, '/hr/settings')).body, '<option selected>Africa/Nairobi</option>')
    t.equal((await app.inject({ method: 'GET', url: '/api/v1/institution/settings', headers: api })).json().timeZone, 'Africa/Nairobi')
    const entry = await db.selectFrom('audit_log').select(['data', 'at']).where('action', '=', 'settings.update').orderBy('id', 'desc').executeTakeFirstOrThrow()
    t.match(entry.data, { before: { time_zone: 'UTC' }, after: { timeZone: 'Africa/Nairobi' } })
    // The audit page reads the entry on Nairobi's clock (three hours ahead of UTC), and says so.
    const at = new Date(entry.at)
    const nairobi = new Date(at.getTime() + 3 * 3_600_000)
    const clock = `${String(nairobi.getUTCHours()).padStart(2, '0')}:${String(nairobi.getUTCMinutes()).padStart(2, '0')} Africa/Nairobi`
    t.match((await browserGet(app, hr, '/hr/audit')).body, clock)
  })

  t.test('a round HR open "1 to 31 May" opens and closes at Nairobi midnights, on the form and in the API', async (t) => {
    t.match((await browserGet(app, hr, '/hr/rounds')).body, 'Days begin and end at midnight, Africa/Nairobi')
    const created = await browserPost(app, hr, '/hr/rounds', { title: 'May round', opensOn: `${year}-05-01`, closesOn: `${year}-05-31` })
    t.equal(created.statusCode, 303)
    const round = await db.selectFrom('assessment_rounds').select(['id', 'opens_at', 'closes_at']).where('title', '=', 'May round').executeTakeFirstOrThrow()
    t.equal(new Date(round.opens_at).toISOString(), `${year}-04-30T21:00:00.000Z`)
    t.equal(new Date(round.closes_at).toISOString(), `${year}-05-31T21:00:00.000Z`, 'the end of 31 May in Nairobi')
    const page = await browserGet(app, hr, `/hr/rounds/${round.id}`)
    t.match(page.body, `1 May ${year} – 31 May ${year}`, 'the days as chosen, not as UTC reads them')
    const byApi = await app.inject({ method: 'POST', url: '/api/v1/institution/rounds', headers: api, payload: { title: 'June round', opensAt: `${year}-06-01`, closesAt: `${year}-07-01` } })
    t.equal(byApi.statusCode, 201)
    const june = (await app.inject({ method: 'GET', url: `/api/v1/institution/rounds/${byApi.json().id}`, headers: api })).json()
    t.equal(june.opensAt, `${year}-05-31T21:00:00.000Z`)
    t.equal(june.closesAt, `${year}-06-30T21:00:00.000Z`)
    const exact = await app.inject({ method: 'POST', url: '/api/v1/institution/rounds', headers: api, payload: { title: 'Exact round', opensAt: `${year}-08-01T09:00:00+03:00`, closesAt: `${year}-08-31T17:00:00Z` } })
    t.equal((await app.inject({ method: 'GET', url: `/api/v1/institution/rounds/${exact.json().id}`, headers: api })).json().closesAt, `${year}-08-31T17:00:00.000Z`, 'an instant stays the instant sent')
  })
})
