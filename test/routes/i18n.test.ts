import t from 'tap'
import { browserGet, browserPost, shareRatings, signIn, startTestApp, type BrowserSession } from '../helpers/app.js'

const htmlLang = (body: string) => /<html lang="([^"]*)">/.exec(body)?.[1]

t.test('three languages: choosing one, and the framework and catalogue in it', async (t) => {
  const { app, db } = await startTestApp(t)
  const localeOf = async (email: string) => (await db.selectFrom('users').select('locale').where('email', '=', email).executeTakeFirstOrThrow()).locale

  t.test('without Accept-Language a page is English, with the switch marking English as current', async (t) => {
    const page = await app.inject({ method: 'GET', url: '/login' })
    t.equal(page.statusCode, 200)
    t.equal(htmlLang(page.body), 'en')
    t.match(page.body, '<h1>Sign in</h1>')
    t.match(page.body, '<form class="language-switch" method="post" action="/language" aria-label="Language">')
    t.match(page.body, '<button type="submit" name="lang" value="en" lang="en" class="link-button" aria-current="true">English</button>')
    t.match(page.body, '<button type="submit" name="lang" value="fr" lang="fr" class="link-button">Français</button>')
    t.match(page.body, '<button type="submit" name="lang" value="zh" lang="zh" class="link-button">中文</button>')
    t.match(page.body, '<input type="hidden" name="next" value="/login">')
  })

  t.test('Accept-Language chooses the language, q-values honoured', async (t) => {
    const french = await app.inject({ method: 'GET', url: '/login', headers: { 'accept-language': 'fr' } })
    t.equal(htmlLang(french.body), 'fr')
    t.match(french.body, '<h1>Connexion</h1>')
    const chinese = await app.inject({ method: 'GET', url: '/login', headers: { 'accept-language': 'fr;q=0.4, zh-CN;q=0.9, de' } })
    t.equal(htmlLang(chinese.body), 'zh')
    t.match(chinese.body, '<h1>登录</h1>')
    const unknown = await app.inject({ method: 'GET', url: '/login', headers: { 'accept-language': 'de, es;q=0.8' } })
    t.equal(htmlLang(unknown.body), 'en')

    const session = await signIn(app, 'designer@demo.test')
    const nav = await browserGet(app, session, '/', { 'accept-language': 'fr-FR,fr;q=0.9,en;q=0.8' })
    t.equal(htmlLang(nav.body), 'fr')
    t.match(nav.body, '<a href="/framework">Référentiel</a>')
    t.match(nav.body, '<a href="/plan">Mon plan</a>')
    t.match(nav.body, 'Se déconnecter')
  })

  t.test('the switch keeps the choice in a cookie and goes back to the page', async (t) => {
    const session: BrowserSession = { cookies: {}, csrf: '' }
    await browserGet(app, session, '/login?next=%2Fplan')
    const response = await browserPost(app, session, '/language', { lang: 'zh', next: '/login?next=%2Fplan' })
    t.equal(response.statusCode, 303)
    t.equal(response.headers.location, '/login?next=%2Fplan')
    const cookie = response.cookies.find((candidate) => candidate.name === 'lang')
    t.equal(cookie?.value, 'zh')
    t.equal(cookie?.path, '/')
    t.equal(cookie?.httpOnly, true)
    t.equal(cookie?.sameSite, 'Lax')
    t.equal(cookie?.maxAge, 365 * 86_400)
    const page = await browserGet(app, session, '/login?next=%2Fplan', { 'accept-language': 'fr' })
    t.equal(htmlLang(page.body), 'zh', 'the choice wins over Accept-Language')
    t.match(page.body, 'value="zh" lang="zh" class="link-button" aria-current="true"')
    t.match(page.body, '<input type="hidden" name="next" value="/login?next=%2Fplan">')
  })

  t.test('the switch leads back to this site only', async (t) => {
    const session: BrowserSession = { cookies: {}, csrf: '' }
    await browserGet(app, session, '/login')
    for (const next of ['//evil.example/', 'https://evil.example/', '/\\evil.example', 'javascript:alert(1)', '']) {
      const response = await browserPost(app, session, '/language', { lang: 'fr', next })
      t.equal(response.statusCode, 303, `next=${next}`)
      t.equal(response.headers.location, '/', `next=${next} leads home`)
    }
  })

  t.test('an unknown language is refused with 400 and nothing is kept', async (t) => {
    const session = await signIn(app, 'hr@demo.test')
    const refused: Record<string, string>[] = [{ lang: 'de' }, { lang: 'EN' }, { lang: '' }, {}]
    for (const fields of refused) {
      const response = await browserPost(app, session, '/language', { next: '/', ...fields })
      t.equal(response.statusCode, 400, `lang=${JSON.stringify(fields)}`)
      t.match(response.body, 'This language is not available.')
      t.equal(response.cookies.find((cookie) => cookie.name === 'lang'), undefined, 'no cookie')
    }
    t.equal(await localeOf('hr@demo.test'), null, 'the profile is unchanged')
  })

  t.test('the switch without its form token is refused (CSRF)', async (t) => {
    const session: BrowserSession = { cookies: {}, csrf: '' }
    await browserGet(app, session, '/login')
    const response = await browserPost(app, session, '/language', { lang: 'fr', next: '/', _csrf: '' })
    t.equal(response.statusCode, 403)
    t.equal(response.cookies.find((cookie) => cookie.name === 'lang'), undefined)
  })

  t.test("a signed-in person's choice is kept in their profile and follows them to a new sign-in", async (t) => {
    t.equal(await localeOf('lecturer@demo.test'), null)
    const first = await signIn(app, 'lecturer@demo.test')
    const response = await browserPost(app, first, '/language', { lang: 'fr', next: '/framework' })
    t.equal(response.statusCode, 303)
    t.equal(response.headers.location, '/framework')
    t.equal(await localeOf('lecturer@demo.test'), 'fr')

    // Another browser: no lang cookie, an English Accept-Language.
    const second = await signIn(app, 'lecturer@demo.test')
    t.equal(second.cookies['lang'], undefined)
    const page = await browserGet(app, second, '/', { 'accept-language': 'en' })
    t.equal(htmlLang(page.body), 'fr')
    t.match(page.body, '<h1>Mon profil</h1>')

    // The profile wins over a cookie left by someone else in this browser.
    second.cookies['lang'] = 'zh'
    t.equal(htmlLang((await browserGet(app, second, '/')).body), 'fr')
    await browserPost(app, second, '/language', { lang: 'en', next: '/' })
    t.equal(await localeOf('lecturer@demo.test'), 'en')
  })

  t.test('the IIOE framework in French and Chinese: translated titles, English fallback marked lang="en"', async (t) => {
    const session = await signIn(app, 'admin@demo.test')
    const french = await browserGet(app, session, '/framework', { 'accept-language': 'fr' })
    t.equal(french.statusCode, 200)
    t.equal(htmlLang(french.body), 'fr')
    t.match(french.body, '<h2><span class="code">POL</span> Politique de l’éducation numérique <span class="count" id="count-d-')
    t.match(french.body, '<span class="code">POL.1</span> Comprendre les politiques d’éducation numérique</h3>')
    t.match(french.body, '<span><strong>1</strong> Se préparer</span>', 'scale labels translated')
    t.match(french.body, 'Pour : Enseignants', 'staff groups translated, after a French colon')
    t.match(french.body, '<h1>Référentiel de compétences IIOE pour le personnel de l’enseignement supérieur (modélisé)</h1>', 'the framework title translated')
    t.match(french.body, '<dd>Cite les principales politiques nationales et institutionnelles d’éducation numérique et sait où les trouver.</dd>', 'level descriptors translated')
    t.notMatch(french.body, '<span lang="en">Digital education policy</span>')
    t.notMatch(french.body, ' lang="en">', 'nothing of the IIOE framework falls back to English')

    const chinese = await browserGet(app, session, '/framework', { 'accept-language': 'zh' })
    t.match(chinese.body, '<span class="code">POL</span> 数字教育政策 <span class="count" id="count-d-')
    t.match(chinese.body, '<span><strong>2</strong> 应用与融合</span>')
    t.equal(htmlLang(chinese.body), 'zh')
    t.match(chinese.body, '<h1>IIOE高等教育工作者能力框架（模拟版）</h1>')
    t.match(chinese.body, '<dd>能说出国家和学校关于数字教育的主要政策，并知道在哪里查阅。</dd>')
    t.notMatch(chinese.body, ' lang="en">', 'nothing of the IIOE framework falls back to English')

    const english = await browserGet(app, session, '/framework')
    t.match(english.body, '<span class="code">POL</span> Digital education policy <span class="count" id="count-d-')
    t.notMatch(english.body, ' lang="en">I', 'nothing is marked on an English page')
  })

  t.test('the framework title translated wherever a page names it: home, coverage, admin', async (t) => {
    const admin = await signIn(app, 'admin@demo.test')
    const home = await browserGet(app, admin, '/', { 'accept-language': 'fr' })
    t.match(home.body, 'Votre auto-évaluation au regard du référentiel « Référentiel de compétences IIOE pour le personnel de l’enseignement supérieur (modélisé) ».')
    const designer = await signIn(app, 'designer@demo.test')
    const coverage = await browserGet(app, designer, '/design/coverage', { 'accept-language': 'zh' })
    t.match(coverage.body, '能将人提升到IIOE高等教育工作者能力框架（模拟版）每项能力')
    const frameworks = await browserGet(app, admin, '/admin/frameworks', { 'accept-language': 'zh' })
    t.match(frameworks.body, '>IIOE高等教育工作者能力框架（模拟版）</a>')
    t.match(frameworks.body, '<span lang="en">European Framework for the Digital Competence of Educators (DigCompEdu)</span>', 'a framework without translations: English, marked')
  })

  t.test('a competency page and the catalogue in French', async (t) => {
    const session = await signIn(app, 'admin@demo.test')
    const competency = await db.selectFrom('competencies').select('id').where('code', '=', 'CUR.2').orderBy('id').executeTakeFirstOrThrow()
    const page = await browserGet(app, session, `/framework/${competency.id}`, { 'accept-language': 'fr' })
    t.equal(page.statusCode, 200)
    t.match(page.body, '<title>CUR.2 Évaluer l’apprentissage par la performance en cours de processus · Suivi des compétences</title>')
    t.match(page.body, '<span class="code">CUR.2.a</span> Définit des critères et des grilles pour l’évaluation du processus</li>')
    t.match(page.body, '<dd>Combine des traces du processus (brouillons, messages de forum, relevés d’activité) avec des grilles d’évaluation pour évaluer et donner un retour.</dd>', 'level descriptors translated')
    t.match(page.body, '<option value="1">1 Se préparer</option>', 'target options translated')

    const catalogue = await browserGet(app, session, '/programmes', { 'accept-language': 'fr' })
    t.match(catalogue.body, 'Premiers pas dans l’enseignement en ligne et hybride</a> <span class="code">IIOE-TPD-101</span>')
    t.match(catalogue.body, 'Atelier de refonte de cours hybrides</a> <span class="code">IIOE-TPD-201</span>')
    t.notMatch(catalogue.body, ' lang="en">', 'every shipped programme has a French title')

    const programme = await db.selectFrom('programmes').select('id').where('code', '=', 'IIOE-TPD-101').executeTakeFirstOrThrow()
    const detail = await browserGet(app, session, `/programmes/${programme.id}`, { 'accept-language': 'zh' })
    t.match(detail.body, '<h1>在线与混合式教学入门 <span class="code">IIOE-TPD-101</span></h1>')
    t.equal(htmlLang(detail.body), 'zh')
    t.match(detail.body, '<p>简短的自定进度入门课程：平台工具、', 'the description translated')
    t.match(detail.body, '<span class="code">DIG.1</span> 使用核心数字工具与平台</a>')
    t.match(detail.body, '8 学时 · 线上 · 英语、法语、中文')
  })

  t.test('a programme without translations (one a designer added) falls back to English marked lang="en"', async (t) => {
    const session = await signIn(app, 'admin@demo.test')
    const added = await db
      .insertInto('programmes')
      .values({ code: 'TEST-EN-ONLY', title: 'Only in English', provider: 'Test', mode: 'online', hours: 2, languages: JSON.stringify(['en']), description: 'Written in English only.', translations: JSON.stringify({}), published: true, catalogue: 'edited' })
      .returning('id')
      .executeTakeFirstOrThrow()
    t.teardown(() => db.deleteFrom('programmes').where('id', '=', added.id).execute())
    const catalogue = await browserGet(app, session, '/programmes', { 'accept-language': 'fr' })
    t.match(catalogue.body, new RegExp(`<a href="/programmes/${added.id}\\?framework=\\d+"><span lang="en">Only in English</span></a>`))
    const detail = await browserGet(app, session, `/programmes/${added.id}`, { 'accept-language': 'zh' })
    t.match(detail.body, '<p><span lang="en">Written in English only.</span></p>')
    const translated = await db.selectFrom('programmes').select('id').where('code', '=', 'IIOE-QA-210').executeTakeFirstOrThrow()
    const french = await browserGet(app, session, `/programmes/${translated.id}`, { 'accept-language': 'fr' })
    t.match(french.body, '<h1>Revue qualité des cours en ligne <span class="code">IIOE-QA-210</span></h1>')
    t.match(french.body, '<p>Examiner des cours en ligne au regard de critères de qualité, donner aux concepteurs des retours exploitables')
  })

  t.test('role profile names in French and Chinese: plan, target, staff list, staff form and HR filter', async (t) => {
    const admin = await signIn(app, 'admin@demo.test')
    t.match((await browserGet(app, admin, '/plan', { 'accept-language': 'fr' })).body, 'Votre profil de fonction : Responsable académique.')
    t.match((await browserGet(app, admin, '/plan', { 'accept-language': 'zh' })).body, '您的岗位档案：学术管理者。')
    const competency = await db.selectFrom('competencies').select('id').where('code', '=', 'POL.3').orderBy('id').executeTakeFirstOrThrow()
    t.match((await browserGet(app, admin, `/framework/${competency.id}`, { 'accept-language': 'fr' })).body, 'issu de votre profil de fonction (Responsable académique)')

    const hr = await signIn(app, 'hr@demo.test')
    const list = await browserGet(app, hr, '/hr/staff', { 'accept-language': 'zh' })
    t.match(list.body, '<td>学术管理者</td>')
    t.notMatch(list.body, '<td>Teacher</td>')
    const person = await db.selectFrom('users').select('id').where('email', '=', 'lecturer@demo.test').executeTakeFirstOrThrow()
    const form = await browserGet(app, hr, `/hr/staff/${person.id}`, { 'accept-language': 'fr' })
    t.match(form.body, 'selected>Enseignant</option>')
    t.match(form.body, '>Personnel de soutien</option>')
    const dashboard = await browserGet(app, hr, '/hr', { 'accept-language': 'zh' })
    t.match(dashboard.body, '>支持人员</option>')
    t.notMatch(dashboard.body, '>Support staff</option>')
  })

  t.test("a reviewer's validation levels in French and Chinese, as the badge shows them", async (t) => {
    // The first rated lecturer (Amina Okafor) shares her ratings with her reviewer (HR), as Demo University asks.
    await shareRatings(app, 'lecturer@demo.test')
    const hr = await signIn(app, 'hr@demo.test')
    const rated = await db
      .selectFrom('ratings')
      .innerJoin('users', 'users.id', 'ratings.user_id')
      .select('users.id')
      .where('users.email', 'like', '%@demo.test')
      .where('users.role', '=', 'lecturer')
      .orderBy('users.id')
      .executeTakeFirstOrThrow()
    const french = await browserGet(app, hr, `/people/${rated.id}/ratings`, { 'accept-language': 'fr' })
    t.equal(french.statusCode, 200)
    t.match(french.body, /<option value="1"( selected)?>1 Se préparer<\/option>/)
    t.notMatch(french.body, '1 Building readiness</option>')
    const chinese = await browserGet(app, hr, `/people/${rated.id}/ratings`, { 'accept-language': 'zh' })
    t.match(chinese.body, /<option value="2"( selected)?>2 应用与融合<\/option>/)
  })

  t.test('programme and competency titles translated on HR insights, coverage and the programme links table', async (t) => {
    const escape = (text: string) => text.replaceAll('&', '&amp;').replaceAll("'", '&#39;').replaceAll('"', '&quot;').replaceAll('<', '&lt;')
    const programmes = new Map((await db.selectFrom('programmes').select(['id', 'title', 'translations']).execute()).map((row) => [row.id, row]))
    const titlesShown = (body: string, pattern: RegExp) => [...body.matchAll(pattern)].map((match) => ({ programme: programmes.get(Number(match[1]))!, shown: match[2]! }))
    const checkTitles = (shown: ReturnType<typeof titlesShown>, locale: 'fr' | 'zh') => {
      const translated = shown.filter(({ programme }) => programme.translations[locale]?.title !== undefined)
      t.ok(translated.length > 0, `some ${locale} titles to check`)
      for (const { programme, shown: text } of translated) t.equal(text, escape(programme.translations[locale]!.title!), programme.title)
    }

    const hr = await signIn(app, 'hr@demo.test')
    const insights = await browserGet(app, hr, '/hr/insights', { 'accept-language': 'fr' })
    t.equal(insights.statusCode, 200)
    checkTitles(titlesShown(insights.body, /<a href="\/programmes\/(\d+)">([^<]*)<\/a>/g), 'fr')

    const designer = await signIn(app, 'designer@demo.test')
    const coverage = await browserGet(app, designer, '/design/coverage', { 'accept-language': 'zh' })
    t.equal(coverage.statusCode, 200)
    checkTitles(titlesShown(coverage.body, /<a href="\/design\/programmes\/(\d+)"><span class="code">[^<]*<\/span> ([^<]*)<\/a>/g), 'zh')

    const programme = await db.selectFrom('programmes').select('id').where('code', '=', 'IIOE-TPD-101').executeTakeFirstOrThrow()
    const dig1 = await db.selectFrom('competencies').select('translations').where('code', '=', 'DIG.1').orderBy('id').executeTakeFirstOrThrow()
    const links = await browserGet(app, designer, `/design/programmes/${programme.id}`, { 'accept-language': 'fr' })
    t.match(links.body, `<td><span class="code">DIG.1</span> ${escape(dig1.translations['fr']!.title!)}</td>`)
  })

  t.test('CSV exports and the JSON API stay English whatever the language', async (t) => {
    const session = await signIn(app, 'hr@demo.test')
    const csv = await browserGet(app, session, '/hr/insights/participation.csv', { 'accept-language': 'fr' })
    t.equal(csv.statusCode, 200)
    const english = await browserGet(app, session, '/hr/insights/participation.csv')
    t.equal(csv.body, english.body)
    const api = await browserGet(app, session, '/api/v1/framework', { 'accept-language': 'zh' })
    t.equal(api.statusCode, 200)
    t.match(api.body, 'Digital education policy')
  })
})
