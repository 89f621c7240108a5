import type { ViewContext } from '../context.js'
import { html, type Html } from '../html.js'
import { csrfField, layout } from '../layout.js'

export interface LoginPageProps {
  readonly email: string
  readonly next: string
  readonly error: string | undefined
  /** Shown only on the demo: the accounts a visitor can try. */
  readonly demoAccounts: readonly string[]
}

export function loginPage(context: ViewContext, props: LoginPageProps): Html {
  const { m } = context
  const body = html`<div class="narrow">
<h1>${m.login.title}</h1>
<p>${m.login.intro}</p>
${props.error && html`<p class="form-error" role="alert" id="login-error">${props.error}</p>`}
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
