import type { DataFileError } from '../../server/domain/data-file.js'
import type { FrameworkProblemDetail } from '../../server/domain/framework-problems.js'
import type { FrameworkSummary } from '../../server/services/framework-exchange/export.js'
import { AUTO_RATED, type RatedChoice } from '../../server/domain/case-rateable.js'
import type { ResyncPreview } from '../../server/services/framework-exchange/subscriptions.js'
import type { ViewContext } from '../context.js'
import { html, type Html } from '../html.js'
import { csrfField, layout } from '../layout.js'
import { localized, localizedText } from '../localize.js'
import { nextTo } from '../punctuation.js'

export interface ImportFormState {
  readonly text: string
  /** The CASE server address of the import-from-a-server form, kept when it is refused. */
  readonly url?: string
  readonly errors: readonly Pick<DataFileError, 'pointer' | 'message'>[]
  /** A refusal that is not a list of problems (a conflict with a loaded version). */
  readonly message?: string | undefined
  /** Which items are rated, as the admin chose (kept when refused, in the form sent: `sentBy`), and the field that says no rule. */
  readonly sentBy?: 'package' | 'url'
  readonly rated?: RatedChoice
  readonly ratedProblem?: 'depth' | 'itemTypes' | undefined
}

export const EMPTY_IMPORT: ImportFormState = { text: '', errors: [], rated: AUTO_RATED }

export interface AdminFrameworksProps {
  readonly frameworks: readonly FrameworkSummary[]
  readonly form: ImportFormState
  readonly notice?: { readonly text: string; readonly warnings: readonly string[] } | undefined
}

/** The admin's frameworks: every loaded version with its downloads, and the import form. */
export function adminFrameworksPage(context: ViewContext, props: AdminFrameworksProps): Html {
  const { m } = context
  return layout(context, { title: m.admin.frameworksTitle, body: html`<h1>${m.admin.frameworksTitle}</h1>
<p>${m.admin.frameworksIntro}</p>
${adminFrameworksContent(context, props)}` })
}

/** The list and the form: the part htmx swaps after an import. */
export function adminFrameworksContent(context: ViewContext, props: AdminFrameworksProps): Html {
  const { m } = context
  return html`<div id="frameworks-admin">
${props.notice && noticeBlock(props.notice)}
${frameworkTable(context, props.frameworks, true)}
<section aria-labelledby="import-title">
  <h2 id="import-title">${m.admin.importTitle}</h2>
  <p>${m.admin.importIntro}</p>
  ${problems(context, props.form)}
  <form method="post" action="/admin/frameworks/import" enctype="multipart/form-data" class="stack" hx-post="/admin/frameworks/import" hx-target="#frameworks-admin" hx-swap="outerHTML">
    ${csrfField(context)}
    <label for="package-file">${m.admin.importFile}</label>
    <input id="package-file" name="packageFile" type="file" accept=".json,application/json">
    <label for="package">${m.admin.importField}</label>
    <textarea id="package" name="package" rows="8" spellcheck="false">${props.form.text}</textarea>
    ${ratedFieldset(context, props.form, 'package')}
    <div class="inline-actions"><button type="submit">${m.admin.importSubmit}</button></div>
  </form>
</section>
<section aria-labelledby="import-url-title">
  <h2 id="import-url-title">${m.admin.importUrlTitle}</h2>
  <p>${m.admin.importUrlIntro}</p>
  <form method="post" action="/admin/frameworks/import-url" class="stack" hx-post="/admin/frameworks/import-url" hx-target="#frameworks-admin" hx-swap="outerHTML">
    ${csrfField(context)}
    <label for="url">${m.admin.importUrlField}</label>
    <input id="url" name="url" type="url" inputmode="url" maxlength="2000" required placeholder="https://case.example.org/ims/case/v1p1/CFPackages/…" value="${props.form.url ?? ''}">
    ${ratedFieldset(context, props.form, 'url')}
    <div class="inline-actions"><button type="submit">${m.admin.importUrlSubmit}</button></div>
  </form>
</section>
</div>`
}

/**
 * Which of a CASE package's items people rate: left to the package, a depth, or item types. Each
 * form has its own (ids prefixed by the form) and keeps what was chosen when it is refused.
 */
function ratedFieldset(context: ViewContext, form: ImportFormState, prefix: 'package' | 'url'): Html {
  const r = context.m.admin.rated
  const sent = form.sentBy === undefined || form.sentBy === prefix
  const rated = (sent ? form.rated : undefined) ?? AUTO_RATED
  const id = (name: string) => `${prefix}-${name}`
  const problem = sent ? form.ratedProblem : undefined
  const checked = (choice: RatedChoice['choice']) => rated.choice === choice && html` checked`
  return html`<fieldset class="rated"${problem && html` aria-describedby="${id('rated-error')}"`}>
    <legend>${r.legend}</legend>
    <p class="hint">${r.hint}</p>
    ${problem && html`<p class="field-error" id="${id('rated-error')}">${problem === 'depth' ? r.depthInvalid : r.itemTypesInvalid}</p>`}
    <label class="level-choice"><input type="radio" name="rated" value="auto"${checked('auto')}> <span>${r.auto}</span></label>
    <label class="level-choice"><input type="radio" name="rated" value="depth"${checked('depth')}> <span>${r.depth}</span></label>
    <label for="${id('depth')}" class="sub-field">${r.depthField}</label>
    <input id="${id('depth')}" name="depth" type="number" min="1" max="20" inputmode="numeric" value="${rated.depth}"${problem === 'depth' && html` aria-invalid="true"`}>
    <label class="level-choice"><input type="radio" name="rated" value="types"${checked('types')}> <span>${r.types}</span></label>
    <label for="${id('item-types')}" class="sub-field">${r.itemTypesField}</label>
    <input id="${id('item-types')}" name="itemTypes" type="text" maxlength="5000" placeholder="Standard, Element" value="${rated.itemTypes}"${problem === 'itemTypes' && html` aria-invalid="true"`}>
  </fieldset>`
}

export function frameworkTable(context: ViewContext, frameworks: readonly FrameworkSummary[], manage: boolean): Html {
  const { m } = context
  return html`<div class="table-scroll"><table class="frameworks">
  <thead><tr><th scope="col">${m.admin.framework}</th><th scope="col">${m.admin.slug}</th><th scope="col">${m.admin.version}</th><th scope="col">${m.admin.competencies}</th><th scope="col">${m.admin.institutionsUsing}</th><th scope="col">${m.admin.loadedAt}</th><th scope="col">${m.admin.downloads}</th></tr></thead>
  <tbody>${frameworks.map(
    (framework) => html`<tr>
    <td>${manage ? html`<a href="/admin/frameworks/${framework.id}">${localized(context, framework, 'title', framework.title)}</a>` : localized(context, framework, 'title', framework.title)}</td>
    <td><code>${framework.slug}</code></td>
    <td>${framework.version} <span class="tag">${framework.latest ? m.admin.latest : m.admin.olderVersion}</span></td>
    <td>${framework.competencies}</td>
    <td>${framework.institutions}</td>
    <td class="date">${m.formatDate(framework.loadedAt)}</td>
    <td>${downloadLinks(context, framework.id)}</td>
  </tr>`,
  )}</tbody>
</table></div>`
}

export function downloadLinks(context: ViewContext, frameworkId: number): Html {
  const { m } = context
  return html`<a href="/api/v1/frameworks/${frameworkId}/case" download>${m.admin.downloadCase}</a> · <a href="/api/v1/frameworks/${frameworkId}/export" download>${m.admin.downloadOwn}</a>`
}

export interface NewVersionFormState {
  readonly framework: string
  readonly codeMap: string
  readonly errors: readonly Pick<DataFileError, 'pointer' | 'message'>[]
  readonly message?: string | undefined
}

export const EMPTY_NEW_VERSION: NewVersionFormState = { framework: '', codeMap: '{}', errors: [] }

export interface AdminFrameworkProps {
  readonly framework: FrameworkSummary
  /** Every loaded version of the same slug, newest first. */
  readonly versions: readonly FrameworkSummary[]
  readonly form: NewVersionFormState
  readonly notice?: { readonly text: string; readonly warnings: readonly string[] } | undefined
  /** The CASE server address the framework is kept up to date from, if it was imported from one. */
  readonly subscription?: string | undefined
  /** Why checking or loading from the CASE server was refused. */
  readonly refusal?: Pick<ImportFormState, 'errors' | 'message'> | undefined
}

/** One framework version: its siblings, downloads, and the form that loads a new version with a code map. */
export function adminFrameworkPage(context: ViewContext, props: AdminFrameworkProps): Html {
  const { m } = context
  const { framework } = props
  return layout(context, {
    title: `${localizedText(context, framework, 'title', framework.title)} ${framework.version}`,
    body: html`<p class="breadcrumb"><a href="/admin/frameworks">${m.admin.backToFrameworks}</a></p>
<h1>${localized(context, framework, 'title', framework.title)} <span class="muted">${framework.version}</span></h1>
<p>${nextTo(m.admin.downloadThis, downloadLinks(context, framework.id))}</p>
<p>${m.admin.shape(framework.competencies, framework.domains, framework.indicators)}</p>
${framework.rateable !== null && html`<p>${'depth' in framework.rateable ? m.admin.rated.chosenDepth(framework.rateable.depth) : m.admin.rated.chosenTypes(framework.rateable.itemTypes.join(', '))}</p>`}
${props.refusal && problems(context, props.refusal)}
${props.subscription !== undefined && html`<form method="get" action="/admin/frameworks/${framework.id}/resync" class="inline-actions"><p>${nextTo(m.admin.caseSource, html`<code>${props.subscription}</code>`)}</p><button type="submit">${m.admin.checkChanges}</button></form>`}
${newVersionSection(context, props)}`,
  })
}

/** The versions and the form: the part htmx swaps after a submit. */
export function newVersionSection(context: ViewContext, props: AdminFrameworkProps): Html {
  const { m } = context
  const action = `/admin/frameworks/${props.framework.id}/versions`
  return html`<div id="framework-versions">
${props.notice && noticeBlock(props.notice)}
<h2>${m.admin.versionsOf(props.framework.slug)}</h2>
${frameworkTable(context, props.versions, true)}
<section aria-labelledby="new-version-title">
  <h2 id="new-version-title">${m.admin.newVersionTitle}</h2>
  <p>${m.admin.newVersionIntro}</p>
  ${problems(context, props.form)}
  <form method="post" action="${action}" class="stack" hx-post="${action}" hx-target="#framework-versions" hx-swap="outerHTML">
    ${csrfField(context)}
    <label for="framework">${m.admin.newVersionField}</label>
    <textarea id="framework" name="framework" rows="12" spellcheck="false" required>${props.form.framework}</textarea>
    <label for="codeMap">${m.admin.codeMapField}</label>
    <textarea id="codeMap" name="codeMap" rows="6" spellcheck="false">${props.form.codeMap}</textarea>
    <div class="inline-actions"><button type="submit">${m.admin.newVersionSubmit}</button></div>
  </form>
</section>
</div>`
}

function noticeBlock(notice: { text: string; warnings: readonly string[] }): Html {
  return html`<div class="saved" role="status"><p>${notice.text}</p>${notice.warnings.length > 0 && html`<ul>${notice.warnings.map((warning) => html`<li>${warning}</li>`)}</ul>`}</div>`
}

function problems(context: ViewContext, form: { errors: readonly Pick<DataFileError, 'pointer' | 'message' | 'detail'>[]; message?: string | undefined }): Html {
  const { m } = context
  if (form.message !== undefined) return html`<div class="form-error" role="alert"><p>${form.message}</p></div>`
  if (form.errors.length === 0) return html``
  return html`<div class="form-error" role="alert"><p>${m.admin.errorsTitle(form.errors.length)}</p></div>
  <div class="table-scroll"><table class="import-errors">
    <thead><tr><th scope="col">${m.admin.errorWhere}</th><th scope="col">${m.admin.errorWhat}</th></tr></thead>
    <tbody>${form.errors.map((error) => html`<tr><td><code>${error.pointer || '/'}</code></td><td>${problemText(context, error)}</td></tr>`)}</tbody>
  </table></div>`
}

/** A problem in the reader's language when our rules found it; the JSON Schema check's English, introduced in the reader's language, otherwise. */
function problemText(context: ViewContext, error: Pick<DataFileError, 'message' | 'detail'>): string {
  const { admin } = context.m
  if (error.detail === undefined) return admin.schemaProblem(error.message)
  const say = admin.problems[error.detail.code] as (params: FrameworkProblemDetail['params']) => string
  return say(error.detail.params)
}

export interface ResyncPageProps {
  readonly framework: FrameworkSummary
  readonly preview: ResyncPreview
}

/** What loading the framework again from its CASE server would change, and the button that loads exactly that. */
export function resyncPage(context: ViewContext, { framework, preview }: ResyncPageProps): Html {
  const { m } = context
  const { changes } = preview
  const date = (value: string | null) => (value === null ? m.admin.unknownDate : m.formatDate(new Date(value)))
  const parent = (code: string | null) => code ?? m.admin.changesTop
  const list = (title: string, entries: readonly Html[]) => entries.length > 0 && html`<h2>${title}</h2><ul>${entries.map((entry) => html`<li>${entry}</li>`)}</ul>`
  const item = (node: { code: string; title: string }) => html`<span class="code">${node.code}</span> ${node.title}`
  return layout(context, {
    title: m.admin.resyncTitle(framework.slug),
    body: html`<p class="breadcrumb"><a href="/admin/frameworks/${framework.id}">${localized(context, framework, 'title', framework.title)} ${framework.version}</a></p>
<h1>${m.admin.resyncTitle(framework.slug)}</h1>
<p>${nextTo(m.admin.caseSource, html`<code>${preview.url}</code>`)}</p>
<p>${m.admin.resyncVersions(preview.loaded.version, preview.fetched.version)} ${m.admin.resyncStamps(date(preview.loaded.lastChange), date(preview.fetched.lastChange))}</p>
<p role="status">${preview.newer ? m.admin.resyncNewer : m.admin.resyncUpToDate}</p>
${list(m.admin.changesAdded, changes.added.map(item))}
${list(m.admin.changesRemoved, changes.removed.map(item))}
${list(m.admin.changesMoved, changes.moved.map((node) => html`${item(node)} (${m.admin.changesMovedFrom(parent(node.fromParent), parent(node.toParent))})`))}
${list(m.admin.changesReworded, changes.reworded.map((node) => html`${item(node)} <span class="muted">(${m.admin.changesBefore(node.before)})</span>`))}
${list(m.admin.changesRecoded, changes.recoded.map((node) => html`${item(node)} <span class="muted">(${m.admin.changesBefore(node.before)})</span>`))}
<p>${m.admin.changesKept(changes.kept)} ${m.admin.ratingsCarry(preview.ratings.carried, preview.ratings.retired)}</p>
${preview.newer && html`<form method="post" action="/admin/frameworks/${framework.id}/resync" class="inline-actions">${csrfField(context)}<input type="hidden" name="digest" value="${preview.digest}"><button type="submit">${m.admin.resyncSubmit}</button></form>`}`,
  })
}