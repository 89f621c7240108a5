import { createServer as createHttpServer } from 'node:http'
import { createServer } from 'node:net'
import path from 'node:path'
import t from 'tap'
import type { Browser } from 'playwright-core'
import { CATALOGUES } from '../../views/messages/index.js'
import { startTestApp } from '../helpers/app.js'
import { ARTIFACTS_DIR, chromiumSkipReason, findChromium, launchChromium, signInAs } from '../helpers/browser.js'
import { listenLoopback, startOidcProvider } from '../helpers/oidc-provider.js'
import { createSamlIdp, OID } from '../helpers/saml-idp.js'

const executablePath = findChromium()
const skip = chromiumSkipReason()
const { login, signInSettings } = CATALOGUES.en

/** A port free now, so the app can be told its own address (the redirect URI) before it listens. */
async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

t.test('HR add their university’s providers (OpenID Connect, SAML); new lecturers sign in through their login pages', { skip }, async (t) => {
  const browser: Browser = await launchChromium(executablePath!)
  t.teardown(() => browser.close())

  for (const javaScriptEnabled of [true, false]) {
    t.test(javaScriptEnabled ? 'with JavaScript' : 'without JavaScript', async (t) => {
      const port = await freePort()
      const address = `http://127.0.0.1:${port}`
      const { app, db } = await startTestApp(t, { publicUrl: address })
      await app.listen({ host: '127.0.0.1', port })
      const idp = await listenLoopback(t)
      const context = await browser.newContext({ javaScriptEnabled })
      const page = await context.newPage()
      const errors: string[] = []
      page.on('pageerror', (error) => errors.push(error.message))
      page.on('response', (response) => response.status() >= 500 && response.url().startsWith(address) && errors.push(`${response.status()} ${response.url()}`))

      await signInAs(page, address, 'hr@demo.test')
      await page.getByRole('link', { name: signInSettings.link }).click()
      await page.waitForURL(`${address}/hr/sign-in`)
      const form = page.getByRole('region', { name: signInSettings.addTitle }).locator('form')
      await form.getByLabel(signInSettings.name).fill('Demo University account')
      await form.getByLabel(signInSettings.issuer).fill(idp.issuer)
      await form.getByLabel(signInSettings.clientId).fill('competency-tracker')
      await form.getByLabel(signInSettings.clientSecret).fill('browser-client-secret')
      await form.getByLabel(signInSettings.emailDomains).fill('demo.test')
      await form.getByLabel(signInSettings.createUnknown).check()
      await form.getByRole('button', { name: signInSettings.add }).click()
      await page.getByRole('status').filter({ hasText: signInSettings.added('Demo University account') }).waitFor()
      const provider = await db.selectFrom('identity_providers').select('id').executeTakeFirstOrThrow()
      const redirectUri = `${address}/auth/oidc/${provider.id}/callback`
      t.equal(await page.locator('code', { hasText: redirectUri }).count(), 1, 'HR are shown the redirect URI to register')

      // The university registers it with its provider.
      await startOidcProvider(idp, {
        clientId: 'competency-tracker',
        clientSecret: 'browser-client-secret',
        redirectUris: [redirectUri],
        accounts: { yaw: { email: 'yaw.asante@demo.test', email_verified: true, name: 'Yaw Asante' } },
      })

      const visitor = await browser.newContext({ javaScriptEnabled })
      const person = await visitor.newPage()
      person.on('pageerror', (error) => errors.push(error.message))
      await person.goto(`${address}/login`)
      await person.getByLabel(login.providerEmail).fill('yaw.asante@demo.test')
      await person.getByRole('button', { name: login.providerSubmit }).click()
      // The provider's own login page (oidc-provider's): any password for a known login. Its style
      // sheet imports a web font, which this machine cannot fetch: the page is read, not waited on.
      await person.waitForURL((url) => url.origin === idp.issuer, { waitUntil: 'domcontentloaded' })
      await person.locator('input[name="login"]').fill('yaw')
      await person.locator('input[name="password"]').fill('whatever')
      await person.locator('button[type="submit"]').click()
      await person.waitForURL(`${address}/`)
      await person.screenshot({ path: path.join(ARTIFACTS_DIR, `university-sign-in-${javaScriptEnabled ? 'js' : 'nojs'}.png`), fullPage: true })
      t.match(await person.locator('header').textContent(), 'Yaw Asante', 'signed in as the person the provider vouched for')
      t.match(await db.selectFrom('users').select(['role', 'institution_id', 'password_hash']).where('email', '=', 'yaw.asante@demo.test').executeTakeFirstOrThrow(), { role: 'lecturer', institution_id: 1, password_hash: null })

      // A SAML IdP of the same university's other domain: HR give its metadata's address; its sign-on
      // page answers with the form an IdP posts back (sent by script, or by the person's button).
      const samlPort = await freePort()
      const samlIdp = createSamlIdp({ entityId: `http://127.0.0.1:${samlPort}/idp`, ssoUrl: `http://127.0.0.1:${samlPort}/sso` })
      const samlServer = createHttpServer((request, response) => {
        if (request.url === '/metadata') return response.writeHead(200, { 'content-type': 'application/samlmetadata+xml' }).end(samlIdp.metadata())
        if (request.url?.startsWith('/sso?') !== true) return response.writeHead(404).end()
        const seen = samlIdp.requestOf(`http://127.0.0.1:${samlPort}${request.url ?? '/'}`)
        const answer = samlIdp.response({ request: seen, attributes: { [OID.mail]: 'nana.mensah@staff.demo.test', [OID.displayName]: 'Nana Mensah' } })
        response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(`<!doctype html><title>IdP</title><form method="post" action="${seen.acsUrl}"><input type="hidden" name="SAMLResponse" value="${answer}"><button>Continue</button></form><script>document.forms[0].submit()</script>`)
      })
      await new Promise<void>((resolve) => samlServer.listen(samlPort, '127.0.0.1', resolve))
      t.teardown(() => new Promise<void>((resolve) => samlServer.close(() => resolve())))
      const samlForm = page.getByRole('region', { name: signInSettings.addSamlTitle }).locator('form')
      await samlForm.getByLabel(signInSettings.name).fill('Staff SAML')
      await samlForm.getByLabel(signInSettings.metadataUrl).fill(`http://127.0.0.1:${samlPort}/metadata`)
      await samlForm.getByLabel(signInSettings.emailDomains).fill('staff.demo.test')
      await samlForm.getByLabel(signInSettings.createUnknown).check()
      await samlForm.getByRole('button', { name: signInSettings.addSaml }).click()
      await page.getByRole('status').filter({ hasText: signInSettings.added('Staff SAML') }).waitFor()
      const samlProvider = await db.selectFrom('identity_providers').select('id').where('kind', '=', 'saml').executeTakeFirstOrThrow()
      t.equal(await page.locator('code', { hasText: `${address}/auth/saml/${samlProvider.id}/acs` }).count(), 1, 'HR are shown the ACS to give the federation')

      const samlVisitor = await browser.newContext({ javaScriptEnabled })
      const samlPerson = await samlVisitor.newPage()
      samlPerson.on('pageerror', (error) => errors.push(error.message))
      await samlPerson.goto(`${address}/login`)
      await samlPerson.getByLabel(login.providerEmail).fill('nana.mensah@staff.demo.test')
      await samlPerson.getByRole('button', { name: login.providerSubmit }).click()
      if (!javaScriptEnabled) {
        await samlPerson.waitForURL((url) => url.port === String(samlPort))
        await samlPerson.getByRole('button', { name: 'Continue' }).click()
      }
      await samlPerson.waitForURL(`${address}/`)
      t.match(await samlPerson.locator('header').textContent(), 'Nana Mensah', 'signed in as the person the SAML IdP vouched for')
      t.same(errors, [], 'no script errors, no server errors')
      await samlVisitor.close()
      await visitor.close()
      await context.close()
    })
  }
})
