import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../../server/domain/password-policy.js'
import type { ViewContext } from '../context.js'
import { html, type Html } from '../html.js'
import { csrfField, layout } from '../layout.js'

/** Setting a password from an invitation link; or why the link no longer works. */
export function invitePage(context: ViewContext, props: { token: string; person: { name: string; email: string } | undefined; error: string | undefined }): Html {
  const { m } = context
  const body =
    props.person === undefined
      ? html`<div class="narrow"><h1>${m.invite.title}</h1><p class="form-error" role="alert">${m.invite.invalid}</p></div>`
      : html`<div class="narrow">
<h1>${m.invite.title}</h1>
<p>${m.invite.intro(props.person.name, props.person.email)}</p>
${props.error && html`<p class="form-error" role="alert" id="invite-error">${props.error}</p>`}
<form method="post" action="/invite/${props.token}" class="stack">
  ${csrfField(context)}
  <input type="text" name="username" autocomplete="username" value="${props.person.email}" hidden>
  <label for="password">${m.invite.password}</label>
  <p class="hint" id="password-hint">${m.account.passwordHint(PASSWORD_MIN_LENGTH, PASSWORD_MAX_LENGTH)}</p>
  <input id="password" name="password" type="password" autocomplete="new-password" minlength="${PASSWORD_MIN_LENGTH}" required aria-describedby="password-hint${props.error ? ' invite-error' : ''}">
  <label for="confirm">${m.invite.confirm}</label>
  <input id="confirm" name="confirm" type="password" autocomplete="new-password" minlength="${PASSWORD_MIN_LENGTH}" required>
  <button type="submit">${m.invite.submit}</button>
</form></div>`
  return layout(context, { title: m.invite.title, body })
}
