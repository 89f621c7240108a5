/** The data the sweep's specs point at: ids from the demo data, and the activity, invitation and programme the sweep makes first. */
import type { FastifyInstance } from 'fastify'
import type { Kysely } from 'kysely'
import type { Database } from '../../../server/db/schema.js'
import { apiToken } from '../app.js'
import type { Ids } from './types.js'

export async function prepareIds(app: FastifyInstance, db: Kysely<Database>): Promise<Ids> {
  const lecturerToken = await apiToken(app, 'lecturer@demo.test')
  const hrToken = await apiToken(app, 'hr@demo.test')
  const lecturer = await db.selectFrom('users').select(['id', 'institution_id']).where('email', '=', 'lecturer@demo.test').executeTakeFirstOrThrow()
  const institution = await db.selectFrom('institutions').select('framework_id').where('id', '=', lecturer.institution_id).executeTakeFirstOrThrow()
  const competency = await db.selectFrom('competencies').select(['id', 'parent_id']).where('framework_id', '=', institution.framework_id).where('kind', '=', 'competency').orderBy('id').executeTakeFirstOrThrow()
  const programme = await db.selectFrom('programmes').select('id').where('published', '=', true).orderBy('id').executeTakeFirstOrThrow()
  const department = await db.selectFrom('departments').select('id').where('institution_id', '=', lecturer.institution_id).orderBy('id').executeTakeFirstOrThrow()
  const selfRating = await db.selectFrom('current_ratings').select('rating_id').where('user_id', '=', lecturer.id).orderBy('competency_id').executeTakeFirstOrThrow()
  const staffMember = await db.selectFrom('users').select('id').where('institution_id', '=', lecturer.institution_id).where('role', '=', 'lecturer').where('id', '!=', lecturer.id).orderBy('id').executeTakeFirstOrThrow()
  // Demo University shows a person's ratings to their reviewer (HR here) and HR once they share: the
  // lecturer shares, so the review routes are swept past the setting's check.
  const shared = await app.inject({ method: 'PUT', url: '/api/v1/me/sharing', headers: { authorization: `Bearer ${lecturerToken}` }, payload: { shared: true } })
  if (shared.statusCode !== 200) throw new Error(`the lecturer's share: ${shared.statusCode} ${shared.body}`)
  const activity = await app.inject({ method: 'POST', url: '/api/v1/me/activities', headers: { authorization: `Bearer ${lecturerToken}` }, payload: { title: 'Sweep activity', status: 'planned' } })
  const invited = await app.inject({ method: 'POST', url: '/api/v1/institution/staff', headers: { authorization: `Bearer ${hrToken}` }, payload: { email: 'sweep-invited@demo.test', name: 'Sweep Invited' } })
  const invitation = /\/invite\/(.+)$/.exec(invited.json<{ invitationUrl: string }>().invitationUrl)![1]!
  const designerToken = await apiToken(app, 'designer@demo.test')
  const programmeFields = { code: 'SWEEP-P1', title: 'Sweep programme', provider: 'Sweep provider', mode: 'online', hours: 10, languages: ['en'] }
  const made = await app.inject({ method: 'POST', url: '/api/v1/programmes', headers: { authorization: `Bearer ${designerToken}` }, payload: programmeFields })
  if (made.statusCode !== 201) throw new Error(`the sweep's programme: ${made.statusCode} ${made.body}`)
  const exported = await app.inject({ method: 'GET', url: `/api/v1/frameworks/${institution.framework_id}/export`, headers: { authorization: `Bearer ${lecturerToken}` } })
  if (exported.statusCode !== 200) throw new Error(`the framework export: ${exported.statusCode}`)
  const qa = await db.selectFrom('frameworks').select('id').where('slug', '=', 'iioe-qa').executeTakeFirstOrThrow()
  const qaArea = await db.selectFrom('competencies').select('id').where('framework_id', '=', qa.id).where('kind', '=', 'competency').orderBy('id').executeTakeFirstOrThrow()
  const opened = await app.inject({ method: 'POST', url: '/api/v1/institution/rounds', headers: { authorization: `Bearer ${hrToken}` }, payload: { title: 'Sweep round', opensAt: new Date(Date.now() - 60_000).toISOString(), closesAt: new Date(Date.now() + 30 * 86_400_000).toISOString() } })
  if (opened.statusCode !== 201) throw new Error(`the sweep's round: ${opened.statusCode} ${opened.body}`)
  return {
    round: opened.json<{ id: number }>().id,
    qa: qa.id,
    qaArea: qaArea.id,
    competency: competency.id,
    domain: competency.parent_id!,
    programme: programme.id,
    activity: activity.json<{ id: number }>().id,
    department: department.id,
    staffMember: staffMember.id,
    lecturer: lecturer.id,
    selfRating: selfRating.rating_id,
    invitation,
    designerProgramme: made.json<{ id: number }>().id,
    institution: lecturer.institution_id,
    framework: institution.framework_id,
    frameworkFile: exported.json<Record<string, unknown>>(),
  }
}
