import type { FastifyPluginAsync } from 'fastify'
import { invitePage } from '../../../views/pages/invite.js'
import { newPasswordError, passwordFields } from '../../http/password-input.js'

/** /invite/:token: a new person sets their password once, and is signed in. */
const invitePages: FastifyPluginAsync = async (app) => {
  const { users } = app.services

  async function invited(token: string) {
    const invitation = app.readInvitation(token)
    if (invitation === undefined) return undefined
    const person = await users.invited(invitation.id, invitation.tokenVersion)
    return person === undefined ? undefined : { invitation, person }
  }

  app.get<{ Params: { token: string } }>('/invite/:token', { config: { access: 'public' } }, async (request, reply) => {
    const found = await invited(request.params.token)
    return reply.html(invitePage(request.viewContext(reply), { token: request.params.token, person: found?.person, error: undefined }), found ? 200 : 404)
  })

  app.post<{ Params: { token: string } }>('/invite/:token', { config: { access: 'public' } }, async (request, reply) => {
    const context = request.viewContext(reply)
    const found = await invited(request.params.token)
    if (found === undefined) return reply.html(invitePage(context, { token: request.params.token, person: undefined, error: undefined }), 404)
    const fields = passwordFields(request.body)
    const error = newPasswordError(fields, found.person, context.m)
    if (error !== undefined) return reply.html(invitePage(context, { token: request.params.token, person: found.person, error }), 422)
    const user = await users.acceptInvitation(found.invitation.id, found.invitation.tokenVersion, fields.password)
    if (user === undefined) return reply.html(invitePage(context, { token: request.params.token, person: undefined, error: undefined }), 404)
    await reply.startSession(user)
    return reply.redirect('/', 303)
  })
}

export default invitePages
