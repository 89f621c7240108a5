import t from 'tap'
import { apiToken, browserGet, browserPost, rowCounts, signIn, startTestApp } from '../helpers/app.js'

/**
 * The guided self-assessment, as a lecturer without JavaScript (plain forms and 303s) and with it
 * (htmx headers): only the competencies their role asks, one submit per competency, the competency's
 * own level descriptors as the answers, a refused save that keeps what was typed, and a summary.
 */
t.test('a lecturer completes the guided self-assessment with one submit per competency', async (t) => {
  const { app, db } = await startTestApp(t)
  const lecturer = await db.selectFrom('users').select(['id', 'institution_id', 'role_profile_id']).where('email', '=', 'lecturer@demo.test').executeTakeFirstOrThrow()
  const hew = await db.selectFrom('frameworks').select('id').where('slug', '=', 'iioe-hew').executeTakeFirstOrThrow()
  // What the teacher profile asks, in the framework's order (domains, then competencies, by position).
  const asked = await db
    .selectFrom('role_profile_targets as rpt')
    .innerJoin('competencies as c', 'c.id', 'rpt.competency_id')
    .innerJoin('competencies as d', 'd.id', 'c.parent_id')
    .select(['c.id', 'c.code', 'c.level_descriptors as descriptors'])
    .where('rpt.role_profile_id', '=', lecturer.role_profile_id!)
    .where('rpt.level', '>', 0)
    .where('c.framework_id', '=', hew.id)
    .orderBy('d.position')
    .orderBy('c.position')
    .execute()
  const all = await db.selectFrom('competencies').select((eb) => eb.fn.countAll<number>().as('n')).where('framework_id', '=', hew.id).where('kind', '=', 'competency').executeTakeFirstOrThrow()
  t.ok(asked.length > 0 && asked.length < Number(all.n), `the teacher profile asks ${asked.length} of ${all.n} competencies`)
  const ratedBefore = new Set((await db.selectFrom('current_ratings').select('competency_id').where('user_id', '=', lecturer.id).execute()).map((row) => row.competency_id))
  const unrated = asked.filter((competency) => !ratedBefore.has(competency.id))
  t.ok(unrated.length >= 3, `${unrated.length} of them not rated yet in the demo`)
  const person = await signIn(app, 'lecturer@demo.test')

  await t.test('the overview counts only what the role asks and continues at the first unrated one', async (t) => {
    const page = await browserGet(app, person, `/self-assessment?framework=${hew.id}`)
    t.equal(page.statusCode, 200)
    t.match(page.body, `${asked.length - unrated.length} of ${asked.length} rated`)
    t.match(page.body, `<a class="button" href="/self-assessment/${unrated[0]!.id}">Continue where you stopped</a>`)
    const home = await browserGet(app, person, `/?framework=${hew.id}`)
    t.match(home.body, `href="/self-assessment/${unrated[0]!.id}"`, 'the home page leads there too')
    const api = await app.inject({ method: 'GET', url: `/api/v1/me/self-assessment/next?framework=${hew.id}`, headers: { authorization: `Bearer ${await apiToken(app, 'lecturer@demo.test')}` } })
    t.equal(api.statusCode, 200)
    const body = api.json<{ framework: { id: number }; next: { competencyId: number; code: string } | null; rated: number; total: number }>()
    t.same([body.framework.id, body.next?.competencyId, body.next?.code, body.rated, body.total], [hew.id, unrated[0]!.id, unrated[0]!.code, asked.length - unrated.length, asked.length], 'and the API says the same')
  })

  await t.test("a screen answers with the competency's own level descriptors", async (t) => {
    const first = unrated[0]!
    const page = await browserGet(app, person, `/self-assessment/${first.id}`)
    t.equal(page.statusCode, 200)
    t.match(page.body, `Competency ${asked.findIndex((competency) => competency.id === first.id) + 1} of ${asked.length}`)
    const descriptors = first.descriptors as Record<string, { description: string }>
    for (const level of ['1', '2', '3']) t.match(page.body, descriptors[level]!.description.replace(/&/g, '&amp;').replace(/'/g, '&#39;').slice(0, 40), `level ${level}'s own words`)
    t.match(page.body, 'Who sees my ratings')
  })

  await t.test('a save without a level is refused with what was typed kept, and writes nothing', async (t) => {
    const before = await rowCounts(db)
    const refused = await browserPost(app, person, `/self-assessment/${unrated[0]!.id}`, { evidence: 'My <i>notes</i>', evidenceUrl: 'not a link' })
    t.equal(refused.statusCode, 422)
    t.match(refused.body, '>My &lt;i&gt;notes&lt;/i&gt;</textarea>')
    t.match(refused.body, 'value="not a link"')
    t.match(refused.body, 'The rating was not saved')
    t.same(await rowCounts(db), before)
  })

  await t.test('without JavaScript: each submit saves and goes to the next unrated one; the last goes to the summary', async (t) => {
    let submits = 0
    let at = unrated[0]!.id
    // As a browser does: the form's fields, among them the screen that follows (`then`).
    let page = await browserGet(app, person, `/self-assessment/${at}`)
    for (;;) {
      const then = /<input type="hidden" name="then" value="([^"]+)">/.exec(page.body)?.[1]
      t.equal(then, unrated[submits + 1] === undefined ? 'summary' : String(unrated[submits + 1]!.id), 'the form names the next screen')
      const saved = await browserPost(app, person, `/self-assessment/${at}`, { level: '2', evidence: `Evidence for ${at}`, then: then! })
      submits++
      t.equal(saved.statusCode, 303)
      const location = String(saved.headers.location)
      const next = unrated[submits]
      if (next === undefined) {
        t.equal(location, `/self-assessment/summary?framework=${hew.id}&saved=${at}`)
        break
      }
      t.equal(location, `/self-assessment/${next.id}?saved=${at}`)
      page = await browserGet(app, person, location)
      t.match(page.body, `${unrated[submits - 1]!.code} saved.`)
      at = next.id
    }
    t.equal(submits, unrated.length, 'one submit per unrated competency, nothing else')
    const current = await db.selectFrom('current_ratings').select(['competency_id', 'level', 'evidence']).where('user_id', '=', lecturer.id).where('competency_id', 'in', unrated.map((competency) => competency.id)).execute()
    t.same(current.map((row) => [row.level, row.evidence]).sort(), unrated.map((competency) => [2, `Evidence for ${competency.id}`]).sort())
    const summary = await browserGet(app, person, `/self-assessment/summary?framework=${hew.id}&saved=${at}`)
    t.equal(summary.statusCode, 200)
    t.match(summary.body, `${asked.length} of ${asked.length} rated`)
    t.notMatch(summary.body, 'Not rated yet')
    t.match(summary.body, `href="/plan?framework=${hew.id}"`)
    const api = await app.inject({ method: 'GET', url: `/api/v1/me/self-assessment/next?framework=${hew.id}`, headers: { authorization: `Bearer ${await apiToken(app, 'lecturer@demo.test')}` } })
    t.same(api.json(), { framework: api.json<{ framework: unknown }>().framework, next: null, rated: asked.length, total: asked.length }, 'the API: nothing left to rate')
    // A `then` that is not a screen is not followed: where to go is read instead (here, the summary).
    for (const then of ['../../admin', 'https://evil.example/', 'javascript:alert(1)', '-1', '1e3', '99999999999', '']) {
      const saved = await browserPost(app, person, `/self-assessment/${at}`, { level: '2', evidence: `Evidence for ${at}`, then })
      t.equal(saved.headers.location, `/self-assessment/summary?framework=${hew.id}&saved=${at}`, `then=${then}`)
    }
  })

  await t.test('with htmx: the next screen is swapped in and its address pushed; the last sends to the summary', async (t) => {
    await db.deleteFrom('current_ratings').where('user_id', '=', lecturer.id).where('competency_id', 'in', [unrated[0]!.id, unrated[1]!.id]).execute()
    const swapped = await browserPost(app, person, `/self-assessment/${unrated[0]!.id}`, { level: '3' }, { 'hx-request': 'true' })
    t.equal(swapped.statusCode, 200)
    t.match(swapped.body, /^<section id="self-assessment"/)
    t.equal(swapped.headers['hx-push-url'], `/self-assessment/${unrated[1]!.id}`)
    t.match(swapped.body, `${unrated[0]!.code} saved.`)
    const last = await browserPost(app, person, `/self-assessment/${unrated[1]!.id}`, { level: '3' }, { 'hx-request': 'true' })
    t.equal(last.statusCode, 204)
    t.equal(last.headers['hx-redirect'], `/self-assessment/summary?framework=${hew.id}&saved=${unrated[1]!.id}`)
  })

  await t.test('in French and Chinese', async (t) => {
    for (const [locale, words] of [['fr', 'Enregistrer et continuer'], ['zh', '保存并继续']] as const) {
      await db.updateTable('users').set({ locale }).where('id', '=', lecturer.id).execute()
      const page = await browserGet(app, person, `/self-assessment/${asked[0]!.id}`)
      t.equal(page.statusCode, 200)
      t.match(page.body, words, locale)
    }
    await db.updateTable('users').set({ locale: 'en' }).where('id', '=', lecturer.id).execute()
  })

  await t.test("another institution's competency or framework is not found", async (t) => {
    const other = await signIn(app, 'hr@college.test')
    t.equal((await browserGet(app, other, `/self-assessment?framework=${hew.id}`)).statusCode, 200, "the college's HR rate themselves on their own framework")
    const qa = await db.selectFrom('competencies').innerJoin('frameworks', 'frameworks.id', 'competencies.framework_id').select('competencies.id').where('frameworks.slug', '=', 'iioe-qa').where('competencies.kind', '=', 'competency').executeTakeFirstOrThrow()
    t.equal((await browserGet(app, person, `/self-assessment/${qa.id}`)).statusCode, 404, 'an institution assessment area is not rated as oneself')
    t.equal((await browserGet(app, person, '/self-assessment/999999')).statusCode, 404)
    t.equal((await browserGet(app, person, '/self-assessment?framework=999999')).statusCode, 404)
  })
})
