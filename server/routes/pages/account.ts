import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import { changePasswordPage, changePasswordSection, type ChangePasswordProps } from '../../../views/pages/account-password.js'
import { signedInUser } from '../../plugins/access.js'
import { newPasswordError, passwordFields } from '../../http/password-input.js'
import { retryAfter } from '../../http/retry-after.js'

/**
 * /account/password: a signed-in person changes their password. The current password is checked
 * under growing delays of its own (a borrowed session cannot guess it freely, and nobody's failed
 * sign-ins hold the owner back); the change ends
 * every other session (the token version moves on) and signs this browser in again.
 */
const accountPages: FastifyPluginAsync = async (app) => {
  const { users, signInThrottle } = app.services

  const render = (request: FastifyRequest, reply: FastifyReply, props: ChangePasswordProps, status = 200) => {
    const context = request.viewContext(reply)
    return reply.html(request.isHtmx ? changePasswordSection(context, props) : changePasswordPage(context, props), status)
  }

  app.get<{ Querystring: { changed?: string } }>('/account/password', { config: { access: 'signed-in' } }, async (request, reply) =>
    render(request, reply, { error: undefined, changed: request.query.changed === '1' }),
  )

  app.post('/account/password', { config: { access: 'signed-in' } }, async (request, reply) => {
    const user = signedInUser(request)
    const m = request.viewContext(reply).m
    const fields = passwordFields(request.body)
    const refuse = (error: string, status: number) => render(request, reply, { error, changed: false }, status)
    if (fields.current === '') return refuse(m.account.currentMissing, 422)
    const problem = newPasswordError(fields, user, m)
    if (problem !== undefined) return refuse(problem, 422)
    if (fields.password === fields.current) return refuse(m.account.sameAsCurrent, 422)
    const outcome = await signInThrottle.guardPasswordChange(user.id, () => users.changePassword(user.id, fields.current, fields.password))
    if (outcome.kind === 'throttled') return refuse(retryAfter(reply, outcome.retryAfterSeconds, m), 429)
    if (outcome.kind === 'failed') return refuse(m.account.currentWrong, 422)
    // The same person, and the page (with its CSRF token) may stay open: the CSRF secret is kept.
    await reply.startSession(outcome.value, { renewCsrf: false })
    if (request.isHtmx) return render(request, reply, { error: undefined, changed: true })
    return reply.redirect('/account/password?changed=1', 303)
  })
}

export default accountPages
