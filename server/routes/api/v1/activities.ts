import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { signedInUser } from '../../../plugins/access.js'
import type { Activity } from '../../../services/activities.js'
import { NotFoundError } from '../../../services/errors.js'
import type { SessionUser } from '../../../services/users.js'
import { parseId } from '../../../http/ids.js'
import { errorResponse } from '../../../http/api-schemas.js'

const status = z.enum(['planned', 'in_progress', 'completed'])
const isoDate = z.iso.date({ message: 'a date as YYYY-MM-DD' })
const fields = {
  title: z.string().trim().min(1).max(300),
  status,
  hours: z.number().min(0).max(2000),
  startedAt: isoDate,
  completedAt: isoDate,
  certificateUrl: z.url({ protocol: /^https?$/, message: 'a web address starting with http:// or https://' }).max(2000),
  notes: z.string().max(2000),
}

const activityJson = z.object({
  id: z.number().int(),
  programmeId: z.number().int().nullable(),
  programmeCode: z.string().nullable(),
  title: z.string(),
  status,
  hours: z.number().nullable(),
  startedAt: z.string().nullable(),
  completedAt: z.string().nullable(),
  certificateUrl: z.string().nullable(),
  notes: z.string(),
  rerate: z.array(z.number().int()).describe('After a programme is completed: the competencies it develops, to rate again (evidence: the completion)'),
})

/** The caller's professional development log. */
const activitiesApi: FastifyPluginAsyncZod = async (app) => {
  const { activities, programmes } = app.services

  /** The programme's competencies in the frameworks the caller's institution uses for people. */
  async function rerateCompetencies(user: SessionUser, programmeId: number): Promise<number[]> {
    const uses = (await app.services.frameworkUses.list(user.institutionId)).filter((use) => use.subject === 'person')
    const links = await Promise.all(uses.map((use) => programmes.linksOf(use.frameworkId, programmeId)))
    return links.flat().map((link) => link.competencyId)
  }

  async function activityResponse(user: SessionUser, activity: Activity): Promise<z.infer<typeof activityJson>> {
    const { updatedAt: _, ...rest } = activity
    const rerate =
      activity.status === 'completed' && activity.programmeId !== null
        ? await rerateCompetencies(user, activity.programmeId)
        : []
    return { ...rest, rerate }
  }

  app.get(
    '/me/activities',
    { config: { access: 'signed-in' }, schema: { tags: ['activities'], summary: 'Your PD log, most recently changed first', response: { 200: z.array(activityJson) } } },
    async (request) => {
      const user = signedInUser(request)
      return Promise.all((await activities.list(user)).map((activity) => activityResponse(user, activity)))
    },
  )

  app.post(
    '/me/activities',
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['activities'],
        summary: 'Record a programme (by id) or another activity (by title) as planned, in progress or completed',
        body: z
          .object({ programmeId: z.number().int().positive().max(2_147_483_647).optional(), ...fields, title: fields.title.optional(), hours: fields.hours.optional(), startedAt: isoDate.optional(), completedAt: isoDate.optional(), certificateUrl: fields.certificateUrl.optional(), notes: fields.notes.optional() })
          .strict()
          .refine((body) => body.programmeId !== undefined || body.title !== undefined, { message: 'give a programmeId or a title', path: ['title'] }),
        response: { 201: activityJson, 400: errorResponse, 404: errorResponse, 409: errorResponse },
      },
    },
    async (request, reply) => {
      const user = signedInUser(request)
      const activity = await activities.create(user, request.body)
      return reply.code(201).send(await activityResponse(user, activity))
    },
  )

  app.patch(
    '/me/activities/:id',
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['activities'],
        summary: 'Change an activity: status moves forward only (planned, in progress, completed)',
        params: z.object({ id: z.string().max(20) }),
        body: z
          .object({
            title: fields.title.optional(),
            status: status.optional(),
            hours: fields.hours.nullable().optional(),
            startedAt: isoDate.optional(),
            completedAt: isoDate.optional(),
            certificateUrl: fields.certificateUrl.or(z.literal('')).optional(),
            notes: fields.notes.optional(),
          })
          .strict()
          .refine((body) => Object.keys(body).length > 0, { message: 'change at least one field' }),
        response: { 200: activityJson, 400: errorResponse, 404: errorResponse, 409: errorResponse },
      },
    },
    async (request) => {
      const user = signedInUser(request)
      const id = parseId(request.params.id)
      if (id === undefined) throw NotFoundError.of('notFound', { thing: 'activity', id: request.params.id })
      return activityResponse(user, await activities.update(user, id, request.body))
    },
  )
}

export default activitiesApi
