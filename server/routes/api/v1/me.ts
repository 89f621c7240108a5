import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { signedInUser } from '../../../plugins/access.js'
import { ratingBodySchema, requireCompetencyId } from '../../rating-input.js'
import { errorResponse, ratingJson, ratingResponse } from './schemas.js'

const competencyParams = z.object({ competencyId: z.string().max(20) })

/** The caller's own ratings: current, one saved, and the history of one competency. */
const meApi: FastifyPluginAsyncZod = async (app) => {
  const { ratings } = app.services

  app.get(
    '/me/ratings',
    {
      config: { access: 'signed-in' },
      schema: { tags: ['ratings'], summary: 'Your current rating of each competency you have rated', response: { 200: z.array(ratingResponse) } },
    },
    async (request) => (await ratings.current(signedInUser(request))).map(ratingJson),
  )

  app.put(
    '/me/ratings/:competencyId',
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['ratings'],
        summary: 'Rate yourself on a competency (appended to your history)',
        params: competencyParams,
        body: ratingBodySchema,
        response: { 200: ratingResponse, 400: errorResponse, 404: errorResponse },
      },
    },
    async (request) => {
      const rating = await ratings.rateSelf(signedInUser(request), requireCompetencyId(request.params.competencyId), request.body)
      return ratingJson(rating)
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

export default meApi

