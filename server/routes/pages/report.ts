import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import { reportPdf } from '../../../views/pdf/report.js'
import { reportPage, type ReportPageProps } from '../../../views/pages/report.js'
import { parseId, requireFrameworkParam } from '../../http/ids.js'
import { signedInUser } from '../../plugins/access.js'
import { InvalidInputError, NotFoundError } from '../../services/errors.js'
import type { SessionUser } from '../../services/users.js'

/**
 * The personal feedback report: the person's own (`/me/report`, its PDF, sharing it with their
 * reviewer) and, once they share it, the reviewer's read of it (`/people/:id/report`).
 */
const reportPages: FastifyPluginAsync = async (app) => {
  const { plan, frameworkUses, reportShares, users } = app.services

  async function reportOf(person: SessionUser, requested: number | undefined) {
    const { framework, uses } = await frameworkUses.choose(person, { requested })
    return { ...(await plan.report(person, framework)), uses }
  }

  /** The PDF as a download, never shown inline; named after the framework so two reports do not collide. */
  function sendPdf(reply: FastifyReply, pdf: Buffer, slug: string) {
    return reply
      .header('cache-control', 'private, no-store')
      .header('content-disposition', `attachment; filename="report-${slug.replace(/[^a-z0-9-]/gi, '')}.pdf"`)
      .type('application/pdf')
      .send(pdf)
  }

  /** The person a reviewer opens the shared report of, as the services take a person. */
  async function sharedPerson(request: FastifyRequest<{ Params: { id: string }; Querystring: { framework?: string } }>) {
    const reader = signedInUser(request)
    const personId = parseId(request.params.id)
    const frameworkId = requireFrameworkParam(request.query.framework)
    if (personId === undefined) throw NotFoundError.of('notFound', { thing: 'person', id: request.params.id })
    if (frameworkId === undefined) throw NotFoundError.of('notFound', { thing: 'framework' })
    const share = await reportShares.requireShared(reader, personId, frameworkId)
    const person = await users.personOf(personId, reader.institutionId)
    if (person === undefined) throw NotFoundError.of('notFound', { thing: 'person', id: personId })
    return { person, share, frameworkId }
  }

  app.get<{ Querystring: { framework?: string; shared?: string } }>('/me/report', { config: { access: 'signed-in' } }, async (request, reply) => {
    const user = signedInUser(request)
    const result = await reportOf(user, requireFrameworkParam(request.query.framework))
    const share = await reportShares.of(user, result.plan.framework.row.id)
    const notice = request.query.shared === 'on' || request.query.shared === 'off' ? request.query.shared : undefined
    // Personal: never kept by a shared cache.
    reply.header('cache-control', 'private, no-store')
    const props: ReportPageProps = { ...result, share, notice }
    return reply.html(reportPage(request.viewContext(reply), props))
  })

  app.get<{ Querystring: { framework?: string } }>('/me/report.pdf', { config: { access: 'signed-in' } }, async (request, reply) => {
    const user = signedInUser(request)
    const result = await reportOf(user, requireFrameworkParam(request.query.framework))
    const pdf = await reportPdf(request.viewContext(reply), { ...result, person: user, sharedWithReader: false, drawnUpAt: new Date() })
    return sendPdf(reply, pdf, result.plan.framework.row.slug)
  })

  app.post('/me/report/share', { config: { access: 'signed-in' } }, async (request, reply) => {
    const user = signedInUser(request)
    const body = (request.body ?? {}) as Record<string, unknown>
    const shared = body['shared']
    if (shared !== 'on' && shared !== 'off') throw InvalidInputError.of('sharingChoiceMissing', {})
    const { framework } = await frameworkUses.choose(user, { requested: requireFrameworkParam(typeof body['framework'] === 'string' ? body['framework'] : undefined) })
    await reportShares.set(user, framework.row.id, shared === 'on')
    return reply.redirect(`/me/report?framework=${framework.row.id}&shared=${shared}#share-title`, 303)
  })

  app.get<{ Params: { id: string }; Querystring: { framework?: string } }>('/people/:id/report', { config: { access: 'signed-in' } }, async (request, reply) => {
    const { person, share, frameworkId } = await sharedPerson(request)
    const result = await reportOf(person, frameworkId)
    reply.header('cache-control', 'private, no-store')
    return reply.html(reportPage(request.viewContext(reply), { ...result, uses: [], sharedBy: { id: person.id, name: person.name, at: share.sharedAt } }))
  })

  app.get<{ Params: { id: string }; Querystring: { framework?: string } }>('/people/:id/report.pdf', { config: { access: 'signed-in' } }, async (request, reply) => {
    const { person, frameworkId } = await sharedPerson(request)
    const result = await reportOf(person, frameworkId)
    const pdf = await reportPdf(request.viewContext(reply), { ...result, person, sharedWithReader: true, drawnUpAt: new Date() })
    return sendPdf(reply, pdf, result.plan.framework.row.slug)
  })
}

export default reportPages
