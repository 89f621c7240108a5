import t from 'tap'
import { FRAMEWORK_BODY_LIMIT } from '../../server/http/body-limits.js'
import { browserGet, signIn, startTestApp, type BrowserSession } from '../helpers/app.js'
import { casePackage } from '../helpers/case-packages.js'
import { multipart } from '../helpers/multipart.js'

async function post(app: Parameters<typeof browserGet>[0], session: BrowserSession, url: string, fields: Record<string, string>, files: [string, string, Uint8Array][] = [], headers: Record<string, string> = {}) {
  const { payload, contentType } = multipart({ _csrf: session.csrf, ...fields }, files)
  return app.inject({ method: 'POST', url, cookies: session.cookies, headers: { 'content-type': contentType, ...headers }, payload })
}

const PACKAGE = casePackage([{ n: 1, parent: 0, code: 'A' }, { n: 2, parent: 1, code: 'A.1' }, { n: 3, parent: 2, code: 'A.1.a' }])
const bytes = (text: string) => new TextEncoder().encode(text)

t.test('the admin uploads a CASE package as a file, with and without a form token in the body', async (t) => {
  const { app, db } = await startTestApp(t)
  const admin = await signIn(app, 'admin@demo.test')
  await browserGet(app, admin, '/admin/frameworks')
  const count = async () => Number((await db.selectFrom('frameworks').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n)
  const before = await count()

  // Nothing chosen, nothing pasted: said, in the form.
  const nothing = await post(app, admin, '/admin/frameworks/import', { package: '', rated: 'auto' }, [['packageFile', '', new Uint8Array()]])
  t.equal(nothing.statusCode, 422)
  t.match(nothing.body, 'Choose a file, or paste a package.')

  // Not UTF-8 (Latin-1 bytes): said, in the reader's language; nothing stored.
  admin.cookies['lang'] = 'fr'
  const latin1 = await post(app, admin, '/admin/frameworks/import', { rated: 'auto' }, [['packageFile', 'latin1.json', Uint8Array.from([0x7b, 0x22, 0xe9, 0x22, 0x7d])]])
  t.equal(latin1.statusCode, 422)
  t.match(latin1.body, 'Le fichier n’est pas du texte UTF-8')
  admin.cookies['lang'] = 'en'

  // An HTML page named .json is not JSON: refused, and not echoed into the page.
  const html = await post(app, admin, '/admin/frameworks/import', { rated: 'auto' }, [['packageFile', 'evil.json', bytes('<script>alert(1)</script>')]])
  t.equal(html.statusCode, 422)
  t.match(html.body, 'This is not JSON')
  t.notMatch(html.body, '<script>alert(1)</script>')

  // Too large: 413 with the limit, in the reader's language; nothing stored.
  admin.cookies['lang'] = 'zh'
  const large = await post(app, admin, '/admin/frameworks/import', { rated: 'auto' }, [['packageFile', 'large.json', new Uint8Array(FRAMEWORK_BODY_LIMIT + 1).fill(0x20)]])
  t.equal(large.statusCode, 413)
  t.match(large.body, '文件过大')
  admin.cookies['lang'] = 'en'
  // Two files where the form takes one; a file where the address takes none.
  t.equal((await post(app, admin, '/admin/frameworks/import', {}, [['packageFile', 'a.json', bytes('{}')], ['packageFile', 'b.json', bytes('{}')]])).statusCode, 413)
  t.equal((await post(app, admin, '/language', { lang: 'fr', next: '/' }, [['file', 'x.json', bytes('{}')]])).statusCode, 415, 'an address that takes no file takes no multipart')
  // A multipart form without its boundary, and one cut short: 400 that says so (not a 500), in the reader's language.
  const cut = await multipart({ _csrf: admin.csrf, rated: 'auto' }, [['packageFile', 'p.json', bytes(JSON.stringify(PACKAGE))]])
  for (const [what, contentType, payload] of [
    ['no boundary', 'multipart/form-data', cut.payload],
    ['cut short', cut.contentType, cut.payload.subarray(0, cut.payload.length - 200)],
  ] as const) {
    admin.cookies['lang'] = 'fr'
    const refused = await app.inject({ method: 'POST', url: '/admin/frameworks/import', cookies: admin.cookies, headers: { 'content-type': contentType, 'x-csrf-token': admin.csrf }, payload })
    t.equal(refused.statusCode, 400, what)
    t.match(refused.body, 'Le formulaire n’a pas pu être lu', what)
    admin.cookies['lang'] = 'en'
  }
  t.equal(await count(), before, 'nothing was stored')

  // Without the form token: refused before anything is read into the database.
  const { payload, contentType } = multipart({ rated: 'auto' }, [['packageFile', 'p.json', bytes(JSON.stringify(PACKAGE))]])
  t.equal((await app.inject({ method: 'POST', url: '/admin/frameworks/import', cookies: admin.cookies, headers: { 'content-type': contentType }, payload })).statusCode, 403)
  // Not signed in: not let in at all.
  const anonymous = await app.inject({ method: 'POST', url: '/admin/frameworks/import', headers: { 'content-type': contentType }, payload })
  t.same([anonymous.statusCode, anonymous.headers.location], [303, '/login'])
  t.equal(await count(), before)

  // The file, with a byte order mark, read with the choice made beside it (depth 3): loaded.
  const loaded = await post(app, admin, '/admin/frameworks/import', { package: 'ignored when a file is chosen', rated: 'depth', depth: '3' }, [['packageFile', 'package.json', bytes(`\uFEFF${JSON.stringify(PACKAGE)}`)]])
  t.equal(loaded.statusCode, 201, loaded.body.slice(0, 300))
  t.match(loaded.body, 'Imported edition-speciale version 2020-01-01. 1 competency is rated; 2 domains group it and 0 indicators describe it.')
  t.equal(await count(), before + 1)
  const kinds = await db.selectFrom('competencies').innerJoin('frameworks', 'frameworks.id', 'competencies.framework_id').select(['code', 'kind']).where('frameworks.slug', '=', 'edition-speciale').orderBy('code').execute()
  t.same(kinds, [{ code: 'A', kind: 'domain' }, { code: 'A.1', kind: 'domain' }, { code: 'A.1.a', kind: 'competency' }])

  // With htmx (the token in the header): the fragment.
  const again = await post(app, admin, '/admin/frameworks/import', { rated: 'depth', depth: '3' }, [['packageFile', 'package.json', bytes(JSON.stringify(PACKAGE))]], { 'hx-request': 'true', 'x-csrf-token': admin.csrf })
  t.equal(again.statusCode, 200)
  t.match(again.body, /^<div id="frameworks-admin">/)
  t.match(again.body, 'edition-speciale version 2020-01-01 was already loaded with the same content')
})
