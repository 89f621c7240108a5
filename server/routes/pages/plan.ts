import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import { planPage, type PlanPageProps } from '../../../views/pages/plan.js'
import type { PlanOptions } from '../../services/plan.js'
import { planOptionsSchema, studyLanguagesSchema } from '../../http/plan-options.js'
import { programmePage, programmesPage } from '../../../views/pages/programmes.js'
import { signedInUser } from '../../plugins/access.js'
import { NotFoundError } from '../../services/errors.js'
import { programmeFilterSchema } from '../../http/programme-filter.js'
import { parseId, requireFrameworkParam } from '../../http/ids.js'

/** The lecturer's plan and the programme catalogue. */
const planPages: FastifyPluginAsync = async (app) => {
  const { plan, programmes, frameworkUses, users } = app.services

  const render = async (request: FastifyRequest, reply: FastifyReply, page: Omit<PlanPageProps, 'plan' | 'uses' | 'all'> & { options: PlanOptions; framework: number | undefined; all: boolean }, status = 200) => {
    const user = signedInUser(request)
    const { framework, uses } = await frameworkUses.choose(user, { requested: page.framework })
    const result = await plan.plan(user, framework, page.options)
    return reply.html(planPage(request.viewContext(reply), { ...page, plan: result, uses }), status)
  }

  app.get<{ Querystring: Record<string, string | string[]> }>('/plan', { config: { access: 'signed-in' } }, async (request, reply) => {
    const { all, saved, ...rest } = request.query
    // Empty fields of the GET form mean "none".
    const given = Object.fromEntries(Object.entries(rest).filter(([, value]) => value !== ''))
    const parsed = planOptionsSchema.safeParse(given)
    const common = { all: all === '1', languagesSaved: saved === 'languages' }
    if (!parsed.success) {
      // The plan without the options it could not read, and the form saying which, with the input kept.
      // An unreadable framework id is a 404, as on every page that takes one.
      const framework = requireFrameworkParam(typeof given['framework'] === 'string' ? given['framework'] : undefined)
      if (parsed.error.issues.some((issue) => issue.path[0] === 'framework')) throw NotFoundError.of('notFound', { thing: 'framework', id: String(given['framework']) })
      const optionsError = parsed.error.issues.some((issue) => issue.path[0] === 'hours') ? 'hours' : 'focus'
      const hoursInput = typeof given['hours'] === 'string' ? given['hours'] : undefined
      return render(request, reply, { ...common, options: {}, framework, hoursInput, optionsError }, 422)
    }
    const { hours, focus, framework } = parsed.data
    return render(request, reply, { ...common, options: { hours, focus: new Set(focus ?? []) }, framework })
  })

  app.post('/plan/languages', { config: { access: 'signed-in' } }, async (request, reply) => {
    const user = signedInUser(request)
    const body = (request.body ?? {}) as Record<string, unknown>
    const given = typeof body['languages'] === 'string' ? [body['languages']] : Array.isArray(body['languages']) ? body['languages'].filter((value): value is string => typeof value === 'string') : []
    const framework = requireFrameworkParam(typeof body['framework'] === 'string' ? body['framework'] : undefined)
    const parsed = studyLanguagesSchema.safeParse(given)
    if (!parsed.success) return render(request, reply, { all: false, options: {}, framework, languagesError: { given } }, 422)
    await users.setStudyLanguages(user.id, parsed.data)
    return reply.redirect(`/plan?${framework === undefined ? '' : `framework=${framework}&`}saved=languages#languages-title`, 303)
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
