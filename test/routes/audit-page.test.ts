import { sql } from 'kysely'
import t from 'tap'
import { apiToken, browserGet, signIn, startTestApp } from '../helpers/app.js'
import { demoCompetency } from '../helpers/faults.js'

t.test('the audit log names each action in the reader’s language, with its code, and shows the details as lines', async (t) => {
  const { app, db } = await startTestApp(t)
  const lecturer = { authorization: `Bearer ${await apiToken(app, 'lecturer@demo.test')}` }
  const competencyId = await demoCompetency(db)
  // The log carries a person's level only where HR may read everyone's levels: HR choose that first.
  const hr = { authorization: `Bearer ${await apiToken(app, 'hr@demo.test')}` }
  t.equal((await app.inject({ method: 'PATCH', url: '/api/v1/institution/settings', headers: hr, payload: { ratingVisibility: 'everything' } })).statusCode, 200)
  const saved = await app.inject({ method: 'PUT', url: `/api/v1/me/ratings/${competencyId}`, headers: lecturer, payload: { level: 2 } })
  t.equal(saved.statusCode, 200)
  const ratingId = saved.json<{ id: number }>().id

  const session = await signIn(app, 'hr@demo.test')
  const expected = {
    en: 'Rated themselves',
    fr: 'S’est auto-évalué',
    zh: '进行了自评',
  }
  for (const [lang, name] of Object.entries(expected)) {
    session.cookies['lang'] = lang
    const page = await browserGet(app, session, '/hr/audit?action=rating.self')
    t.equal(page.statusCode, 200)
    t.match(page.body, `<td>${name} <code class="small">rating.self</code></td>`, `${lang}: the action is named, its code beside`)
    t.match(page.body, `<option value="rating.self" selected>${name}</option>`, `${lang}: the filter offers the name`)
    t.match(page.body, `<li><span class="muted">level</span> 2</li><li><span class="muted">ratingId</span> ${ratingId}</li>`, `${lang}: the details as lines`)
    t.notMatch(page.body, '{&quot;level&quot;', `${lang}: no raw JSON`)
  }
})

t.test('the demo’s audit log holds an entry for each seeded rating, as saving through the app would have written', async (t) => {
  const { app, db } = await startTestApp(t)
  const counts = await db
    .selectFrom('ratings')
    .select((eb) => [
      eb.fn.countAll<number>().as('ratings'),
      eb.selectFrom('audit_log').select((inner) => inner.fn.countAll<number>().as('n')).where('action', '=', 'rating.self').as('audited'),
    ])
    .executeTakeFirstOrThrow()
  t.ok(Number(counts.ratings) > 100, 'the demo has ratings')
  t.equal(Number(counts.audited), Number(counts.ratings), 'one rating.self entry per rating')
  const sample = await db
    .selectFrom('audit_log')
    .innerJoin('ratings', (join) => join.onRef(sql`(audit_log.data->>'ratingId')::bigint`, '=', 'ratings.id'))
    .select(['audit_log.actor_id', 'ratings.user_id', 'audit_log.at', 'ratings.created_at', 'audit_log.entity_id', 'ratings.competency_id', 'audit_log.institution_id', 'ratings.institution_id as ratingInstitution'])
    .limit(1)
    .executeTakeFirstOrThrow()
  t.same(
    [sample.actor_id, sample.at.getTime(), sample.entity_id, sample.institution_id],
    [sample.user_id, sample.created_at.getTime(), String(sample.competency_id), sample.ratingInstitution],
    'each names the person, the competency and the rating’s own time',
  )

  const session = await signIn(app, 'hr@demo.test')
  const page = await browserGet(app, session, '/hr/audit')
  t.equal(page.statusCode, 200)
  t.match(page.body, '<td>Rated themselves <code class="small">rating.self</code></td>', 'HR sees the seeded ratings')
})
