import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { HR_ROLES } from '../../../domain/roles.js'
import { errorResponse, noBodyAsEmptyObject } from '../../../http/api-schemas.js'
import { parseId } from '../../../http/ids.js'
import { newRoundSchema } from '../../../http/round-input.js'
import { signedInUser } from '../../../plugins/access.js'
import { NotFoundError } from '../../../services/errors.js'

const roundParams = z.object({ id: z.string().max(20) })
const status = z.enum(['upcoming', 'open', 'closed'])
const roundJson = z.object({
  id: z.number().int(),
  title: z.string(),
  frameworkId: z.number().int(),
  opensAt: z.string().describe('ISO 8601 date-time'),
  closesAt: z.string().describe('ISO 8601 date-time'),
  status,
  departmentIds: z.array(z.number().int()).nullable().describe('The scope as chosen; null: every department'),
  roleProfileIds: z.array(z.number().int()).nullable().describe('The scope as chosen; null: every role profile'),
})

/** Assessment rounds: HR open them and follow participation; staff see the rounds they are in. */
const roundsApi: FastifyPluginAsyncZod = async (app) => {
  const { rounds } = app.services
  const roundId = (value: string) => {
    const id = parseId(value)
    if (id === undefined) throw NotFoundError.of('notFound', { thing: 'round', id: value })
    return id
  }
  const summaryJson = (round: Awaited<ReturnType<typeof rounds.list>>[number] | Awaited<ReturnType<typeof rounds.get>>) => ({
    id: round.id,
    title: round.title,
    frameworkId: round.frameworkId,
    opensAt: round.opensAt.toISOString(),
    closesAt: round.closesAt.toISOString(),
    status: round.status,
    departmentIds: round.departmentIds === null ? null : [...round.departmentIds],
    roleProfileIds: round.roleProfileIds === null ? null : [...round.roleProfileIds],
  })

  app.post(
    '/institution/rounds',
    {
      config: { access: HR_ROLES },
      schema: {
        tags: ['rounds'],
        summary: 'Open an assessment round for the staff in scope (everyone when no departments or role profiles are given); invitations go out when it opens',
        body: newRoundSchema,
        response: { 201: z.object({ id: z.number().int(), members: z.number().int() }), 400: errorResponse, 403: errorResponse, 404: errorResponse },
      },
    },
    async (request, reply) => {
      const { framework, ...input } = request.body
      const created = await rounds.create(signedInUser(request), { ...input, frameworkId: framework })
      return reply.code(201).send(created)
    },
  )

  app.get(
    '/institution/rounds',
    {
      config: { access: HR_ROLES },
      schema: { tags: ['rounds'], summary: "Your institution's assessment rounds, newest first", response: { 200: z.array(roundJson.extend({ invited: z.number().int() })), 403: errorResponse } },
    },
    async (request) => (await rounds.list(signedInUser(request))).map((round) => ({ ...summaryJson(round), invited: round.invited })),
  )

  app.get(
    '/institution/rounds/:id',
    {
      config: { access: HR_ROLES },
      schema: {
        tags: ['rounds'],
        summary: 'A round with its participation per department: counts only, departments under the minimum group size counted together',
        params: roundParams,
        response: {
          200: roundJson.extend({
            invited: z.number().int(),
            started: z.number().int().nullable().describe('Null when the round has fewer people than the minimum group size'),
            completed: z.number().int().nullable(),
            k: z.number().int(),
            results: z
              .object({ rated: z.number().int().nullable(), meanLevel: z.number().nullable(), suppressed: z.boolean() })
              .nullable()
              .describe("A closed round's results (null before it closes): the people who answered and the mean level they gave, withheld like the trend on the insights page"),
            departments: z.array(
              z.object({
                departmentIds: z.array(z.number().int().nullable()).describe('One department, or several each too small to show alone (null: people in no department)'),
                invited: z.number().int(),
                started: z.number().int(),
                completed: z.number().int(),
              }),
            ),
          }),
          403: errorResponse,
          404: errorResponse,
        },
      },
    },
    async (request) => {
      const user = signedInUser(request)
      const round = await rounds.get(user, roundId(request.params.id))
      const results = await app.services.insights.roundResults(user, round, new Date())
      const { participation } = round
      return {
        ...summaryJson(round),
        invited: participation.invited,
        started: participation.started,
        completed: participation.completed,
        k: round.k,
        results: results === undefined ? null : { rated: results.rated, meanLevel: results.meanLevel, suppressed: results.suppressed },
        departments: participation.rows.map((row) => ({ departmentIds: [...row.departmentIds], invited: row.invited, started: row.started, completed: row.completed })),
      }
    },
  )

  app.post(
    '/institution/rounds/:id/reminders',
    {
      config: { access: HR_ROLES },
      preValidation: noBodyAsEmptyObject,
      schema: {
        tags: ['rounds'],
        summary: 'Remind the people of an open round who have not finished (at most once a day; a second call queues nothing and says so)',
        params: roundParams,
        body: z.object({}).strict().describe('No body, or an empty object'),
        response: { 202: z.object({ queued: z.number().int(), already: z.boolean() }), 400: errorResponse, 403: errorResponse, 404: errorResponse },
      },
    },
    async (request, reply) => reply.code(202).send(await rounds.remind(signedInUser(request), roundId(request.params.id))),
  )

  app.get(
    '/me/rounds',
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['rounds'],
        summary: 'The assessment rounds you are in (open and closed), with how many of the competencies asked of you you answered in each',
        response: {
          200: z.array(
            z.object({
              id: z.number().int(),
              title: z.string(),
              frameworkId: z.number().int(),
              opensAt: z.string(),
              closesAt: z.string(),
              status,
              rated: z.number().int(),
              total: z.number().int(),
              completedAt: z.string().nullable(),
            }),
          ),
        },
      },
    },
    async (request) =>
      (await rounds.mine(signedInUser(request))).map((round) => ({
        ...round,
        opensAt: round.opensAt.toISOString(),
        closesAt: round.closesAt.toISOString(),
        completedAt: round.completedAt?.toISOString() ?? null,
      })),
  )
}

export default roundsApi
