import { randomUUID } from 'node:crypto'
import t from 'tap'
import { apiToken, browserGet, browserPost, signIn, startTestApp } from '../helpers/app.js'

const AT = '2026-03-01T10:00:00Z'

interface Item {
  readonly identifier: string
  readonly code: string
  readonly statement: string
  readonly parent: string
}

/** A CASE package of a document and its items (each under its parent's identifier, the document's for the top). */
function casePackage(doc: string, version: string, items: readonly Item[], title = 'Reimport Framework') {
  const uri = (identifier: string) => `https://case.example/uri/${identifier}`
  const position = new Map<string, number>()
  return {
    CFDocument: { identifier: doc, uri: uri(doc), creator: 'Case Example', title, version, adoptionStatus: 'Adopted', language: 'en', lastChangeDateTime: AT },
    CFItems: items.map((item) => ({ identifier: item.identifier, uri: uri(item.identifier), humanCodingScheme: item.code, fullStatement: item.statement, lastChangeDateTime: AT })),
    CFAssociations: items.map((item) => {
      const sequence = (position.get(item.parent) ?? 0) + 1
      position.set(item.parent, sequence)
      return {
        identifier: randomUUID(),
        uri: uri(`a-${item.identifier}`),
        associationType: 'isChildOf',
        originNodeURI: { title: item.code, identifier: item.identifier, uri: uri(item.identifier) },
        destinationNodeURI: { title: item.parent, identifier: item.parent, uri: uri(item.parent) },
        sequenceNumber: sequence,
        lastChangeDateTime: AT,
      }
    }),
  }
}

t.test('our own export imports back as the same framework, unchanged', async (t) => {
  const { app, db } = await startTestApp(t)
  const admin = { authorization: `Bearer ${await apiToken(app, 'admin@demo.test')}` }
  const before = await db.selectFrom('frameworks').select(['id', 'slug']).orderBy('id').execute()
  for (const { id, slug } of before) {
    for (const url of [`/api/v1/frameworks/${id}/case`, `/api/v1/frameworks/${id}/case?version=1.1`, `/api/v1/frameworks/${id}/export`]) {
      const exported = (await app.inject({ method: 'GET', url, headers: admin })).json()
      const again = await app.inject({ method: 'POST', url: '/api/v1/frameworks/import', headers: admin, payload: exported })
      t.equal(again.statusCode, 200, `${slug} ${url}: ${again.body.slice(0, 300)}`)
      t.match(again.json(), { status: 'unchanged', id, slug })
    }
  }
  t.same(await db.selectFrom('frameworks').select(['id', 'slug']).orderBy('id').execute(), before, 'no framework was added')
})

t.test('a package of a loaded CASE document is its next version, and every rating stays with its item by identifier', async (t) => {
  const { app, db } = await startTestApp(t)
  const admin = { authorization: `Bearer ${await apiToken(app, 'admin@demo.test')}` }
  const hr = { authorization: `Bearer ${await apiToken(app, 'hr@demo.test')}` }
  const lecturer = { authorization: `Bearer ${await apiToken(app, 'lecturer@demo.test')}` }
  const doc = randomUUID()
  const id = { a: randomUUID(), a1: randomUUID(), a2: randomUUID(), a3: randomUUID(), b: randomUUID(), b1: randomUUID(), a0: randomUUID(), newA3: randomUUID() }
  const first = casePackage(doc, '1.0', [
    { identifier: id.a, code: 'A', statement: 'Area A', parent: doc },
    { identifier: id.a1, code: 'A.1', statement: 'Plans lessons', parent: id.a },
    { identifier: id.a2, code: 'A.2', statement: 'Reviews lessons', parent: id.a },
    { identifier: id.a3, code: 'A.3', statement: 'Keeps records', parent: id.a },
    { identifier: id.b, code: 'B', statement: 'Area B', parent: doc },
    { identifier: id.b1, code: 'B.1', statement: 'Shares practice', parent: id.b },
  ])
  const loaded = await app.inject({ method: 'POST', url: '/api/v1/frameworks/import', headers: admin, payload: first })
  t.equal(loaded.statusCode, 201, loaded.body)
  const firstId = loaded.json<{ id: number }>().id
  const uses = (await app.inject({ method: 'GET', url: '/api/v1/institution/frameworks', headers: hr })).json<{ frameworkId: number }[]>()
  t.equal((await app.inject({ method: 'PUT', url: '/api/v1/institution/frameworks', headers: hr, payload: [...uses.map(({ frameworkId }) => ({ frameworkId })), { frameworkId: firstId }] })).statusCode, 200)
  const nodeIds = async (frameworkId: number) => new Map((await db.selectFrom('competencies').select(['id', 'case_identifier']).where('framework_id', '=', frameworkId).execute()).map((row) => [row.case_identifier, row.id]))
  const before = await nodeIds(firstId)
  const levels = { [id.a1]: 2, [id.a2]: 3, [id.a3]: 1, [id.b1]: 2 }
  for (const [identifier, level] of Object.entries(levels)) {
    const rated = await app.inject({ method: 'PUT', url: `/api/v1/me/ratings/${before.get(identifier)}`, headers: lecturer, payload: { level } })
    t.equal(rated.statusCode, 200, rated.body)
  }

  // The next version inserts an item first, retires A.3, moves B.1 under A, rewords A.2, and gives A.3's code to a new item.
  const second = casePackage(doc, '2.0', [
    { identifier: id.a, code: 'A', statement: 'Area A', parent: doc },
    { identifier: id.a0, code: 'A.0', statement: 'Knows the learners', parent: id.a },
    { identifier: id.a1, code: 'A.1', statement: 'Plans lessons', parent: id.a },
    { identifier: id.a2, code: 'A.2', statement: 'Reviews lessons with colleagues', parent: id.a },
    { identifier: id.b1, code: 'B.1', statement: 'Shares practice', parent: id.a },
    { identifier: id.b, code: 'B', statement: 'Area B', parent: doc },
    { identifier: id.newA3, code: 'A.3', statement: 'Mentors new staff', parent: id.b },
  ], 'Reimport Framework, revised')
  const next = await app.inject({ method: 'POST', url: '/api/v1/frameworks/import', headers: admin, payload: second })
  t.equal(next.statusCode, 201, next.body)
  const outcome = next.json()
  t.match(outcome, { status: 'new-version', slug: 'reimport-framework', version: '2.0', from: { id: firstId, version: '1.0' }, counts: { ratings: 3, retired: 1 } }, 'the same framework (its slug, though the title changed), version 2.0')
  t.ok(outcome.institutions.length >= 1, 'the institution using it moved')
  const after = await nodeIds(outcome.id)
  const current = await db
    .selectFrom('current_ratings')
    .innerJoin('ratings', 'ratings.id', 'current_ratings.rating_id')
    .innerJoin('competencies', 'competencies.id', 'current_ratings.competency_id')
    .innerJoin('users', 'users.id', 'ratings.user_id')
    .select(['competencies.case_identifier', 'competencies.code', 'ratings.level'])
    .where('users.email', '=', 'lecturer@demo.test')
    .where('competencies.framework_id', '=', outcome.id)
    .orderBy('competencies.code')
    .execute()
  t.same(current, [
    { case_identifier: id.a1, code: 'A.1', level: 2 },
    { case_identifier: id.a2, code: 'A.2', level: 3 },
    { case_identifier: id.b1, code: 'B.1', level: 2 },
  ], 'each rating on the item of the same identifier; the retired A.3 not carried, not to the new item that took its code')
  t.ok(after.has(id.newA3) && after.has(id.a0), 'the new items are there, unrated')
  const transition = await db.selectFrom('framework_transitions').select('code_map').where('to_framework_id', '=', outcome.id).executeTakeFirstOrThrow()
  t.same(transition.code_map, { 'A.1': 'A.1', 'A.2': 'A.2', 'A.3': null, 'B.1': 'B.1' }, 'the recorded map is by identifier')

  // The same package again: nothing new.
  const again = await app.inject({ method: 'POST', url: '/api/v1/frameworks/import', headers: admin, payload: second })
  t.equal(again.statusCode, 200)
  t.match(again.json(), { status: 'unchanged', id: outcome.id })
  // Other content under a version already loaded: the next version, under a version of its own.
  const third = structuredClone(second)
  third.CFItems[1]!.fullStatement = 'Knows every learner'
  const renumbered = await app.inject({ method: 'POST', url: '/api/v1/frameworks/import', headers: admin, payload: third })
  t.equal(renumbered.statusCode, 201)
  t.match(renumbered.json(), { status: 'new-version', version: '2.0-2', from: { version: '2.0' } })
  t.ok(renumbered.json().warnings.some((warning: string) => warning.includes('loaded as version "2.0-2"')))

  // The operators' import form, without JavaScript: the page says what moved (with the conversion's notes: no rubric, so the default scale).
  const session = await signIn(app, 'admin@demo.test')
  await browserGet(app, session, '/admin/frameworks')
  const fourth = structuredClone(third)
  fourth.CFDocument.version = '3.0'
  const posted = await browserPost(app, session, '/admin/frameworks/import', { package: JSON.stringify(fourth) })
  t.equal(posted.statusCode, 201)
  t.match(posted.body, /Version 3\.0 loaded; \d+ institutions? moved, 3 ratings carried\./)
  t.match(posted.body, 'no CFRubrics: the default scale')
})

t.test('a package of another document keeps today’s rules, even under a loaded title', async (t) => {
  const { app } = await startTestApp(t)
  const admin = { authorization: `Bearer ${await apiToken(app, 'admin@demo.test')}` }
  const doc = randomUUID()
  const item = randomUUID()
  const items = [{ identifier: item, code: 'X', statement: 'X', parent: doc }, { identifier: randomUUID(), code: 'X.1', statement: 'X one', parent: item }]
  t.equal((await app.inject({ method: 'POST', url: '/api/v1/frameworks/import', headers: admin, payload: casePackage(doc, '1', items) })).statusCode, 201)
  const otherDoc = randomUUID()
  const other = await app.inject({ method: 'POST', url: '/api/v1/frameworks/import', headers: admin, payload: casePackage(otherDoc, '1', [{ ...items[0]!, parent: otherDoc, statement: 'Y' }, items[1]!]) })
  t.equal(other.statusCode, 409, 'the same slug and version with other content')
})
