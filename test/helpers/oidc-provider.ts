import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import Provider, { type Configuration } from 'oidc-provider'

/** What the provider says about one of its accounts (its `sub` is the account's key). */
export type TestAccount = Readonly<Record<string, unknown>>

interface Teardown {
  teardown(fn: () => unknown): void
}

/** A server on a loopback port whose handler is set later (the issuer URL must be known first). */
export interface LoopbackServer {
  readonly issuer: string
  handle(handler: (request: IncomingMessage, response: ServerResponse) => void): void
}

export async function listenLoopback(t: Teardown): Promise<LoopbackServer> {
  let current: (request: IncomingMessage, response: ServerResponse) => void = (_request, response) => response.writeHead(503).end()
  const server: Server = createServer((request, response) => current(request, response))
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  t.teardown(() => new Promise<void>((resolve) => {
    server.closeAllConnections()
    server.close(() => resolve())
  }))
  return { issuer: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, handle: (handler) => { current = handler } }
}

export interface TestOidcProvider {
  readonly issuer: string
  readonly provider: Provider
}

/**
 * The certified OpenID provider (`oidc-provider`), in this process on a loopback port: a confidential
 * client with PKCE required, its own login page (any login names an account of `accounts`, any
 * password), consent taken as given. Like most providers it puts only `sub` in the ID token: the
 * email and name come from the user info endpoint.
 */
export async function startOidcProvider(
  server: LoopbackServer,
  options: { clientId: string; clientSecret: string; redirectUris: readonly string[]; accounts: Readonly<Record<string, TestAccount>>; configuration?: Partial<Configuration> },
): Promise<TestOidcProvider> {
  const provider = new Provider(server.issuer, {
    clients: [{ client_id: options.clientId, client_secret: options.clientSecret, redirect_uris: [...options.redirectUris], grant_types: ['authorization_code'], response_types: ['code'] }],
    pkce: { required: () => true },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name', 'groups'] },
    findAccount: async (_ctx, id) => {
      const account = options.accounts[id]
      if (account === undefined) return undefined
      return { accountId: id, claims: async () => ({ sub: id, ...account }) }
    },
    // Consent as given, so the login page is the only one a person sees.
    loadExistingGrant: async (ctx) => {
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client!.clientId, accountId: ctx.oidc.session!.accountId! })
      grant.addOIDCScope('openid email profile')
      await grant.save()
      return grant
    },
    features: { devInteractions: { enabled: true } },
    cookies: { keys: ['test-cookie-key-that-is-long-enough'] },
    jwks: undefined,
    ...options.configuration,
  })
  // oidc-provider warns it wants Node 22; on 20 it works, and the warning would only fill the test log.
  provider.on('server_error', () => {})
  server.handle(provider.callback())
  return { issuer: server.issuer, provider }
}

/**
 * Walks the provider's own pages as a browser without JavaScript would: from the authorization URL
 * through the login form (as `login`) to the redirect back to the app, which it returns.
 */
export async function signInAtProvider(authorizationUrl: string, login: string): Promise<URL> {
  const cookies = new Map<string, string>()
  const keep = (response: Response) => {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';')
      const at = pair!.indexOf('=')
      cookies.set(pair!.slice(0, at), pair!.slice(at + 1))
    }
  }
  const cookieHeader = () => [...cookies].map(([name, value]) => `${name}=${value}`).join('; ')
  let url = new URL(authorizationUrl)
  let form: Record<string, string> | undefined
  for (let step = 0; step < 12; step += 1) {
    const response = await fetch(url, {
      redirect: 'manual',
      headers: { cookie: cookieHeader(), ...(form === undefined ? {} : { 'content-type': 'application/x-www-form-urlencoded' }) },
      ...(form === undefined ? {} : { method: 'POST', body: new URLSearchParams(form).toString() }),
    })
    keep(response)
    form = undefined
    const location = response.headers.get('location')
    if (location !== null) {
      const next = new URL(location, url)
      if (next.origin !== url.origin && !next.href.startsWith(new URL(authorizationUrl).origin)) return next
      url = next
      continue
    }
    const page = await response.text()
    if (response.status !== 200) throw new Error(`the provider answered ${response.status}: ${page.slice(0, 300)}`)
    const action = /<form[^>]*action="([^"]+)"/.exec(page)?.[1]
    if (action === undefined || !page.includes('name="login"')) throw new Error(`no login form at ${url.href}: ${page.slice(0, 300)}`)
    url = new URL(action, url)
    form = { prompt: 'login', login, password: 'any' }
  }
  throw new Error('the provider never sent the browser back')
}
