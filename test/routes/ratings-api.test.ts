import t from 'tap'
import { apiToken, createInstitutionWithUser, rowCounts, startTestApp } from '../helpers/app.js'

t.test('the framework and rating API', async (t) => {
  const { app, db } = await startTestApp(t)
  const token = await apiToken(app, 'lecturer@demo.test')
  const auth = { authorization: `Bearer ${token}` }
  const iioe = await db.selectFrom('frameworks').select('id').where('slug', '=', 'iioe-hew').executeTakeFirstOrThrow()
  const competency = await db
    .selectFrom('competencies')
    .select(['id', 'code'])
    .where('framework_id', '=', iioe.id)
    .where('code', '=', 'PED.3')
    .executeTakeFirstOrThrow()
  const domain = await db.selectFrom('competencies').select('id').where('framework_id', '=', iioe.id).where('code', '=', 'PED').executeTakeFirstOrThrow()
  const otherFramework = await db
    .selectFrom('competencies')
    .innerJoin('frameworks', 'frameworks.id', 'competencies.framework_id')
    .select(['competencies.id', 'frameworks.id as frameworkId'])
    .where('frameworks.slug', '=', 'digcompedu')
    .where('competencies.kind', '=', 'competency')
    .executeTakeFirstOrThrow()

  t.test('GET /api/v1/framework returns the institution framework as a tree with its scale', async (t) => {
    const response = await app.inject({ method: 'GET', url: '/api/v1/framework', headers: auth })
    t.equal(response.statusCode, 200)
    const body = response.json()
    t.equal(body.id, iioe.id)
    t.equal(body.slug, 'iioe-hew')
    t.equal(body.version, '2021.1-provisional')
    t.same(
      body.scale.map((level: { level: number; label: string }) => [level.level, level.label]),
      [
        [1, 'Building readiness'],
        [2, 'Applying and infusing'],
        [3, 'Achieving transformation'],
      ],
    )
    t.ok(body.tree.length >= 6, 'at least six domains')
    t.ok(body.tree.every((node: { kind: string }) => node.kind === 'domain'))
    const competencies = body.tree.flatMap((node: { children: unknown[] }) => node.children)
    t.ok(competencies.length >= 24, 'at least 24 competencies')
    const ped = body.tree.find((node: { code: string }) => node.code === 'PED')
    t.ok(ped.children.some((child: { code: string }) => child.code === 'PED.3'))
  })

  t.test('GET /api/v1/framework?id= returns another framework; an unknown id is a 404; a bad id a 400', async (t) => {
    const other = await app.inject({ method: 'GET', url: `/api/v1/framework?id=${otherFramework.frameworkId}`, headers: auth })
    t.equal(other.statusCode, 200)
    t.equal(other.json().slug, 'digcompedu')
    t.equal(other.json().scale.length, 6)
    const missing = await app.inject({ method: 'GET', url: '/api/v1/framework?id=999999', headers: auth })
    t.equal(missing.statusCode, 404)
    t.equal(missing.json().error.code, 'not_found')
    const bad = await app.inject({ method: 'GET', url: '/api/v1/framework?id=abc', headers: auth })
    t.equal(bad.statusCode, 400)
    t.equal(bad.json().error.code, 'invalid_request')
  })

  t.test('PUT /api/v1/me/ratings/:id stores a rating, appends history and updates the current rating', async (t) => {
    const before = await rowCounts(db)
    const first = await app.inject({
      method: 'PUT',
      url: `/api/v1/me/ratings/${competency.id}`,
      headers: auth,
      payload: { level: 2, evidence: 'Ran an online course', evidenceUrl: 'https://example.org/course' },
    })
    t.equal(first.statusCode, 200)
    t.match(first.json(), { competencyId: competency.id, code: 'PED.3', level: 2, evidence: 'Ran an online course', evidenceUrl: 'https://example.org/course', source: 'self' })
    t.ok(Date.parse(first.json().ratedAt) > Date.now() - 60_000, 'ratedAt is now')
    const second = await app.inject({ method: 'PUT', url: `/api/v1/me/ratings/${competency.id}`, headers: auth, payload: { level: 3 } })
    t.equal(second.statusCode, 200)
    t.equal(second.json().level, 3)
    t.equal(second.json().evidence, '')
    t.equal(second.json().evidenceUrl, null)
    const after = await rowCounts(db)
    t.equal(after['ratings'], before['ratings']! + 2, 'both ratings are in the history')
    t.equal(after['current_ratings'], before['current_ratings']! + 1, 'one current rating')
    t.equal(after['audit_log'], before['audit_log']! + 2, 'both changes are audited')
    const lecturer = await db.selectFrom('users').select(['id', 'institution_id']).where('email', '=', 'lecturer@demo.test').executeTakeFirstOrThrow()
    const audited = await db.selectFrom('audit_log').select(['institution_id', 'actor_id', 'action', 'entity', 'entity_id', 'data']).orderBy('id', 'desc').limit(2).execute()
    t.same(
      audited,
      [second, first].map((response) => ({
        institution_id: lecturer.institution_id,
        actor_id: lecturer.id,
        action: 'rating.self',
        entity: 'competency',
        entity_id: String(competency.id),
        data: { ratingId: response.json().id },
      })),
      'each audit entry names the rating it recorded, not its level (Demo University does not show HR everyone\'s levels)',
    )
    t.same(
      await db.selectFrom('current_ratings').select(['institution_id', 'level', 'rating_id']).where('user_id', '=', lecturer.id).where('competency_id', '=', competency.id).execute(),
      [{ institution_id: lecturer.institution_id, level: 3, rating_id: second.json().id }],
      'current_ratings points at the newest rating',
    )

    const current = await app.inject({ method: 'GET', url: '/api/v1/me/ratings', headers: auth })
    t.equal(current.statusCode, 200)
    const mine = current.json().find((rating: { competencyId: number }) => rating.competencyId === competency.id)
    t.equal(mine.level, 3, 'the current rating is the last one')
    t.equal(mine.id, second.json().id)

    const history = await app.inject({ method: 'GET', url: `/api/v1/me/ratings/${competency.id}/history`, headers: auth })
    t.equal(history.statusCode, 200)
    t.same(
      history.json().map((rating: { level: number }) => rating.level),
      [3, 2],
      'newest first',
    )
  })

  t.test('bad input gets a clear 4xx and changes nothing', async (t) => {
    const before = await rowCounts(db)
    const cases: { name: string; url?: string; payload: unknown; contentType?: string; status: number; message: RegExp }[] = [
      { name: 'level above the scale', payload: { level: 4 }, status: 400, message: /Level 4 is not on the scale of this framework \(0, 1, 2, 3\)/ },
      { name: 'level below zero (0 is "not yet")', payload: { level: -1 }, status: 400, message: /level/ },
      { name: 'level not a number', payload: { level: 'two' }, status: 400, message: /level/ },
      { name: 'level a fraction', payload: { level: 1.5 }, status: 400, message: /level/ },
      { name: 'level missing', payload: { evidence: 'x' }, status: 400, message: /level/ },
      { name: 'an extra field', payload: { level: 1, owner: 5 }, status: 400, message: /owner/ },
      { name: 'evidence too long', payload: { level: 1, evidence: 'x'.repeat(2001) }, status: 400, message: /evidence/ },
      { name: 'a javascript: evidence URL', payload: { level: 1, evidenceUrl: 'javascript:alert(1)' }, status: 400, message: /evidenceUrl/ },
      { name: 'malformed JSON', payload: '{"level": 2', contentType: 'application/json', status: 400, message: /JSON/i },
      { name: 'a form body', payload: 'level=2', contentType: 'application/x-www-form-urlencoded', status: 415, message: /Unsupported Media Type/i },
      { name: 'an unknown competency', url: '/api/v1/me/ratings/999999', payload: { level: 1 }, status: 404, message: /no competency 999999/ },
      { name: 'a non-numeric id', url: '/api/v1/me/ratings/abc', payload: { level: 1 }, status: 404, message: /no competency "abc"/ },
      { name: 'a domain, not a competency', url: `/api/v1/me/ratings/${domain.id}`, payload: { level: 1 }, status: 404, message: /no competency/ },
      { name: 'a competency of another framework', url: `/api/v1/me/ratings/${otherFramework.id}`, payload: { level: 1 }, status: 404, message: /no competency/ },
    ]
    for (const testCase of cases) {
      const response = await app.inject({
        method: 'PUT',
        url: testCase.url ?? `/api/v1/me/ratings/${competency.id}`,
        headers: { ...auth, ...(testCase.contentType ? { 'content-type': testCase.contentType } : {}) },
        payload: testCase.payload as string,
      })
      t.equal(response.statusCode, testCase.status, `${testCase.name}: status`)
      const body = response.json()
      t.type(body.error?.code, 'string', `${testCase.name}: error code`)
      t.match(body.error?.message, testCase.message, `${testCase.name}: message`)
      t.notMatch(response.body, /at .*\.ts:\d+/, `${testCase.name}: no stack trace`)
    }
    t.same(await rowCounts(db), before, 'no row written by any refused request')
  })

  t.test('history of an unknown competency is a 404', async (t) => {
    const response = await app.inject({ method: 'GET', url: '/api/v1/me/ratings/999999/history', headers: auth })
    t.equal(response.statusCode, 404)
  })

  t.test('unauthenticated calls are 401 and write nothing', async (t) => {
    const before = await rowCounts(db)
    for (const [method, url] of [
      ['GET', '/api/v1/me/ratings'],
      ['PUT', `/api/v1/me/ratings/${competency.id}`],
      ['GET', `/api/v1/me/ratings/${competency.id}/history`],
    ] as const) {
      const response = await app.inject({ method, url, payload: method === 'PUT' ? { level: 1 } : undefined })
      t.equal(response.statusCode, 401, `${method} ${url}`)
    }
    t.same(await rowCounts(db), before)
  })

  t.test('a browser session may call the API, but an unsafe call needs the CSRF token', async (t) => {
    const session = app.jwt.sign({ sub: (await db.selectFrom('users').select('id').where('email', '=', 'lecturer@demo.test').executeTakeFirstOrThrow()).id, ver: 0 })
    const read = await app.inject({ method: 'GET', url: '/api/v1/me/ratings', cookies: { session } })
    t.equal(read.statusCode, 200)
    const write = await app.inject({ method: 'PUT', url: `/api/v1/me/ratings/${competency.id}`, cookies: { session }, payload: { level: 1 } })
    t.equal(write.statusCode, 403)
    t.equal(write.json().error.code, 'csrf')
  })

  t.test("one institution's ratings are invisible to another", async (t) => {
    await createInstitutionWithUser(db, { institution: 'Other University', email: 'lecturer@other.test', role: 'lecturer' })
    const otherToken = await apiToken(app, 'lecturer@other.test')
    const other = { authorization: `Bearer ${otherToken}` }
    const current = await app.inject({ method: 'GET', url: '/api/v1/me/ratings', headers: other })
    t.same(current.json(), [], 'the other lecturer has no ratings')
    const history = await app.inject({ method: 'GET', url: `/api/v1/me/ratings/${competency.id}/history`, headers: other })
    t.same(history.json(), [], 'and sees none of Demo University on the same competency')
    const rated = await app.inject({ method: 'PUT', url: `/api/v1/me/ratings/${competency.id}`, headers: other, payload: { level: 1 } })
    t.equal(rated.statusCode, 200)
    const mine = await app.inject({ method: 'GET', url: `/api/v1/me/ratings/${competency.id}/history`, headers: auth })
    t.notOk(
      mine.json().some((rating: { id: number }) => rating.id === rated.json().id),
      'the demo lecturer does not see it',
    )
  })
})

t.test('GET /healthz', async (t) => {
  const { app } = await startTestApp(t)
  const response = await app.inject({ method: 'GET', url: '/healthz' })
  t.equal(response.statusCode, 200)
  t.same(response.json(), { status: 'ok' })
})

t.test('the OpenAPI document describes the API and only the API', async (t) => {
  const { app } = await startTestApp(t)
  const response = await app.inject({ method: 'GET', url: '/openapi.json' })
  t.equal(response.statusCode, 200)
  const paths = Object.keys(response.json().paths).sort()
  t.same(paths, [
    '/api/v1/auth/token',
    '/api/v1/coverage',
    '/api/v1/evidence/{id}/file',
    '/api/v1/framework',
    '/api/v1/frameworks',
    '/api/v1/frameworks/import',
    '/api/v1/frameworks/import-url',
    '/api/v1/frameworks/{id}/case',
    '/api/v1/frameworks/{id}/export',
    '/api/v1/frameworks/{id}/resync',
    '/api/v1/frameworks/{id}/versions',
    '/api/v1/identity-providers',
    '/api/v1/identity-providers/{id}',
    '/api/v1/institution/assessments/{frameworkId}',
    '/api/v1/institution/assessments/{frameworkId}/panel',
    '/api/v1/institution/assessments/{frameworkId}/ratings/{competencyId}',
    '/api/v1/institution/assessments/{frameworkId}/report',
    '/api/v1/institution/audit',
    '/api/v1/institution/completions',
    '/api/v1/institution/completions/{id}/confirm',
    '/api/v1/institution/credential-levels',
    '/api/v1/institution/credentials/summary',
    '/api/v1/institution/credentials/{id}/revoke',
    '/api/v1/institution/frameworks',
    '/api/v1/institution/gaps',
    '/api/v1/institution/gaps.csv',
    '/api/v1/institution/password-sign-in',
    '/api/v1/institution/ratings/{ratingId}/validate',
    '/api/v1/institution/rounds',
    '/api/v1/institution/rounds/{id}',
    '/api/v1/institution/rounds/{id}/reminders',
    '/api/v1/institution/scim-tokens',
    '/api/v1/institution/scim-tokens/{id}',
    '/api/v1/institution/settings',
    '/api/v1/institution/staff',
    '/api/v1/institution/staff/import',
    '/api/v1/institution/staff/{id}',
    '/api/v1/institutions',
    '/api/v1/me/activities',
    '/api/v1/me/activities/{id}',
    '/api/v1/me/activities/{id}/confirmation',
    '/api/v1/me/credentials',
    '/api/v1/me/evidence',
    '/api/v1/me/evidence/{id}',
    '/api/v1/me/export',
    '/api/v1/me/gaps',
    '/api/v1/me/learning-path',
    '/api/v1/me/ratings',
    '/api/v1/me/ratings/{competencyId}',
    '/api/v1/me/ratings/{competencyId}/history',
    '/api/v1/me/recommendations',
    '/api/v1/me/report',
    '/api/v1/me/review-requests',
    '/api/v1/me/reviews',
    '/api/v1/me/rounds',
    '/api/v1/me/self-assessment/next',
    '/api/v1/me/sharing',
    '/api/v1/me/study-languages',
    '/api/v1/me/targets',
    '/api/v1/me/targets/{competencyId}',
    '/api/v1/programmes',
    '/api/v1/programmes/import',
    '/api/v1/programmes/{id}',
    '/api/v1/programmes/{id}/competencies',
    '/api/v1/reviews',
    '/api/v1/reviews/{id}',
  ])
  t.ok(response.json().paths['/api/v1/me/ratings/{competencyId}'].put.requestBody, 'the rating body is described')
})
