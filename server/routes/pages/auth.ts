import type { FastifyPluginAsync } from 'fastify'
import { loginPage } from '../../../views/pages/login.js'
import { retryAfter } from '../../http/retry-after.js'
import { landingOf } from '../../domain/roles.js'
import { offerProviderForms } from '../../http/provider-forms.js'
import { safeNextOrNone } from '../../http/safe-next.js'

export interface AuthPageOptions {
  /** Accounts listed on the sign-in page of the demo; empty elsewhere. */
  readonly demoAccounts: readonly string[]
}

/** Sign-in and sign-out for browsers: a plain form, a session cookie, Post/Redirect/Get. */
const authPages: FastifyPluginAsync<AuthPageOptions> = async (app, options) => {
  // Without a safe `next` (none, or empty in the form), a person lands on their own area (landingOf).
  app.get<{ Querystring: { next?: string } }>('/login', { config: { access: 'public' } }, async (request, reply) => {
    const next = safeNextOrNone(request.query.next)
    if (request.sessionUser !== null) return reply.redirect(next === '' ? landingOf(request.sessionUser.role) : next, 303)
    const offerProviders = await offerProviderForms(reply, app.services)
    return reply.html(loginPage(request.viewContext(reply), { email: '', next, error: undefined, demoAccounts: options.demoAccounts, offerProviders, providerEmail: '', choices: [] }))
  })

  app.post<{ Body: Record<string, unknown> }>('/login', { config: { access: 'public' } }, async (request, reply) => {
    const body = request.body ?? {}
    const email = typeof body['email'] === 'string' ? body['email'].trim().slice(0, 320) : ''
    const password = typeof body['password'] === 'string' ? body['password'].slice(0, 1024) : ''
    const next = safeNextOrNone(body['next'])
    const context = request.viewContext(reply)
    const offerProviders = await offerProviderForms(reply, app.services)
    const render = (error: string, status: number) =>
      reply.html(loginPage(context, { email, next, error, demoAccounts: options.demoAccounts, offerProviders, providerEmail: '', choices: [] }), status)
    if (email === '' || password === '') return render(context.m.login.missing, 400)
    const outcome = await app.services.signInThrottle.guard(email, request.ip, () => app.services.users.authenticate(email, password))
    if (outcome.kind === 'throttled') return render(retryAfter(reply, outcome.retryAfterSeconds, context.m), 429)
    if (outcome.kind === 'failed') return render((await app.services.identityProviders.passwordsOffFor(email)) ? context.m.login.passwordsOff : context.m.login.failed, 401)
    await reply.startSession(outcome.value)
    return reply.redirect(next === '' ? landingOf(outcome.value.role) : next, 303)
  })

  // Signing out of a browser ends the person's sessions everywhere (the token version moves on), so
  // a copy of the cookie stops working too. A bearer token (an API client) is not a browser session:
  // its owner's sessions are left alone.
  app.post('/logout', { config: { access: 'public' } }, async (request, reply) => {
    if (request.sessionUser !== null && request.authenticatedBy === 'cookie') await app.services.users.endSessions(request.sessionUser.id)
    reply.endSession()
    return reply.redirect('/login', 303)
  })
}

export default authPages
