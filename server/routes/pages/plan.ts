import type { FastifyPluginAsync } from 'fastify'
import { planPage } from '../../../views/pages/plan.js'
import { programmePage, programmesPage } from '../../../views/pages/programmes.js'
import { signedInUser } from '../../plugins/access.js'
import { NotFoundError } from '../../services/errors.js'
import { programmeFilterSchema } from '../../http/programme-filter.js'
import { parseId, requireFrameworkParam } from '../../http/ids.js'

/** The lecturer's plan and the programme catalogue. */
const planPages: FastifyPluginAsync = async (app) => {
  const { plan, programmes, frameworkUses } = app.services

  app.get<{ Querystring: { all?: string; framework?: string } }>('/plan', { config: { access: 'signed-in' } }, async (request, reply) => {
    const user = signedInUser(request)
    const { framework, uses } = await frameworkUses.choose(user, { requested: requireFrameworkParam(request.query.framework) })
    const result = await plan.plan(user, framework)
    return reply.html(planPage(request.viewContext(reply), { plan: result, all: request.query.all === '1', uses }))
  })

  app.get<{ Querystring: Record<string, string> }>('/programmes', { config: { access: 'signed-in' } }, async (request, reply) => {
    const user = signedInUser(request)
    // Empty fields of the GET form mean "any"; a filter we cannot read is dropped and said so.
    const given = Object.fromEntries(Object.entries(request.query).filter(([, value]) => value !== ''))
    const parsed = programmeFilterSchema.safeParse(given)
    const filter = parsed.success ? parsed.data : {}
    const { framework } = await frameworkUses.choose(user, { requested: parsed.success ? filter.framework : requireFrameworkParam(given['framework']) })
    const list = await programmes.list(framework.row.id, { competencyId: filter.competency, mode: filter.mode, language: filter.language, maxHours: filter.maxHours })
    return reply.html(programmesPage(request.viewContext(reply), { programmes: list, tree: framework.tree, frameworkId: framework.row.id, filter, invalidFilter: !parsed.success }))
  })

  app.get<{ Params: { id: string }; Querystring: { framework?: string } }>('/programmes/:id', { config: { access: 'signed-in' } }, async (request, reply) => {
    const user = signedInUser(request)
    const id = parseId(request.params.id)
    if (id === undefined) throw NotFoundError.of('notFound', { thing: 'programme', id: request.params.id })
    const { framework } = await frameworkUses.choose(user, { requested: requireFrameworkParam(request.query.framework) })
    return reply.html(programmePage(request.viewContext(reply), { programme: await programmes.get(framework.row.id, id), scale: framework.row.scale, tree: framework.tree }))
  })
}

export default planPages
