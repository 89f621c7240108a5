import type { FrameworkUse } from '../../server/domain/framework-use.js'
import { frameworkSwitch } from '../partials/framework-switch.js'
import type { Recommendation } from '../../server/domain/recommendations.js'
import type { Plan } from '../../server/services/plan.js'
import type { ViewContext } from '../context.js'
import { formatNumber } from '../format.js'
import { html, type Html } from '../html.js'
import { inlineListText, introducing, nextTo, parenthetical } from '../punctuation.js'
import { localized, localizedText } from '../localize.js'
import { layout } from '../layout.js'
import { levelName } from '../partials/level-name.js'
import { planActions } from '../partials/plan-action.js'

export interface PlanPageProps {
  readonly plan: Plan
  /** Show every recommendation, not only the first ten. */
  readonly all: boolean
  /** The frameworks the person's institution uses for people, to switch the plan between. */
  readonly uses?: readonly FrameworkUse[]
}

const FIRST_RECOMMENDATIONS = 10

/** The lecturer's plan: gaps by domain, ranked recommendations with reasons, the learning path. */
export function planPage(context: ViewContext, props: PlanPageProps): Html {
  const { m } = context
  const { plan } = props
  const body = html`<h1>${m.plan.title}</h1>
${frameworkSwitch(context, { uses: props.uses ?? [], current: plan.framework.row.id, href: (id) => `/plan?framework=${id}` })}
<p>${m.plan.intro}</p>
<p>${nextTo(plan.profile ? m.plan.profile(localizedText(context, plan.profile, 'name', plan.profile.name)) : m.plan.noProfile, html`<span class="muted">${m.plan.targetsHint}</span>`)}</p>
${plan.standings.every((standing) => standing.status === 'unrated')
    ? rateFirst(context, plan)
    : html`${gapsSection(context, plan)}
${recommendationsSection(context, plan, props.all)}
${pathSection(context, plan)}`}`
  return layout(context, { title: m.plan.title, body })
}

const selfAssessmentUrl = (plan: Plan) => `/self-assessment?framework=${plan.framework.row.id}`

/** A person who has rated nothing here has no known gap: they are asked to rate themselves, not shown a plan. */
function rateFirst(context: ViewContext, plan: Plan): Html {
  const { m } = context
  return html`<section aria-labelledby="rate-first-title" class="card">
  <h2 id="rate-first-title">${m.plan.rateFirstTitle}</h2>
  <p>${m.plan.rateFirst}</p>
  <p><a class="button" href="${selfAssessmentUrl(plan)}">${m.plan.rateFirstLink}</a></p>
</section>`
}

function gapsSection(context: ViewContext, plan: Plan): Html {
  const { m } = context
  const scale = plan.framework.row.scale
  const withGap = plan.standings.filter((standing) => standing.gap > 0 || standing.stale)
  // Unknown, not gaps: counted apart, with the way to rate them.
  const unrated = plan.standings.filter((standing) => standing.status === 'unrated' && standing.target !== null).length
  return html`<section aria-labelledby="gaps-title">
  <h2 id="gaps-title">${m.plan.gapsTitle}</h2>
  ${unrated > 0 && html`<p class="unrated-note">${nextTo(m.plan.unratedWithTarget(unrated), html`<a href="${selfAssessmentUrl(plan)}">${m.plan.rateThem}</a>`)}</p>`}
  ${withGap.length === 0 && unrated === 0 && html`<p class="saved">${m.plan.noGaps}</p>`}
  ${plan.framework.tree.roots.map((domain) => {
    const rows = withGap.filter((standing) => standing.competency.domainId === domain.id)
    if (rows.length === 0) return null
    const gaps = rows.filter((row) => row.gap > 0).length
    return html`<details class="domain">
    <summary><h3><span class="code">${domain.code}</span> ${localized(context, domain, 'title', domain.title)} <span class="count">${m.plan.gapsInDomain(gaps)}</span></h3></summary>
    <div class="table-scroll"><table>
      <thead><tr><th scope="col">${m.plan.competency}</th><th scope="col">${m.plan.current}</th><th scope="col">${m.plan.target}</th><th scope="col">${m.plan.gap}</th></tr></thead>
      <tbody>${rows.map(
        (row) => html`<tr>
        <th scope="row"><a href="/framework/${row.competencyId}"><span class="code">${row.competency.code}</span> ${localized(context, row.competency, 'title', row.competency.title)}</a></th>
        <td>${levelName(context, scale, row.current)}${row.stale && html` <span class="tag stale">${m.plan.stale}</span>`}</td>
        <td>${row.target === null ? m.plan.noTarget : levelName(context, scale, row.target)}${row.targetSource === 'personal' && parenthetical(context, m.plan.personal, { muted: true })}</td>
        <td><strong>${row.gap}</strong></td>
      </tr>`,
      )}</tbody>
    </table></div>
  </details>`
  })}
</section>`
}

function recommendationsSection(context: ViewContext, plan: Plan, all: boolean): Html {
  const { m } = context
  const shown = all ? plan.recommendations : plan.recommendations.slice(0, FIRST_RECOMMENDATIONS)
  return html`<section aria-labelledby="recommendations-title">
  <h2 id="recommendations-title">${m.plan.recommendationsTitle}</h2>
  <p class="muted">${m.plan.recommendationsIntro}</p>
  ${plan.recommendations.length === 0
    ? html`<p>${m.plan.noRecommendations}</p>`
    : html`<ol class="recommendations">${shown.map((recommendation) => recommendationItem(context, plan, recommendation))}</ol>`}
  ${!all && plan.recommendations.length > FIRST_RECOMMENDATIONS && html`<p><a href="/plan?framework=${plan.framework.row.id}&amp;all=1#recommendations-title">${m.plan.showAll(plan.recommendations.length)}</a></p>`}
</section>`
}

function recommendationItem(context: ViewContext, plan: Plan, recommendation: Recommendation): Html {
  const { m } = context
  const { programme } = recommendation
  const scale = plan.framework.row.scale
  const id = `rec-${programme.id}`
  return html`<li class="recommendation" id="${id}">
  <h3><a href="/programmes/${programme.id}?framework=${plan.framework.row.id}">${localized(context, programme, 'title', programme.title)}</a> <span class="code">${programme.code}</span></h3>
  <p class="muted">${m.programmes.hours(formatNumber(context, programme.hours))} · ${inlineListText(context, programme.languages.map((language) => m.programmes.languages[language] ?? language))} · ${m.plan.score(formatNumber(context, recommendation.score))}</p>
  <p>${introducing(context, m.plan.closes)}</p>
  <ul class="reasons">${recommendation.reasons.map((reason) => {
    const competency = plan.framework.tree.byId.get(reason.competencyId)
    return html`<li><a href="/framework/${reason.competencyId}"><span class="code">${competency?.code}</span> ${competency && localized(context, competency, 'title', competency.title)}</a>${m.punctuation.colon}${levelName(context, scale, reason.fromLevel)} → ${levelName(context, scale, reason.toLevel)}</li>`
  })}</ul>
  <div id="${id}-actions">${planActions(context, programme, `#${id}-actions`)}</div>
</li>`
}

function pathSection(context: ViewContext, plan: Plan): Html {
  const { m } = context
  const { path } = plan
  return html`<section aria-labelledby="path-title">
  <h2 id="path-title">${m.plan.pathTitle}</h2>
  <p class="muted">${m.plan.pathIntro}</p>
  ${path.programmes.length === 0
    ? html`<p>${m.plan.pathEmpty}</p>`
    : html`<ol class="path">${path.programmes.map(
        (programme) => html`<li><a href="/programmes/${programme.id}?framework=${plan.framework.row.id}">${localized(context, programme, 'title', programme.title)}</a> <span class="code">${programme.code}</span> <span class="muted">${m.programmes.hours(formatNumber(context, programme.hours))}</span></li>`,
      )}</ol>
  <p><strong>${m.plan.pathTotal(formatNumber(context, path.totalHours), path.programmes.length)}</strong></p>`}
  ${path.unclosable.length > 0 &&
  html`<p>${m.plan.unclosable}</p><ul>${path.unclosable.map((competencyId) => {
    const competency = plan.framework.tree.byId.get(competencyId)
    return html`<li><a href="/framework/${competencyId}"><span class="code">${competency?.code}</span> ${competency && localized(context, competency, 'title', competency.title)}</a></li>`
  })}</ul>`}
</section>`
}
