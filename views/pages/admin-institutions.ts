import type { FrameworkSummary } from '../../server/services/framework-exchange/export.js'
import type { InstitutionSummary } from '../../server/services/institutions-admin.js'
import type { ViewContext } from '../context.js'
import { html, type Html } from '../html.js'
import { csrfField, layout } from '../layout.js'
import { localized, localizedText } from '../localize.js'
import { nextTo } from '../punctuation.js'

export interface InstitutionFormState {
  readonly values: Readonly<Record<string, string>>
  readonly errors: Readonly<Record<string, string>>
}

export const EMPTY_INSTITUTION_FORM: InstitutionFormState = { values: {}, errors: {} }

export interface AdminInstitutionsProps {
  readonly institutions: readonly InstitutionSummary[]
  readonly frameworks: readonly FrameworkSummary[]
  readonly form: InstitutionFormState
  readonly notice?: string | undefined
  /** Why a request was refused (an alert, not a notice). */
  readonly error?: string | undefined
  /** The invitation of a just-created institution's HR person, when it is not (or could not be) mailed. */
  readonly invitation?: { readonly url: string; readonly days: number } | undefined
}

/** The admin's institutions: counts and framework versions, moving one to another version, creating one. */
export function adminInstitutionsPage(context: ViewContext, props: AdminInstitutionsProps): Html {
  const { m } = context
  return layout(context, { title: m.admin.institutionsTitle, body: html`<h1>${m.admin.institutionsTitle}</h1>
<p>${m.admin.institutionsIntro}</p>
${adminInstitutionsContent(context, props)}` })
}

/** Everything below the heading: what htmx swaps after a submit. */
export function adminInstitutionsContent(context: ViewContext, props: AdminInstitutionsProps): Html {
  const { m } = context
  const { values, errors } = props.form
  const input = (name: string, label: string, type = 'text') => html`<label for="${name}">${label}</label>
    ${errors[name] && html`<p class="field-error" id="${name}-error">${errors[name]}</p>`}
    <input id="${name}" name="${name}" type="${type}" value="${values[name] ?? ''}" required${errors[name] && html` aria-invalid="true" aria-describedby="${name}-error"`}>`
  return html`<div id="institutions-admin">
${props.notice && html`<p class="saved" role="status">${props.notice}</p>`}
${props.error && html`<p class="form-error" role="alert">${props.error}</p>`}
${props.invitation && html`<p class="notice">${nextTo(m.admin.invitationLink(props.invitation.days), html`<code>${props.invitation.url}</code>`)}</p>`}
<div class="table-scroll"><table class="institutions">
  <thead><tr><th scope="col">${m.admin.name}</th><th scope="col">${m.admin.country}</th><th scope="col">${m.admin.frameworkVersion}</th><th scope="col">${m.admin.staff}</th><th scope="col">${m.admin.change}</th></tr></thead>
  <tbody>${props.institutions.map(
    (institution) => html`<tr>
    <td>${institution.name}</td>
    <td>${institution.country}</td>
    <td>${localized(context, { translations: institution.frameworkTranslations }, 'title', institution.frameworkTitle)} <span class="muted">${institution.frameworkVersion}</span></td>
    <td>${institution.staff}</td>
    <td><form method="post" action="/admin/institutions/${institution.id}/framework" class="inline-form" hx-post="/admin/institutions/${institution.id}/framework" hx-target="#institutions-admin" hx-swap="outerHTML">
      ${csrfField(context)}
      <label class="visually-hidden" for="framework-${institution.id}">${m.admin.changeFramework}</label>
      <select id="framework-${institution.id}" name="frameworkId">${frameworkOptions(context, props.frameworks, institution.frameworkId)}</select>
      <button type="submit" class="secondary">${m.admin.changeFramework}</button>
    </form></td>
  </tr>`,
  )}</tbody>
</table></div>
<section aria-labelledby="new-institution-title">
  <h2 id="new-institution-title">${m.admin.newInstitution}</h2>
  <p>${m.admin.newInstitutionIntro}</p>
  <form method="post" action="/admin/institutions" class="stack" hx-post="/admin/institutions" hx-target="#institutions-admin" hx-swap="outerHTML">
    ${csrfField(context)}
    ${input('name', m.admin.name)}
    ${input('country', m.admin.country)}
    <label for="frameworkId">${m.admin.frameworkVersion}</label>
    ${errors['frameworkId'] && html`<p class="field-error">${errors['frameworkId']}</p>`}
    <select id="frameworkId" name="frameworkId">${frameworkOptions(context, props.frameworks, Number(values['frameworkId'] ?? props.frameworks.find((framework) => framework.latest && framework.slug === 'iioe-hew')?.id))}</select>
    ${input('hrName', m.admin.hrName)}
    ${input('hrEmail', m.admin.hrEmail, 'email')}
    <div class="inline-actions"><button type="submit">${m.admin.create}</button></div>
  </form>
</section>
</div>`
}

function frameworkOptions(context: ViewContext, frameworks: readonly FrameworkSummary[], selected: number | undefined): Html[] {
  return frameworks.map((framework) => html`<option value="${framework.id}"${framework.id === selected && html` selected`}>${localizedText(context, framework, 'title', framework.title)} — ${framework.version}</option>`)
}
