import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { readersOf } from '../../../domain/visibility.js'
import { signedInUser } from '../../../plugins/access.js'
import type { PersonVisibility } from '../../../services/visibility.js'
import { requireCompetencyId } from '../../../http/ids.js'
import { ratingBodySchema } from '../../../http/rating-input.js'
import { errorResponse, frameworkQuery, frameworkRef, frameworkRefJson, idempotencyHeaders, ratingJson, ratingResponse } from '../../../http/api-schemas.js'

const competencyParams = z.object({ competencyId: z.string().max(20) })

const nextToRateResponse = z.object({
  framework: frameworkRef,
  next: z.object({ competencyId: z.number().int(), code: z.string(), title: z.string() }).nullable(),
  rated: z.number().int().describe('competencies asked of you that you have rated'),
  total: z.number().int().describe('competencies your role asks of you (every one when your role sets no target)'),
})

const sharingResponse = z.object({
  setting: z.enum(['aggregates', 'shared', 'everything']),
  reviewer: z.object({ id: z.number().int(), name: z.string() }).nullable(),
  shared: z.boolean(),
  sharedAt: z.string().nullable(),
  readBy: z.array(z.enum(['you', 'reviewer', 'hr'])),
  hrTotalsOfAtLeast: z.number().int(),
})

function sharingJson(visibility: PersonVisibility): z.infer<typeof sharingResponse> {
  return {
    setting: visibility.mode,
    reviewer: visibility.reviewer,
    shared: visibility.shared,
    sharedAt: visibility.sharedAt?.toISOString() ?? null,
    readBy: readersOf(visibility.audience, visibility.reviewer !== null),
    hrTotalsOfAtLeast: visibility.k,
  }
}

/** The caller's own ratings: current, one saved, the history of one competency, and who sees them. */
const meApi: FastifyPluginAsyncZod = async (app) => {
  const { ratings, frameworkUses, selfAssessment } = app.services

  app.get(
    '/me/self-assessment/next',
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['ratings'],
        summary: 'The next competency your role asks you to rate in a framework (null when all are rated), and how far you are',
        querystring: frameworkQuery,
        response: { 200: nextToRateResponse, 400: errorResponse, 404: errorResponse },
      },
    },
    async (request) => {
      const user = signedInUser(request)
      const { framework } = await frameworkUses.choose(user, { requested: request.query.framework })
      const { next, progress } = await selfAssessment.state(user, framework)
      return {
        framework: frameworkRefJson(framework),
        next: next === undefined ? null : { competencyId: next.id, code: next.code, title: next.title },
        rated: progress.rated,
        total: progress.total,
      }
    },
  )

  app.get(
    '/me/ratings',
    {
      config: { access: 'signed-in' },
      schema: { tags: ['ratings'], summary: 'Your current rating of each competency of a framework you have rated', querystring: frameworkQuery, response: { 200: z.array(ratingResponse), 400: errorResponse, 404: errorResponse } },
    },
    async (request) => {
      const user = signedInUser(request)
      const { use } = await frameworkUses.choose(user, { requested: request.query.framework })
      return (await ratings.current(user, use.frameworkId)).map(ratingJson)
    },
  )

  app.put(
    '/me/ratings/:competencyId',
    {
      config: { access: 'signed-in', idempotent: true },
      schema: {
        tags: ['ratings'],
        summary: 'Rate yourself on a competency of any framework your institution uses for people (appended to your history; a repeat of your current rating writes nothing), or mark it not applicable to your role',
        description: 'Send an `Idempotency-Key` header (1 to 255 visible characters, e.g. a UUID) to make a retry safe: the same key with the same request gets the first answer again (`Idempotent-Replayed: true`) for 24 hours; with another request it is refused (422).',
        headers: idempotencyHeaders,
        params: competencyParams,
        body: ratingBodySchema,
        response: { 200: ratingResponse.or(notApplicableResponse), 400: errorResponse, 404: errorResponse, 409: errorResponse, 422: errorResponse },
      },
    },
    async (request) => {
      const user = signedInUser(request)
      const competencyId = requireCompetencyId(request.params.competencyId)
      const { level, notApplicable, evidence, evidenceUrl, evidenceIds } = request.body
      if (notApplicable === true || level === undefined) {
        await app.services.targets.setNotApplicable(user, competencyId)
        return { competencyId, notApplicable: true as const }
      }
      return ratingJson(await ratings.rateSelf(user, competencyId, { level, evidence, evidenceUrl, evidenceFiles: evidenceIds }))
    },
  )

  app.get(
    '/me/ratings/:competencyId/history',
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['ratings'],
        summary: 'Every rating you gave one competency, newest first',
        params: competencyParams,
        response: { 200: z.array(ratingResponse), 404: errorResponse },
      },
    },
    async (request) => (await ratings.history(signedInUser(request), requireCompetencyId(request.params.competencyId))).map(ratingJson),
  )
}

/** The answer to PUT /api/v1/me/ratings/:competencyId with `notApplicable: true`. */
const notApplicableResponse = z.object({ competencyId: z.number().int(), notApplicable: z.literal(true) })

export default meApi

/** Who sees the caller's self-ratings, and their share with their reviewer. */
export const sharingApi: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/me/sharing',
    {
      config: { access: 'signed-in' },
      schema: { tags: ['ratings'], summary: "Who sees your self-ratings under your institution's setting, and whether you share them with your reviewer", response: { 200: sharingResponse } },
    },
    async (request) => sharingJson(await app.services.visibility.of(signedInUser(request))),
  )

  app.put(
    '/me/sharing',
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['ratings'],
        summary: 'Share your self-ratings with your reviewer (and so HR), or stop; only where your institution uses sharing',
        body: z.object({ shared: z.boolean() }).strict(),
        response: { 200: sharingResponse, 400: errorResponse, 409: errorResponse },
      },
    },
    async (request) => sharingJson(await app.services.visibility.setShared(signedInUser(request), request.body.shared)),
  )
}

