import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import { loginPage } from '../../../views/pages/login.js'
import { emailDomainOf, redirectUriOf } from '../../domain/identity-providers.js'
import { landingOf } from '../../domain/roles.js'
import { parseId } from '../../http/ids.js'
import { offerProviderForms } from '../../http/provider-forms.js'
import { safeNextOrNone } from '../../http/safe-next.js'
import { FLOW_SECONDS, OidcFailure } from '../../services/oidc.js'
import { NotFoundError } from '../../services/errors.js'
import { REQUEST_SECONDS, SamlFailure } from '../../services/saml.js'

const FLOW_COOKIE = 'sign_in_flow'
const FLOW_PATH = '/auth/oidc/'
const SAML_COOKIE = 'saml_request'
const SAML_PATH = '/auth/saml/'
/** An IdP's answer, base64: a few kilobytes, more with many groups; far under this. */
const SAML_BODY_LIMIT = 512 * 1024

/**
 * Signing in the university's way: the person types their work email, the app finds the providers
 * serving its domain and sends them there (OpenID Connect: code flow with PKCE, state and nonce, the
 * flow sealed in a short-lived cookie so any app process can finish it). Every refusal says why in the
 * person's language and says nothing of accounts they have not proved are theirs.
 */
const signInProviderPages: FastifyPluginAsync<{ demoAccounts: readonly string[] }> = async (app, options) => {
  const { identityProviders, federatedSignIn, oidc, saml } = app.services
  /** The address the provider sends the person back to: registered with it, so it must not move. */
  const callbackUrl = (id: number) => redirectUriOf(app.caseOrigin, id)

  const render = async (request: FastifyRequest, reply: FastifyReply, status: number, props: { email?: string; next?: string; error?: string; choices?: readonly { href: string; name: string }[] }) => {
    const context = request.viewContext(reply)
    const offerProviders = await offerProviderForms(reply, app.services)
    return reply.html(
      loginPage(context, { email: '', next: '', error: undefined, demoAccounts: options.demoAccounts, offerProviders, ...props, providerEmail: props.email ?? '', choices: props.choices ?? [] }),
      status,
    )
  }

  // The email-first form of the sign-in page: one provider sends the person on, several are offered.
  app.get<{ Querystring: { email?: string; next?: string } }>('/login/provider', { config: { access: 'public' } }, async (request, reply) => {
    const email = typeof request.query.email === 'string' ? request.query.email.trim().slice(0, 320) : ''
    const next = safeNextOrNone(request.query.next)
    const { m } = request.viewContext(reply)
    if (email === '') return render(request, reply, 400, { next, error: m.login.emailMissing })
    const providers = await identityProviders.forEmail(email)
    if (providers.length === 0) return render(request, reply, 404, { email, next, error: m.login.unknownDomain(emailDomainOf(email) || email) })
    const start = ({ id, kind }: { id: number; kind: string }) => `/auth/${kind}/${id}?${new URLSearchParams({ ...(next === '' ? {} : { next }), login_hint: email }).toString()}`
    if (providers.length === 1) return reply.redirect(start(providers[0]!), 303)
    return render(request, reply, 200, { email, next, choices: providers.map((provider) => ({ href: start(provider), name: provider.name })) })
  })

  app.get<{ Params: { id: string }; Querystring: { next?: string; login_hint?: string } }>('/auth/oidc/:id', { config: { access: 'public' } }, async (request, reply) => {
    const id = parseId(request.params.id)
    const provider = id === undefined ? undefined : await identityProviders.forSignIn(id)
    const { m } = request.viewContext(reply)
    if (provider === undefined || provider.kind !== 'oidc') return render(request, reply, 404, { error: m.login.flowLost })
    const hint = typeof request.query.login_hint === 'string' && request.query.login_hint.length <= 320 ? request.query.login_hint : undefined
    try {
      const { url, flow } = await oidc.start(provider, callbackUrl(provider.id), safeNextOrNone(request.query.next), hint)
      reply.setCookie(FLOW_COOKIE, await oidc.seal(flow), { path: FLOW_PATH, httpOnly: true, sameSite: 'lax', secure: request.protocol === 'https', maxAge: FLOW_SECONDS })
      return reply.redirect(url.href, 302)
    } catch (error) {
      request.log.warn({ err: error, provider: provider.id }, 'sign-in provider could not be started')
      return render(request, reply, 503, { error: m.login.providerUnavailable(provider.name) })
    }
  })

  app.get<{ Params: { id: string } }>('/auth/oidc/:id/callback', { config: { access: 'public' } }, async (request, reply) => {
    const { m } = request.viewContext(reply)
    const flow = await oidc.open(request.cookies[FLOW_COOKIE])
    // Used once: a reload or a replayed callback finds no flow.
    reply.clearCookie(FLOW_COOKIE, { path: FLOW_PATH })
    const id = parseId(request.params.id)
    const provider = flow === undefined || flow.providerId !== id ? undefined : await identityProviders.forSignIn(flow.providerId)
    if (flow === undefined || provider === undefined || provider.kind !== 'oidc') return render(request, reply, 400, { error: m.login.flowLost })
    const query = request.url.indexOf('?')
    const callback = new URL(callbackUrl(provider.id))
    callback.search = query < 0 ? '' : request.url.slice(query)
    let outcome
    try {
      outcome = await federatedSignIn.signIn(provider, await oidc.finish(provider, flow, callback))
    } catch (error) {
      if (!(error instanceof OidcFailure)) throw error
      request.log.warn({ err: error, provider: provider.id }, 'sign-in through a provider failed')
      const say = error.kind === 'cancelled' ? m.login.providerCancelled : error.kind === 'unavailable' ? m.login.providerUnavailable : m.login.providerFailed
      return render(request, reply, error.kind === 'unavailable' ? 503 : 400, { error: say(provider.name) })
    }
    if (outcome.kind === 'refused') return render(request, reply, 403, { email: outcome.email ?? '', error: m.login.refusals[outcome.refusal](provider.name) })
    await reply.startSession(outcome.user)
    return reply.redirect(flow.next === '' ? landingOf(outcome.user.role) : flow.next, 303)
  })

  /** A SAML provider by the id in the address, or none (another kind's id is none too). */
  const samlProvider = async (given: string) => {
    const id = parseId(given)
    const provider = id === undefined ? undefined : await identityProviders.forSignIn(id)
    return provider?.kind === 'saml' ? provider : undefined
  }

  // Our service provider's metadata, for the IdP or the federation: public, as federations fetch it.
  app.get<{ Params: { id: string } }>('/auth/saml/:id/metadata', { config: { access: 'public' } }, async (request, reply) => {
    const provider = await samlProvider(request.params.id)
    if (provider === undefined) throw NotFoundError.of('notFound', { thing: 'identityProvider', id: request.params.id.slice(0, 20) })
    return reply.type('application/samlmetadata+xml; charset=utf-8').header('content-disposition', `inline; filename="sp-metadata-${provider.id}.xml"`).send(saml.metadata(provider, app.caseOrigin))
  })

  app.get<{ Params: { id: string }; Querystring: { next?: string; login_hint?: string } }>('/auth/saml/:id', { config: { access: 'public' } }, async (request, reply) => {
    const provider = await samlProvider(request.params.id)
    const { m } = request.viewContext(reply)
    if (provider === undefined) return render(request, reply, 404, { error: m.login.flowLost })
    const hint = typeof request.query.login_hint === 'string' && request.query.login_hint.length <= 320 ? request.query.login_hint : undefined
    const refreshed = await identityProviders.refreshSamlMetadata(provider.id)
    if (refreshed === 'failed') request.log.warn({ provider: provider.id }, 'the SAML IdP\'s metadata could not be read again: the kept one is used')
    const current = refreshed === 'changed' ? ((await samlProvider(request.params.id)) ?? provider) : provider
    const { url, requestId } = await saml.start(current, app.caseOrigin, safeNextOrNone(request.query.next), hint)
    // The IdP answers by a cross-site POST, which brings only a SameSite=None cookie: and that must be Secure.
    if (request.protocol === 'https') reply.setCookie(SAML_COOKIE, requestId, { path: SAML_PATH, httpOnly: true, sameSite: 'none', secure: true, maxAge: REQUEST_SECONDS })
    return reply.redirect(url.href, 302)
  })

  // The IdP posts its answer from its own site: no CSRF token can come with it; the signed, once-only answer stands for one.
  app.post<{ Params: { id: string }; Body: { SAMLResponse?: unknown; RelayState?: unknown } }>(
    '/auth/saml/:id/acs',
    { config: { access: 'public', csrf: false }, bodyLimit: SAML_BODY_LIMIT },
    async (request, reply) => {
      const { m } = request.viewContext(reply)
      const provider = await samlProvider(request.params.id)
      const answer = request.body?.SAMLResponse
      if (provider === undefined || typeof answer !== 'string' || answer === '') return render(request, reply, 400, { error: m.login.flowLost })
      let outcome
      try {
        // Over https the browser kept which request it started; over plain http (a test, a laptop) it cannot.
        const startedHere = request.protocol === 'https' ? (request.cookies[SAML_COOKIE] ?? '') : undefined
        reply.clearCookie(SAML_COOKIE, { path: SAML_PATH })
        outcome = await federatedSignIn.signIn(provider, await saml.finish(provider, app.caseOrigin, answer, startedHere))
      } catch (error) {
        if (!(error instanceof SamlFailure)) throw error
        request.log.warn({ err: error, provider: provider.id }, 'SAML sign-in failed')
        return render(request, reply, 400, { error: (error.kind === 'cancelled' ? m.login.providerCancelled : m.login.providerFailed)(provider.name) })
      }
      if (outcome.kind === 'refused') return render(request, reply, 403, { email: outcome.email ?? '', error: m.login.refusals[outcome.refusal](provider.name) })
      await reply.startSession(outcome.user)
      const next = typeof request.body?.RelayState === 'string' ? safeNextOrNone(request.body.RelayState) : ''
      return reply.redirect(next === '' ? landingOf(outcome.user.role) : next, 303)
    },
  )
}

export default signInProviderPages
