import t from 'tap'
import { apiToken, browserGet, browserPost, signIn, startTestApp, type BrowserSession } from '../helpers/app.js'

/** A service's refusal reaches the page in the reader's language; the API keeps the English and adds the reason's code. */
t.test('refusals in French and Chinese', async (t) => {
  const { app, db } = await startTestApp(t)
  const inLanguage = async (email: string, lang: 'fr' | 'zh'): Promise<BrowserSession> => {
    const session = await signIn(app, email)
    await browserGet(app, session, '/')
    await browserPost(app, session, '/language', { lang, next: '/' })
    await browserGet(app, session, '/')
    return session
  }
  const demo = await db.selectFrom('institutions').select('id').where('name', '=', 'Demo University').executeTakeFirstOrThrow()
  const department = await db.selectFrom('departments').select('name').where('institution_id', '=', demo.id).orderBy('name').executeTakeFirstOrThrow()
  const eco3 = await db.selectFrom('competencies').innerJoin('frameworks', 'frameworks.id', 'competencies.framework_id').select('competencies.id').where('frameworks.slug', '=', 'iioe-hew').where('code', '=', 'ECO.3').executeTakeFirstOrThrow()
  const programme = await db.selectFrom('programmes').select('id').where('code', '=', 'IIOE-TPD-201').executeTakeFirstOrThrow()
  const published = await db.selectFrom('programmes').select('id').where('published', '=', true).orderBy('code').executeTakeFirstOrThrow()
  const newProgramme = { code: 'IIOE-TPD-201', title: 'Copie', provider: 'IIOE', mode: 'online', hours: '4', languages: 'en' }

  t.test('the designer: a programme code already used, and a link whose levels go backwards', async (t) => {
    const french = await inLanguage('designer@demo.test', 'fr')
    const taken = await browserPost(app, french, '/design/programmes', newProgramme)
    t.equal(taken.statusCode, 409)
    t.match(taken.body, 'Le code IIOE-TPD-201 est déjà utilisé par une autre formation : choisissez-en un autre')
    const backwards = await browserPost(app, french, `/design/programmes/${programme.id}/links`, { competencyId: String(eco3.id), fromLevel: '3', toLevel: '2' })
    t.equal(backwards.statusCode, 422)
    t.match(backwards.body, 'ECO.3 : le niveau d’arrivée 2 doit être supérieur au niveau de départ 3')

    const chinese = await inLanguage('designer@demo.test', 'zh')
    const takenZh = await browserPost(app, chinese, '/design/programmes', newProgramme)
    t.match(takenZh.body, '代码 IIOE-TPD-201 已被另一个项目使用：请换一个')
    const backwardsZh = await browserPost(app, chinese, `/design/programmes/${programme.id}/links`, { competencyId: String(eco3.id), fromLevel: '3', toLevel: '2' })
    t.match(backwardsZh.body, 'ECO.3：目标水平 2 必须高于起始水平 3')
    t.notMatch(backwardsZh.body, 'must be above')
  })

  t.test('HR: a department already there, an email already on the staff list', async (t) => {
    const french = await inLanguage('hr@demo.test', 'fr')
    const duplicate = await browserPost(app, french, '/hr/departments', { name: department.name })
    t.equal(duplicate.statusCode, 409)
    t.match(duplicate.body, `Il existe déjà un département « ${department.name} »`)
    const email = await browserPost(app, french, '/hr/staff', { email: 'lecturer@demo.test', name: 'Quelqu’un', role: 'lecturer' })
    t.equal(email.statusCode, 409)
    t.match(email.body, 'lecturer@demo.test figure déjà dans votre liste du personnel')

    const chinese = await inLanguage('hr@demo.test', 'zh')
    const duplicateZh = await browserPost(app, chinese, '/hr/departments', { name: department.name })
    t.match(duplicateZh.body, `已有名为“${department.name}”的部门`)
    const emailZh = await browserPost(app, chinese, '/hr/staff', { email: 'lecturer@demo.test', name: '某人', role: 'lecturer' })
    t.match(emailZh.body, 'lecturer@demo.test 已在您的教职员工名单中')
  })

  t.test('the lecturer: a programme already in the activity log, as a page and as an htmx fragment', async (t) => {
    const french = await inLanguage('lecturer@demo.test', 'fr')
    const first = await browserPost(app, french, '/activities', { programmeId: String(published.id), status: 'planned' })
    t.equal(first.statusCode, 303)
    const activity = Number(/saved=(\d+)/.exec(String(first.headers.location))![1])
    const again = await browserPost(app, french, '/activities', { programmeId: String(published.id), status: 'planned' }, { 'hx-request': 'true' })
    t.equal(again.statusCode, 409)
    t.match(again.body, `Cette formation est déjà dans votre journal (activité ${activity}) : modifiez plutôt celle-ci`)

    const chinese = await inLanguage('lecturer@demo.test', 'zh')
    const againZh = await browserPost(app, chinese, '/activities', { programmeId: String(published.id), status: 'planned' })
    t.equal(againZh.statusCode, 409)
    t.match(againZh.body, `此项目已在您的记录中（活动 ${activity}）：请修改该活动`)

    t.equal((await browserPost(app, chinese, `/activities/${activity}/status`, { status: 'completed' })).statusCode, 303)
    const backwards = await browserPost(app, chinese, `/activities/${activity}/status`, { status: 'planned' })
    t.equal(backwards.statusCode, 409)
    t.match(backwards.body, '已完成的活动不能改回其他状态；如需再次参加，请新建一项活动')
  })

  t.test('HR: a person, a programme and a department that are not there, by number and by a word typed in the address', async (t) => {
    const french = await inLanguage('hr@demo.test', 'fr')
    const person = await browserGet(app, french, '/hr/staff/999999')
    t.equal(person.statusCode, 404)
    t.match(person.body, 'Il n’y a pas de membre du personnel 999999 dans votre établissement')
    t.notMatch(person.body, 'There is no')
    const programmeFr = await browserGet(app, french, '/programmes/999999')
    t.equal(programmeFr.statusCode, 404)
    t.match(programmeFr.body, 'Il n’y a pas de formation 999999')
    const departmentFr = await browserGet(app, french, '/hr/departments/abc')
    t.equal(departmentFr.statusCode, 404)
    t.match(departmentFr.body, 'Il n’y a pas de département « abc » dans votre établissement')

    const chinese = await inLanguage('hr@demo.test', 'zh')
    const personZh = await browserGet(app, chinese, '/hr/staff/999999')
    t.equal(personZh.statusCode, 404)
    t.match(personZh.body, '您的院校中没有编号为 999999 的教职员工')
    t.notMatch(personZh.body, 'There is no')
    const programmeZh = await browserGet(app, chinese, '/programmes/999999', { 'hx-request': 'true' })
    t.equal(programmeZh.statusCode, 404)
    t.match(programmeZh.body, '没有编号为 999999 的项目')

    const english = await signIn(app, 'hr@demo.test')
    await browserPost(app, english, '/language', { lang: 'en', next: '/' })
    const programmeEn = await browserGet(app, english, '/programmes/999999')
    t.equal(programmeEn.statusCode, 404)
    t.match(programmeEn.body, 'There is no programme 999999')
  })

  t.test('the API says a thing that is not there in English, with the reason notFound', async (t) => {
    const hr = { authorization: `Bearer ${await apiToken(app, 'hr@demo.test')}`, 'accept-language': 'zh' }
    const response = await app.inject({ method: 'GET', url: '/api/v1/programmes/999999', headers: hr })
    t.equal(response.statusCode, 404)
    t.same(response.json(), { error: { code: 'not_found', message: 'There is no programme 999999', reason: 'notFound' } })
  })

  t.test('the API keeps the English message and its code, and adds the reason', async (t) => {
    const hr = { authorization: `Bearer ${await apiToken(app, 'hr@demo.test')}`, 'accept-language': 'fr' }
    const response = await app.inject({ method: 'POST', url: '/api/v1/institution/staff', headers: hr, payload: { email: 'lecturer@demo.test', name: 'Again' } })
    t.equal(response.statusCode, 409)
    t.same(response.json(), { error: { code: 'conflict', message: 'lecturer@demo.test is already on your staff list', reason: 'emailOnStaffList' } })
  })
})
