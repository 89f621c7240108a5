import type { ViewContext } from '../context.js'
import { html, type Html } from '../html.js'
import { csrfField, layout } from '../layout.js'

export interface LoginPageProps {
  readonly email: string
  readonly next: string
  readonly error: string | undefined
  /** Shown only on the demo: the accounts a visitor can try. */
  readonly demoAccounts: readonly string[]
  /** Whether any institution signs in through a provider: only then is the work-email form shown. */
  readonly offerProviders: boolean
  /** The email typed in the work-email form. */
  readonly providerEmail: string
  /** The providers serving that email, when more than one does: the person picks. */
  /** Several providers serve the typed email's domain: where each one's sign-in starts. */
  readonly choices: readonly { readonly href: string; readonly name: string }[]
}

export function loginPage(context: ViewContext, props: LoginPageProps): Html {
  const { m } = context
  const body = html`<div class="narrow">
<h1>${m.login.title}</h1>
<p>${m.login.intro}</p>
${props.error && html`<p class="form-error" role="alert" id="login-error">${props.error}</p>`}
${props.offerProviders && providerForm(context, props)}
${props.offerProviders && html`<h2>${m.login.orPassword}</h2>`}
<form method="post" action="/login" class="stack">
  ${csrfField(context)}
  <input type="hidden" name="next" value="${props.next}">
  <label for="email">${m.login.email}</label>
  <input id="email" name="email" type="email" autocomplete="username" required value="${props.email}"${props.error && html` aria-describedby="login-error"`}>
  <label for="password">${m.login.password}</label>
  <input id="password" name="password" type="password" autocomplete="current-password" required>
  <button type="submit">${m.login.submit}</button>
</form>
${props.demoAccounts.length > 0 &&
html`<aside class="notice"><p>${m.login.demoHint}</p><ul>${props.demoAccounts.map((email) => html`<li><code>${email}</code></li>`)}</ul></aside>`}
</div>`
  return layout(context, { title: m.login.title, body })
}

/** Email first: the app picks the university's provider from the domain (a GET: it changes nothing). */
function providerForm(context: ViewContext, props: LoginPageProps): Html {
  const { m } = context
  return html`<section aria-labelledby="provider-title">
<h2 id="provider-title">${m.login.providerTitle}</h2>
${props.choices.length > 0
  ? html`<p>${m.login.providerChoice}</p>
<ul class="stack">${props.choices.map((choice) => html`<li><a class="button" href="${choice.href}">${m.login.signInWith(choice.name)}</a></li>`)}</ul>`
  : html`<p>${m.login.providerIntro}</p>`}
<form method="get" action="/login/provider" class="stack">
  ${props.next === '' ? '' : html`<input type="hidden" name="next" value="${props.next}">`}
  <label for="provider-email">${m.login.providerEmail}</label>
  <input id="provider-email" name="email" type="email" autocomplete="email" required value="${props.providerEmail}">
  <button type="submit">${m.login.providerSubmit}</button>
</form>
</section>`
}
