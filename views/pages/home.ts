import type { FrameworkUse } from '../../server/domain/framework-use.js'
import { frameworkSwitch } from '../partials/framework-switch.js'
import type { FrameworkRow } from '../../server/db/schema.js'
import type { DomainSummary } from '../../server/domain/profile.js'
import type { FrameworkTree, TreeNode } from '../../server/domain/tree.js'
import type { ValidationOfMine } from '../../server/services/ratings.js'
import type { Reviewee } from '../../server/services/validations.js'
import type { SharedReport } from '../../server/services/report-shares.js'
import type { PersonVisibility } from '../../server/services/visibility.js'
import { timeZoneOf, type ViewContext } from '../context.js'
import type { MyRound } from '../../server/services/rounds.js'
import { closingDay } from '../../server/domain/rounds.js'
import { formatDate, formatDay, formatNumber } from '../format.js'
import { html, type Html } from '../html.js'
import { localized, localizedText } from '../localize.js'
import { layout } from '../layout.js'
import { levelName } from '../partials/level-name.js'
import { profileChart } from '../partials/profile-chart.js'
import { nextTo, parenthetical } from '../punctuation.js'
import { sharingSection } from '../partials/who-sees.js'

export interface HomePageProps {
  readonly framework: FrameworkRow
  readonly domains: readonly DomainSummary[]
  /** The framework's tree, for the domains' translated titles. */
  readonly tree?: FrameworkTree
  readonly maxLevel: number
  readonly lastRatedAt: Date | undefined
  /** People whose ratings this person validates, each with whether they may be opened now. */
  readonly reviewees: readonly Reviewee[]
  /** Feedback reports the reviewees shared with the reader. */
  readonly sharedReports: readonly SharedReport[]
  /** Who sees this person's own ratings. */
  readonly visibility: PersonVisibility
  /** The share just made or stopped, to confirm it. */
  readonly sharingSaved?: 'shared' | 'stopped' | undefined
  /** The frameworks the person's institution uses for people, to switch the profile between. */
  readonly uses?: readonly FrameworkUse[]
  /** The unit and institution assessments the person is on the panel of or may read. */
  readonly assessments?: readonly { readonly use: FrameworkUse; readonly assessing: boolean }[]
  /** How far the guided self-assessment of this framework is, and the competency it goes on with. */
  readonly selfAssessment?: { readonly rated: number; readonly total: number; readonly nextId: number | undefined }
  /** Reviewers' recent validations of the person's ratings, newest first: they are told here. */
  readonly validations?: readonly (ValidationOfMine & { readonly competency: TreeNode })[]
  readonly validationDays?: number
  /** The open assessment rounds the person is in, with their progress. */
  readonly rounds?: readonly MyRound[]
  /** Reviews: of the person's, how many were decided since they last looked; how many wait for them. */
  readonly reviews?: { readonly decided: number; readonly waiting: number }
}

/** An open round the person is in: until when, how far they are, the way on. */
function roundCard(context: ViewContext, round: MyRound): Html {
  const r = context.m.rounds
  const done = round.total > 0 && round.rated >= round.total
  return html`<section class="card round" aria-labelledby="round-${round.id}-title">
  <h2 id="round-${round.id}-title">${r.homeTitle(round.title)}</h2>
  <p>${done ? r.homeDone : r.homeOpen(formatDay(context, closingDay(round.closesAt, timeZoneOf(context))), round.rated, round.total)}</p>
  ${!done && html`<p><a class="button" href="/self-assessment?framework=${round.frameworkId}">${r.homeContinue}</a></p>`}
</section>`
}

/** "Validated by your reviewer": each recent validation with the reviewer, the date and the comment. */
function validationsSection(context: ViewContext, framework: FrameworkRow, validations: readonly (ValidationOfMine & { readonly competency: TreeNode })[], days: number): Html {
  const { m } = context
  return html`<section aria-labelledby="validations-title"><h2 id="validations-title">${m.home.validationsTitle}</h2>
<p class="hint">${m.home.validationsIntro(days)}</p>
<ul>${validations.map(
    (validation) => html`<li><a href="/framework/${validation.competency.id}"><span class="code">${validation.competency.code}</span> ${localized(context, validation.competency, 'title', validation.competency.title)}</a>: ${levelName(context, framework.scale, validation.level)}${parenthetical(context, m.framework.validatedBy(validation.reviewer, formatDate(context, validation.at)), { muted: true })}${validation.comment && html`<br><span class="muted">${validation.comment}</span>`}</li>`,
  )}</ul></section>`
}

/** "Assess yourself: 12 of 24 rated", with the way to go on. */
function selfAssessmentCard(context: ViewContext, framework: FrameworkRow, progress: NonNullable<HomePageProps['selfAssessment']>): Html {
  const s = context.m.selfAssessment
  return html`<section aria-labelledby="self-assessment-title"><h2 id="self-assessment-title">${s.title}</h2>
<p><progress max="${progress.total}" value="${progress.rated}" aria-hidden="true"></progress> ${s.progress(progress.rated, progress.total)}</p>
<p>${progress.nextId === undefined
    ? html`<a href="/self-assessment/summary?framework=${framework.id}">${s.reviewAnswers}</a>`
    : html`<a class="button" href="/self-assessment/${progress.nextId}">${progress.rated === 0 ? s.start : s.continue}</a>`}</p></section>`
}

/** The person's home: their profile per domain, as a chart and as a table. */
export function homePage(context: ViewContext, props: HomePageProps): Html {
  const { m } = context
  const anyRated = props.domains.some((domain) => domain.rated > 0)
  const body = html`<h1>${m.home.title}</h1>
${frameworkSwitch(context, { uses: props.uses ?? [], current: props.framework.id, href: (id) => `/?framework=${id}` })}
<p>${m.home.intro(localizedText(context, props.framework, 'title', props.framework.title))}</p>
${!anyRated && html`<p class="notice">${m.home.nothingRated}</p>`}
${(props.rounds ?? []).map((round) => roundCard(context, round))}
${props.reviews !== undefined && props.reviews.waiting > 0 && html`<p class="notice">${nextTo(m.reviews.homeWaiting(props.reviews.waiting), html`<a href="/reviews#waiting-title">${m.reviews.homeOpen}</a>`)}</p>`}
${props.reviews !== undefined && props.reviews.decided > 0 && html`<p class="notice" role="status">${nextTo(m.reviews.homeDecided(props.reviews.decided), html`<a href="/reviews#mine">${m.reviews.homeOpen}</a>`)}</p>`}
${props.selfAssessment !== undefined && selfAssessmentCard(context, props.framework, props.selfAssessment)}
${(props.validations ?? []).length > 0 && validationsSection(context, props.framework, props.validations ?? [], props.validationDays ?? 0)}
${props.lastRatedAt && html`<p>${m.home.lastRating(formatDate(context, props.lastRatedAt))}</p>`}
<div class="profile">
  <figure>
    ${profileChart(context, props.domains, props.maxLevel)}
    <figcaption>${m.home.chartTitle}${m.punctuation.sentenceSeparator}${m.home.chartTargetNote}</figcaption>
  </figure>
  <div class="table-scroll"><table>
    <thead><tr><th scope="col">${m.home.domain}</th><th scope="col">${m.home.rated}</th><th scope="col">${m.home.meanLevel}</th><th scope="col">${m.home.meanTarget}</th></tr></thead>
    <tbody>${props.domains.map(
      (domain) => html`<tr>
      <th scope="row"><a href="/framework?domain=${domain.domainId}#d-${domain.domainId}"><span class="code">${domain.code}</span> ${localized(context, props.tree?.byId.get(domain.domainId), 'title', domain.title)}</a></th>
      <td>${m.home.ratedOf(domain.rated, domain.competencies)}</td>
      <td>${domain.meanLevel === null ? html`<span class="muted">${m.home.notRated}</span>` : formatNumber(context, domain.meanLevel)}</td>
      <td>${domain.meanTarget === null ? '—' : formatNumber(context, domain.meanTarget)}</td>
    </tr>`,
    )}</tbody>
  </table></div>
</div>
${props.reviewees.length > 0 &&
html`<section aria-labelledby="reviewees-title"><h2 id="reviewees-title">${m.review.yourReviewees}</h2>
${props.visibility.mode === 'aggregates' && html`<p class="muted">${m.visibility.reviewPrivate}</p>`}
<ul>${props.reviewees.map((person) => html`<li>${person.readable ? html`<a href="/people/${person.id}/ratings">${person.name}</a>` : person.name}${person.department && parenthetical(context, person.department, { muted: true })}${!person.readable && props.visibility.mode === 'shared' && parenthetical(context, m.visibility.notShared, { muted: true })}${props.sharedReports.filter((report) => report.userId === person.id).map((report) => html` · <a href="/people/${person.id}/report?framework=${report.frameworkId}">${m.report.sharedLink}</a>`)}</li>`)}</ul></section>`}
${(props.assessments ?? []).length > 0 &&
html`<section aria-labelledby="assessments-title"><h2 id="assessments-title">${m.assessment.indexTitle}</h2>
<ul>${(props.assessments ?? []).map((item) => html`<li><a href="/assessments/${item.use.frameworkId}">${localized(context, item.use, 'title', item.use.title)}</a>${parenthetical(context, item.assessing ? m.assessment.assessAs.panel : m.assessment.readOnly, { muted: true })}</li>`)}</ul></section>`}
${sharingSection(context, props.visibility, props.sharingSaved)}
<p><a class="button" href="/framework?framework=${props.framework.id}">${m.home.openFramework}</a> <a class="button secondary" href="/plan?framework=${props.framework.id}">${m.home.openPlan}</a></p>
<p><a href="/api/v1/me/export" download>${m.home.downloadData}</a></p>`
  return layout(context, { title: m.home.title, body })
}
