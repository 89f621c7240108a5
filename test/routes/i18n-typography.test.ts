import t from 'tap'
import { elided } from '../../views/elision.js'
import { browserGet, shareRatings, signIn, startTestApp } from '../helpers/app.js'

// How the three languages read and sit on the page: punctuation, elision, quarters, wording, what
// stays on one line, and the menu. (test/routes/i18n.test.ts: choosing a language, translated data.)
t.test('three languages on the page: punctuation, wording and layout', async (t) => {
  const { app, db } = await startTestApp(t)
  // HR open a lecturer's ratings below: the first rated lecturer of Demo University (Amina Okafor) shares them.
  await shareRatings(app, 'lecturer@demo.test')

  t.test("punctuation between texts follows the language: French spaced colon, Chinese full-width colon and list comma", async (t) => {
    const admin = await signIn(app, 'admin@demo.test')
    const chineseFramework = await browserGet(app, admin, '/framework', { 'accept-language': 'zh' })
    t.match(chineseFramework.body, /<p class="applies-to muted">适用对象：[^<:]+、[^<:]+<\/p>/)

    const catalogue = await browserGet(app, admin, '/programmes', { 'accept-language': 'zh' })
    t.match(catalogue.body, /培养能力：<span class="code">[A-Z.0-9]+<\/span>、<span class="code">/)
    const designList = await browserGet(app, admin, '/design', { 'accept-language': 'zh' })
    t.match(designList.body, /<td><span class="code">[A-Z.0-9]+<\/span>、<span class="code">/, 'the links column of the designer\'s list too')
    t.notMatch(catalogue.body, '</span>, <span class="code">')
    const programme = await db.selectFrom('programmes').select('id').where('code', '=', 'IIOE-TPD-101').executeTakeFirstOrThrow()
    const french = await browserGet(app, admin, `/programmes/${programme.id}`, { 'accept-language': 'fr' })
    t.match(french.body, /· Organisme : /)
    t.match(french.body, '</a> : ')
    t.match(french.body, 'anglais, français, chinois')

    const competency = await db.selectFrom('competencies').select('id').where('code', '=', 'CUR.2').orderBy('id').executeTakeFirstOrThrow()
    const detail = await browserGet(app, admin, `/framework/${competency.id}`, { 'accept-language': 'fr' })
    t.match(detail.body, /<p class="current-level( unrated)?">Niveau actuel : <strong>/)
    t.match(detail.body, '<p class="muted">Source : ')

    // A plan needs ratings (the admin has none, and is asked to rate first): the demo lecturer's.
    const lecturer = await signIn(app, 'lecturer@demo.test')
    const plan = await browserGet(app, lecturer, '/plan', { 'accept-language': 'fr' })
    t.match(plan.body, '<p>Comble :</p>')
    const chinesePlan = await browserGet(app, lecturer, '/plan', { 'accept-language': 'zh' })
    t.match(chinesePlan.body, '<p>可弥补：</p>')

    const home = await browserGet(app, admin, '/', { 'accept-language': 'zh' })
    t.match(home.body, '<figcaption>各领域平均水平。每个条形上的深色标记')
    const designImport = await browserGet(app, admin, '/design/import', { 'accept-language': 'fr' })
    t.match(designImport.body, '<p>Colonnes CSV : <code>')

    const hr = await signIn(app, 'hr@demo.test')
    const rated = await db.selectFrom('ratings').innerJoin('users', 'users.id', 'ratings.user_id').select('users.id').where('users.email', 'like', '%@demo.test').where('users.role', '=', 'lecturer').orderBy('users.id').executeTakeFirstOrThrow()
    const review = await browserGet(app, hr, `/people/${rated.id}/ratings`, { 'accept-language': 'fr' })
    t.match(review.body, '<p><strong>Auto-évalué :</strong> ')
    t.match(review.body, '<p><strong>Validé :</strong> ')
    const chineseReview = await browserGet(app, hr, `/people/${rated.id}/ratings`, { 'accept-language': 'zh' })
    t.match(chineseReview.body, '<p><strong>自评：</strong>')
    const person = await browserGet(app, hr, `/hr/staff/${rated.id}`, { 'accept-language': 'zh' })
    t.match(person.body, /<p><strong>[^<]+：<\/strong>[^ <]+@demo\.test<\/p>/)
  })

  t.test('French elides de before a name that begins with a vowel: the header, the staff pages', async (t) => {
    const hr = await signIn(app, 'hr@demo.test')
    const amina = await db.selectFrom('users').select(['id', 'name']).where('email', '=', 'lecturer@demo.test').executeTakeFirstOrThrow()
    t.equal(amina.name, 'Amina Okafor')
    const ratings = await browserGet(app, hr, `/people/${amina.id}/ratings`, { 'accept-language': 'fr' })
    t.match(ratings.body, '<h1>Évaluations d’Amina Okafor</h1>')
    t.match(ratings.body, 'Retour à la fiche d’Amina Okafor')
    t.notMatch(ratings.body, /\bde [AEIOUÉ]/u, 'no “de” before a vowel')
  })

  t.test('Chinese pages: full-width parentheses around remarks, no space after a full-width mark', async (t) => {
    const admin = await signIn(app, 'admin@demo.test')
    const hr = await signIn(app, 'hr@demo.test')
    const competency = await db.selectFrom('competencies').select('id').where('code', '=', 'CUR.2').orderBy('id').executeTakeFirstOrThrow()
    // The lecturer has ratings; their own language (an earlier test chose one) is set aside so Accept-Language chooses.
    const { locale } = await db.selectFrom('users').select('locale').where('email', '=', 'lecturer@demo.test').executeTakeFirstOrThrow()
    await db.updateTable('users').set({ locale: null }).where('email', '=', 'lecturer@demo.test').execute()
    t.teardown(() => db.updateTable('users').set({ locale }).where('email', '=', 'lecturer@demo.test').execute())
    const rated = await db.selectFrom('current_ratings').innerJoin('users', 'users.id', 'current_ratings.user_id').select('competency_id').where('users.email', '=', 'lecturer@demo.test').executeTakeFirstOrThrow()
    const lecturer = await signIn(app, 'lecturer@demo.test')
    const pages = [
      [admin, '/framework'],
      [admin, `/framework/${competency.id}`],
      [lecturer, '/framework'],
      [lecturer, `/framework/${rated.competency_id}`],
      [lecturer, '/plan'],
      [hr, '/hr'],
      [hr, '/hr/staff'],
      [admin, '/design/import'],
      [admin, '/design/coverage'],
      [admin, '/'],
    ] as const
    for (const [session, url] of pages) {
      const page = await browserGet(app, session, url, { 'accept-language': 'zh' })
      t.equal(page.statusCode, 200, url)
      t.same(chineseLayoutFaults(page.body), [], `${url}: no ASCII parenthesis next to Chinese, no space after a full-width mark`)
    }
    const framework = await browserGet(app, lecturer, '/framework', { 'accept-language': 'zh' })
    t.match(framework.body, '<span class="muted">（评估于 ')
  })

  t.test('quarters on HR insights in the reader\'s language, in the table and on the chart', async (t) => {
    const hr = await signIn(app, 'hr@demo.test')
    const now = new Date()
    const year = now.getUTCFullYear()
    const quarter = Math.floor(now.getUTCMonth() / 3) + 1
    const french = await browserGet(app, hr, '/hr/insights', { 'accept-language': 'fr' })
    t.match(french.body, `<th scope="row">T${quarter} ${year}</th>`)
    t.match(french.body, `text-anchor="middle">T${quarter} ${year}</text>`)
    t.notMatch(french.body, `${year}-Q${quarter}`)
    const chinese = await browserGet(app, hr, '/hr/insights', { 'accept-language': 'zh' })
    t.match(chinese.body, `<th scope="row">${year}年第${quarter}季度</th>`)
    t.match(chinese.body, `text-anchor="middle">${year}年第${quarter}季度</text>`)
    const english = await browserGet(app, hr, '/hr/insights')
    t.match(english.body, `<th scope="row">Q${quarter} ${year}</th>`)
    t.notMatch(english.body, `>${String(year).slice(2)}-Q`)
  })

  t.test('wording: links say what their pages are called, one word per thing, no sentence twice', async (t) => {
    const hr = await signIn(app, 'hr@demo.test')
    const dashboard = await browserGet(app, hr, '/hr')
    t.match(dashboard.body, /<a href="\/hr\/insights\?framework=\d+">Participation, levels, trend and top gaps<\/a>/)
    t.match(dashboard.body, '<a href="/hr/settings">Privacy and rating settings</a>')
    t.notMatch(dashboard.body, 'from their self-ratings.')
    t.match((await browserGet(app, hr, '/hr/insights')).body, '<h1>Participation, levels, trend and top gaps</h1>')
    t.match((await browserGet(app, hr, '/hr/settings')).body, '<h1>Privacy and rating settings</h1>')
    const frenchSettings = await browserGet(app, hr, '/hr/settings', { 'accept-language': 'fr' })
    t.match(frenchSettings.body, '<h1>Paramètres de confidentialité et d’évaluation</h1>')
    t.match((await browserGet(app, hr, '/hr/staff/import', { 'accept-language': 'fr' })).body, 'Vérifier (à blanc)')
    t.match((await browserGet(app, hr, '/hr/staff/import')).body, 'Also create the departments in the file that do not exist yet')

    const admin = await signIn(app, 'admin@demo.test')
    const activities = await browserGet(app, admin, '/activities', { 'accept-language': 'fr' })
    t.match(activities.body, '<h1>Mes activités</h1>')
    t.match(activities.body, '<h2>Activités enregistrées</h2>')
    const coverage = await browserGet(app, admin, '/design/coverage', { 'accept-language': 'fr' })
    t.match(coverage.body, 'Une case marquée « trou »')
    t.match(coverage.body, /sont affichés « &lt; \d+ »/)
    t.match(coverage.body, '<td class="hole">trou</td>')
    t.match((await browserGet(app, admin, '/design/programmes/new', { 'accept-language': 'fr' })).body, '>Organisme</label>')
    const design = await browserGet(app, admin, '/design/import', { 'accept-language': 'fr' })
    t.match(design.body, 'Vérifier (à blanc)')
    t.match((await browserGet(app, admin, '/design/import')).body, 'a programme with a new code is added')
    t.match((await browserGet(app, admin, '/admin/institutions', { 'accept-language': 'fr' })).body, 'Adresse électronique de la personne des RH')
    t.match((await browserGet(app, admin, '/programmes', { 'accept-language': 'fr' })).body, 'Le catalogue de développement professionnel de l’IIOE.')
  })

  t.test('short Chinese cells stay on one line: pills, dates, headers and the staff status', async (t) => {
    const admin = await signIn(app, 'admin@demo.test')
    const frameworks = await browserGet(app, admin, '/admin/frameworks', { 'accept-language': 'zh' })
    t.match(frameworks.body, /<td class="date">\d{4}年\d{1,2}月\d{1,2}日<\/td>/)
    const hr = await signIn(app, 'hr@demo.test')
    const staff = await browserGet(app, hr, '/hr/staff', { 'accept-language': 'zh' })
    t.match(staff.body, /<td class="staff-status">(在用|已邀请：尚未设置密码|已停用)<\/td>/)
    const french = await browserGet(app, hr, '/hr/staff', { 'accept-language': 'fr' })
    t.match(french.body, /<td class="staff-status">(Actif|Invité : pas encore de mot de passe|Désactivé)<\/td>/)
    const stylesheet = /<link rel="stylesheet" href="([^"]+)">/.exec(staff.body)![1]!
    const css = (await app.inject({ url: stylesheet })).body
    t.match(css, /\.tag \{[^}]*white-space: nowrap/, 'pills (Draft, 草稿) do not wrap')
    t.match(css, /td\.date \{ white-space: nowrap; \}/)
    t.match(css, /thead th \{[^}]*word-break: keep-all/, 'Chinese headers are not broken between characters')
    t.match(css, /td\.staff-status \{ min-width: 9rem; word-break: keep-all; \}/, 'the status keeps some width, but not so much that French pushes it out of the table')
    t.match((await browserGet(app, admin, '/design', { 'accept-language': 'zh' })).body, /<td class="programme-status">已发布<\/td>/)
    t.match(css, /td\.programme-status \{ white-space: nowrap; \}/, '已发布 on one line')
  })

  t.test('codes stay on one line (IIOE-AIT-101, iioe-hew)', async (t) => {
    const admin = await signIn(app, 'admin@demo.test')
    const design = await browserGet(app, admin, '/design', { 'accept-language': 'fr' })
    t.match(design.body, '<td class="code">IIOE-AIT-101</td>')
    const frameworks = await browserGet(app, admin, '/admin/frameworks', { 'accept-language': 'zh' })
    t.match(frameworks.body, '<td><code>iioe-hew</code></td>')
    const css = (await app.inject({ url: /<link rel="stylesheet" href="([^"]+)">/.exec(design.body)![1]! })).body
    t.match(css, /\.code \{[^}]*white-space: nowrap/)
    t.match(css, /td code \{ white-space: nowrap; \}/)
  })

  t.test('the menu marks the section a page belongs to, and a person\'s ratings lead back', async (t) => {
    const hr = await signIn(app, 'hr@demo.test')
    const fr = { 'accept-language': 'fr' }
    const department = await db.selectFrom('departments').innerJoin('institutions', 'institutions.id', 'departments.institution_id').select('departments.id').where('institutions.name', '=', 'Demo University').executeTakeFirstOrThrow()
    // A department's drill-down is reached from the institution's heat map.
    for (const path of ['/hr', '/hr/insights', '/hr/settings', `/hr/departments/${department.id}`]) {
      const page = await browserGet(app, hr, path, fr)
      t.match(page.body, '<li><a href="/hr" aria-current="page">Établissement</a></li>', `${path}: Institution`)
      t.notMatch(page.body, '<a href="/hr/staff" aria-current="page">', `${path}: not Staff`)
    }
    const departments = await browserGet(app, hr, '/hr/departments', fr)
    t.match(departments.body, '<li><a href="/hr/staff" aria-current="page">Personnel</a></li>')
    t.notMatch(departments.body, '<a href="/hr" aria-current="page">')
    const rated = await db.selectFrom('ratings').innerJoin('users', 'users.id', 'ratings.user_id').select(['users.id', 'users.name']).where('users.email', 'like', '%@demo.test').where('users.role', '=', 'lecturer').orderBy('users.id').executeTakeFirstOrThrow()
    const ratings = await browserGet(app, hr, `/people/${rated.id}/ratings`, fr)
    t.match(ratings.body, '<li><a href="/hr/staff" aria-current="page">Personnel</a></li>')
    t.match(ratings.body, `<p class="breadcrumb"><a href="/hr/staff/${rated.id}">Retour à la fiche ${elided('de', rated.name)}</a></p>`)
    const chinese = await browserGet(app, hr, `/people/${rated.id}/ratings`, { 'accept-language': 'zh' })
    t.match(chinese.body, `<a href="/hr/staff/${rated.id}">返回 ${rated.name} 的资料</a>`)
    t.match((await browserGet(app, hr, '/hr/audit', fr)).body, '<li><a href="/hr/audit" aria-current="page">')
  })

  t.test('the date fields of /activities are styled like the other fields', async (t) => {
    const admin = await signIn(app, 'admin@demo.test')
    const page = await browserGet(app, admin, '/activities', { 'accept-language': 'fr' })
    t.match(page.body, '<input id="af-startedAt" name="startedAt" type="date"')
    const css = (await app.inject({ url: /<link rel="stylesheet" href="([^"]+)">/.exec(page.body)![1]! })).body
    t.match(css, /input\[type="text"\], input\[type="date"\], textarea, select \{\s*width: 100%;/)
  })
})

/**
 * Where a Chinese page's visible text has an ASCII parenthesis opening after Chinese text or holding it,
 * or a space after a full-width mark. (Chinese text after an English title's own parenthesis is data, not a fault.)
 */
function chineseLayoutFaults(body: string): string[] {
  const text = body.replace(/<(script|style)[^]*?<\/\1>/g, '').replace(/<[^>]*>/g, '').replace(/[ \t]+/g, ' ').replace(/\n\s*/g, '\n')
  const faults = [...text.matchAll(/[^\n]{0,12}(?:\p{Script=Han} ?\(|\(\p{Script=Han}|\p{Script=Han}\)|[，。：；！？、）] )[^\n]{0,12}/gu)]
  return faults.map((match) => match[0])
}
