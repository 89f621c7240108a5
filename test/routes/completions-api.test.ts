import t from 'tap'
import { apiToken, competencyOf, createInstitutionWithUser, startTestApp } from '../helpers/app.js'

const auth = (token: string) => ({ authorization: `Bearer ${token}` })

t.test('the API: a completion asked for and confirmed once; HR’s levels and counts', async (t) => {
  const { app, db } = await startTestApp(t)
  const lecturer = await apiToken(app, 'lecturer@demo.test')
  const designer = await apiToken(app, 'designer@demo.test')
  const hr = await apiToken(app, 'hr@demo.test')
  const programme = await db.selectFrom('programmes').innerJoin('programme_competencies', 'programme_competencies.programme_id', 'programmes.id').select('programmes.id').where('programmes.published', '=', true).orderBy('programmes.id').executeTakeFirstOrThrow()
  const logged = await app.inject({ method: 'POST', url: '/api/v1/me/activities', headers: auth(lecturer), payload: { programmeId: programme.id, status: 'completed', startedAt: '2026-10-01', completedAt: '2026-11-20' } })
  const activity = logged.json<{ id: number }>().id
  const planned = (await app.inject({ method: 'POST', url: '/api/v1/me/activities', headers: auth(lecturer), payload: { title: 'Reading group', status: 'planned' } })).json<{ id: number }>().id

  t.equal((await app.inject({ method: 'POST', url: `/api/v1/institution/completions/${activity}/confirm`, headers: auth(designer) })).statusCode, 404, 'nothing to confirm before the person asks')
  t.same((await app.inject({ method: 'POST', url: `/api/v1/me/activities/${activity}/confirmation`, headers: auth(lecturer) })).json(), { changed: true })
  t.same((await app.inject({ method: 'POST', url: `/api/v1/me/activities/${activity}/confirmation`, headers: auth(lecturer) })).json(), { changed: false }, 'asking twice asks once')
  const notCompleted = await app.inject({ method: 'POST', url: `/api/v1/me/activities/${planned}/confirmation`, headers: auth(lecturer) })
  t.equal(notCompleted.statusCode, 409)
  t.match(notCompleted.json(), { error: { message: 'Only a programme from the catalogue that the person has completed, and asked to have confirmed, can be confirmed' } })
  t.equal((await app.inject({ method: 'POST', url: `/api/v1/me/activities/${activity}/confirmation`, headers: auth(designer) })).statusCode, 404, 'nobody asks for another')

  const waiting = (await app.inject({ method: 'GET', url: '/api/v1/institution/completions', headers: auth(designer) })).json<{ activityId: number; person: { name: string } }[]>()
  t.match(waiting, [{ activityId: activity, person: { name: 'Amina Okafor' } }])
  t.equal((await app.inject({ method: 'GET', url: '/api/v1/institution/completions', headers: auth(lecturer) })).statusCode, 403)
  await createInstitutionWithUser(db, { institution: 'Elsewhere University', email: 'hr@elsewhere.test', role: 'hr' })
  const elsewhere = await apiToken(app, 'hr@elsewhere.test')
  t.same((await app.inject({ method: 'GET', url: '/api/v1/institution/completions', headers: auth(elsewhere) })).json(), [])
  t.equal((await app.inject({ method: 'POST', url: `/api/v1/institution/completions/${activity}/confirm`, headers: auth(elsewhere) })).statusCode, 404, 'another institution confirms nothing of ours')

  const [one, two] = await Promise.all([0, 1].map(() => app.inject({ method: 'POST', url: `/api/v1/institution/completions/${activity}/confirm`, headers: auth(designer) })))
  const answers = [one!.json<{ credentialId: string | null; changed: boolean }>(), two!.json<{ credentialId: string | null; changed: boolean }>()]
  t.same(answers.map((answer) => answer.changed).sort(), [false, true], 'a double submit confirms once')
  const issued = await db.selectFrom('credentials').select(['id', 'kind', 'issued_by']).execute()
  t.equal(issued.length, 1)
  t.equal(issued[0]!.id, answers.find((answer) => answer.changed)!.credentialId)
  t.same((await app.inject({ method: 'GET', url: '/api/v1/institution/completions', headers: auth(designer) })).json(), [], 'confirmed: no longer waiting')

  const competency = await competencyOf(db, 'iioe-hew', 'PED.3')
  const offScale = await app.inject({ method: 'PUT', url: '/api/v1/institution/credential-levels', headers: auth(hr), payload: { levels: [{ competencyId: competency.id, level: 7 }] } })
  t.equal(offScale.statusCode, 400)
  t.match(offScale.json(), { error: { message: 'The level for PED.3 must be one of 1, 2, 3' } })
  t.equal((await app.inject({ method: 'PUT', url: '/api/v1/institution/credential-levels', headers: auth(hr), payload: { levels: [{ competencyId: 999_999, level: 1 }] } })).statusCode, 404)
  // Elsewhere uses the same framework: its choice is its own.
  t.same((await app.inject({ method: 'PUT', url: '/api/v1/institution/credential-levels', headers: auth(elsewhere), payload: { levels: [{ competencyId: competency.id, level: 1 }] } })).json(), { changed: 1 })
  const qaArea = await db.selectFrom('competencies').innerJoin('frameworks', 'frameworks.id', 'competencies.framework_id').select('competencies.id').where('frameworks.slug', '=', 'iioe-qa').where('competencies.kind', '=', 'competency').orderBy('competencies.id').executeTakeFirstOrThrow()
  t.equal((await app.inject({ method: 'PUT', url: '/api/v1/institution/credential-levels', headers: auth(elsewhere), payload: { levels: [{ competencyId: qaArea.id, level: 1 }] } })).statusCode, 404, 'only competencies of one’s own frameworks')
  t.same((await app.inject({ method: 'PUT', url: '/api/v1/institution/credential-levels', headers: auth(hr), payload: { levels: [{ competencyId: competency.id, level: 2 }] } })).json(), { changed: 1 })
  t.same((await app.inject({ method: 'PUT', url: '/api/v1/institution/credential-levels', headers: auth(hr), payload: { levels: [{ competencyId: competency.id, level: 2 }] } })).json(), { changed: 0 })
  t.same((await app.inject({ method: 'GET', url: '/api/v1/institution/credential-levels', headers: auth(hr) })).json(), [{ competencyId: competency.id, level: 2 }])
  t.same((await app.inject({ method: 'PUT', url: '/api/v1/institution/credential-levels', headers: auth(hr), payload: { levels: [{ competencyId: competency.id, level: null }] } })).json(), { changed: 1 })
  t.same((await app.inject({ method: 'GET', url: '/api/v1/institution/credential-levels', headers: auth(hr) })).json(), [])
  t.same((await app.inject({ method: 'GET', url: '/api/v1/institution/credential-levels', headers: auth(elsewhere) })).json(), [{ competencyId: competency.id, level: 1 }], 'each institution keeps its own')

  const summary = (await app.inject({ method: 'GET', url: '/api/v1/institution/credentials/summary', headers: auth(hr) })).json<{ minGroupSize: number; programmes: { programmeId: number; people: number | null }[] }>()
  t.equal(summary.minGroupSize, 5)
  t.match(summary.programmes, [{ programmeId: programme.id, people: null }], 'one holder is withheld, not 1')
  t.equal((await app.inject({ method: 'GET', url: '/api/v1/institution/credentials/summary', headers: auth(designer) })).statusCode, 403)
})
