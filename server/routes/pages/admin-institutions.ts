import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { adminInstitutionsContent, adminInstitutionsPage, EMPTY_INSTITUTION_FORM, type AdminInstitutionsProps } from '../../../views/pages/admin-institutions.js'
import { OPERATOR_ROLES } from '../../domain/roles.js'
import { INVITATION_DAYS } from '../../plugins/auth.js'
import { signedInUser } from '../../plugins/access.js'
import { ConflictError, NotFoundError } from '../../services/errors.js'
import { parseId } from '../../http/ids.js'

const text = (max: number) => z.string().trim().min(1).max(max)
const institutionForm = z.object({
  name: text(200),
  country: text(100),
  frameworkId: z.coerce.number().int().positive().max(2_147_483_647),
  hrName: text(200),
  hrEmail: z.string().trim().max(254).email(),
})

/**
 * The admin's institutions: the list (counts only), creating one with its first HR account, and
 * moving one to another framework version. Plain forms (303 on success), enhanced by htmx.
 */
const adminInstitutionPages: FastifyPluginAsync = async (app) => {
  const { institutionAdmin, frameworkExchange } = app.services

  async function props(extra: Partial<AdminInstitutionsProps>): Promise<AdminInstitutionsProps> {
    const [institutions, frameworks] = await Promise.all([institutionAdmin.list(), frameworkExchange.list()])
    return { institutions, frameworks, form: EMPTY_INSTITUTION_FORM, ...extra }
  }

  async function render(request: FastifyRequest, reply: FastifyReply, status: number, extra: Partial<AdminInstitutionsProps>) {
    const context = request.viewContext(reply)
    const data = await props(extra)
    return reply.html(request.isHtmx ? adminInstitutionsContent(context, data) : adminInstitutionsPage(context, data), status)
  }

  /** The notice and, unless it went out by mail, the invitation link of a just-created institution. */
  function createdNotice(request: FastifyRequest, reply: FastifyReply, institutions: AdminInstitutionsProps['institutions'], id: number | undefined, mailed: boolean | undefined) {
    const m = request.viewContext(reply).m
    const created = institutions.find((institution) => institution.id === id)
    if (created === undefined) return {}
    const hr = created.pendingHr
    const showLink = hr !== undefined && (!app.invitations.byMail || mailed === false)
    return {
      notice: `${m.admin.created(created.name)}${hr !== undefined && mailed === true ? ` ${m.admin.invitationMailed(hr.email)}` : ''}`,
      invitation: showLink ? { url: app.invitations.link(request, hr), days: INVITATION_DAYS } : undefined,
    }
  }

  app.get<{ Querystring: { created?: string; mailed?: string; moved?: string } }>('/admin/institutions', { config: { access: OPERATOR_ROLES } }, async (request, reply) => {
    const m = request.viewContext(reply).m
    const institutions = await institutionAdmin.list()
    const mailed = request.query.mailed === '1' ? true : request.query.mailed === '0' ? false : undefined
    const moved = institutions.find((institution) => institution.id === parseId(request.query.moved))
    const extra = moved ? { notice: m.admin.frameworkChanged(moved.name) } : createdNotice(request, reply, institutions, parseId(request.query.created), mailed)
    return render(request, reply, 200, extra)
  })

  app.post('/admin/institutions', { config: { access: OPERATOR_ROLES } }, async (request, reply) => {
    const m = request.viewContext(reply).m
    const body = (typeof request.body === 'object' && request.body !== null ? request.body : {}) as Record<string, unknown>
    const values = Object.fromEntries(['name', 'country', 'frameworkId', 'hrName', 'hrEmail'].map((key) => [key, typeof body[key] === 'string' ? (body[key] as string) : '']))
    const parsed = institutionForm.safeParse(values)
    if (!parsed.success) {
      const errors: Record<string, string> = {}
      for (const issue of parsed.error.issues) {
        const key = String(issue.path[0])
        errors[key] ??= key === 'hrEmail' && values[key] !== '' ? m.admin.emailInvalid : key === 'frameworkId' ? m.admin.chooseFramework : issue.code === 'too_big' ? m.admin.fieldTooLong(Number((issue as { maximum?: number }).maximum ?? 0)) : m.admin.fieldRequired
      }
      return render(request, reply, 422, { form: { values, errors } })
    }
    let created
    try {
      created = await institutionAdmin.create(signedInUser(request), parsed.data)
    } catch (error) {
      if (error instanceof ConflictError) {
        const field: Record<string, string> = error.reason?.code === 'institutionExists' ? { name: m.admin.nameTaken } : { hrEmail: m.admin.emailTaken }
        return render(request, reply, 409, { form: { values, errors: field } })
      }
      if (error instanceof NotFoundError) return render(request, reply, 422, { form: { values, errors: { frameworkId: m.admin.chooseFramework } } })
      throw error
    }
    const mailed = app.invitations.byMail ? await app.invitations.send(request, created.hr, parsed.data.name) : undefined
    const query = `created=${created.institutionId}${mailed === undefined ? '' : `&mailed=${mailed ? 1 : 0}`}`
    if (!request.isHtmx) return reply.redirect(`/admin/institutions?${query}`, 303)
    const institutions = await institutionAdmin.list()
    return render(request, reply, 200, createdNotice(request, reply, institutions, created.institutionId, mailed))
  })

  app.post<{ Params: { id: string } }>('/admin/institutions/:id/framework', { config: { access: OPERATOR_ROLES } }, async (request, reply) => {
    const id = parseId(request.params.id)
    if (id === undefined) throw NotFoundError.of('notFound', { thing: 'institution', id: request.params.id })
    const frameworkId = parseId(String((request.body as Record<string, unknown> | undefined)?.['frameworkId'] ?? ''))
    if (frameworkId === undefined) return render(request, reply, 422, { error: request.viewContext(reply).m.admin.chooseFramework })
    await frameworkExchange.moveInstitution(signedInUser(request), id, frameworkId)
    if (!request.isHtmx) return reply.redirect(`/admin/institutions?moved=${id}`, 303)
    const institutions = await institutionAdmin.list()
    const moved = institutions.find((institution) => institution.id === id)
    return render(request, reply, 200, { notice: moved && request.viewContext(reply).m.admin.frameworkChanged(moved.name) })
  })
}

export default adminInstitutionPages
