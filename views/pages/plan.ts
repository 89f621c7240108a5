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
import { csrfField } from '../layout.js'
import { MAX_BUDGET_HOURS } from '../../server/domain/budget-path.js'

export interface PlanPageProps {
  readonly plan: Plan
  /** Show every recommendation, not only the first ten. */
  readonly all: boolean
  /** The frameworks the person's institution uses for people, to switch the plan between. */
  readonly uses?: readonly FrameworkUse[]
  /** The hours budget as typed, kept when it could not be read. */
  readonly hoursInput?: string
  /** Which plan option could not be read: the form says so and keeps what was typed. */
  readonly optionsError?: 'hours' | 'focus'
  /** The languages form: saved just now, or refused (with the ticks kept). */
  readonly languagesSaved?: boolean
  readonly languagesError?: { readonly given: readonly string[] }
}

const FIRST_RECOMMENDATIONS = 10

/** The lecturer's plan: gaps by domain, ranked recommendations with reasons, the learning path. */
export function planPage(context: ViewContext, props: PlanPageProps): Html {
  const { m } = context
  const { plan } = props
  const body = html`<h1>${m.plan.title}</h1>
${frameworkSwitch(context, { uses: props.uses ?? [], current: plan.framework.row.id, href: (id) => `/plan?framework=${id}` })}
<p>${nextTo(m.plan.intro, html`<a href="/me/report?framework=${plan.framework.row.id}">${m.report.link}</a>`)}</p>
<p>${nextTo(plan.profile ? m.plan.profile(localizedText(context, plan.profile, 'name', plan.profile.name)) : m.plan.noProfile, html`<span class="muted">${m.plan.targetsHint}</span>`)}</p>
${plan.standings.every((standing) => standing.status === 'unrated')
    ? rateFirst(context, plan)
    : html`${gapsSection(context, plan)}
${optionsSection(context, props)}
${recommendationsSection(context, plan, props.all)}
${budgetSection(context, plan)}
${pathSection(context, plan)}
${languagesSection(context, props)}`}`
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
        <td>${row.status === 'unrated' ? html`<span class="muted">${m.plan.notRated}</span>` : levelName(context, scale, row.current)}${row.stale && html` <span class="tag stale">${m.plan.stale}</span>`}</td>
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
  ${plan.otherLanguages.length > 0 &&
  html`<details class="other-languages">
    <summary>${m.plan.otherLanguagesTitle(plan.otherLanguages.length)}</summary>
    <ol class="recommendations">${plan.otherLanguages.map((recommendation) => recommendationItem(context, plan, recommendation))}</ol>
  </details>`}
</section>`
}

function languageNames(context: ViewContext, languages: readonly string[]): string {
  return inlineListText(context, languages.map((language) => context.m.programmes.languages[language] ?? language))
}

/** The hours budget and the gaps to focus on: a GET form, so a plan can be bookmarked or shared. */
function optionsSection(context: ViewContext, props: PlanPageProps): Html {
  const { m } = context
  const { plan } = props
  const gaps = plan.standings.filter((standing) => standing.status === 'gap')
  const hoursValue = props.hoursInput ?? (plan.budget ? String(plan.budget.hours) : '')
  const hoursError = props.optionsError === 'hours'
  return html`<section aria-labelledby="options-title">
  <h2 id="options-title">${m.plan.shapeTitle}</h2>
  <form method="get" action="/plan" class="plan-options">
    <input type="hidden" name="framework" value="${plan.framework.row.id}">
    <p><label for="plan-hours">${m.plan.hoursLabel}</label>
    <input id="plan-hours" name="hours" inputmode="numeric" size="6" value="${hoursValue}" aria-describedby="plan-hours-hint"${hoursError ? html` aria-invalid="true"` : ''}>
    <span id="plan-hours-hint" class="${hoursError ? 'field-error' : 'muted'}">${hoursError ? m.plan.hoursInvalid(formatNumber(context, MAX_BUDGET_HOURS)) : m.plan.hoursHint}</span></p>
    ${gaps.length > 0 &&
    html`<fieldset>
      <legend>${m.plan.focusLabel}</legend>
      <p class="${props.optionsError === 'focus' ? 'field-error' : 'muted'}">${props.optionsError === 'focus' ? m.plan.focusInvalid : m.plan.focusHint}</p>
      <ul class="checks">${gaps.map(
        (standing) => html`<li><label><input type="checkbox" name="focus" value="${standing.competencyId}"${plan.focus.has(standing.competencyId) ? ' checked' : ''}> <span class="code">${standing.competency.code}</span> ${localized(context, standing.competency, 'title', standing.competency.title)}</label></li>`,
      )}</ul>
    </fieldset>`}
    <p><button type="submit">${m.plan.update}</button></p>
  </form>
  ${plan.focus.size > 0 && html`<p>${nextTo(m.plan.focused(plan.focus.size), html`<a href="/plan?framework=${plan.framework.row.id}">${m.plan.allGaps}</a>`)}</p>`}
</section>`
}

/** The programmes within the person's hours budget that close the most levels of gap. */
function budgetSection(context: ViewContext, plan: Plan): Html {
  const { m } = context
  const { budget } = plan
  if (budget === undefined) return html``
  return html`<section aria-labelledby="budget-title">
  <h2 id="budget-title">${m.plan.budgetTitle(formatNumber(context, budget.hours))}</h2>
  ${budget.programmes.length === 0
    ? html`<p>${m.plan.budgetEmpty}</p>`
    : html`<ol class="path">${budget.programmes.map((programme) => pathItem(context, plan, programme))}</ol>
  <p><strong>${m.plan.budgetResult(budget.programmes.length, formatNumber(context, budget.totalHours), budget.levelsClosed, budget.levelsClosable)}</strong></p>
  ${budget.levelsClosed === budget.levelsClosable && html`<p>${m.plan.budgetAll}</p>`}`}
  ${!budget.exact && html`<p class="muted">${m.plan.budgetInexact}</p>`}
</section>`
}

/** The languages the person can take programmes in: saved with them (a POST form). */
function languagesSection(context: ViewContext, props: PlanPageProps): Html {
  const { m } = context
  const { plan } = props
  const ticked = props.languagesError?.given ?? plan.languages
  const offered = [...new Set([...plan.catalogueLanguages, ...plan.languages])].sort()
  return html`<section aria-labelledby="languages-title">
  <h2 id="languages-title">${m.plan.languagesTitle}</h2>
  <p class="muted">${m.plan.languagesHint}</p>
  ${!plan.languagesChosen && html`<p>${m.plan.languagesDefault(languageNames(context, plan.languages))}</p>`}
  ${props.languagesSaved && html`<p class="saved" role="status">${m.plan.languagesSaved}</p>`}
  ${props.languagesError && html`<p class="form-error" role="alert">${m.plan.languagesMissing}</p>`}
  <form method="post" action="/plan/languages">
    ${csrfField(context)}
    <input type="hidden" name="framework" value="${plan.framework.row.id}">
    <ul class="checks">${offered.map(
      (language) => html`<li><label><input type="checkbox" name="languages" value="${language}"${ticked.includes(language) ? ' checked' : ''}> ${m.programmes.languages[language] ?? language}</label></li>`,
    )}</ul>
    <p><button type="submit">${m.plan.languagesSave}</button></p>
  </form>
</section>`
}

function pathItem(context: ViewContext, plan: Plan, programme: Plan['path']['programmes'][number]): Html {
  return html`<li><a href="/programmes/${programme.id}?framework=${plan.framework.row.id}">${localized(context, programme, 'title', programme.title)}</a> <span class="code">${programme.code}</span> <span class="muted">${context.m.programmes.hours(formatNumber(context, programme.hours))}</span></li>`
}

function recommendationItem(context: ViewContext, plan: Plan, recommendation: Recommendation): Html {
  const { m } = context
  const { programme } = recommendation
  const scale = plan.framework.row.scale
  const id = `rec-${programme.id}`
  return html`<li class="recommendation" id="${id}">
  <h3><a href="/programmes/${programme.id}?framework=${plan.framework.row.id}">${localized(context, programme, 'title', programme.title)}</a> <span class="code">${programme.code}</span></h3>
  <p class="muted">${m.programmes.hours(formatNumber(context, programme.hours))} · ${languageNames(context, programme.languages)}${!recommendation.inPersonsLanguage && html` <span class="tag">${m.plan.notInYourLanguages}</span>`}</p>
  <p>${m.plan.explain(recommendation.levels, recommendation.reasons.length)}${recommendation.score !== recommendation.levels && html` <span class="muted">${m.plan.weighted(formatNumber(context, recommendation.score))}</span>`}</p>
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
    : html`<ol class="path">${path.programmes.map((programme) => pathItem(context, plan, programme))}</ol>
  <p><strong>${m.plan.pathTotal(formatNumber(context, path.totalHours), path.programmes.length)}</strong></p>`}
  ${path.unclosable.length > 0 &&
  html`<p>${m.plan.unclosable}</p><ul>${path.unclosable.map((competencyId) => {
    const competency = plan.framework.tree.byId.get(competencyId)
    return html`<li><a href="/framework/${competencyId}"><span class="code">${competency?.code}</span> ${competency && localized(context, competency, 'title', competency.title)}</a></li>`
  })}</ul>`}
</section>`
}
