import type { FastifyPluginAsync } from 'fastify'
import type { ViewContext } from '../../../views/context.js'
import { activitiesPage, activityItem, type ActivityFormState } from '../../../views/pages/activities.js'
import { errorFragment, errorPage } from '../../../views/pages/error.js'
import { reratePage } from '../../../views/pages/rerate.js'
import { plannedNotice } from '../../../views/partials/plan-action.js'
import { hoursPerYear } from '../../domain/activities.js'
import { signedInUser } from '../../plugins/access.js'
import { InvalidInputError } from '../../services/errors.js'
import type { SessionUser } from '../../services/users.js'
import { parseActivityForm, parseStatus } from '../../http/activity-input.js'
import { parseId, requireActivityId } from '../../http/ids.js'
import { rerateView } from '../../http/rerate-view.js'

const EMPTY: ActivityFormState = { values: {}, errors: {} }

/** The PD log: list, record, move forward, and re-rate after a completed programme. */
const activityPages: FastifyPluginAsync = async (app) => {
  const { activities } = app.services

  async function renderLog(user: SessionUser, context: ViewContext, form: ActivityFormState, savedId?: number) {
    const [list, visibility] = await Promise.all([activities.list(user), app.services.visibility.of(user)])
    return activitiesPage(context, { activities: list, hoursPerYear: hoursPerYear(list), form, savedId, visibility })
  }

  app.get<{ Querystring: { saved?: string } }>('/activities', { config: { access: 'signed-in' } }, async (request, reply) => {
    const user = signedInUser(request)
    return reply.html(await renderLog(user, request.viewContext(reply), EMPTY, parseId(request.query.saved)))
  })

  app.post('/activities', { config: { access: 'signed-in' } }, async (request, reply) => {
    const user = signedInUser(request)
    const context = request.viewContext(reply)
    const parsed = parseActivityForm(request.body, context.m)
    if (!parsed.ok) {
      // The form's own problems, already in the reader's language. A plan page's button (programmeId)
      // or an htmx swap has no log form to show them beside: they are answered as an error instead.
      const message = Object.values(parsed.errors).join(' ')
      if (request.isHtmx) return reply.html(errorFragment({ message }), 400)
      if (parsed.values['programmeId']) return reply.html(errorPage(context, { title: context.m.errors.title, message }), 400)
      return reply.html(await renderLog(user, context, { values: parsed.values, errors: parsed.errors }), 422)
    }
    const activity = await activities.create(user, parsed.input)
    if (request.isHtmx) return reply.html(plannedNotice(context, activity.title))
    if (activity.status === 'completed' && activity.programmeId !== null) return reply.redirect(`/activities/${activity.id}/rerate`, 303)
    return reply.redirect(`/activities?saved=${activity.id}#a-${activity.id}`, 303)
  })

  app.post<{ Params: { id: string } }>('/activities/:id/status', { config: { access: 'signed-in' } }, async (request, reply) => {
    const user = signedInUser(request)
    const id = requireActivityId(request.params.id)
    const status = parseStatus(request.body)
    if (status === undefined) throw InvalidInputError.of('activityStatusMissing', {})
    const activity = await activities.update(user, id, { status })
    const rerate = activity.status === 'completed' && activity.programmeId !== null ? `/activities/${id}/rerate` : undefined
    if (request.isHtmx) {
      if (rerate !== undefined) return reply.header('HX-Redirect', rerate).html(activityItem(request.viewContext(reply), activity, true))
      return reply.html(activityItem(request.viewContext(reply), activity, true))
    }
    return reply.redirect(rerate ?? `/activities?saved=${id}#a-${id}`, 303)
  })

  app.get<{ Params: { id: string }; Querystring: { saved?: string } }>('/activities/:id/rerate', { config: { access: 'signed-in' } }, async (request, reply) => {
    const user = signedInUser(request)
    const saved = parseId(request.query.saved)
    const context = request.viewContext(reply)
    const focus = saved === undefined ? undefined : { competencyId: saved, saved: true, form: { values: {}, errors: {} } }
    return reply.html(reratePage(context, await rerateView(app, user, requireActivityId(request.params.id), focus, context.m)))
  })
}

export default activityPages
