import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { adminOperatorsPage, type AdminOperatorsProps } from '../../../views/pages/admin-operators.js'
import { OPERATOR_ROLES } from '../../domain/roles.js'
import { INVITATION_DAYS } from '../../plugins/auth.js'
import { signedInUser } from '../../plugins/access.js'
import { ConflictError } from '../../services/errors.js'
import { parseId } from '../../http/ids.js'

const operatorForm = z.object({ name: z.string().trim().min(1).max(200), email: z.string().trim().max(254).email() })

/**
 * The platform operators, for operators: the list and a form to make another one (an invitation link,
 * or a mail with MAIL_URL). The new operator's account sits in the creating operator's institution,
 * whose HR do not see it (domain/roles.ts). The only other way to make one is `npm run admin:create`.
 */
const adminOperatorPages: FastifyPluginAsync = async (app) => {
  const { operators, users } = app.services

  async function render(request: FastifyRequest, reply: FastifyReply, status: number, extra: Partial<AdminOperatorsProps>) {
    const props: AdminOperatorsProps = { operators: await operators.list(), values: {}, errors: {}, ...extra }
    return reply.html(adminOperatorsPage(request.viewContext(reply), props), status)
  }

  app.get<{ Querystring: { created?: string; mailed?: string } }>('/admin/operators', { config: { access: OPERATOR_ROLES } }, async (request, reply) => {
    const m = request.viewContext(reply).m
    const created = (await operators.list()).find((operator) => operator.id === parseId(request.query.created))
    if (created === undefined) return render(request, reply, 200, {})
    const mailed = request.query.mailed === '1'
    // The link is shown while the invitation is unused, unless it went out by mail.
    const tokenVersion = !created.hasPassword && !mailed ? await users.tokenVersionOf(created.id) : undefined
    return render(request, reply, 200, {
      notice: mailed ? m.admin.operatorMailed(created.email) : m.admin.operatorCreated(created.name),
      invitation: tokenVersion === undefined ? undefined : { url: app.invitations.link(request, { id: created.id, tokenVersion }), days: INVITATION_DAYS },
    })
  })

  app.post('/admin/operators', { config: { access: OPERATOR_ROLES } }, async (request, reply) => {
    const user = signedInUser(request)
    const m = request.viewContext(reply).m
    const body = (typeof request.body === 'object' && request.body !== null ? request.body : {}) as Record<string, unknown>
    const values = Object.fromEntries(['name', 'email'].map((key) => [key, typeof body[key] === 'string' ? (body[key] as string) : '']))
    const parsed = operatorForm.safeParse(values)
    if (!parsed.success) {
      const errors: Record<string, string> = {}
      for (const issue of parsed.error.issues) {
        const key = String(issue.path[0])
        errors[key] ??= key === 'email' && values[key] !== '' ? m.admin.emailInvalid : issue.code === 'too_big' ? m.admin.fieldTooLong(200) : m.admin.fieldRequired
      }
      return render(request, reply, 422, { values, errors })
    }
    let created
    try {
      created = await operators.create({ kind: 'operator', id: user.id, role: user.role }, { ...parsed.data, institutionId: user.institutionId, passwordHash: null })
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error
      return render(request, reply, 409, { values, errors: { email: m.admin.emailTaken } })
    }
    const mailed = app.invitations.byMail ? await app.invitations.send(request, created, user.institutionName) : undefined
    return reply.redirect(`/admin/operators?created=${created.id}${mailed === undefined ? '' : `&mailed=${mailed ? 1 : 0}`}`, 303)
  })
}

export default adminOperatorPages
