import { isWebUrl } from '../../server/domain/framework-problems.js'
import type { Scale } from '../../server/domain/scale.js'
import type { FrameworkTree } from '../../server/domain/tree.js'
import type { Programme } from '../../server/services/programmes.js'
import type { ViewContext } from '../context.js'
import { formatNumber } from '../format.js'
import { html, type Html } from '../html.js'
import { inlineList, inlineListText, labelled } from '../punctuation.js'
import { fallbackLanguage, langAttribute, localized, localizedText } from '../localize.js'
import { layout } from '../layout.js'
import { levelName } from '../partials/level-name.js'
import { planActions } from '../partials/plan-action.js'

export interface ProgrammeFilterValues {
  readonly competency?: number | undefined
  readonly mode?: string | undefined
  readonly language?: string | undefined
  readonly maxHours?: number | undefined
}

export interface ProgrammesPageProps {
  readonly programmes: readonly Programme[]
  readonly tree: FrameworkTree
  /** The framework whose competencies the filter and the links are in. */
  readonly frameworkId: number
  readonly filter: ProgrammeFilterValues
  readonly invalidFilter: boolean
}

const MODES = ['online', 'blended', 'face_to_face'] as const
const LANGUAGES = ['en', 'fr', 'zh'] as const

/** The catalogue with its filter form (a GET form: every filtered view is a link). */
export function programmesPage(context: ViewContext, props: ProgrammesPageProps): Html {
  const { m } = context
  const { filter } = props
  const body = html`<h1>${m.programmes.title}</h1>
<p>${m.programmes.intro}</p>
<p class="notice">${m.programmes.sample}</p>
${props.invalidFilter && html`<p class="form-error" role="alert">${m.programmes.invalidFilter}</p>`}
<form class="filters" method="get" action="/programmes">
  <input type="hidden" name="framework" value="${props.frameworkId}">
  <fieldset>
    <legend>${m.programmes.filter}</legend>
    <label for="f-competency">${m.programmes.competency}</label>
    <select id="f-competency" name="competency">
      <option value="">${m.programmes.anyCompetency}</option>
      ${props.tree.roots.map(
        (domain) => html`<optgroup label="${domain.code} ${localizedText(context, domain, 'title', domain.title)}">${props.tree.competencies
          .filter((competency) => competency.domainId === domain.id)
          .map((competency) => html`<option value="${competency.id}"${filter.competency === competency.id && html` selected`}${langAttribute(fallbackLanguage(context, competency, 'title', competency.title))}>${competency.code} ${localizedText(context, competency, 'title', competency.title)}</option>`)}</optgroup>`,
      )}
    </select>
    <label for="f-mode">${m.programmes.mode}</label>
    <select id="f-mode" name="mode">
      <option value="">${m.programmes.anyMode}</option>
      ${MODES.map((mode) => html`<option value="${mode}"${filter.mode === mode && html` selected`}>${m.programmes.modes[mode]}</option>`)}
    </select>
    <label for="f-language">${m.programmes.language}</label>
    <select id="f-language" name="language">
      <option value="">${m.programmes.anyLanguage}</option>
      ${LANGUAGES.map((language) => html`<option value="${language}"${filter.language === language && html` selected`}>${m.programmes.languages[language]}</option>`)}
    </select>
    <label for="f-hours">${m.programmes.maxHours}</label>
    <input id="f-hours" name="maxHours" type="number" min="1" max="10000" inputmode="numeric" value="${filter.maxHours ?? ''}">
    <button type="submit">${m.programmes.apply}</button> <a href="/programmes?framework=${props.frameworkId}">${m.programmes.clear}</a>
  </fieldset>
</form>
<p role="status">${m.programmes.count(props.programmes.length)}</p>
${props.programmes.length === 0
  ? html`<p>${m.programmes.none}</p>`
  : html`<ul class="programme-list">${props.programmes.map(
      (programme) => html`<li>
    <h2><a href="/programmes/${programme.id}?framework=${props.frameworkId}">${localized(context, programme, 'title', programme.title)}</a> <span class="code">${programme.code}</span></h2>
    <p class="muted">${programmeFacts(context, programme)}</p>
    <p>${labelled(context, m.programmes.develops, inlineList(context, programme.competencies.map((link) => html`<span class="code">${link.code}</span>`)))}</p>
  </li>`,
    )}</ul>`}`
  return layout(context, { title: m.programmes.title, body })
}

export interface ProgrammePageProps {
  readonly programme: Programme
  readonly scale: Scale
  /** The framework the links point into, for the competencies' translated titles. */
  readonly tree?: FrameworkTree
}

/** One programme: what it is, what it develops from which level to which, and how to plan it. */
export function programmePage(context: ViewContext, props: ProgrammePageProps): Html {
  const { m } = context
  const { programme } = props
  const body = html`<p class="breadcrumb"><a href="/programmes">${m.programmes.backToCatalogue}</a></p>
<h1>${localized(context, programme, 'title', programme.title)} <span class="code">${programme.code}</span></h1>
<p class="muted">${programmeFacts(context, programme)} · ${labelled(context, m.programmes.provider, programme.provider)}</p>
${programme.description && html`<p>${localized(context, programme, 'description', programme.description)}</p>`}
${programme.url && isWebUrl(programme.url) && html`<p><a href="${programme.url}" rel="noopener noreferrer">${m.programmes.website}</a></p>`}
<h2>${m.programmes.develops}</h2>
<ul class="reasons">${programme.competencies.map(
    (link) => html`<li><a href="/framework/${link.competencyId}"><span class="code">${link.code}</span> ${localized(context, props.tree?.byId.get(link.competencyId), 'title', link.title)}</a>${m.punctuation.colon}${levelName(context, props.scale, link.fromLevel)} → ${levelName(context, props.scale, link.toLevel)}</li>`,
  )}</ul>
<div id="programme-actions">${planActions(context, programme, '#programme-actions')}</div>`
  return layout(context, { title: localizedText(context, programme, 'title', programme.title), body })
}

function programmeFacts(context: ViewContext, programme: Programme): string {
  const { m } = context
  return [
    m.programmes.hours(formatNumber(context, programme.hours)),
    m.programmes.modes[programme.mode] ?? programme.mode,
    inlineListText(context, programme.languages.map((language) => m.programmes.languages[language] ?? language)),
  ].join(' · ')
}
