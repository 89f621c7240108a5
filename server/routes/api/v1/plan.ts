import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { signedInUser } from '../../../plugins/access.js'
import { requireCompetencyId } from '../../../http/ids.js'
import { errorResponse, frameworkQuery, frameworkRef, frameworkRefJson, programmeLinkJson } from '../../../http/api-schemas.js'

const competencyParams = z.object({ competencyId: z.string().max(20) })
const targetJson = z.object({ competencyId: z.number().int(), level: z.number().int(), source: z.enum(['profile', 'personal']) })

/** The caller's targets, gaps, recommendations and learning path. */
const planApi: FastifyPluginAsyncZod = async (app) => {
  const { targets, plan, frameworkUses } = app.services
  const chosen = (request: { query: { framework?: number | undefined } }, user: ReturnType<typeof signedInUser>) => frameworkUses.choose(user, { requested: request.query.framework })

  app.get(
    '/me/targets',
    {
      config: { access: 'signed-in' },
      schema: { tags: ['plan'], summary: 'Your target level per competency of a framework: from your role profile, or your own', querystring: frameworkQuery, response: { 200: z.array(targetJson), 404: errorResponse } },
    },
    async (request) => {
      const user = signedInUser(request)
      const { framework } = await chosen(request, user)
      return [...(await targets.of(user, framework.row.id))].map(([competencyId, target]) => ({ competencyId, ...target }))
    },
  )

  app.put(
    '/me/targets/:competencyId',
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['plan'],
        summary: "Set your own target for a competency (overrides your role profile's)",
        params: competencyParams,
        body: z.object({ level: z.number().int().min(1).max(10) }).strict(),
        response: { 200: targetJson, 400: errorResponse, 404: errorResponse },
      },
    },
    async (request) => {
      const competencyId = requireCompetencyId(request.params.competencyId)
      return { competencyId, ...(await targets.setPersonal(signedInUser(request), competencyId, request.body.level)) }
    },
  )

  app.delete(
    '/me/targets/:competencyId',
    {
      config: { access: 'signed-in' },
      schema: { tags: ['plan'], summary: 'Remove your own target: your role profile applies again', params: competencyParams, response: { 204: z.null(), 404: errorResponse } },
    },
    async (request, reply) => {
      await targets.clearPersonal(signedInUser(request), requireCompetencyId(request.params.competencyId))
      return reply.code(204).send(null)
    },
  )

  app.get(
    '/me/gaps',
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['plan'],
        summary: 'Current level, target and gap for every competency of a framework',
        querystring: frameworkQuery,
        response: {
          404: errorResponse,
          200: z.array(
            z.object({
              competencyId: z.number().int(),
              code: z.string(),
              current: z.number().int().describe('0 when not yet rated (see status)'),
              target: z.number().int().nullable(),
              gap: z.number().int().describe('target - current when rated below the target; 0 otherwise, and 0 when not rated'),
              status: z.enum(['gap', 'met', 'unrated']).describe('unrated: not rated yet, so unknown: never a gap'),
              stale: z.boolean().describe("rated longer ago than your institution's stale period"),
            }),
          ),
        },
      },
    },
    async (request) => {
      const user = signedInUser(request)
      const { framework } = await chosen(request, user)
      return (await plan.standings(user, framework)).map((row) => ({
        competencyId: row.competencyId,
        code: row.competency.code,
        current: row.current,
        target: row.target,
        gap: row.gap,
        status: row.status,
        stale: row.stale,
      }))
    },
  )

  app.get(
    '/me/recommendations',
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['plan'],
        summary: 'Programmes that close your gaps in a framework, best first, each with its reasons',
        querystring: frameworkQuery,
        response: {
          404: errorResponse,
          200: z.array(
            z.object({
              programmeId: z.number().int(),
              code: z.string(),
              title: z.string(),
              hours: z.number(),
              score: z.number(),
              framework: frameworkRef.describe('The framework whose gaps the reasons are in'),
              reasons: z.array(programmeLinkJson),
            }),
          ),
        },
      },
    },
    async (request) => {
      const user = signedInUser(request)
      const { framework } = await chosen(request, user)
      const { recommendations } = await plan.plan(user, framework)
      return recommendations.map(({ programme, score, reasons }) => ({
        programmeId: programme.id,
        code: programme.code,
        title: programme.title,
        hours: programme.hours,
        score,
        framework: frameworkRefJson(framework),
        reasons: reasons.map((reason) => ({ ...reason, code: framework.tree.byId.get(reason.competencyId)?.code ?? '' })),
      }))
    },
  )

  app.get(
    '/me/learning-path',
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['plan'],
        summary: 'The programmes that close all your closable gaps in a framework with the fewest hours',
        querystring: frameworkQuery,
        response: {
          404: errorResponse,
          200: z.object({
            programmes: z.array(z.object({ programmeId: z.number().int(), code: z.string(), title: z.string(), hours: z.number() })),
            totalHours: z.number(),
            closes: z.array(z.number().int()),
            unclosable: z.array(z.number().int()),
            framework: frameworkRef,
          }),
        },
      },
    },
    async (request) => {
      const user = signedInUser(request)
      const { framework } = await chosen(request, user)
      const { path } = await plan.plan(user, framework)
      return {
        programmes: path.programmes.map((programme) => ({ programmeId: programme.id, code: programme.code, title: programme.title, hours: programme.hours })),
        totalHours: path.totalHours,
        closes: [...path.closes],
        unclosable: [...path.unclosable],
        framework: frameworkRefJson(framework),
      }
    },
  )
}

export default planApi
