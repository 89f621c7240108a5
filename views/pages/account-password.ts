import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../../server/domain/password-policy.js'
import type { ViewContext } from '../context.js'
import { html, type Html } from '../html.js'
import { csrfField, layout } from '../layout.js'

export interface ChangePasswordProps {
  readonly error: string | undefined
  readonly changed: boolean
}

/** /account/password: a signed-in person changes their password. */
export function changePasswordPage(context: ViewContext, props: ChangePasswordProps): Html {
  return layout(context, { title: context.m.account.changePassword, body: html`<div class="narrow">${changePasswordSection(context, props)}</div>` })
}

/**
 * The form and its outcome: the page's content, and the fragment htmx swaps. Passwords are never
 * written back into the form.
 */
export function changePasswordSection(context: ViewContext, props: ChangePasswordProps): Html {
  const { m } = context
  const describedBy = `new-password-hint${props.error ? ' password-error' : ''}`
  return html`<section id="change-password">
<h1>${m.account.changePassword}</h1>
<p>${m.account.changePasswordIntro}</p>
${props.changed && html`<p class="saved" role="status">${m.account.changed}</p>`}
${props.error && html`<p class="form-error" role="alert" id="password-error">${props.error}</p>`}
<form method="post" action="/account/password" hx-post="/account/password" hx-target="#change-password" hx-swap="outerHTML" class="stack">
  ${csrfField(context)}
  <input type="text" name="username" autocomplete="username" value="${context.user?.email ?? ''}" hidden>
  <label for="current-password">${m.account.currentPassword}</label>
  <input id="current-password" name="current" type="password" autocomplete="current-password" required>
  <label for="new-password">${m.account.newPassword}</label>
  <p class="hint" id="new-password-hint">${m.account.passwordHint(PASSWORD_MIN_LENGTH, PASSWORD_MAX_LENGTH)}</p>
  <input id="new-password" name="password" type="password" autocomplete="new-password" minlength="${PASSWORD_MIN_LENGTH}" required aria-describedby="${describedBy}">
  <label for="confirm-password">${m.account.confirmPassword}</label>
  <input id="confirm-password" name="confirm" type="password" autocomplete="new-password" minlength="${PASSWORD_MIN_LENGTH}" required>
  <button type="submit">${m.account.submit}</button>
</form>
</section>`
}
