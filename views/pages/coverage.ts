import type { FrameworkUse } from '../../server/domain/framework-use.js'
import { frameworkSwitch } from '../partials/framework-switch.js'
import type { FrameworkTitle } from '../../server/db/schema.js'
import type { Scale } from '../../server/domain/scale.js'
import type { CompetencyCoverage, PeopleCount, ProgrammeDemand } from '../../server/domain/coverage.js'
import { scaleLevel } from '../../server/domain/scale.js'
import type { ViewContext } from '../context.js'
import { html, type Html } from '../html.js'
import { layout } from '../layout.js'
import { localized, localizedText } from '../localize.js'
import { nextTo } from '../punctuation.js'

export interface CoveragePageProps {
  readonly framework: FrameworkTitle
  /** The framework shown, and the others the institution uses for people. */
  readonly frameworkId: number
  readonly uses: readonly FrameworkUse[]
  readonly scale: Scale
  readonly maxLevel: number
  readonly competencies: readonly CompetencyCoverage[]
  readonly programmes: readonly ProgrammeDemand[]
  readonly k: number
  readonly sort: 'uncovered' | 'code'
}

/**
 * Competencies x levels: how many published programmes take a person into each cell, holes marked
 * (by a word as well as a colour), and the demand beside each row. A plain table: it is its own
 * text alternative.
 */
export function coveragePage(context: ViewContext, props: CoveragePageProps): Html {
  const { m } = context
  const c = m.coverage
  const levels = Array.from({ length: props.maxLevel }, (_, index) => index + 1)
  const count = (people: PeopleCount) => (people.suppressed ? html`<span title="${c.suppressed(props.k)}">${c.fewer(props.k)}</span>` : html`${people.count ?? 0}`)
  const withHoles = props.competencies.filter((competency) => competency.holes.length > 0).length
  const body = html`<p class="breadcrumb"><a href="/design">${m.design.backToCatalogue}</a></p>
<h1>${c.title}</h1>
${frameworkSwitch(context, { uses: props.uses, current: props.frameworkId, href: (id) => `/design/coverage?framework=${id}` })}
<p>${c.intro(localizedText(context, props.framework, 'title', props.framework.title))}</p>
<p>${nextTo(c.legend, c.suppressed(props.k))}</p>
<p role="status"><strong>${c.summary(props.competencies.length, withHoles)}</strong></p>
<form class="filters inline-actions" method="get" action="/design/coverage">
  <input type="hidden" name="framework" value="${props.frameworkId}">
  <label for="cv-sort">${c.sort}</label>
  <select id="cv-sort" name="sort">
    <option value="uncovered"${props.sort === 'uncovered' && html` selected`}>${c.sortUncovered}</option>
    <option value="code"${props.sort === 'code' && html` selected`}>${c.sortCode}</option>
  </select>
  <button type="submit">${c.apply}</button>
</form>
<div class="table-scroll"><table class="heatmap coverage">
  <caption>${c.title}</caption>
  <thead><tr><th scope="col">${m.design.competency}</th>${levels.map((level) => html`<th scope="col" title="${c.level(level, scaleLevel(props.scale, level)?.label ?? '')}">${level}</th>`)}<th scope="col">${c.programmes}</th><th scope="col">${c.demand}</th><th scope="col">${c.uncovered}</th></tr></thead>
  <tbody>${props.competencies.map(
    (competency) => html`<tr id="cov-${competency.code}">
    <th scope="row"><a href="/framework/${competency.id}"><span class="code">${competency.code}</span> ${localized(context, competency, 'title', competency.title)}</a></th>
    ${competency.programmesByLevel.map((programmes) => (programmes === 0 ? html`<td class="hole">${c.hole}</td>` : html`<td class="${programmes === 1 ? 'heat-1' : 'heat-0'}">${programmes}</td>`))}
    <td class="number">${competency.programmes}</td>
    <td class="number">${count(competency.demand)}</td>
    <td class="number">${count(competency.uncoveredDemand)}</td>
  </tr>`,
  )}</tbody>
</table></div>
<h2>${c.programmeDemandTitle}</h2>
<p>${c.programmeDemandIntro}</p>
<div class="table-scroll"><table>
  <thead><tr><th scope="col">${c.programme}</th><th scope="col">${c.demand}</th></tr></thead>
  <tbody>${props.programmes.map((programme) => html`<tr><td><a href="/design/programmes/${programme.programmeId}"><span class="code">${programme.code}</span> ${localized(context, programme, 'title', programme.title)}</a></td><td class="number">${count(programme.demand)}</td></tr>`)}</tbody>
</table></div>`
  return layout(context, { title: c.title, body })
}
