import type { FrameworkUse } from '../../server/domain/framework-use.js'
import { frameworkSwitch } from '../partials/framework-switch.js'
import type { FrameworkTitle } from '../../server/db/schema.js'
import type { Scale } from '../../server/domain/scale.js'
import type { FrameworkTree, TreeNode } from '../../server/domain/tree.js'
import type { CatalogueEntry } from '../../server/services/catalogue.js'
import type { ViewContext } from '../context.js'
import { html, type Html } from '../html.js'
import { csrfField, layout } from '../layout.js'
import { localized, localizedText } from '../localize.js'
import { levelName } from '../partials/level-name.js'
import { inlineList, nextTo } from '../punctuation.js'

const MODES = ['online', 'blended', 'face_to_face'] as const

export interface CatalogueListProps {
  readonly programmes: readonly CatalogueEntry[]
  readonly search: string
  readonly status: 'published' | 'draft' | undefined
  readonly notice?: string | undefined
}

/** The designers' catalogue: every programme, with a search and a status filter (a GET form). */
export function catalogueListPage(context: ViewContext, props: CatalogueListProps): Html {
  const { m } = context
  const d = m.design
  const body = html`<h1>${d.title}</h1>
<p>${d.intro}</p>
${props.notice && html`<p class="saved" role="status">${props.notice}</p>`}
<p><a class="button" href="/design/programmes/new">${d.newProgramme}</a> <a class="button secondary" href="/design/coverage">${m.coverage.title}</a> <a class="button secondary" href="/design/import">${d.importLink}</a></p>
<form class="filters inline-actions" method="get" action="/design">
  <label for="c-q">${d.search}</label>
  <input id="c-q" name="q" type="search" maxlength="100" value="${props.search}">
  <label for="c-status">${d.status}</label>
  <select id="c-status" name="status">
    <option value="">${d.anyStatus}</option>
    <option value="published"${props.status === 'published' && html` selected`}>${d.published}</option>
    <option value="draft"${props.status === 'draft' && html` selected`}>${d.draft}</option>
  </select>
  <button type="submit">${d.apply}</button>
</form>
<p role="status">${d.count(props.programmes.length)}</p>
${props.programmes.length === 0
  ? html`<p>${d.none}</p>`
  : html`<div class="table-scroll"><table>
  <thead><tr><th scope="col">${d.code}</th><th scope="col">${d.titleField}</th><th scope="col">${d.state}</th><th scope="col">${d.hours}</th><th scope="col">${d.linksTitle}</th></tr></thead>
  <tbody>${props.programmes.map(
    (programme) => html`<tr>
    <td class="code">${programme.code}</td>
    <td><a href="/design/programmes/${programme.id}">${programme.title}</a></td>
    <td class="programme-status">${programme.published ? d.published : html`<span class="tag">${d.draft}</span>`}</td>
    <td class="number">${m.formatNumber(programme.hours)}</td>
    <td>${inlineList(context, programme.links.map((link) => html`<span class="code">${link.code}</span>`))}</td>
  </tr>`,
  )}</tbody></table></div>`}
<h2>${d.exportTitle}</h2>
<p><a href="/design/catalogue.json" download>${d.exportJson}</a> · <a href="/design/catalogue.csv" download>${d.exportCsv}</a> · <a href="/design/import">${d.importLink}</a></p>`
  return layout(context, { title: d.title, body })
}

export interface ProgrammeEditorProps {
  /** Undefined while creating one. */
  readonly programme: CatalogueEntry | undefined
  readonly values: Readonly<Record<string, string>>
  readonly errors: Readonly<Record<string, string>>
  /** A message above the form: saved, conflict, ... */
  readonly notice: string | undefined
  readonly problem: string | undefined
  readonly links: LinksProps | undefined
}

/** Create or edit a programme: its fields (plain form), then its links and its status. */
export function programmeEditorPage(context: ViewContext, props: ProgrammeEditorProps): Html {
  const { m } = context
  const d = m.design
  const programme = props.programme
  const value = (name: string, fallback: string) => props.values[name] ?? fallback
  const error = (name: string) => props.errors[name] && html`<p class="field-error" id="pf-${name}-error">${props.errors[name]}</p>`
  const invalid = (name: string) => props.errors[name] && html` aria-invalid="true" aria-describedby="pf-${name}-error"`
  const input = (name: string, label: string, current: string, attributes: Html) =>
    html`<label for="pf-${name}">${label}</label>${error(name)}<input id="pf-${name}" name="${name}" value="${value(name, current)}"${attributes}${invalid(name)}>`
  const title = programme === undefined ? d.newTitle : programme.title
  const body = html`<p class="breadcrumb"><a href="/design">${d.backToCatalogue}</a></p>
<h1>${title}${programme && html` <span class="code">${programme.code}</span>`}</h1>
<div id="page-notice">${props.notice && html`<p class="saved" role="status">${props.notice}</p>`}</div>
${props.problem && html`<p class="form-error" role="alert">${props.problem}</p>`}
${programme &&
html`<section aria-labelledby="state-title" class="notice">
  <h2 id="state-title">${d.state}</h2>
  <p>${nextTo(programme.published ? d.isPublished : d.isDraft, html`<span class="muted">${d.lastChanged(m.formatDate(new Date(programme.updatedAt)))}</span>`)}</p>
  <form method="post" action="/design/programmes/${programme.id}/publish">${csrfField(context)}
    <input type="hidden" name="published" value="${programme.published ? '0' : '1'}">
    <button type="submit" class="${programme.published ? 'secondary' : ''}">${programme.published ? d.unpublish : d.publish}</button>
  </form>
</section>`}
<form method="post" action="${programme === undefined ? '/design/programmes' : `/design/programmes/${programme.id}`}" class="stack" novalidate>
  ${csrfField(context)}
  ${programme && html`<input type="hidden" name="updatedAt" value="${value('updatedAt', programme.updatedAt)}">`}
  ${Object.keys(props.errors).length > 0 && html`<p class="form-error" role="alert">${d.fixErrors}</p>`}
  ${input('code', d.code, programme?.code ?? '', html` type="text" maxlength="40" required autocapitalize="characters"`)}
  ${input('title', d.titleField, programme?.title ?? '', html` type="text" maxlength="300" required`)}
  ${input('provider', d.provider, programme?.provider ?? 'IIOE', html` type="text" maxlength="200" required`)}
  <label for="pf-mode">${d.mode}</label>${error('mode')}
  <select id="pf-mode" name="mode"${invalid('mode')}>${MODES.map((mode) => html`<option value="${mode}"${value('mode', programme?.mode ?? 'online') === mode && html` selected`}>${m.programmes.modes[mode]}</option>`)}</select>
  ${input('hours', d.hours, programme === undefined ? '' : String(programme.hours), html` type="number" min="0.5" max="10000" step="0.5" inputmode="decimal" required`)}
  ${input('languages', d.languages, programme?.languages.join(', ') ?? 'en', html` type="text" maxlength="60" required aria-describedby="pf-languages-hint"`)}
  <p class="muted small" id="pf-languages-hint">${d.languagesHint}</p>
  ${input('url', d.url, programme?.url ?? '', html` type="url" maxlength="500"`)}
  <label for="pf-description">${d.description}</label>${error('description')}
  <textarea id="pf-description" name="description" rows="4" maxlength="5000"${invalid('description')}>${value('description', programme?.description ?? '')}</textarea>
  <button type="submit">${programme === undefined ? d.create : d.save}</button>
</form>
${props.links && programmeLinks(context, props.links)}`
  return layout(context, { title, body })
}

export interface LinksProps {
  readonly programme: CatalogueEntry
  readonly framework: FrameworkTitle
  /** The framework the links point into (kept in every form's action), and the others to switch to. */
  readonly frameworkId: number
  readonly uses: readonly FrameworkUse[]
  /** The framework the links point into, for the competencies' translated titles. */
  readonly tree: FrameworkTree
  readonly scale: Scale
  readonly maxLevel: number
  /** Rateable competencies matching the search, to pick from. */
  readonly choices: readonly TreeNode[]
  readonly search: string
  readonly notice: string | undefined
  readonly error: string | undefined
  /** The link form's input, kept when it was refused. */
  readonly values: Readonly<Record<string, string>>
}

/**
 * The links fragment as the answer to an htmx change of the links: with an out-of-band swap that
 * clears the page's own notice ("Draft created."), which would otherwise stay above the new one.
 */
export function programmeLinksUpdate(context: ViewContext, props: LinksProps): Html {
  return html`${programmeLinks(context, props)}
<div id="page-notice" hx-swap-oob="true"></div>`
}

/** The programme's links and the form to add one: a fragment htmx swaps in place after each change. */
export function programmeLinks(context: ViewContext, props: LinksProps): Html {
  const d = context.m.design
  const { programme } = props
  const levels = (from: number) => Array.from({ length: props.maxLevel - from + 1 }, (_, index) => from + index)
  const levelOption = (level: number, current: string) =>
    html`<option value="${level}"${current === String(level) && html` selected`}>${level === 0 ? d.notRatedLevel : html`${level}`}</option>`
  return html`<section id="links" aria-labelledby="links-title" hx-target:inherited="#links" hx-swap:inherited="outerHTML">
<h2 id="links-title">${d.linksTitle}</h2>
${frameworkSwitch(context, { uses: props.uses, current: props.frameworkId, href: (id) => `/design/programmes/${programme.id}?framework=${id}#links` })}
<p class="muted">${d.linksIntro(localizedText(context, props.framework, 'title', props.framework.title))}</p>
${props.notice && html`<p class="saved" role="status">${props.notice}</p>`}
${props.error && html`<p class="form-error" role="alert">${props.error}</p>`}
${programme.links.length === 0
  ? html`<p>${d.noLinks}</p>`
  : html`<div class="table-scroll"><table><thead><tr><th scope="col">${d.competency}</th><th scope="col">${d.fromLevel}</th><th scope="col">${d.toLevel}</th><th scope="col"><span class="visually-hidden">${d.remove}</span></th></tr></thead><tbody>${programme.links.map(
      (link) => html`<tr>
    <td><span class="code">${link.code}</span> ${localized(context, props.tree.byId.get(link.competencyId), 'title', link.title)}</td>
    <td>${levelName(context, props.scale, link.fromLevel)}</td>
    <td>${levelName(context, props.scale, link.toLevel)}</td>
    <td><form method="post" action="/design/programmes/${programme.id}/links/${link.competencyId}/delete?framework=${props.frameworkId}" hx-post="/design/programmes/${programme.id}/links/${link.competencyId}/delete?framework=${props.frameworkId}">${csrfField(context)}<button type="submit" class="link-button" aria-label="${d.remove} ${link.code}">${d.remove}</button></form></td>
  </tr>`,
    )}</tbody></table></div>`}
<form method="get" action="/design/programmes/${programme.id}#links" class="inline-actions" role="search">
  <input type="hidden" name="framework" value="${props.frameworkId}">
  <label for="lk-q">${d.findCompetency}</label>
  <input id="lk-q" name="q" type="search" maxlength="100" value="${props.search}"
    hx-get="/design/programmes/${programme.id}/competency-choices" hx-include="closest form" hx-trigger="input changed delay:300ms, search" hx-target="#lk-choices" hx-swap="outerHTML">
  <button type="submit" class="secondary">${d.find}</button>
</form>
<form method="post" action="/design/programmes/${programme.id}/links?framework=${props.frameworkId}" hx-post="/design/programmes/${programme.id}/links?framework=${props.frameworkId}" class="stack">
  ${csrfField(context)}
  <input type="hidden" name="q" value="${props.search}">
  <label for="lk-competency">${d.competency}</label>
  ${competencyChoices(context, props.choices, props.values['competencyId'] ?? '')}
  <label for="lk-from">${d.fromLevel}</label>
  <select id="lk-from" name="fromLevel">${levels(0).slice(0, -1).map((level) => levelOption(level, props.values['fromLevel'] ?? '1'))}</select>
  <label for="lk-to">${d.toLevel}</label>
  <select id="lk-to" name="toLevel">${levels(1).map((level) => levelOption(level, props.values['toLevel'] ?? String(Math.min(2, props.maxLevel))))}</select>
  <p class="muted small">${d.addLinkHint}</p>
  <button type="submit">${d.addLink}</button>
</form>
</section>`
}

/** The competency picker (with its count of matches): swapped alone as the designer types a search. */
export function competencyChoices(context: ViewContext, choices: readonly TreeNode[], selected: string): Html {
  const d = context.m.design
  return html`<span id="lk-choices">${choices.length === 0
    ? html`<select id="lk-competency" name="competencyId" disabled><option value="">${d.noMatch}</option></select>`
    : html`<select id="lk-competency" name="competencyId" required>${choices.map(
        (competency) => html`<option value="${competency.id}"${selected === String(competency.id) && html` selected`}>${competency.code} ${localizedText(context, competency, 'title', competency.title)}</option>`,
      )}</select>`}
  <span class="muted small" role="status">${choices.length === 0 ? d.noMatch : d.matches(choices.length)}</span></span>`
}
