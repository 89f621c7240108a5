import type { FastifyInstance } from 'fastify'
import t from 'tap'
import { EVIDENCE_FILE_MAX_BYTES } from '../../server/domain/evidence-file.js'
import { hashPassword } from '../../server/services/passwords.js'
import { apiToken, competencyOf, createInstitutionWithUser, DEMO_PASSWORD, startTestApp } from '../helpers/app.js'
import { multipart } from '../helpers/multipart.js'
import { docx, pdf, PNG, zip } from '../helpers/zip.js'

function upload(app: FastifyInstance, token: string, fileName: string, bytes: Uint8Array, type = 'application/pdf') {
  const { payload, contentType } = multipart({}, [['file', fileName, bytes, type]])
  return app.inject({ method: 'POST', url: '/api/v1/me/evidence', headers: { authorization: `Bearer ${token}`, 'content-type': contentType }, payload })
}

t.test('evidence files: hostile uploads, who can fetch a file, citing and deleting', async (t) => {
  const { app, db } = await startTestApp(t)
  const amina = await apiToken(app, 'lecturer@demo.test')
  const auth = (token: string) => ({ authorization: `Bearer ${token}` })
  const demo = await db.selectFrom('institutions').select('id').where('name', '=', 'Demo University').executeTakeFirstOrThrow()
  // A colleague of Amina's, in her institution, who is nobody's reviewer.
  await db
    .insertInto('users')
    .values({ institution_id: demo.id, email: 'colleague@demo.test', name: 'Colleague', role: 'lecturer', password_hash: await hashPassword(DEMO_PASSWORD) })
    .execute()
  const colleague = await apiToken(app, 'colleague@demo.test')
  const hr = await apiToken(app, 'hr@demo.test')
  await createInstitutionWithUser(db, { institution: 'Elsewhere', email: 'hr@elsewhere.test', role: 'hr' })
  const elsewhere = await apiToken(app, 'hr@elsewhere.test')
  const competency = await competencyOf(db, 'iioe-hew', 'PED.3')
  const files = async () => Number((await db.selectFrom('evidence_files').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n)

  const syllabus = await upload(app, amina, '../../home/amina/syllabus.pdf', pdf('syllabus'))
  t.equal(syllabus.statusCode, 201)
  const file = syllabus.json()
  t.match(file, { name: 'syllabus.pdf', type: 'application/pdf', bytes: pdf('syllabus').length })
  t.match(file.sha256, /^[0-9a-f]{64}$/)

  t.test('the same content again is the same file: a double submit keeps one', async (t) => {
    const again = await upload(app, amina, 'syllabus (1).pdf', pdf('syllabus'))
    t.equal(again.statusCode, 200)
    t.equal(again.json().id, file.id)
    t.equal(await files(), 1)
  })

  t.test('hostile uploads are refused, whatever their name, and nothing is stored', async (t) => {
    const refusals: [string, Uint8Array, string, RegExp][] = [
      ['report.pdf', Buffer.from('<!doctype html><script>alert(document.cookie)</script>'), 'application/pdf', /is not a kind of file taken as evidence/],
      ['photo.png', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'), 'image/png', /is not a kind of file taken as evidence/],
      [
        'thesis.docx',
        zip([{ name: '[Content_Types].xml', content: Buffer.from('<Types/>') }, { name: 'word/document.xml', content: Buffer.from('<w/>') }, ...[1, 2, 3].map((n) => ({ name: `word/${n}.bin`, content: Buffer.alloc(40 * 1024 * 1024) }))]),
        'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
        /damaged or unpacks to far more than its size/,
      ],
      ['empty.pdf', new Uint8Array(), 'application/pdf', /the one sent was empty/],
    ]
    for (const [name, bytes, type, message] of refusals) {
      const response = await upload(app, amina, name, bytes, type)
      t.equal(response.statusCode, 400, name)
      t.match(response.json().error.message, message, name)
    }
    const tooLarge = await upload(app, amina, 'scan.pdf', Buffer.concat([pdf(), Buffer.alloc(EVIDENCE_FILE_MAX_BYTES)]))
    t.equal(tooLarge.statusCode, 413)
    t.match(tooLarge.json().error.message, 'at most 10 MB')
    t.equal(await files(), 1, 'nothing more stored')
  })

  t.test('a file just under 10 MB is taken, whatever the app\'s limit for other bodies', async (t) => {
    const large = Buffer.concat([pdf('scan'), Buffer.alloc(EVIDENCE_FILE_MAX_BYTES - 4096, 0x20)])
    const response = await upload(app, colleague, 'scan.pdf', large)
    t.equal(response.statusCode, 201)
    t.equal(response.json().bytes, large.length)
  })

  t.test('a JSON body or a form without the file is refused with a reason', async (t) => {
    const json = await app.inject({ method: 'POST', url: '/api/v1/me/evidence', headers: auth(amina), payload: { file: 'x' } })
    t.equal(json.statusCode, 415)
    const { payload, contentType } = multipart({ note: 'no file' })
    const none = await app.inject({ method: 'POST', url: '/api/v1/me/evidence', headers: { ...auth(amina), 'content-type': contentType }, payload })
    t.equal(none.statusCode, 400)
    t.match(none.json().error.message, 'Choose a file to upload')
  })

  t.test('the owner downloads it as an attachment, never inline', async (t) => {
    const response = await app.inject({ method: 'GET', url: `/api/v1/evidence/${file.id}/file`, headers: auth(amina) })
    t.equal(response.statusCode, 200)
    t.equal(response.headers['content-type'], 'application/pdf')
    t.equal(response.headers['content-disposition'], `attachment; filename="syllabus.pdf"; filename*=UTF-8''syllabus.pdf`)
    t.equal(response.headers['x-content-type-options'], 'nosniff')
    t.equal(response.headers['content-security-policy'], "default-src 'none'; sandbox")
    t.same(response.rawPayload, pdf('syllabus'))
  })

  t.test('nobody else can fetch it before a review is asked: 404, as for no file', async (t) => {
    for (const [who, token] of [['colleague', colleague], ['her reviewer (HR), not asked', hr], ['HR of another institution', elsewhere]] as const) {
      const response = await app.inject({ method: 'GET', url: `/api/v1/evidence/${file.id}/file`, headers: auth(token) })
      t.equal(response.statusCode, 404, who)
      t.notMatch(response.body, 'syllabus', who)
    }
    t.equal((await app.inject({ method: 'GET', url: '/api/v1/evidence/99999/file', headers: auth(amina) })).statusCode, 404)
    // Sharing her ratings is not asking for a review: her reviewer still cannot open her files.
    t.equal((await app.inject({ method: 'PUT', url: '/api/v1/me/sharing', headers: auth(amina), payload: { shared: true } })).statusCode, 200)
    t.equal((await app.inject({ method: 'GET', url: `/api/v1/evidence/${file.id}/file`, headers: auth(hr) })).statusCode, 404, 'shared, not asked')
    t.equal((await app.inject({ method: 'PUT', url: '/api/v1/me/sharing', headers: auth(amina), payload: { shared: false } })).statusCode, 200)
  })

  t.test('a rating cites files; another person’s file cannot be cited; left out, the citation stays', async (t) => {
    const picture = (await upload(app, amina, 'class photo.png', PNG, 'image/png')).json()
    const rated = await app.inject({ method: 'PUT', url: `/api/v1/me/ratings/${competency.id}`, headers: auth(amina), payload: { level: 2, evidence: 'Syllabus redesigned', evidenceIds: [picture.id, file.id, file.id] } })
    t.equal(rated.statusCode, 200)
    t.same(rated.json().evidenceIds, [file.id, picture.id].sort((a, b) => a - b))
    const theirs = (await upload(app, colleague, 'mine.docx', docx('mine'), 'application/vnd.openxmlformats-officedocument.wordprocessingml.document')).json()
    t.equal(theirs.type, 'application/vnd.openxmlformats-officedocument.wordprocessingml.document')
    const stolen = await app.inject({ method: 'PUT', url: `/api/v1/me/ratings/${competency.id}`, headers: auth(amina), payload: { level: 2, evidenceIds: [theirs.id] } })
    t.equal(stolen.statusCode, 400)
    t.match(stolen.json().error.message, `There is no evidence file ${theirs.id} of yours`)
    // A save without evidenceIds keeps what the current rating cites: a new rating (the text changed) citing the same files.
    const textOnly = await app.inject({ method: 'PUT', url: `/api/v1/me/ratings/${competency.id}`, headers: auth(amina), payload: { level: 2, evidence: 'Syllabus redesigned with students' } })
    t.same(textOnly.json().evidenceIds, [file.id, picture.id].sort((a, b) => a - b))
    // Changing only the files is a new rating: history keeps what each cited.
    const fewer = await app.inject({ method: 'PUT', url: `/api/v1/me/ratings/${competency.id}`, headers: auth(amina), payload: { level: 2, evidence: 'Syllabus redesigned with students', evidenceIds: [file.id] } })
    t.not(fewer.json().id, textOnly.json().id)
    const history = (await app.inject({ method: 'GET', url: `/api/v1/me/ratings/${competency.id}/history`, headers: auth(amina) })).json()
    t.same(
      history.slice(0, 3).map((rating: { evidenceIds: number[] }) => rating.evidenceIds),
      [[file.id], [file.id, picture.id].sort((a, b) => a - b), [file.id, picture.id].sort((a, b) => a - b)],
    )
    const library = (await app.inject({ method: 'GET', url: '/api/v1/me/evidence', headers: auth(amina) })).json()
    t.same(
      library.map((entry: { name: string; citedNow: unknown[]; cited: boolean }) => [entry.name, entry.citedNow, entry.cited]),
      [
        ['class photo.png', [], true],
        ['syllabus.pdf', [{ competencyId: competency.id, code: 'PED.3' }], true],
      ],
    )

    // A cited file stays with the history; an uncited one can be deleted.
    const cited = await app.inject({ method: 'DELETE', url: `/api/v1/me/evidence/${picture.id}`, headers: auth(amina) })
    t.equal(cited.statusCode, 409)
    t.match(cited.json().error.message, 'is cited by a rating')
    t.equal((await app.inject({ method: 'DELETE', url: `/api/v1/me/evidence/${theirs.id}`, headers: auth(amina) })).statusCode, 404, 'not hers to delete')
    t.equal((await app.inject({ method: 'DELETE', url: `/api/v1/me/evidence/${theirs.id}`, headers: auth(colleague) })).statusCode, 204)
  })

  t.test('once Amina asks for a review, her reviewer (HR) can fetch the cited file; others still cannot', async (t) => {
    const asked = await app.inject({ method: 'POST', url: '/api/v1/me/review-requests', headers: auth(amina), payload: { competencyIds: [competency.id], message: 'My syllabus is attached' } })
    t.equal(asked.statusCode, 201)
    t.match(asked.json(), { reviewer: { name: 'Farid Rahman' }, alreadyWaiting: [] })
    const byHr = await app.inject({ method: 'GET', url: `/api/v1/evidence/${file.id}/file`, headers: auth(hr) })
    t.equal(byHr.statusCode, 200)
    t.equal(byHr.headers['content-disposition'], `attachment; filename="syllabus.pdf"; filename*=UTF-8''syllabus.pdf`)
    t.equal((await app.inject({ method: 'GET', url: `/api/v1/evidence/${file.id}/file`, headers: auth(colleague) })).statusCode, 404)
    t.equal((await app.inject({ method: 'GET', url: `/api/v1/evidence/${file.id}/file`, headers: auth(elsewhere) })).statusCode, 404)
    // A file of hers that no rating under review cites stays hers alone.
    const unrelated = (await upload(app, amina, 'unrelated.pdf', pdf('unrelated'))).json()
    t.equal((await app.inject({ method: 'GET', url: `/api/v1/evidence/${unrelated.id}/file`, headers: auth(hr) })).statusCode, 404, 'not cited by the rating under review')
    // Amina stops sharing: her institution (`shared`) then keeps her ratings, and so her files, from HR.
    await app.inject({ method: 'PUT', url: '/api/v1/me/sharing', headers: auth(amina), payload: { shared: false } })
    t.equal((await app.inject({ method: 'GET', url: `/api/v1/evidence/${file.id}/file`, headers: auth(hr) })).statusCode, 404, 'not shared any more')
  })
})

t.test('a head of department reviews their own team; HR’s queue holds only people without a reviewer', async (t) => {
  const { app, db } = await startTestApp(t)
  const amina = await db.selectFrom('users').select('id').where('email', '=', 'lecturer@demo.test').executeTakeFirstOrThrow()
  // A member of Amina's team with a current self-rating (the demo seeds them), signing in for the test.
  const member = await db
    .selectFrom('users')
    .innerJoin('current_ratings', 'current_ratings.user_id', 'users.id')
    .select(['users.id', 'users.email', 'users.name', 'current_ratings.competency_id as competencyId', 'current_ratings.rating_id as ratingId'])
    .where('users.reviewer_id', '=', amina.id)
    .orderBy('users.id')
    .orderBy('current_ratings.competency_id')
    .executeTakeFirstOrThrow()
  await db.updateTable('users').set({ password_hash: await hashPassword(DEMO_PASSWORD) }).where('id', '=', member.id).execute()
  const auth = async (email: string) => ({ authorization: `Bearer ${await apiToken(app, email)}` })
  const asked = await app.inject({ method: 'POST', url: '/api/v1/me/review-requests', headers: await auth(member.email), payload: { competencyIds: [member.competencyId] } })
  t.equal(asked.statusCode, 201)
  t.match(asked.json(), { reviewer: { id: amina.id, name: 'Amina Okafor' } })
  const reviewId = asked.json().reviews[0].id

  const queue = (await app.inject({ method: 'GET', url: '/api/v1/reviews', headers: await auth('lecturer@demo.test') })).json()
  t.same(queue.map((review: { id: number; person: { name: string } }) => [review.id, review.person.name]), [[reviewId, member.name]], 'in the head of department’s queue')
  const hrQueue = (await app.inject({ method: 'GET', url: '/api/v1/reviews', headers: await auth('hr@demo.test') })).json()
  t.notOk(hrQueue.some((review: { id: number }) => review.id === reviewId), 'not in HR’s: the person has a reviewer')

  const byDesigner = await app.inject({ method: 'POST', url: `/api/v1/reviews/${reviewId}`, headers: await auth('designer@demo.test'), payload: { decision: 'validate', level: 2, comment: 'no' } })
  t.equal(byDesigner.statusCode, 404, 'nobody else’s to decide')
  const byCollege = await app.inject({ method: 'POST', url: `/api/v1/reviews/${reviewId}`, headers: await auth('hr@college.test'), payload: { decision: 'validate', level: 2, comment: 'no' } })
  t.equal(byCollege.statusCode, 404, 'nor another institution’s HR')
  const stale = await app.inject({ method: 'POST', url: `/api/v1/reviews/${reviewId}`, headers: await auth('lecturer@demo.test'), payload: { decision: 'validate', level: 2, comment: 'Seen', ratingId: Number(member.ratingId) + 999_999 } })
  t.equal(stale.statusCode, 409, 'a decision on a rating the person has replaced is refused')
  const decided = await app.inject({ method: 'POST', url: `/api/v1/reviews/${reviewId}`, headers: await auth('lecturer@demo.test'), payload: { decision: 'validate', level: 2, comment: 'Seen in class', ratingId: Number(member.ratingId) } })
  t.equal(decided.statusCode, 200)
  t.match(decided.json(), { status: 'validated', level: 2, comment: 'Seen in class' })
  const validation = await db.selectFrom('current_validations').select(['level', 'reviewer_id', 'self_rating_id']).where('user_id', '=', member.id).where('competency_id', '=', member.competencyId).executeTakeFirstOrThrow()
  t.same({ ...validation, self_rating_id: Number(validation.self_rating_id) }, { level: 2, reviewer_id: amina.id, self_rating_id: Number(member.ratingId) })
  const mine = (await app.inject({ method: 'GET', url: '/api/v1/me/reviews', headers: await auth(member.email) })).json()
  t.match(mine, [{ id: reviewId, status: 'validated', level: 2, decidedBy: 'Amina Okafor', comment: 'Seen in class' }])
})
