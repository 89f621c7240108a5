import type { Operator } from '../../server/services/operators.js'
import type { ViewContext } from '../context.js'
import { html, type Html } from '../html.js'
import { csrfField, layout } from '../layout.js'
import { nextTo } from '../punctuation.js'

export interface AdminOperatorsProps {
  readonly operators: readonly Operator[]
  readonly values: Readonly<Record<string, string>>
  readonly errors: Readonly<Record<string, string>>
  readonly notice?: string | undefined
  /** The one-time link of a just-made operator, when it was not mailed. */
  readonly invitation?: { readonly url: string; readonly days: number } | undefined
}

/** The platform operators and the form that makes another: a plain form, re-rendered with its input when refused. */
export function adminOperatorsPage(context: ViewContext, props: AdminOperatorsProps): Html {
  const { m } = context
  const { values, errors } = props
  const input = (name: string, label: string, type = 'text') => html`<label for="op-${name}">${label}</label>
    ${errors[name] && html`<p class="field-error" id="op-${name}-error">${errors[name]}</p>`}
    <input id="op-${name}" name="${name}" type="${type}" maxlength="${name === 'email' ? 254 : 200}" value="${values[name] ?? ''}" required${errors[name] && html` aria-invalid="true" aria-describedby="op-${name}-error"`}>`
  const status = (operator: Operator) => (!operator.active ? m.staff.disabled : operator.hasPassword ? m.staff.active : m.staff.invited)
  const body = html`<h1>${m.admin.operatorsTitle}</h1>
<p>${m.admin.operatorsIntro}</p>
${props.notice && html`<p class="saved" role="status">${props.notice}</p>`}
${props.invitation && html`<p class="notice">${nextTo(m.admin.operatorInvitationLink(props.invitation.days), html`<code>${props.invitation.url}</code>`)}</p>`}
<div class="table-scroll"><table>
  <thead><tr><th scope="col">${m.admin.name}</th><th scope="col">${m.staff.email}</th><th scope="col">${m.admin.operatorInstitution}</th><th scope="col">${m.staff.status}</th></tr></thead>
  <tbody>${props.operators.map((operator) => html`<tr><td>${operator.name}</td><td>${operator.email}</td><td>${operator.institution}</td><td>${status(operator)}</td></tr>`)}</tbody>
</table></div>
<section aria-labelledby="new-operator-title">
  <h2 id="new-operator-title">${m.admin.newOperator}</h2>
  <p>${m.admin.newOperatorIntro}</p>
  <form method="post" action="/admin/operators" class="stack" novalidate>
    ${csrfField(context)}
    ${Object.keys(errors).length > 0 && html`<p class="form-error" role="alert">${m.staff.fixErrors}</p>`}
    ${input('name', m.admin.name)}
    ${input('email', m.staff.email, 'email')}
    <div class="inline-actions"><button type="submit">${m.admin.createOperator}</button></div>
  </form>
</section>`
  return layout(context, { title: m.admin.operatorsTitle, body })
}
