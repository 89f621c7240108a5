import t, { type Test } from 'tap'
import type { RatingVisibility } from '../../server/domain/visibility.js'
import { apiToken, browserGet, browserPost, rowCounts, signIn, startTestApp } from '../helpers/app.js'

/**
 * Who sees a person's self-ratings, in each of the three settings, as HR and as the person's reviewer:
 * every page and API route that shows one person's levels or evidence answers exactly what the setting
 * allows, sharing and unsharing take effect at once, and the person is told in their language.
 */

const PROBE = 'Evidence-probe-7Q: observed my seminar'
const PRIVATE = "Your institution keeps each person&#39;s self-ratings private"
const NOT_SHARED = 'Amina Okafor has not shared their self-ratings with their reviewer'

t.test('who sees my ratings, in the three settings', async (t) => {
  const { app, db } = await startTestApp(t)
  const lecturer = await db.selectFrom('users').select(['id', 'institution_id']).where('email', '=', 'lecturer@demo.test').executeTakeFirstOrThrow()
  const designer = await db.selectFrom('users').select('id').where('email', '=', 'designer@demo.test').executeTakeFirstOrThrow()
  const competency = await db.selectFrom('current_ratings').select('competency_id').where('user_id', '=', lecturer.id).orderBy('competency_id').executeTakeFirstOrThrow()
  const bearer = async (email: string) => ({ authorization: `Bearer ${await apiToken(app, email)}` })
  const hrApi = await bearer('hr@demo.test')
  const reviewerApi = await bearer('designer@demo.test')
  const lecturerApi = await bearer('lecturer@demo.test')
  const hr = await signIn(app, 'hr@demo.test')
  const reviewer = await signIn(app, 'designer@demo.test')
  const person = await signIn(app, 'lecturer@demo.test')

  // The designer becomes the lecturer's reviewer (a head of department, say), through HR's API.
  const assigned = await app.inject({ method: 'PATCH', url: `/api/v1/institution/staff/${lecturer.id}`, headers: hrApi, payload: { reviewerId: designer.id } })
  t.equal(assigned.statusCode, 200)

  async function setMode(mode: RatingVisibility) {
    const response = await app.inject({ method: 'PATCH', url: '/api/v1/institution/settings', headers: hrApi, payload: { ratingVisibility: mode } })
    t.equal(response.statusCode, 200, `HR sets ${mode}`)
    t.equal(response.json().ratingVisibility, mode)
  }

  /** The lecturer saves a rating with the probe as evidence; returns the new self-rating's id. */
  async function rate(level: number): Promise<number> {
    const saved = await app.inject({ method: 'PUT', url: `/api/v1/me/ratings/${competency.competency_id}`, headers: lecturerApi, payload: { level, evidence: PROBE } })
    t.equal(saved.statusCode, 200)
    return saved.json<{ id: number }>().id
  }

  /** What HR and the reviewer get from every route that shows the lecturer's own ratings. */
  async function expectReadable(t: Test, readable: boolean, refusal: string) {
    for (const [who, session, headers] of [['HR', hr, hrApi], ['the reviewer', reviewer, reviewerApi]] as const) {
      const page = await browserGet(app, session, `/people/${lecturer.id}/ratings`)
      t.equal(page.statusCode, readable ? 200 : 403, `${who}: the ratings page`)
      if (readable) t.match(page.body, PROBE, `${who} sees the evidence`)
      else {
        t.notMatch(page.body, PROBE, `${who} sees no evidence`)
        t.match(page.body, refusal, `${who} is told why`)
      }
      const ratingId = await db.selectFrom('current_ratings').select('rating_id').where('user_id', '=', lecturer.id).where('competency_id', '=', competency.competency_id).executeTakeFirstOrThrow()
      const before = await rowCounts(db)
      const form = await browserPost(app, session, `/ratings/${ratingId.rating_id}/validate`, { level: '2', comment: 'seen' })
      t.equal(form.statusCode, readable ? 303 : 403, `${who}: validating through the page`)
      const api = await app.inject({ method: 'POST', url: `/api/v1/institution/ratings/${ratingId.rating_id}/validate`, headers, payload: { level: 1 } })
      t.equal(api.statusCode, readable ? 200 : 403, `${who}: validating through the API`)
      if (!readable) {
        t.equal(api.json().error?.code, 'forbidden')
        t.same(await rowCounts(db), before, `${who}: a refused validation writes nothing`)
      }
    }
    const reviewerHome = await browserGet(app, reviewer, '/')
    t.equal(reviewerHome.body.includes(`href="/people/${lecturer.id}/ratings"`), readable, 'the reviewer is linked to the ratings only when readable')
  }

  /** The levels in HR's audit log: of the new save (stored) and of an entry from before the setting (shown). */
  async function auditLevels(ratingId: number) {
    const stored = await db.selectFrom('audit_log').select('data').where('action', '=', 'rating.self').where('actor_id', '=', lecturer.id).orderBy('id', 'desc').executeTakeFirstOrThrow()
    t.equal((stored.data as { ratingId: number }).ratingId, ratingId)
    const api = (await app.inject({ method: 'GET', url: '/api/v1/institution/audit?action=rating.self', headers: hrApi })).json<{ entries: { entityId: string; data: Record<string, unknown> }[] }>()
    const old = api.entries.find((entry) => entry.data['ratingId'] === -1)!
    const page = await browserGet(app, hr, '/hr/audit?action=rating.self')
    return { stored: 'level' in stored.data, oldInApi: 'level' in old.data, oldOnPage: page.body.includes('old-entry-level-marker') }
  }

  // An entry written before the setting existed, as the log held them: with the level (and a marker to find it on the page).
  await db
    .insertInto('audit_log')
    .values({ institution_id: lecturer.institution_id, actor_id: lecturer.id, action: 'rating.self', entity: 'competency', entity_id: String(competency.competency_id), data: JSON.stringify({ level: 3, ratingId: -1, evidence: 'old-entry-level-marker' }) })
    .execute()

  t.test('aggregates: nobody but the person opens their ratings; the log keeps no level', async (t) => {
    await setMode('aggregates')
    const ratingId = await rate(2)
    await expectReadable(t, false, PRIVATE)
    const shared = await app.inject({ method: 'PUT', url: '/api/v1/me/sharing', headers: lecturerApi, payload: { shared: true } })
    t.equal(shared.statusCode, 409, 'nothing to share under aggregates')
    t.equal(shared.json().error.reason, 'sharingOff')
    t.same(await auditLevels(ratingId), { stored: false, oldInApi: false, oldOnPage: false }, 'no level in the new entry, none shown of the old one')
    const exported = (await app.inject({ method: 'GET', url: '/api/v1/me/export', headers: lecturerApi })).json()
    t.same(exported.visibility, { setting: 'aggregates', reviewer: 'Mei Lin Chen', sharedWithReviewer: false, sharedAt: null, selfRatingsReadBy: ['you'], hrTotalsOfAtLeast: 5, auditLogRecordsLevels: false })
  })

  t.test('shared: readable once the person shares, and no longer once they stop', async (t) => {
    await setMode('shared')
    const ratingId = await rate(3)
    await expectReadable(t, false, NOT_SHARED)
    const home = await browserGet(app, person, '/')
    t.match(home.body, '<button type="submit">Share my ratings with my reviewer</button>')
    const share = await browserPost(app, person, '/me/sharing', { shared: '1' })
    t.equal(share.statusCode, 303)
    t.equal(share.headers.location, '/?sharing=shared#sharing')
    t.match((await browserGet(app, person, '/?sharing=shared')).body, 'You now share your ratings with your reviewer.')
    await expectReadable(t, true, '')
    const api = (await app.inject({ method: 'GET', url: '/api/v1/me/sharing', headers: lecturerApi })).json()
    t.match(api, { setting: 'shared', reviewer: { id: designer.id, name: 'Mei Lin Chen' }, shared: true, readBy: ['you', 'reviewer', 'hr'] })
    t.same(await auditLevels(ratingId), { stored: false, oldInApi: false, oldOnPage: false }, 'HR read no level in the log under shared either')
    const stop = await browserPost(app, person, '/me/sharing', { shared: '0' })
    t.equal(stop.statusCode, 303)
    await expectReadable(t, false, NOT_SHARED)
    const log = await db.selectFrom('audit_log').select(['action', 'data']).where('actor_id', '=', lecturer.id).where('action', 'like', 'ratings.%').orderBy('id').execute()
    t.same(log, [{ action: 'ratings.share', data: { reviewerId: designer.id } }, { action: 'ratings.unshare', data: { reviewerId: designer.id } }], 'sharing and stopping are audited')
  })

  t.test('shared: a share is with the reviewer it was made with, and leaving `shared` ends it', async (t) => {
    t.equal((await app.inject({ method: 'PUT', url: '/api/v1/me/sharing', headers: lecturerApi, payload: { shared: true } })).statusCode, 200)
    // A new reviewer (HR themself here; a platform operator cannot be one) inherits no share.
    const newReviewer = await db.selectFrom('users').select('id').where('email', '=', 'hr@demo.test').executeTakeFirstOrThrow()
    t.equal((await app.inject({ method: 'PATCH', url: `/api/v1/institution/staff/${lecturer.id}`, headers: hrApi, payload: { reviewerId: newReviewer.id } })).statusCode, 200)
    t.match((await app.inject({ method: 'GET', url: '/api/v1/me/sharing', headers: lecturerApi })).json(), { shared: false, reviewer: { id: newReviewer.id } }, 'a new reviewer inherits no share')
    t.equal((await browserGet(app, hr, `/people/${lecturer.id}/ratings`)).statusCode, 403)
    await app.inject({ method: 'PATCH', url: `/api/v1/institution/staff/${lecturer.id}`, headers: hrApi, payload: { reviewerId: designer.id } })
    t.equal((await browserGet(app, hr, `/people/${lecturer.id}/ratings`)).statusCode, 200, 'back with the reviewer it was made with')
    await setMode('aggregates')
    await setMode('shared')
    t.equal((await browserGet(app, hr, `/people/${lecturer.id}/ratings`)).statusCode, 403, 'a change of setting ended the share; it does not come back on its own')
    const change = await db.selectFrom('audit_log').select('data').where('action', '=', 'settings.update').orderBy('id', 'desc').offset(1).executeTakeFirstOrThrow()
    t.match(change.data, { before: { rating_visibility: 'shared' }, after: { ratingVisibility: 'aggregates' }, sharesEnded: 1 })
  })

  t.test('everything: HR and the reviewer read every level, and the log keeps them', async (t) => {
    await setMode('everything')
    const ratingId = await rate(1)
    await expectReadable(t, true, '')
    t.same(await auditLevels(ratingId), { stored: true, oldInApi: true, oldOnPage: true })
    const exported = (await app.inject({ method: 'GET', url: '/api/v1/me/export', headers: lecturerApi })).json()
    t.match(exported.visibility, { setting: 'everything', selfRatingsReadBy: ['you', 'reviewer', 'hr'], auditLogRecordsLevels: true })
  })

  t.test('HR keep the setting on the settings page: the choice is kept, a bad one refused', async (t) => {
    const page = await browserGet(app, hr, '/hr/settings')
    t.match(page.body, '<input type="radio" name="ratingVisibility" value="everything" checked required>')
    const before = await rowCounts(db)
    const refused = await browserPost(app, hr, '/hr/settings', { minGroupSize: '5', staleAfterMonths: '24', ratingVisibility: 'public' })
    t.equal(refused.statusCode, 422)
    t.match(refused.body, 'Nothing was saved: choose who sees self-ratings.')
    t.same(await rowCounts(db), before)
    const saved = await browserPost(app, hr, '/hr/settings', { minGroupSize: '5', staleAfterMonths: '24', ratingVisibility: 'aggregates' })
    t.equal(saved.statusCode, 303)
    t.equal((await db.selectFrom('institutions').select('rating_visibility').where('id', '=', lecturer.institution_id).executeTakeFirstOrThrow()).rating_visibility, 'aggregates')
    t.equal((await app.inject({ method: 'PATCH', url: '/api/v1/institution/settings', headers: hrApi, payload: { ratingVisibility: 'public' } })).statusCode, 400)
    t.equal((await app.inject({ method: 'PATCH', url: '/api/v1/institution/settings', headers: lecturerApi, payload: { ratingVisibility: 'everything' } })).statusCode, 403)
  })
})

t.test('every page that takes a rating says who sees it, in the reader\'s language', async (t) => {
  const { app, db } = await startTestApp(t)
  const hrApi = { authorization: `Bearer ${await apiToken(app, 'hr@demo.test')}` }
  const lecturerApi = { authorization: `Bearer ${await apiToken(app, 'lecturer@demo.test')}` }
  const person = await signIn(app, 'lecturer@demo.test')
  const competency = await db.selectFrom('competencies').innerJoin('frameworks', 'frameworks.id', 'competencies.framework_id').select('competencies.id').where('frameworks.slug', '=', 'iioe-hew').where('kind', '=', 'competency').orderBy('competencies.id').executeTakeFirstOrThrow()
  const link = await db.selectFrom('programme_competencies').innerJoin('programmes', 'programmes.id', 'programme_competencies.programme_id').select('programmes.id').where('programmes.published', '=', true).orderBy('programmes.id').executeTakeFirstOrThrow()
  const activity = await app.inject({ method: 'POST', url: '/api/v1/me/activities', headers: lecturerApi, payload: { programmeId: link.id, status: 'completed', completedAt: '2026-11-02' } })
  t.equal(activity.statusCode, 201)
  const pages = ['/', '/framework', `/framework/${competency.id}`, '/activities', `/activities/${activity.json().id}/rerate`]

  // The demo lecturer's reviewer is Farid Rahman (HR), from the demo seed.
  const SENTENCES: Record<string, Record<'en' | 'fr' | 'zh', string>> = {
    aggregates: {
      en: 'Only you. Your HR sees your ratings only in totals of at least 5 people.',
      fr: 'Vous seul. Vos RH ne voient vos évaluations que dans des totaux d’au moins 5 personnes.',
      zh: '只有您本人。人力资源部门只能在至少 5 人的汇总数据中看到您的评分。',
    },
    shared: {
      en: 'Only you for now: you and your reviewer, Farid Rahman, once you share them, and then HR too. Until then your HR sees them only in totals of at least 5 people.',
      fr: 'Vous seul pour l’instant : vous et votre évaluateur, Farid Rahman, une fois que vous les partagez, puis les RH aussi. D’ici là, vos RH ne les voient que dans des totaux d’au moins 5 personnes.',
      zh: '目前只有您本人：您共享后，您和您的审核人Farid Rahman可以看到，人力资源部门也可以看到。在此之前，人力资源部门只能在至少 5 人的汇总数据中看到。',
    },
    sharedNow: {
      en: 'You, your reviewer Farid Rahman and HR: you share your ratings with them.',
      fr: 'Vous, votre évaluateur Farid Rahman et les RH : vous partagez vos évaluations avec eux.',
      zh: '您、您的审核人Farid Rahman和人力资源部门：您已与他们共享评分。',
    },
    everything: {
      en: 'You, your reviewer Farid Rahman and HR.',
      fr: 'Vous, votre évaluateur Farid Rahman et les RH.',
      zh: '您、您的审核人Farid Rahman和人力资源部门。',
    },
  }
  for (const [state, sentences] of Object.entries(SENTENCES)) {
    if (state === 'sharedNow') t.equal((await app.inject({ method: 'PUT', url: '/api/v1/me/sharing', headers: lecturerApi, payload: { shared: true } })).statusCode, 200)
    else t.equal((await app.inject({ method: 'PATCH', url: '/api/v1/institution/settings', headers: hrApi, payload: { ratingVisibility: state } })).statusCode, 200)
    for (const url of pages) {
      for (const [language, sentence] of Object.entries(sentences)) {
        const page = await browserGet(app, person, url, { 'accept-language': language })
        t.equal(page.statusCode, 200, `${url} in ${language}`)
        t.ok(page.body.includes(sentence), `${state}: ${url} in ${language} says who sees the ratings`)
        const others = Object.entries(SENTENCES).filter(([other]) => other !== state).map(([, texts]) => texts[language as 'en'])
        t.same(others.filter((other) => page.body.includes(other)), [], `${state}: ${url} in ${language} says nothing of another setting`)
      }
    }
  }
})
