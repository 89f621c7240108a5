import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { reviewDecisionShape, reviewRequestShape, REVIEW_STATUSES } from '../../../domain/reviews.js'
import { parseId } from '../../../http/ids.js'
import { signedInUser } from '../../../plugins/access.js'
import { NotFoundError } from '../../../services/errors.js'
import { errorResponse } from '../../../http/api-schemas.js'

const requestResponse = z.object({
  id: z.number().int(),
  reviewer: z.object({ id: z.number().int(), name: z.string() }).nullable().describe('Null: HR review (you have no reviewer)'),
  reviews: z.array(z.object({ id: z.number().int(), competencyId: z.number().int(), ratingId: z.number().int() })),
  alreadyWaiting: z.array(z.number().int()).describe('Competencies asked about whose review was already waiting: not asked twice'),
})

const fileRef = z.object({ id: z.number().int(), name: z.string(), type: z.string(), bytes: z.number().int(), url: z.string() })

const queueResponse = z.array(
  z.object({
    id: z.number().int(),
    requestId: z.number().int(),
    requestedAt: z.string(),
    message: z.string(),
    person: z.object({ id: z.number().int(), name: z.string(), department: z.string().nullable() }),
    competencyId: z.number().int(),
    code: z.string(),
    frameworkId: z.number().int(),
    self: z.object({ ratingId: z.number().int(), level: z.number().int(), evidence: z.string(), evidenceUrl: z.string().nullable(), files: z.array(fileRef) }),
  }),
)

const myReviewsResponse = z.array(
  z.object({
    id: z.number().int(),
    requestId: z.number().int(),
    requestedAt: z.string(),
    competencyId: z.number().int(),
    code: z.string(),
    status: z.enum(REVIEW_STATUSES),
    askedOf: z.string().nullable(),
    decidedBy: z.string().nullable(),
    level: z.number().int().nullable(),
    comment: z.string(),
    decidedAt: z.string().nullable(),
    credentialId: z.string().nullable().describe('The credential the validated level earned, while it stands: /credentials/<id>'),
  }),
)

const decidedResponse = z.object({
  id: z.number().int(),
  status: z.enum(['validated', 'more-evidence']),
  level: z.number().int().nullable(),
  comment: z.string(),
  decidedAt: z.string(),
})

/** Review requests: the person asks, the reviewer decides. */
const reviewsApi: FastifyPluginAsyncZod = async (app) => {
  const { reviews } = app.services

  app.post(
    '/me/review-requests',
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['reviews'],
        summary: 'Ask your reviewer (HR, if you have none) to review your current self-ratings of some competencies; under the "shared" setting this shares your ratings with them',
        body: reviewRequestShape,
        response: { 201: requestResponse, 400: errorResponse, 409: errorResponse },
      },
    },
    async (request, reply) => {
      const made = await reviews.request(signedInUser(request), request.body)
      return reply.code(201).send({ ...made, reviews: [...made.reviews], alreadyWaiting: [...made.alreadyWaiting] })
    },
  )

  app.get(
    '/me/reviews',
    { config: { access: 'signed-in' }, schema: { tags: ['reviews'], summary: 'The reviews you asked for, newest first, with their decisions', response: { 200: myReviewsResponse } } },
    async (request) =>
      (await reviews.mine(signedInUser(request))).map(({ seen: _seen, frameworkId: _frameworkId, ...review }) => ({
        ...review,
        requestedAt: review.requestedAt.toISOString(),
        decidedAt: review.decidedAt?.toISOString() ?? null,
      })),
  )

  app.get(
    '/reviews',
    { config: { access: 'signed-in' }, schema: { tags: ['reviews'], summary: 'The reviews waiting for you: of the people you review (HR: also of those without a reviewer), oldest first', response: { 200: queueResponse } } },
    async (request) =>
      (await reviews.queue(signedInUser(request))).map((review) => ({
        ...review,
        requestedAt: review.requestedAt.toISOString(),
        self: { ...review.self, files: review.self.files.map((file) => ({ ...file, url: `/api/v1/evidence/${file.id}/file` })) },
      })),
  )

  app.post(
    '/reviews/:id',
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['reviews'],
        summary: 'Decide a review: validate a level (with a comment), or ask for more evidence (the comment says what)',
        params: z.object({ id: z.string().max(20) }),
        body: reviewDecisionShape,
        response: { 200: decidedResponse, 400: errorResponse, 404: errorResponse, 409: errorResponse },
      },
    },
    async (request) => {
      const id = parseId(request.params.id)
      if (id === undefined) throw NotFoundError.of('notFound', { thing: 'review', id: request.params.id })
      const decided = await reviews.decide(signedInUser(request), id, request.body)
      return { id: decided.id, status: decided.status, level: decided.level, comment: decided.comment, decidedAt: decided.decidedAt.toISOString() }
    },
  )
}

export default reviewsApi
