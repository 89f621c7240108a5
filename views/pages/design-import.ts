import type { FrameworkUse } from '../../server/domain/framework-use.js'
import { frameworkSwitch } from '../partials/framework-switch.js'
import type { CatalogueImportError, CatalogueImportErrorDetail } from '../../server/domain/catalogue-import-errors.js'
import { CATALOGUE_CSV_COLUMNS, type CatalogueImportPlan } from '../../server/domain/catalogue-import.js'
import type { ViewContext } from '../context.js'
import { html, type Html } from '../html.js'
import { labelled, nextTo } from '../punctuation.js'
import { csrfField, layout } from '../layout.js'

export interface CatalogueImportPageProps {
  readonly text: string
  readonly format: 'csv' | 'json'
  readonly plan: CatalogueImportPlan | undefined
  /** A real import was asked for and refused. */
  readonly refused: boolean
  /** The framework whose competency codes the catalogue's links name, and the others to choose. */
  readonly frameworkId: number
  readonly uses: readonly FrameworkUse[]
}

/** Paste a catalogue (CSV or JSON), check it, then import it: every programme or none. */
export function catalogueImportPage(context: ViewContext, props: CatalogueImportPageProps): Html {
  const d = context.m.design
  const plan = props.plan
  const body = html`<p class="breadcrumb"><a href="/design">${d.backToCatalogue}</a></p>
<h1>${d.importTitle}</h1>
${frameworkSwitch(context, { uses: props.uses, current: props.frameworkId, href: (id) => `/design/import?framework=${id}` })}
<p>${d.importIntro}</p>
<p>${labelled(context, d.importColumns, html`<code>${CATALOGUE_CSV_COLUMNS.join(',')}</code>`)}</p>
${plan &&
html`<section aria-labelledby="plan-title">
  <h2 id="plan-title">${d.problems}</h2>
  ${plan.errors.length === 0
    ? html`<p class="saved" role="status">${nextTo(d.importClean, d.importPlan(plan.created, plan.updated))}</p>`
    : html`<p class="form-error" role="alert">${d.importRefused(plan.errors.length)}</p>
  <div class="table-scroll"><table class="import-errors">
    <thead><tr><th scope="col">${d.where}</th><th scope="col">${context.m.staff.errorColumn}</th><th scope="col">${d.problem}</th></tr></thead>
    <tbody>${plan.errors.map((error) => html`<tr><td>${error.row}</td><td><code>${error.column}</code></td><td>${importErrorText(context, error)}</td></tr>`)}</tbody>
  </table></div>`}
</section>`}
<form method="post" action="/design/import?framework=${props.frameworkId}" class="stack">
  ${csrfField(context)}
  <fieldset class="inline-actions"><legend>${d.importFormat}</legend>
    <label class="level-choice"><input type="radio" name="format" value="csv"${props.format === 'csv' && html` checked`}> <span>CSV</span></label>
    <label class="level-choice"><input type="radio" name="format" value="json"${props.format === 'json' && html` checked`}> <span>JSON</span></label>
  </fieldset>
  <label for="catalogue-text">${d.importText}</label>
  <textarea id="catalogue-text" name="text" rows="14" spellcheck="false" required>${props.text}</textarea>
  <div class="inline-actions">
    <button type="submit" name="mode" value="check" class="secondary">${d.dryRun}</button>
    <button type="submit" name="mode" value="import">${d.importNow}</button>
  </div>
</form>`
  return layout(context, { title: d.importTitle, body })
}

/** A catalogue import error in the reader's language, from its code and parameters. */
function importErrorText(context: ViewContext, error: CatalogueImportError): string {
  const say = context.m.design.importErrors[error.detail.code] as (params: CatalogueImportErrorDetail['params']) => string
  return say(error.detail.params)
}
