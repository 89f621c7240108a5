import type { FrameworkUse } from '../../server/domain/framework-use.js'
import type { TreeNode } from '../../server/domain/tree.js'
import type { Framework } from '../../server/services/frameworks.js'
import type { Rating } from '../../server/services/ratings.js'
import type { PersonVisibility } from '../../server/services/visibility.js'
import { closingDay } from '../../server/domain/rounds.js'
import { nextToRate } from '../../server/domain/self-assessment.js'
import { timeZoneOf, type ViewContext } from '../context.js'
import { formatDay } from '../format.js'
import { html, type Html } from '../html.js'
import { csrfField, layout } from '../layout.js'
import { localized, localizedText } from '../localize.js'
import { frameworkSwitch } from '../partials/framework-switch.js'
import { levelName } from '../partials/level-name.js'
import { EVIDENCE_MAX, type RatingFormState } from '../partials/rating-form.js'
import { whoSees } from '../partials/who-sees.js'
import { statement } from '../partials/statement.js'

/** What every page of the guided self-assessment knows: the framework, what the person is asked, what they rated. */
export interface SelfAssessmentProps {
  readonly framework: Framework
  /** The competencies the person's role asks of them, in the framework's order. */
  readonly asked: readonly TreeNode[]
  readonly current: ReadonlyMap<number, Rating>
  /** Where "continue" leads: the first competency asked not done, or undefined when all are. */
  readonly next: TreeNode | undefined
  /** The competencies done: rated, or in an open round, answered in it. */
  readonly done: ReadonlySet<number>
  /** The competencies the person marked "not applicable to my role". */
  readonly notApplicable: ReadonlySet<number>
  /** The open round the person is answering, if any. */
  readonly round?: { readonly title: string; readonly closesAt: Date } | undefined
}

export interface ScreenProps extends SelfAssessmentProps {
  readonly competency: TreeNode
  readonly form: RatingFormState
  readonly visibility: PersonVisibility
  /** The competency saved just before this screen, to confirm it. */
  readonly saved?: TreeNode | undefined
}

/** The answer "not applicable to my role", as the screen's form sends it in place of a level. */
export const NOT_APPLICABLE_ANSWER = 'na'

/** The form's `then` when no screen follows this one: the summary. */
export const SUMMARY_NEXT = 'summary'

const overviewUrl = (framework: Framework) => `/self-assessment?framework=${framework.row.id}`
const summaryUrl = (framework: Framework) => `/self-assessment/summary?framework=${framework.row.id}`

/** The start: progress, where to go on, and the competencies asked by domain with their level. */
export function selfAssessmentPage(context: ViewContext, props: SelfAssessmentProps & { readonly uses: readonly FrameworkUse[] }): Html {
  const s = context.m.selfAssessment
  const rated = props.asked.filter((competency) => props.done.has(competency.id)).length
  const body = html`<div class="narrow"><h1>${s.title}</h1>
${frameworkSwitch(context, { uses: props.uses, current: props.framework.row.id, href: (id) => `/self-assessment?framework=${id}` })}
<p>${s.intro(localizedText(context, props.framework.row, 'title', props.framework.row.title))}</p>
${roundNote(context, props)}<p>${progressBar(context, rated, props.asked.length)}</p>
<p>${props.next === undefined
    ? html`${s.allRated} <a href="${summaryUrl(props.framework)}">${s.reviewAnswers}</a>`
    : html`<a class="button" href="/self-assessment/${props.next.id}">${rated === 0 ? s.start : s.continue}</a> <a href="${summaryUrl(props.framework)}">${s.reviewAnswers}</a>`}</p>
${answersByDomain(context, props)}</div>`
  return layout(context, { title: s.title, body })
}

/** Before finishing: every answer by domain, each with a link to change it. */
export function selfAssessmentSummaryPage(context: ViewContext, props: SelfAssessmentProps & { readonly saved?: TreeNode | undefined }): Html {
  const s = context.m.selfAssessment
  const rated = props.asked.filter((competency) => props.done.has(competency.id)).length
  const body = html`<p class="breadcrumb"><a href="${overviewUrl(props.framework)}">${s.back}</a></p>
<div class="narrow"><h1>${s.summaryTitle}</h1>
${props.saved !== undefined && html`<p class="saved" role="status">${s.saved(props.saved.code)}</p>`}
<p>${s.summaryIntro}</p>
${roundNote(context, props)}<p>${progressBar(context, rated, props.asked.length)}</p>
${answersByDomain(context, props)}
${props.next !== undefined && html`<p class="notice">${s.notFinished(props.asked.length - rated)} <a href="/self-assessment/${props.next.id}">${s.continue}</a></p>`}
<p><a class="button" href="/plan?framework=${props.framework.row.id}">${s.finish}</a> <a href="/me/report?framework=${props.framework.row.id}">${context.m.report.link}</a></p></div>`
  return layout(context, { title: s.summaryTitle, body })
}

function answersByDomain(context: ViewContext, props: SelfAssessmentProps): Html {
  const s = context.m.selfAssessment
  const markedNotApplicable = props.framework.tree.competencies.filter((competency) => props.notApplicable.has(competency.id))
  const asked = new Set(props.asked.map((competency) => competency.id))
  const domains = props.framework.tree.roots.filter((domain) => props.asked.some((competency) => competency.domainId === domain.id))
  return html`${domains.map((domain) => {
    const competencies = props.framework.tree.competencies.filter((competency) => competency.domainId === domain.id && asked.has(competency.id))
    return html`<section><h2><span class="code">${domain.code}</span> ${localized(context, domain, 'title', domain.title)}</h2>
<ul class="area-list">${competencies.map((competency) => {
      const rating = props.current.get(competency.id)
      return html`<li><a href="/self-assessment/${competency.id}"><span class="code">${competency.code}</span> ${localized(context, competency, 'title', competency.title)}</a>:
      ${rating === undefined ? html`<span class="muted">${s.notRated}</span>` : levelName(context, props.framework.row.scale, rating.level)}${props.round !== undefined && rating !== undefined && !props.done.has(competency.id) && html` <span class="tag">${context.m.rounds.notInRoundYet}</span>`}
      <a class="small-text" href="/self-assessment/${competency.id}" aria-label="${rating === undefined ? s.rate : s.change} ${competency.code}">${rating === undefined ? s.rate : s.change}</a></li>`
    })}</ul></section>`
  })}
${markedNotApplicable.length > 0 && html`<section><h2>${s.notApplicableTitle}</h2>
<ul class="area-list">${markedNotApplicable.map(
    (competency) => html`<li><span class="code">${competency.code}</span> ${localized(context, competency, 'title', competency.title)}
      <a class="small-text" href="/self-assessment/${competency.id}" aria-label="${s.change} ${competency.code}">${s.change}</a></li>`,
  )}</ul></section>`}`
}

/** One competency per screen, as a page. */
export function selfAssessmentScreenPage(context: ViewContext, props: ScreenProps): Html {
  const body = html`<p class="breadcrumb"><a href="${overviewUrl(props.framework)}">${context.m.selfAssessment.back}</a></p>
${selfAssessmentScreen(context, props)}`
  return layout(context, { title: `${props.competency.code} ${localizedText(context, props.competency, 'title', props.competency.title)}`, body })
}

/**
 * The screen's part of the page, which htmx swaps after "Save and next": the competency, its own
 * level descriptors as the answers, evidence, and who sees what is entered. One submit per competency.
 */
export function selfAssessmentScreen(context: ViewContext, props: ScreenProps): Html {
  const { m } = context
  const s = m.selfAssessment
  const { competency, framework, form } = props
  const place = props.asked.findIndex((each) => each.id === competency.id)
  const previous = place > 0 ? props.asked[place - 1] : undefined
  const following = place >= 0 ? props.asked[place + 1] : props.asked[0]
  const current = props.current.get(competency.id)
  const marked = props.notApplicable.has(competency.id)
  const chosen = form.values.level ?? (marked ? NOT_APPLICABLE_ANSWER : current === undefined ? '' : String(current.level))
  const evidence = form.values.evidence ?? current?.evidence ?? ''
  const evidenceUrl = form.values.evidenceUrl ?? current?.evidenceUrl ?? ''
  const rated = props.asked.filter((each) => props.done.has(each.id)).length
  // The screen "Save and next" leads to once this one is answered (the save need not read it again).
  const then = nextToRate(props.asked, new Set([...props.done, competency.id]), competency.id)
  const domain = framework.tree.byId.get(competency.domainId)
  const action = `/self-assessment/${competency.id}`
  const error = (field: string) => form.errors[field]
  return html`<section id="self-assessment" class="narrow">
<p class="muted">${place >= 0 ? s.competencyOf(place + 1, props.asked.length) : marked ? s.markedNotApplicable : s.notAsked}${domain !== undefined && html` · ${localized(context, domain, 'title', domain.title)}`}</p>
${roundNote(context, props)}<p>${progressBar(context, rated, props.asked.length)}</p>
${props.saved !== undefined && html`<p class="saved" role="status">${s.saved(props.saved.code)}</p>`}
<h1><span class="code">${competency.code}</span> ${localized(context, competency, 'title', competency.title)}</h1>
${statement(context, competency)}
<form method="post" action="${action}" hx-post="${action}" hx-target="#self-assessment" hx-swap="outerHTML" class="stack" novalidate>
  ${csrfField(context)}
  <input type="hidden" name="then" value="${then?.id ?? SUMMARY_NEXT}">
  ${Object.keys(form.errors).length > 0 && html`<p class="form-error" role="alert">${m.framework.fixErrors}</p>`}
  <fieldset class="levels"${error('level') && html` aria-describedby="level-error"`}>
    <legend>${s.chooseLevel}</legend>
    ${error('level') && html`<p class="field-error" id="level-error">${error('level')}</p>`}
    <label class="level-choice"><input type="radio" name="level" value="0"${chosen === '0' && html` checked`} required> <span>${s.notYetHint}<br><span class="hint"><strong>0</strong> ${m.plan.notYet}</span></span></label>
    ${framework.row.scale.levels.map((level) => {
      const own = competency.levelDescriptors[String(level.level)]
      const words = own === undefined ? localized(context, level, 'description', level.description, framework.row.scale.language) : localized(context, own, 'description', own.description, competency.language)
      return html`<label class="level-choice"><input type="radio" name="level" value="${level.level}"${chosen === String(level.level) && html` checked`} required> <span>${words}<br><span class="hint"><strong>${level.level}</strong> ${localized(context, level, 'label', level.label, framework.row.scale.language)}</span></span></label>`
    })}
    <label class="level-choice not-applicable"><input type="radio" name="level" value="${NOT_APPLICABLE_ANSWER}"${chosen === NOT_APPLICABLE_ANSWER && html` checked`} required> <span>${s.notApplicable}<br><span class="hint">${s.notApplicableHint}</span></span></label>
  </fieldset>
  <label for="evidence">${m.framework.evidence}</label>
  <p class="hint" id="evidence-hint">${m.framework.evidenceHint}</p>
  ${error('evidence') && html`<p class="field-error" id="evidence-error">${error('evidence')}</p>`}
  <textarea id="evidence" name="evidence" rows="3" maxlength="${EVIDENCE_MAX}" aria-describedby="evidence-hint${error('evidence') ? ' evidence-error' : ''}">${evidence}</textarea>
  <label for="evidence-url">${m.framework.evidenceUrl}</label>
  ${error('evidenceUrl') && html`<p class="field-error" id="url-error">${error('evidenceUrl')}</p>`}
  <input id="evidence-url" type="url" name="evidenceUrl" inputmode="url" maxlength="${EVIDENCE_MAX}" value="${evidenceUrl}"${error('evidenceUrl') && html` aria-describedby="url-error" aria-invalid="true"`}>
  ${whoSees(context, props.visibility)}
  <p class="actions"><button type="submit">${s.saveNext}</button></p>
</form>
<nav class="pager" aria-label="${place >= 0 ? s.competencyOf(place + 1, props.asked.length) : s.title}">
  ${previous !== undefined && html`<a href="/self-assessment/${previous.id}">${s.previous}</a>`}
  ${following !== undefined ? html`<a href="/self-assessment/${following.id}">${s.skip}</a>` : html`<a href="${summaryUrl(framework)}">${s.reviewAnswers}</a>`}
</nav>
</section>`
}

/** In an open round: which one, until when, and that a level kept counts once saved. */
function roundNote(context: ViewContext, props: SelfAssessmentProps): Html {
  if (props.round === undefined) return html``
  return html`<p class="notice">${context.m.rounds.inRound(props.round.title, formatDay(context, closingDay(props.round.closesAt, timeZoneOf(context))))}</p>`
}

function progressBar(context: ViewContext, rated: number, total: number): Html {
  return html`<progress max="${total}" value="${rated}" aria-hidden="true"></progress> ${context.m.selfAssessment.progress(rated, total)}`
}
