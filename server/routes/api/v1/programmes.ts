import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { signedInUser } from '../../../plugins/access.js'
import { NotFoundError } from '../../../services/errors.js'
import type { Programme } from '../../../services/programmes.js'
import { parseId } from '../../../http/ids.js'
import { errorResponse, frameworkQuery, programmeJson, programmeOut } from '../../../http/api-schemas.js'
import { programmeFilterSchema } from '../../../http/programme-filter.js'

/** The published programme catalogue, with links into the caller's framework. */
const programmesApi: FastifyPluginAsyncZod = async (app) => {
  const { programmes, frameworkUses } = app.services

  app.get(
    '/programmes',
    {
      config: { access: 'signed-in' },
      schema: { tags: ['programmes'], summary: 'The published programme catalogue, filtered, with links into a framework', querystring: programmeFilterSchema, response: { 200: z.array(programmeJson), 400: errorResponse, 404: errorResponse } },
    },
    async (request) => {
      const { competency, mode, language, maxHours, framework } = request.query
      const { use } = await frameworkUses.choose(signedInUser(request), { requested: framework })
      return (await programmes.list(use.frameworkId, { competencyId: competency, mode, language, maxHours })).map(programmeResponse)
    },
  )

  app.get(
    '/programmes/:id',
    {
      config: { access: 'signed-in' },
      schema: { tags: ['programmes'], summary: 'One published programme, with its links into a framework', params: z.object({ id: z.string().max(20) }), querystring: frameworkQuery, response: { 200: programmeJson, 400: errorResponse, 404: errorResponse } },
    },
    async (request) => {
      const id = parseId(request.params.id)
      if (id === undefined) throw NotFoundError.of('notFound', { thing: 'programme', id: request.params.id })
      const { use } = await frameworkUses.choose(signedInUser(request), { requested: request.query.framework })
      return programmeResponse(await programmes.get(use.frameworkId, id))
    },
  )
}

export default programmesApi

function programmeResponse(programme: Programme): z.infer<typeof programmeJson> {
  return programmeOut(programme, programme.competencies)
}
