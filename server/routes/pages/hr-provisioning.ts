import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import { hrProvisioningPage, type HrProvisioningPageProps } from '../../../views/pages/hr-provisioning.js'
import { sayProblem } from '../../domain/problems.js'
import { HR_ROLES } from '../../domain/roles.js'
import { parseId } from '../../http/ids.js'
import { signedInUser } from '../../plugins/access.js'
import { InvalidInputError, NotFoundError } from '../../services/errors.js'

type Extra = Pick<HrProvisioningPageProps, 'notice' | 'made' | 'tokenRefused' | 'groupRefused'>

/**
 * HR's provisioning page (/hr/provisioning): the SCIM base URL and tokens for their directory, and
 * where each directory group places its members. Plain forms; a token made is shown on the answer to
 * its form only (never in an address, never again), and a refused form comes back as it was sent.
 */
const hrProvisioningPages: FastifyPluginAsync = async (app) => {
  const { scimTokens, scimGroups, institution } = app.services

  async function render(request: FastifyRequest, reply: FastifyReply, status: number, extra: Extra = {}) {
    const user = signedInUser(request)
    const [tokens, groups, departments, roleProfiles] = await Promise.all([scimTokens.list(user), scimGroups.mappings(user), institution.departments(user), institution.roleProfiles(user)])
    // A page that may hold a token is kept by no cache, and neither is the list of them.
    reply.header('cache-control', 'no-store')
    return reply.html(hrProvisioningPage(request.viewContext(reply), { baseUrl: `${app.caseOrigin}/scim/v2`, tokens, groups, departments, roleProfiles, ...extra }), status)
  }

  app.get<{ Querystring: { revoked?: string; mapped?: string } }>('/hr/provisioning', { config: { access: HR_ROLES } }, async (request, reply) => {
    const { m } = request.viewContext(reply)
    const mappedId = parseId(request.query.mapped)
    const mapped = mappedId === undefined ? undefined : (await scimGroups.mappings(signedInUser(request))).find((group) => group.id === mappedId)?.displayName
    const notice = mapped !== undefined ? m.provisioning.mapped(mapped) : request.query.revoked === '1' ? m.provisioning.revoked : undefined
    return render(request, reply, 200, { notice })
  })

  app.post('/hr/provisioning/tokens', { config: { access: HR_ROLES } }, async (request, reply) => {
    const given = ((request.body ?? {}) as Record<string, unknown>)['label']
    const label = typeof given === 'string' ? given.slice(0, 1000) : ''
    try {
      const made = await scimTokens.create(signedInUser(request), label)
      return render(request, reply, 200, { made: { label: made.label, token: made.token } })
    } catch (error) {
      if (!(error instanceof InvalidInputError)) throw error
      return render(request, reply, 400, { tokenRefused: { label, error: sayProblem(request.viewContext(reply).m.problems, error.reason) } })
    }
  })

  app.post<{ Params: { id: string } }>('/hr/provisioning/tokens/:id/revoke', { config: { access: HR_ROLES } }, async (request, reply) => {
    const id = parseId(request.params.id)
    if (id === undefined) throw NotFoundError.of('notFound', { thing: 'scimToken', id: request.params.id })
    await scimTokens.revoke(signedInUser(request), id)
    return reply.redirect(`/hr/provisioning?revoked=1#tokens-title`, 303)
  })

  app.post<{ Params: { id: string } }>('/hr/provisioning/groups/:id', { config: { access: HR_ROLES } }, async (request, reply) => {
    const id = parseId(request.params.id)
    if (id === undefined) throw NotFoundError.of('notFound', { thing: 'scimGroup', id: request.params.id })
    const form = (request.body ?? {}) as Record<string, unknown>
    const field = (name: string) => (typeof form[name] === 'string' ? (form[name] as string).slice(0, 20) : '')
    const chosen = { departmentId: field('departmentId'), roleProfileId: field('roleProfileId') }
    const idOf = (given: string) => (given === '' ? null : (parseId(given) ?? -1))
    try {
      await scimGroups.map(signedInUser(request), id, { departmentId: idOf(chosen.departmentId), roleProfileId: idOf(chosen.roleProfileId) })
    } catch (error) {
      // The group itself not there (or another institution's): a 404 page; a department or profile not theirs: the form again.
      if (!(error instanceof NotFoundError) || (error.reason.params as { thing?: string }).thing === 'scimGroup') throw error
      return render(request, reply, 400, { groupRefused: { id, ...chosen, error: sayProblem(request.viewContext(reply).m.problems, error.reason) } })
    }
    return reply.redirect(`/hr/provisioning?mapped=${id}#group-${id}`, 303)
  })
}

export default hrProvisioningPages
