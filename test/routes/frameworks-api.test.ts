import { randomUUID } from 'node:crypto'
import { withCaseIdentifiers } from '../../server/domain/case-identity.js'
import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import { Ajv } from 'ajv'
import addFormats from 'ajv-formats'
import type { Kysely } from 'kysely'
import t from 'tap'
import type { Database } from '../../server/db/schema.js'
import { createFrameworkChecker } from '../../server/domain/framework-file.js'
import { canonicalFramework } from '../../server/domain/framework-rebuild.js'
import { FRAMEWORK_DATA_DIR } from '../../server/services/data-files.js'
import { apiToken, rowCounts, startTestApp } from '../helpers/app.js'

const CASE_DIR = new URL('../fixtures/case/', import.meta.url)
const readJson = async (file: URL | string): Promise<any> => JSON.parse(await readFile(file, 'utf8'))
const ajv = new Ajv({ strict: false, allErrors: true })
addFormats.default(ajv)
const validateCase = ajv.compile(await readJson(new URL('case-v1p0-cfpackage-schema.json', CASE_DIR)))
const checkFramework = createFrameworkChecker(await readJson(path.join(FRAMEWORK_DATA_DIR, 'schema/framework.schema.json')))
const SHIPPED = (await readdir(path.join(FRAMEWORK_DATA_DIR, 'frameworks'))).filter((name) => name.endsWith('.json')).sort()
const PACKAGES = (await readdir(new URL('packages/', CASE_DIR))).filter((name) => name.endsWith('.json')).sort()

/** Every node of a loaded version by code: what a round trip must keep. */
async function outline(db: Kysely<Database>, frameworkId: number) {
  const rows = await db.selectFrom('competencies').selectAll().where('framework_id', '=', frameworkId).orderBy('id').execute()
  const codeOf = new Map(rows.map((row) => [row.id, row.code]))
  return Object.fromEntries(
    rows.map((row) => [
      row.code,
      {
        kind: row.kind,
        title: row.title,
        description: row.description,
        position: row.position,
        parent: row.parent_id === null ? null : codeOf.get(row.parent_id),
        levelDescriptors: Object.fromEntries(Object.entries(row.level_descriptors).map(([level, { translations: _, ...descriptor }]) => [level, descriptor])),
      },
    ]),
  )
}

async function scaleOf(db: Kysely<Database>, frameworkId: number) {
  const { scale } = await db.selectFrom('frameworks').select('scale').where('id', '=', frameworkId).executeTakeFirstOrThrow()
  return { title: scale.title, levels: scale.levels.map(({ translations: _, ...level }) => level) }
}

t.test('the list, the exports and their round trip through import', async (t) => {
  const { app, db } = await startTestApp(t)
  const [lecturer, admin] = await Promise.all([apiToken(app, 'lecturer@demo.test'), apiToken(app, 'admin@demo.test')])
  const as = (token: string) => ({ authorization: `Bearer ${token}` })

  const list = await app.inject({ method: 'GET', url: '/api/v1/frameworks', headers: as(lecturer) })
  t.equal(list.statusCode, 200)
  const frameworks = list.json() as { id: number; slug: string; version: string; competencies: number; latest: boolean; versions: number }[]
  t.same(
    frameworks.map(({ slug, version, latest, versions }) => ({ slug, version, latest, versions })),
    [
      { slug: 'digcompedu', version: '2017', latest: true, versions: 1 },
      { slug: 'iioe-hew', version: '2021.1-provisional', latest: true, versions: 1 },
      { slug: 'iioe-qa', version: '1.0-provisional', latest: true, versions: 1 },
      { slug: 'unesco-ict-cft', version: '3.0', latest: true, versions: 1 },
    ],
  )
  t.same(frameworks.map((framework) => framework.competencies), [22, 33, 61, 6], 'rateable competencies counted (ICT-CFT: six aspects, its modules are levels; QA: 61 measurement areas)')

  for (const name of SHIPPED) {
    const shipped = await readJson(path.join(FRAMEWORK_DATA_DIR, 'frameworks', name))
    const original = frameworks.find((framework) => framework.slug === shipped.id)!
    t.test(name, async (t) => {
      const exported = await app.inject({ method: 'GET', url: `/api/v1/frameworks/${original.id}/case`, headers: as(lecturer) })
      t.equal(exported.statusCode, 200)
      t.match(exported.headers['content-disposition'], `attachment; filename="${shipped.id}-${shipped.version}.case.json"`)
      const pkg = exported.json()
      t.ok(validateCase(pkg), 'valid against the CASE 1.0 package schema', { errors: validateCase.errors })
      const again = await app.inject({ method: 'GET', url: `/api/v1/frameworks/${original.id}/case`, headers: as(lecturer) })
      t.equal(again.body, exported.body, 'the same package, identifiers and all, at every export')

      const own = await app.inject({ method: 'GET', url: `/api/v1/frameworks/${original.id}/export`, headers: as(lecturer) })
      t.equal(own.statusCode, 200)
      const ownFile = own.json()
      const checked = checkFramework(ownFile, name)
      t.ok(checked.ok, 'our export is valid against framework.schema.json', { errors: checked.ok ? [] : checked.errors })
      t.equal(canonicalFramework(ownFile), canonicalFramework(withCaseIdentifiers(shipped)), 'our export gives back the shipped file (defaults aside) with the CASE identifiers minted for it')
      const reloaded = await app.inject({ method: 'POST', url: '/api/v1/frameworks/import', headers: as(admin), payload: ownFile })
      t.equal(reloaded.statusCode, 200, 'importing our own export again changes nothing')
      t.match(reloaded.json(), { status: 'unchanged', id: original.id, format: 'framework' })

      // The package names its CASE document: that is this framework, and nothing in it is new.
      const same = await app.inject({ method: 'POST', url: '/api/v1/frameworks/import', headers: as(admin), payload: pkg })
      t.equal(same.statusCode, 200, same.body)
      t.match(same.json(), { status: 'unchanged', id: original.id, format: 'case' })
      // Under another document identifier (a copy another server minted), it loads as a framework of its own: the same tree.
      const copy = { ...pkg, CFDocument: { ...pkg.CFDocument, identifier: randomUUID() } }
      const imported = await app.inject({ method: 'POST', url: '/api/v1/frameworks/import', headers: as(admin), payload: copy })
      t.equal(imported.statusCode, 201, imported.body)
      const outcome = imported.json()
      t.match(outcome, { status: 'loaded', format: 'case', version: shipped.version })
      t.not(outcome.id, original.id)
      t.same(await outline(db, outcome.id), await outline(db, original.id), 'the same tree, node by node: codes, kinds, titles, descriptions, positions, parents, level descriptors')
      t.same(await scaleOf(db, outcome.id), await scaleOf(db, original.id), 'the same scale')

      const twice = await app.inject({ method: 'POST', url: '/api/v1/frameworks/import', headers: as(admin), payload: copy })
      t.equal(twice.statusCode, 200, 'the same package again changes nothing')
      t.equal(twice.json().id, outcome.id)
    })
  }
})

t.test('every conformance package imports through the API', async (t) => {
  const { app, db } = await startTestApp(t)
  const admin = await apiToken(app, 'admin@demo.test')
  t.equal(PACKAGES.length, 9)
  const ids = new Set<number>()
  for (const name of PACKAGES) {
    const response = await app.inject({ method: 'POST', url: '/api/v1/frameworks/import', headers: { authorization: `Bearer ${admin}` }, payload: await readJson(new URL(`packages/${name}`, CASE_DIR)) })
    t.equal(response.statusCode, 201, `${name}: ${response.body.slice(0, 300)}`)
    ids.add(response.json().id)
  }
  t.equal(ids.size, 9, 'nine new framework versions')
  const audit = await db.selectFrom('audit_log').select('entity_id').where('action', '=', 'framework.import').execute()
  t.equal(audit.length, 9, 'each import audited')
})

t.test('refused imports: every error, nothing stored; 409 for other content under a loaded version; admins only', async (t) => {
  const { app, db } = await startTestApp(t)
  const [admin, hr, lecturer] = await Promise.all([apiToken(app, 'admin@demo.test'), apiToken(app, 'hr@demo.test'), apiToken(app, 'lecturer@demo.test')])
  const post = (token: string, payload: object) => app.inject({ method: 'POST', url: '/api/v1/frameworks/import', headers: { authorization: `Bearer ${token}` }, payload })
  const before = await rowCounts(db)
  const good = await readJson(new URL('packages/SequenceNumberFramework.json', CASE_DIR))

  const broken = structuredClone(good)
  delete broken.CFDocument.creator
  broken.CFItems[0].identifier = 42
  delete broken.CFItems[1].uri
  const response = await post(admin, broken)
  t.equal(response.statusCode, 422)
  const body = response.json()
  t.equal(body.error.code, 'invalid_framework')
  t.same(
    body.error.details.map((detail: { pointer: string }) => detail.pointer).sort(),
    ['/CFDocument', '/CFItems/0/identifier', '/CFItems/1'],
    'every error, by JSON pointer',
  )
  t.match(body.error.details, [{ message: String }, { message: String }, { message: String }])

  const ours = await readJson(path.join(FRAMEWORK_DATA_DIR, 'frameworks', 'digcompedu.json'))
  const halfPair = await post(admin, { ...ours, version: '\ud83d' })
  t.equal(halfPair.statusCode, 422, 'text that is not well-formed Unicode is refused')
  t.match(halfPair.json().error.details, [{ pointer: '/version', message: /surrogate/ }])
  t.equal((await app.inject({ url: '/api/v1/frameworks/1%20/export', headers: { authorization: `Bearer ${lecturer}` } })).statusCode, 400, 'a framework id is digits only')
  const badOwn = { ...ours, id: 'Not A Slug', scale: { levels: [{ level: 1, label: 'Only', description: 'one level' }] } }
  const own = await post(admin, badOwn)
  t.equal(own.statusCode, 422)
  t.same(own.json().error.details.map((detail: { pointer: string }) => detail.pointer).sort(), ['/id', '/scale/levels'])

  const neither = await post(admin, { hello: 'world' })
  t.equal(neither.statusCode, 422)
  t.match(neither.json().error.message, /neither a CASE 1.0 package/)

  const changed = await post(admin, { ...ours, title: 'DigCompEdu, retitled without a new version' })
  t.equal(changed.statusCode, 409)
  t.match(changed.json().error.message, /already loaded with different content/)

  t.equal((await post(hr, good)).statusCode, 403, 'HR may not import')
  t.equal((await post(lecturer, good)).statusCode, 403, 'a lecturer may not import')
  t.same(await rowCounts(db), before, 'nothing stored by any refused import')

  const missing = await app.inject({ method: 'GET', url: '/api/v1/frameworks/999999/case', headers: { authorization: `Bearer ${lecturer}` } })
  t.equal(missing.statusCode, 404)
})
