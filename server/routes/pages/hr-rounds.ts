import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import { roundPage, roundsPage, type RoundFormValues } from '../../../views/pages/hr-rounds.js'
import { problemText } from '../../../views/problem-text.js'
import { HR_ROLES } from '../../domain/roles.js'
import { parseId } from '../../http/ids.js'
import { roundFormSchema, tickedIds } from '../../http/round-input.js'
import { signedInUser } from '../../plugins/access.js'
import { InvalidInputError, NotFoundError } from '../../services/errors.js'

const EMPTY_FORM: RoundFormValues = { title: '', opensOn: '', closesOn: '', departmentIds: [], roleProfileIds: [] }

/** HR's assessment rounds: the list and the form that opens one, a round's participation, the reminder. */
const hrRoundPages: FastifyPluginAsync = async (app) => {
  const { rounds, institution, insights } = app.services
  const byMail = app.jobs !== undefined

  const listPage = async (request: FastifyRequest, reply: FastifyReply, values: RoundFormValues, errors: Record<string, string>, status = 200) => {
    const user = signedInUser(request)
    const [list, departments, roleProfiles] = await Promise.all([rounds.list(user), institution.departments(user), institution.roleProfiles(user)])
    return reply.html(roundsPage(request.viewContext(reply), { rounds: list, departments, roleProfiles, values, errors, byMail }), status)
  }

  const roundId = (value: string) => {
    const id = parseId(value)
    if (id === undefined) throw NotFoundError.of('notFound', { thing: 'round', id: value })
    return id
  }

  app.get('/hr/rounds', { config: { access: HR_ROLES } }, async (request, reply) => listPage(request, reply, EMPTY_FORM, {}))

  app.post('/hr/rounds', { config: { access: HR_ROLES } }, async (request, reply) => {
    const user = signedInUser(request)
    const body = (request.body ?? {}) as Record<string, unknown>
    const list = (key: string) => (typeof body[key] === 'string' ? [body[key] as string] : Array.isArray(body[key]) ? (body[key] as unknown[]).filter((value): value is string => typeof value === 'string') : [])
    const text = (key: string) => (typeof body[key] === 'string' ? (body[key] as string) : '')
    const values: RoundFormValues = { title: text('title'), opensOn: text('opensOn'), closesOn: text('closesOn'), departmentIds: list('departmentIds'), roleProfileIds: list('roleProfileIds') }
    const m = request.viewContext(reply).m
    const parsed = roundFormSchema.safeParse({ title: values.title, opensOn: values.opensOn, closesOn: values.closesOn })
    const departmentIds = tickedIds([...values.departmentIds])
    const roleProfileIds = tickedIds([...values.roleProfileIds])
    if (!parsed.success || departmentIds === undefined || roleProfileIds === undefined) {
      const errors: Record<string, string> = {}
      const fields = parsed.success ? [] : parsed.error.issues.map((issue) => issue.path[0])
      if (fields.includes('title')) errors['title'] = m.rounds.titleMissing
      if (fields.includes('opensOn') || fields.includes('closesOn')) errors['dates'] = m.rounds.dateInvalid
      if (departmentIds === undefined || roleProfileIds === undefined) errors['form'] = m.rounds.scopeInvalid
      return listPage(request, reply, values, errors, 422)
    }
    try {
      const created = await rounds.create(user, { title: parsed.data.title, opensAt: parsed.data.opensOn, closesAt: parsed.data.closesOn, departmentIds, roleProfileIds })
      return reply.redirect(`/hr/rounds/${created.id}?created=${created.members}`, 303)
    } catch (error) {
      if (!(error instanceof InvalidInputError || error instanceof NotFoundError)) throw error
      const message = problemText(m, error)
      return listPage(request, reply, values, error instanceof InvalidInputError && error.fields['closesAt'] !== undefined ? { dates: message } : { form: message }, 422)
    }
  })

  app.get<{ Params: { id: string }; Querystring: { created?: string; reminded?: string } }>('/hr/rounds/:id', { config: { access: HR_ROLES } }, async (request, reply) => {
    const user = signedInUser(request)
    const [round, departments, roleProfiles] = await Promise.all([rounds.get(user, roundId(request.params.id)), institution.departments(user), institution.roleProfiles(user)])
    const results = await insights.roundResults(user, round, new Date())
    const created = parseId(request.query.created)
    const reminded = request.query.reminded === 'already' ? { queued: 0, already: true } : /^\d{1,7}$/.test(request.query.reminded ?? '') ? { queued: Number(request.query.reminded), already: false } : undefined
    return reply.html(roundPage(request.viewContext(reply), { round, departments, roleProfiles, byMail, created, reminded, results }))
  })

  app.post<{ Params: { id: string } }>('/hr/rounds/:id/reminders', { config: { access: HR_ROLES } }, async (request, reply) => {
    const user = signedInUser(request)
    const id = roundId(request.params.id)
    try {
      const outcome = await rounds.remind(user, id)
      return reply.redirect(`/hr/rounds/${id}?reminded=${outcome.already ? 'already' : outcome.queued}`, 303)
    } catch (error) {
      if (!(error instanceof InvalidInputError)) throw error
      const [round, departments, roleProfiles] = await Promise.all([rounds.get(user, id), institution.departments(user), institution.roleProfiles(user)])
      const context = request.viewContext(reply)
      return reply.html(roundPage(context, { round, departments, roleProfiles, byMail, error: problemText(context.m, error), results: await insights.roundResults(user, round, new Date()) }), 422)
    }
  })
}

export default hrRoundPages
