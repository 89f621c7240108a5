import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { sql, type Kysely } from 'kysely'
import t from 'tap'
import type { Database } from '../../server/db/schema.js'
import { FRAMEWORK_DATA_DIR } from '../../server/services/data-files.js'
import { apiToken, browserGet, browserPost, rowCounts, signIn, startTestApp } from '../helpers/app.js'

const shipped = JSON.parse(await readFile(path.join(FRAMEWORK_DATA_DIR, 'frameworks', 'iioe-hew.json'), 'utf8'))

/** A checksum of every rating and current rating of a framework version: proves the history is untouched. */
async function historyChecksum(db: Kysely<Database>, frameworkId: number): Promise<string> {
  const { rows } = await sql<{ ratings: string; current: string; n: string }>`
    select
      (select md5(coalesce(string_agg(concat_ws('|', r.id, r.institution_id, r.user_id, r.competency_id, r.level, r.evidence, r.evidence_url, r.source, r.rated_by, r.created_at, r.carried_from), ',' order by r.id), ''))
         from ratings r join competencies c on c.id = r.competency_id where c.framework_id = ${frameworkId}) as ratings,
      (select md5(coalesce(string_agg(concat_ws('|', cr.user_id, cr.competency_id, cr.level, cr.rating_id, cr.updated_at), ',' order by cr.user_id, cr.competency_id), ''))
         from current_ratings cr join competencies c on c.id = cr.competency_id where c.framework_id = ${frameworkId}) as current,
      (select count(*) from ratings r join competencies c on c.id = r.competency_id where c.framework_id = ${frameworkId}) as n`.execute(db)
  return `${rows[0]!.n}:${rows[0]!.ratings}:${rows[0]!.current}`
}

/** The shipped IIOE framework as a new version: its first competency renamed, its second retired. */
function nextVersion(version: string) {
  const file = structuredClone(shipped)
  file.version = version
  const domain = file.nodes[0]
  const renamed = domain.children[0].code as string
  const retired = domain.children[1].code as string
  domain.children[0].code = `${renamed}X`
  domain.children.splice(1, 1)
  return { file, renamed, retired }
}

t.test('a new version with a code map: institutions move, ratings and targets are carried, the old history stays byte for byte', async (t) => {
  const { app, db } = await startTestApp(t)
  const [admin, hr, lecturer] = await Promise.all([apiToken(app, 'admin@demo.test'), apiToken(app, 'hr@demo.test'), apiToken(app, 'lecturer@demo.test')])
  const as = (token: string) => ({ authorization: `Bearer ${token}` })
  const old = await db.selectFrom('frameworks').select('id').where('slug', '=', 'iioe-hew').executeTakeFirstOrThrow()
  const { file, renamed, retired } = nextVersion('2026.1')
  const codeOf = async (code: string) => (await db.selectFrom('competencies').select('id').where('framework_id', '=', old.id).where('code', '=', code).executeTakeFirstOrThrow()).id

  // The lecturer's own target on the renamed competency, to be carried.
  const renamedId = await codeOf(renamed)
  const retiredId = await codeOf(retired)
  t.equal((await app.inject({ method: 'PUT', url: `/api/v1/me/targets/${renamedId}`, headers: as(lecturer), payload: { level: 3 } })).statusCode, 200)

  const current = await db
    .selectFrom('current_ratings')
    .innerJoin('competencies', 'competencies.id', 'current_ratings.competency_id')
    .select(['current_ratings.user_id', 'current_ratings.competency_id', 'current_ratings.level', 'current_ratings.rating_id', 'competencies.code'])
    .where('competencies.framework_id', '=', old.id)
    .execute()
  const onRetired = current.filter((row) => row.competency_id === retiredId).length
  t.ok(onRetired > 0 && current.length > 100, `${current.length} current ratings, ${onRetired} on the retired competency`)
  const profileTargets = await db
    .selectFrom('role_profile_targets')
    .innerJoin('role_profiles', 'role_profiles.id', 'role_profile_targets.role_profile_id')
    .select(['role_profile_targets.competency_id'])
    .where('role_profiles.framework_id', '=', old.id)
    .execute()
  const before = await historyChecksum(db, old.id)

  // Refused: a map naming unknown codes reports every bad entry; nothing stored.
  const counts = await rowCounts(db)
  const bad = await app.inject({
    method: 'POST',
    url: `/api/v1/frameworks/${old.id}/versions`,
    headers: as(admin),
    payload: { framework: file, codeMap: { 'NO.SUCH': `${renamed}X`, [renamed]: 'NOT.THERE', [file.nodes[0].code]: null } },
  })
  t.equal(bad.statusCode, 422)
  t.same(
    bad.json().error.details.map((detail: { pointer: string; message: string }) => detail.pointer),
    ['/codeMap/NO.SUCH', `/codeMap/${renamed}`, `/codeMap/${file.nodes[0].code}`],
    'every bad entry',
  )
  const otherSlug = await app.inject({ method: 'POST', url: `/api/v1/frameworks/${old.id}/versions`, headers: as(admin), payload: { framework: { ...file, id: 'other-slug' }, codeMap: {} } })
  t.equal(otherSlug.statusCode, 422)
  t.match(otherSlug.json().error.details, [{ pointer: '/framework/id' }])
  t.equal((await app.inject({ method: 'POST', url: `/api/v1/frameworks/${old.id}/versions`, headers: as(hr), payload: { framework: file, codeMap: {} } })).statusCode, 403)
  t.same(await rowCounts(db), counts, 'nothing stored by a refused version')

  const response = await app.inject({ method: 'POST', url: `/api/v1/frameworks/${old.id}/versions`, headers: as(admin), payload: { framework: file, codeMap: { [renamed]: `${renamed}X`, [retired]: null } } })
  t.equal(response.statusCode, 201, response.body)
  const outcome = response.json()
  const expected = current.length - onRetired
  t.match(outcome, { slug: 'iioe-hew', version: '2026.1', counts: { ratings: expected, retired: onRetired, skipped: 0, personalTargets: 1 } })
  t.equal(outcome.institutions.length, 2, 'both demo institutions moved')
  t.equal(outcome.codeMap[renamed], `${renamed}X`)
  t.equal(outcome.codeMap[retired], null)

  const carried = await db
    .selectFrom('ratings')
    .innerJoin('ratings as origin', 'origin.id', 'ratings.carried_from')
    .innerJoin('competencies as to', 'to.id', 'ratings.competency_id')
    .innerJoin('competencies as from', 'from.id', 'origin.competency_id')
    .select(['ratings.level', 'origin.level as originLevel', 'ratings.user_id', 'origin.user_id as originUser', 'ratings.created_at', 'origin.created_at as originAt', 'to.code as toCode', 'from.code as fromCode', 'to.framework_id'])
    .execute()
  t.equal(carried.length, expected, 'carried ratings = current ratings of codes not retired')
  t.ok(carried.every((row) => row.framework_id === outcome.id && row.level === row.originLevel && row.user_id === row.originUser && String(row.created_at) === String(row.originAt)), 'each carried rating keeps its level, person and date, on the new version')
  t.ok(carried.every((row) => row.toCode === (row.fromCode === renamed ? `${renamed}X` : row.fromCode)), 'codes follow the map')
  t.notOk(carried.some((row) => row.fromCode === retired), 'the retired competency is not carried')
  const newCurrent = await db.selectFrom('current_ratings').innerJoin('ratings', 'ratings.id', 'current_ratings.rating_id').innerJoin('competencies', 'competencies.id', 'current_ratings.competency_id').select(['ratings.carried_from']).where('competencies.framework_id', '=', outcome.id).execute()
  t.equal(newCurrent.length, expected, 'current ratings of the new version')
  t.ok(newCurrent.every((row) => row.carried_from !== null), 'each naming its origin')
  t.equal(await historyChecksum(db, old.id), before, 'the old version\'s ratings and current ratings are byte-identical')

  const institutions = await db.selectFrom('institutions').select('framework_id').execute()
  t.ok(institutions.every((row) => row.framework_id === outcome.id), 'institutions rate against the new version')
  const newTargets = await db
    .selectFrom('role_profile_targets')
    .innerJoin('role_profiles', 'role_profiles.id', 'role_profile_targets.role_profile_id')
    .select('role_profile_targets.competency_id')
    .where('role_profiles.framework_id', '=', outcome.id)
    .execute()
  t.equal(newTargets.length, profileTargets.length - profileTargets.filter((row) => row.competency_id === retiredId).length, 'role profile targets carried, the retired one left out')
  const stillOld = await db.selectFrom('users').innerJoin('role_profiles', 'role_profiles.id', 'users.role_profile_id').select('users.id').where('role_profiles.framework_id', '=', old.id).execute()
  t.equal(stillOld.length, 0, 'everyone moved to the new role profiles')

  const mine = await app.inject({ method: 'GET', url: '/api/v1/me/targets', headers: as(lecturer) })
  const renamedNew = await db.selectFrom('competencies').select('id').where('framework_id', '=', outcome.id).where('code', '=', `${renamed}X`).executeTakeFirstOrThrow()
  t.same(mine.json().filter((target: { source: string }) => target.source === 'personal'), [{ competencyId: renamedNew.id, level: 3, source: 'personal' }], "the lecturer's own target carried to the renamed code")
  const ratings = await app.inject({ method: 'GET', url: '/api/v1/me/ratings', headers: as(lecturer) })
  t.equal(ratings.statusCode, 200)
  t.ok(ratings.json().length > 0, 'the lecturer sees their carried ratings')

  const audit = await db.selectFrom('audit_log').select(['institution_id']).where('action', '=', 'framework.version').execute()
  t.equal(audit.length, 3, 'audited per institution and once globally')

  const again = await app.inject({ method: 'POST', url: `/api/v1/frameworks/${old.id}/versions`, headers: as(admin), payload: { framework: file, codeMap: {} } })
  t.equal(again.statusCode, 409, 'the same version string twice')

  // An admin moves Demo College back to the old version (by equal codes), then forward again (by the recorded map).
  const college = await db.selectFrom('institutions').select('id').where('name', '=', 'Demo College').executeTakeFirstOrThrow()
  const adminPages = await signIn(app, 'admin@demo.test')
  t.equal((await browserPost(app, adminPages, `/admin/institutions/${college.id}/framework`, { frameworkId: String(old.id) })).statusCode, 303)
  t.equal(await historyChecksum(db, old.id), before, 'going back adds nothing to the old version: its ratings were never removed')
  const forward = await app.inject({ method: 'POST', url: `/admin/institutions/${college.id}/framework`, headers: as(admin), payload: { frameworkId: String(outcome.id) } })
  t.equal(forward.statusCode, 303)
  const moves = await db.selectFrom('audit_log').select('data').where('action', '=', 'framework.version').where('institution_id', '=', college.id).orderBy('id').execute()
  t.match(
    moves.map((entry) => entry.data),
    [{ to: { version: '2026.1' } }, { to: { id: old.id }, ratings: 0 }, { to: { id: outcome.id }, ratings: 0 }],
    'each move audited; nothing carried twice (the people already have ratings on the version they return to)',
  )
  t.equal((await db.selectFrom('institutions').select('framework_id').where('id', '=', college.id).executeTakeFirstOrThrow()).framework_id, outcome.id)

  const list = (await app.inject({ method: 'GET', url: '/api/v1/frameworks', headers: as(lecturer) })).json()
  t.same(
    list.filter((row: { slug: string }) => row.slug === 'iioe-hew').map((row: { version: string; latest: boolean; versions: number }) => [row.version, row.latest, row.versions]),
    [
      ['2026.1', true, 2],
      ['2021.1-provisional', false, 2],
    ],
    'both versions listed, the new one latest',
  )
})

t.test('the admin pages: import and new version forms, without JavaScript and with htmx', async (t) => {
  const { app, db } = await startTestApp(t)
  const admin = await signIn(app, 'admin@demo.test')
  const old = await db.selectFrom('frameworks').select('id').where('slug', '=', 'iioe-hew').executeTakeFirstOrThrow()

  const list = await browserGet(app, admin, '/admin/frameworks')
  t.equal(list.statusCode, 200)
  t.match(list.body, `href="/api/v1/frameworks/${old.id}/case"`)
  t.match(list.body, `href="/admin/frameworks/${old.id}"`)

  const counts = await rowCounts(db)
  const notJson = await browserPost(app, admin, '/admin/frameworks/import', { package: '{"CFDocument": ' })
  t.equal(notJson.statusCode, 422)
  t.match(notJson.body, 'This is not JSON')
  t.match(notJson.body, '{&quot;CFDocument&quot;: </textarea>', 'the input is kept')
  const invalid = await browserPost(app, admin, '/admin/frameworks/import', { package: JSON.stringify({ CFDocument: { identifier: 'x' } }) })
  t.equal(invalid.statusCode, 422)
  t.match(invalid.body, /problems; nothing was stored/)
  t.match(invalid.body, "must have required property &#39;uri&#39;")
  t.same(await rowCounts(db), counts, 'nothing stored')

  const pkg = await readFile(new URL('../fixtures/case/packages/Utf8TestFramework.json', import.meta.url), 'utf8')
  // The conversion has notes (a default scale, no rubric): without JavaScript the answer is the page that shows them, not a redirect that would lose them.
  const imported = await browserPost(app, admin, '/admin/frameworks/import', { package: pkg })
  t.equal(imported.statusCode, 201)
  t.match(imported.body, /Imported [a-z0-9-]+ version/)
  t.match(imported.body, /<div class="saved" role="status"><p>Imported [^<]+<\/p><ul><li>/, 'with the notes listed')
  const htmx = await browserPost(app, admin, '/admin/frameworks/import', { package: pkg }, { 'hx-request': 'true' })
  t.equal(htmx.statusCode, 200)
  t.match(htmx.body, /^<div id="frameworks-admin">/, 'htmx gets the fragment')
  t.match(htmx.body, 'already loaded with the same content')

  const page = await browserGet(app, admin, `/admin/frameworks/${old.id}`)
  t.equal(page.statusCode, 200)
  const { file, renamed } = nextVersion('2026.2')
  const badMap = await browserPost(app, admin, `/admin/frameworks/${old.id}/versions`, { framework: JSON.stringify(file), codeMap: JSON.stringify({ [renamed]: 'GONE' }) })
  t.equal(badMap.statusCode, 422)
  t.match(badMap.body, `/codeMap/${renamed}`)
  t.match(badMap.body, '&quot;GONE&quot; is not a code of the new version')
  const french = { 'accept-language': 'fr' }
  const badMapFrench = await browserPost(app, admin, `/admin/frameworks/${old.id}/versions`, { framework: JSON.stringify(file), codeMap: JSON.stringify({ [renamed]: 'GONE' }) }, french)
  t.match(badMapFrench.body, '<td>« GONE » n’est pas un code de la nouvelle version</td>', 'our own problems in the reader’s language')
  const invalidFrench = await browserPost(app, admin, '/admin/frameworks/import', { package: JSON.stringify({ CFDocument: { identifier: 'x' } }) }, french)
  t.match(invalidFrench.body, '<td>non conforme au format (détail en anglais) : must have required property &#39;uri&#39;</td>', 'the schema check’s English, introduced in French')
  const neitherChinese = await browserPost(app, admin, '/admin/frameworks/import', { package: '{"title": "x"}' }, { 'accept-language': 'zh' })
  t.match(neitherChinese.body, '<td>既不是 CASE 1.0 包（没有 CFDocument），也不是我们格式的框架文件（没有 nodes）</td>')
  const loaded = await browserPost(app, admin, `/admin/frameworks/${old.id}/versions`, { framework: JSON.stringify(file), codeMap: JSON.stringify({ [renamed]: `${renamed}X` }) })
  t.equal(loaded.statusCode, 303)
  t.match(loaded.headers.location, /^\/admin\/frameworks\/\d+\?moved=2&carried=\d+$/)
  t.match((await browserGet(app, admin, loaded.headers.location as string)).body, 'Version 2026.2 loaded; 2 institutions moved')
  const changed = await browserPost(app, admin, '/admin/frameworks/import', { package: JSON.stringify({ ...file, title: `${file.title} (changed)` }) }, { 'accept-language': 'zh' })
  t.equal(changed.statusCode, 409)
  t.match(changed.body, `${file.id} 2026.2 版已以不同内容加载：请为修改后的框架指定新版本。`)

  const lecturer = await signIn(app, 'lecturer@demo.test')
  t.equal((await browserGet(app, lecturer, '/admin/frameworks')).statusCode, 403)
  const framework = await browserGet(app, lecturer, '/framework')
  t.match(framework.body, /href="\/api\/v1\/frameworks\/\d+\/case"/, 'everyone sees the download links of their framework')
})
