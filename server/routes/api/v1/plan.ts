import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { signedInUser } from '../../../plugins/access.js'
import { requireCompetencyId } from '../../../http/ids.js'
import { planOptionsSchema, studyLanguagesSchema } from '../../../http/plan-options.js'
import { errorResponse, frameworkQuery, frameworkRef, frameworkRefJson, programmeLinkJson } from '../../../http/api-schemas.js'

const competencyParams = z.object({ competencyId: z.string().max(20) })
const targetJson = z.object({ competencyId: z.number().int(), level: z.number().int(), source: z.enum(['profile', 'personal']) })

/** The caller's targets, gaps, recommendations and learning path. */
const planApi: FastifyPluginAsyncZod = async (app) => {
  const { targets, plan, frameworkUses, users } = app.services
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
              current: z.number().int().describe('The latest self-rating; 0 is "not yet" (below the first level) and also stands where not rated: see status'),
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
        summary: 'Programmes that close your gaps in a framework, each with its reasons: those taught in your languages first, best first, then the others',
        querystring: frameworkQuery,
        response: {
          404: errorResponse,
          200: z.array(
            z.object({
              programmeId: z.number().int(),
              code: z.string(),
              title: z.string(),
              hours: z.number(),
              score: z.number().describe('Levels of gap closed, each weighted by its competency\'s importance'),
              levels: z.number().int().describe('Levels of gap closed, unweighted'),
              languages: z.array(z.string()),
              inYourLanguages: z.boolean().describe('Taught in one of your languages; the learning path uses only these'),
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
      const { recommendations, otherLanguages } = await plan.plan(user, framework)
      return [...recommendations, ...otherLanguages].map(({ programme, score, levels, reasons, inPersonsLanguage }) => ({
        programmeId: programme.id,
        code: programme.code,
        title: programme.title,
        hours: programme.hours,
        score,
        levels,
        languages: [...programme.languages],
        inYourLanguages: inPersonsLanguage,
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
        summary: 'Your learning path in a framework: programmes in your languages that close all your closable gaps with the fewest hours, or, with `hours`, the most gap levels within that budget',
        querystring: planOptionsSchema,
        response: {
          404: errorResponse,
          200: z.object({
            programmes: z.array(z.object({ programmeId: z.number().int(), code: z.string(), title: z.string(), hours: z.number(), languages: z.array(z.string()) })),
            totalHours: z.number(),
            closes: z.array(z.number().int()).describe('Competencies whose whole gap the path closes'),
            unclosable: z.array(z.number().int()).describe('Competencies with a gap no programme in your languages closes entirely'),
            languages: z.array(z.string()).describe('The languages the path was made for: yours, or the app language until you set them'),
            focus: z.array(z.number().int()).describe('The competencies the path was made for; empty: all your gaps'),
            budget: z
              .object({
                hours: z.number().int(),
                levelsClosed: z.number().int(),
                levelsClosable: z.number().int(),
                exact: z.boolean().describe('True when no other choice within the budget closes more gap levels'),
              })
              .nullable(),
            framework: frameworkRef,
          }),
        },
      },
    },
    async (request) => {
      const user = signedInUser(request)
      const { framework } = await chosen(request, user)
      const result = await plan.plan(user, framework, { hours: request.query.hours, focus: new Set(request.query.focus ?? []) })
      const chosenPath = result.budget ?? result.path
      return {
        programmes: chosenPath.programmes.map((programme) => ({ programmeId: programme.id, code: programme.code, title: programme.title, hours: programme.hours, languages: [...programme.languages] })),
        totalHours: chosenPath.totalHours,
        closes: [...chosenPath.closes],
        unclosable: [...result.path.unclosable],
        languages: [...result.languages],
        focus: [...result.focus].sort((a, b) => a - b),
        budget: result.budget ? { hours: result.budget.hours, levelsClosed: result.budget.levelsClosed, levelsClosable: result.budget.levelsClosable, exact: result.budget.exact } : null,
        framework: frameworkRefJson(framework),
      }
    },
  )

  app.get(
    '/me/report',
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['plan'],
        summary: 'Your feedback report in a framework: per domain against your targets, your strengths, your three priorities with programmes in your languages, the change since your previous round',
        querystring: frameworkQuery,
        response: {
          404: errorResponse,
          200: z.object({
            framework: frameworkRef,
            domains: z.array(
              z.object({
                domainId: z.number().int(),
                code: z.string(),
                asked: z.number().int(),
                rated: z.number().int(),
                met: z.number().int(),
                standing: z.enum(['met', 'close', 'below', 'unrated']),
                meanGap: z.number().nullable(),
                change: z.number().nullable().describe('Mean change of level since your previous round; null without one'),
              }),
            ),
            strengths: z.array(z.object({ competencyId: z.number().int(), code: z.string(), current: z.number().int(), target: z.number().int() })),
            priorities: z.array(
              z.object({
                competencyId: z.number().int(),
                code: z.string(),
                current: z.number().int(),
                target: z.number().int(),
                programmes: z.array(z.object({ programmeId: z.number().int(), code: z.string(), title: z.string(), hours: z.number() })),
              }),
            ),
            previousRound: z.object({ title: z.string(), closesAt: z.string() }).nullable(),
          }),
        },
      },
    },
    async (request, reply) => {
      const user = signedInUser(request)
      const { framework } = await chosen(request, user)
      const { report, previousRound } = await plan.report(user, framework)
      const code = (id: number) => framework.tree.byId.get(id)?.code ?? ''
      reply.header('cache-control', 'private, no-store')
      return {
        framework: frameworkRefJson(framework),
        domains: report.domains.map((domain) => ({ ...domain, code: code(domain.domainId) })),
        strengths: report.strengths.map((line) => ({ ...line, code: code(line.competencyId) })),
        priorities: report.priorities.map((priority) => ({
          ...priority,
          code: code(priority.competencyId),
          programmes: priority.programmes.map((programme) => ({ programmeId: programme.id, code: programme.code, title: programme.title, hours: programme.hours })),
        })),
        previousRound: previousRound === undefined ? null : { title: previousRound.title, closesAt: previousRound.closesAt.toISOString() },
      }
    },
  )

  app.put(
    '/me/study-languages',
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['plan'],
        summary: 'Set the languages you can take programmes in: your learning path uses only programmes taught in one of them',
        body: z.object({ languages: studyLanguagesSchema }).strict(),
        response: { 200: z.object({ languages: z.array(z.string()) }), 400: errorResponse },
      },
    },
    async (request) => {
      await users.setStudyLanguages(signedInUser(request).id, request.body.languages)
      return { languages: request.body.languages }
    },
  )
}

export default planApi
