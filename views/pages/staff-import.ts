import type { ImportError, ImportErrorDetail, ImportPlan } from '../../server/domain/staff-import.js'
import type { ViewContext } from '../context.js'
import { html, type Html } from '../html.js'
import { inlineListText, nextTo, parenthetical } from '../punctuation.js'
import { csrfField, layout } from '../layout.js'

export interface StaffImportPageProps {
  readonly csv: string
  readonly createDepartments: boolean
  /** The outcome of the last check or refused import, if any. */
  readonly plan: ImportPlan | undefined
  readonly refused: boolean
}

/** Paste a CSV, check it (dry run) row by row, then import it: all rows or none. */
export function staffImportPage(context: ViewContext, props: StaffImportPageProps): Html {
  const { m } = context
  const plan = props.plan
  const body = html`<p class="breadcrumb"><a href="/hr/staff">${m.staff.backToStaff}</a></p>
<h1>${m.staff.importTitle}</h1>
<p>${m.staff.importIntro}</p>
${plan && planSection(context, plan, props.refused)}
<form method="post" action="/hr/staff/import" class="stack">
  ${csrfField(context)}
  <label for="csv">${m.staff.csv}</label>
  <textarea id="csv" name="csv" rows="12" spellcheck="false" required>${props.csv}</textarea>
  <label class="level-choice"><input type="checkbox" name="createDepartments" value="1"${props.createDepartments && html` checked`}> <span>${m.staff.createDepartments}</span></label>
  <div class="inline-actions">
    <button type="submit" name="mode" value="check" class="secondary">${m.staff.dryRun}</button>
    <button type="submit" name="mode" value="import">${m.staff.runImport}</button>
  </div>
</form>`
  return layout(context, { title: m.staff.importTitle, body })
}

function planSection(context: ViewContext, plan: ImportPlan, refused: boolean): Html {
  const { m } = context
  const actions: Record<string, string> = { create: m.staff.planCreate, update: m.staff.planUpdate, unchanged: m.staff.planUnchanged }
  return html`<section aria-labelledby="plan-title">
  <h2 id="plan-title">${m.staff.planTitle}</h2>
  ${plan.errors.length > 0 &&
  html`<div class="form-error" role="alert"><p>${m.staff.errorsTitle(plan.errors.length)}${refused && html` ${m.staff.nothingSaved}`}</p></div>
  <div class="table-scroll"><table class="import-errors">
    <thead><tr><th scope="col">${m.staff.errorRow}</th><th scope="col">${m.staff.errorColumn}</th><th scope="col">${m.staff.errorMessage}</th></tr></thead>
    <tbody>${plan.errors.map((error) => html`<tr><td>${error.row}</td><td><code>${error.column}</code></td><td>${importErrorText(context, error)}</td></tr>`)}</tbody>
  </table></div>`}
  <p>${m.staff.planCounts(plan.created, plan.updated)}</p>
  ${plan.newDepartments.length > 0 && html`<p>${nextTo(m.staff.newDepartments, inlineListText(context, plan.newDepartments))}</p>`}
  ${plan.rows.length > 0 &&
  html`<div class="table-scroll"><table>
    <thead><tr><th scope="col">${m.staff.errorRow}</th><th scope="col">${m.staff.email}</th><th scope="col">${m.staff.name}</th><th scope="col">${m.staff.department}</th><th scope="col">${m.staff.roleProfile}</th><th scope="col">${m.staff.role}</th><th scope="col"></th></tr></thead>
    <tbody>${plan.rows.map(
      (row) => html`<tr><td>${row.row}</td><td>${row.email}</td><td>${row.name}</td><td>${row.department ?? ''}</td><td>${row.roleProfile ?? ''}</td><td>${m.staff.roles[row.role]}</td><td>${actions[row.action]}${row.changes.length > 0 && parenthetical(context, inlineListText(context, row.changes))}</td></tr>`,
    )}</tbody>
  </table></div>`}
</section>`
}

/** An import error in the reader's language, from its code and parameters (or its English message when it has none). */
function importErrorText(context: ViewContext, error: ImportError): string {
  const detail = error.detail
  if (detail === undefined) return error.message
  const say = context.m.staff.importErrors[detail.code] as (params: ImportErrorDetail['params']) => string
  return say(detail.params)
}
