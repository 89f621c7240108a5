import type { AuditEntry } from '../../server/services/institution.js'
import { timeZoneOf, type ViewContext } from '../context.js'
import { formatDateTime } from '../format.js'
import { html, type Html } from '../html.js'
import { pager } from '../partials/pager.js'
import { layout } from '../layout.js'

export interface AuditPageProps {
  readonly entries: readonly AuditEntry[]
  readonly actions: readonly string[]
  readonly action: string | undefined
  readonly page: number
  readonly pages: number
}

/** An action as a person reads it ("Rated themselves"); a code the catalogue does not name is said to be another change. */
function actionName(context: ViewContext, action: string): string {
  return context.m.audit.actions[action] ?? context.m.audit.unnamed
}

/** An entry's data as "name: value" lines rather than raw JSON; nested values stay compact JSON. */
function details(data: Readonly<Record<string, unknown>>): Html {
  const fields = Object.entries(data)
  if (fields.length === 0) return html``
  return html`<ul class="audit-details">${fields.map(
    ([name, value]) => html`<li><span class="muted">${name}</span> ${typeof value === 'string' ? value : JSON.stringify(value)}</li>`,
  )}</ul>`
}

/** The institution's audit log: filterable by action, paged with plain links. */
export function auditPage(context: ViewContext, props: AuditPageProps): Html {
  const { m } = context
  const link = (page: number) => `/hr/audit?page=${page}${props.action ? `&action=${encodeURIComponent(props.action)}` : ''}`
  const body = html`<h1>${m.hr.auditTitle}</h1>
<p>${m.hr.auditIntro}</p>
<form class="filters inline-actions" method="get" action="/hr/audit">
  <label for="audit-action">${m.hr.auditAction}</label>
  <select id="audit-action" name="action"><option value="">${m.hr.allActions}</option>${props.actions.map(
    (action) => html`<option value="${action}"${props.action === action && html` selected`}>${actionName(context, action)}</option>`,
  )}</select>
  <button type="submit">${m.hr.apply}</button>
</form>
${props.entries.length === 0
  ? html`<p>${m.hr.auditEmpty}</p>`
  : html`<div class="table-scroll"><table>
  <thead><tr><th scope="col">${m.hr.auditWhen}</th><th scope="col">${m.hr.auditWho}</th><th scope="col">${m.hr.auditAction}</th><th scope="col">${m.hr.auditWhat}</th><th scope="col">${m.hr.auditDetails}</th></tr></thead>
  <tbody>${props.entries.map(
    (entry) => html`<tr>
    <td class="date">${formatDateTime(context, entry.at, timeZoneOf(context))}</td>
    <td>${entry.actor ?? '—'}</td>
    <td>${actionName(context, entry.action)} <code class="small">${entry.action}</code></td>
    <td>${entry.entity} ${entry.entityId ?? ''}</td>
    <td>${details(entry.data)}</td>
  </tr>`,
  )}</tbody>
</table></div>`}
${pager(context, { page: props.page, pages: props.pages, link })}`
  return layout(context, { title: m.hr.auditTitle, body })
}
