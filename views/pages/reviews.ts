import { formatBytes } from '../../server/domain/bytes.js'
import type { FrameworkUse } from '../../server/domain/framework-use.js'
import { isWebUrl } from '../../server/domain/framework-problems.js'
import type { Scale } from '../../server/domain/scale.js'
import type { FrameworkTree, TreeNode } from '../../server/domain/tree.js'
import type { Rating } from '../../server/services/ratings.js'
import type { MyReview, QueuedReview } from '../../server/services/reviews.js'
import type { PersonVisibility } from '../../server/services/visibility.js'
import type { ViewContext } from '../context.js'
import { formatDate } from '../format.js'
import { html, type Html } from '../html.js'
import { csrfField, layout } from '../layout.js'
import { localized } from '../localize.js'
import { labelled, nextTo } from '../punctuation.js'
import { frameworkSwitch } from '../partials/framework-switch.js'
import { levelDescriptors } from '../partials/level-descriptors.js'
import { levelName } from '../partials/level-name.js'

/** A framework as the page needs it: to name competencies and show their level descriptors. */
export interface ReviewFramework {
  readonly id: number
  readonly tree: FrameworkTree
  readonly scale: Scale
}

/** A decision form sent back: what the reviewer chose and wrote, and why it was refused. */
export interface DecisionFormState {
  readonly reviewId: number
  readonly values: { readonly level?: string; readonly comment?: string }
  readonly error: string
}

export interface ReviewsPageProps {
  /** Reviews waiting for the reader: shown when there are some, or the reader is HR. */
  readonly queue: readonly QueuedReview[]
  readonly showQueue: boolean
  /** The framework of each review, by id. */
  readonly frameworks: ReadonlyMap<number, ReviewFramework>
  /** The reader's own ratings in one framework, to ask about. */
  readonly ask: {
    readonly framework: ReviewFramework
    readonly uses: readonly FrameworkUse[]
    readonly current: ReadonlyMap<number, Rating>
    readonly waiting: ReadonlySet<number>
    readonly visibility: PersonVisibility
    readonly values?: { readonly competencyIds: readonly number[]; readonly message: string } | undefined
    readonly error?: string | undefined
  }
  readonly mine: readonly MyReview[]
  readonly notice?: string | undefined
  readonly decision?: DecisionFormState | undefined
}

/** Reviews: those waiting for the reader, a form to ask for one, and the reader's own with their decisions. */
export function reviewsPage(context: ViewContext, props: ReviewsPageProps): Html {
  const { m } = context
  const body = html`<h1>${m.reviews.title}</h1>
${props.notice !== undefined && html`<p class="saved" role="status">${props.notice}</p>`}
${props.decision !== undefined && !props.queue.some((review) => review.id === props.decision!.reviewId) && html`<p class="form-error" role="alert">${props.decision.error}</p>`}
${props.showQueue && html`<section aria-labelledby="waiting-title">
  <h2 id="waiting-title">${m.reviews.waitingTitle}</h2>
  ${props.queue.length === 0 ? html`<p>${m.reviews.waitingNone}</p>` : html`<p>${m.reviews.waitingIntro}</p>${props.queue.map((review) => queuedReview(context, props, review))}`}
</section>`}
${askSection(context, props.ask)}
${mineSection(context, props)}`
  return layout(context, { title: m.reviews.title, body })
}

function competencyOf(props: Pick<ReviewsPageProps, 'frameworks'>, frameworkId: number, competencyId: number): { framework: ReviewFramework; competency: TreeNode } | undefined {
  const framework = props.frameworks.get(frameworkId)
  const competency = framework?.tree.byId.get(competencyId)
  return framework === undefined || competency === undefined ? undefined : { framework, competency }
}

/** One review waiting: who asked and why, their level and evidence, the rubric, and the decision form. */
function queuedReview(context: ViewContext, props: ReviewsPageProps, review: QueuedReview): Html {
  const { m } = context
  const found = competencyOf(props, review.frameworkId, review.competencyId)
  if (found === undefined) return html``
  const { framework, competency } = found
  const id = `review-${review.id}`
  const sent = props.decision?.reviewId === review.id ? props.decision : undefined
  const chosen = sent?.values.level ?? String(review.self.level)
  const self = review.self
  return html`<article class="competency review" id="${id}" aria-labelledby="${id}-title">
  <h3 id="${id}-title"><span class="code">${competency.code}</span> ${localized(context, competency, 'title', competency.title)}</h3>
  <p class="muted">${m.reviews.from(review.person.name, review.person.department, formatDate(context, review.requestedAt))}</p>
  ${review.message && html`<blockquote>${labelled(context, m.reviews.theirMessage, review.message)}</blockquote>`}
  <p>${labelled(context, m.reviews.selfLevel, levelName(context, framework.scale, self.level), { strong: true })}</p>
  <div>${labelled(context, m.reviews.evidenceText, html``)}
    ${self.evidence === '' && self.evidenceUrl === null && self.files.length === 0 ? html`<span class="muted">${m.reviews.noEvidence}</span>` : html``}
    ${self.evidence && html`<p>${self.evidence}</p>`}
    ${self.evidenceUrl && isWebUrl(self.evidenceUrl) && html`<p><a href="${self.evidenceUrl}" rel="noopener noreferrer nofollow">${self.evidenceUrl}</a></p>`}
    ${self.files.length > 0 && html`<ul class="plain files">${self.files.map((file) => html`<li><a href="/evidence/${file.id}/file" download>${file.name}</a> <span class="muted">${formatBytes(file.bytes)}</span></li>`)}</ul>`}
  </div>
  <details>
    <summary>${m.reviews.rubric}</summary>
    ${levelDescriptors(competency, framework.scale, context)}
  </details>
  <form method="post" action="/reviews/${review.id}/decide" class="decision">
    ${csrfField(context)}
    <input type="hidden" name="ratingId" value="${self.ratingId}">
    ${sent !== undefined && html`<p class="form-error" role="alert" id="${id}-error">${sent.error}</p>`}
    <fieldset class="levels">
      <legend>${m.reviews.levelToValidate}</legend>
      <label class="level-choice"><input type="radio" name="level" value="0"${chosen === '0' && html` checked`}> <span><strong>0</strong> ${m.plan.notYet}</span></label>
      ${framework.scale.levels.map(
        (level) => html`<label class="level-choice"><input type="radio" name="level" value="${level.level}"${chosen === String(level.level) && html` checked`}> <span><strong>${level.level}</strong> ${localized(context, level, 'label', level.label, framework.scale.language)}</span></label>`,
      )}
    </fieldset>
    <label for="${id}-comment">${m.reviews.comment}</label>
    <p class="hint" id="${id}-comment-hint">${m.reviews.commentHint}</p>
    <textarea id="${id}-comment" name="comment" rows="3" maxlength="2000" aria-describedby="${id}-comment-hint${sent === undefined ? '' : ` ${id}-error`}">${sent?.values.comment ?? ''}</textarea>
    <div class="inline-actions">
      <button type="submit" name="decision" value="validate">${m.reviews.validate}</button>
      <button type="submit" name="decision" value="more-evidence" class="secondary">${m.reviews.moreEvidence}</button>
    </div>
  </form>
</article>`
}

/** The form to ask for a review: the reader's rated competencies of one framework, and who will see them. */
function askSection(context: ViewContext, ask: ReviewsPageProps['ask']): Html {
  const { m } = context
  const rated = ask.framework.tree.competencies.filter((competency) => ask.current.has(competency.id))
  const visibility = ask.visibility
  const reviewerName = visibility.reviewer?.name
  const blocked = visibility.mode === 'aggregates' ? m.reviews.askOff : visibility.mode === 'shared' && visibility.reviewer === null ? m.reviews.askNoReviewer : undefined
  const chosen = new Set(ask.values?.competencyIds ?? [])
  return html`<section aria-labelledby="ask-title" id="ask">
  <h2 id="ask-title">${m.reviews.askTitle}</h2>
  ${frameworkSwitch(context, { uses: ask.uses, current: ask.framework.id, href: (id) => `/reviews?framework=${id}#ask` })}
  ${blocked !== undefined
    ? html`<p>${blocked}</p>`
    : rated.length === 0
      ? html`<p>${nextTo(m.reviews.askNothingRated, html`<a href="/framework?framework=${ask.framework.id}">${m.nav.framework}</a>`)}</p>`
      : html`<p>${m.reviews.askIntro}</p>
  <p class="who-sees">${visibility.mode === 'shared' && reviewerName !== undefined && !visibility.shared ? nextTo(m.reviews.askTo(reviewerName), m.reviews.askShares(reviewerName)) : reviewerName === undefined ? m.reviews.askToHr : m.reviews.askTo(reviewerName)}</p>
  <form method="post" action="/reviews/request">
    ${csrfField(context)}
    <input type="hidden" name="framework" value="${ask.framework.id}">
    ${ask.error !== undefined && html`<p class="form-error" role="alert">${ask.error}</p>`}
    <fieldset>
      <legend>${m.reviews.competency}</legend>
      <ul class="plain">${rated.map((competency) => {
        const rating = ask.current.get(competency.id)!
        const waiting = ask.waiting.has(competency.id)
        return html`<li><label><input type="checkbox" name="competencyIds" value="${competency.id}"${chosen.has(competency.id) && html` checked`}${waiting && html` disabled`}> <span class="code">${competency.code}</span> ${localized(context, competency, 'title', competency.title)} — ${levelName(context, ask.framework.scale, rating.level)}${waiting && html` <span class="tag">${m.reviews.askWaiting}</span>`}</label></li>`
      })}</ul>
    </fieldset>
    <label for="ask-message">${m.reviews.message}</label>
    <textarea id="ask-message" name="message" rows="3" maxlength="2000">${ask.values?.message ?? ''}</textarea>
    <button type="submit">${m.reviews.ask}</button>
  </form>`}
</section>`
}

/** The reader's reviews, newest first, each with its decision beside the level they gave. */
function mineSection(context: ViewContext, props: ReviewsPageProps): Html {
  const { m } = context
  return html`<section aria-labelledby="mine-title" id="mine">
  <h2 id="mine-title">${m.reviews.mineTitle}</h2>
  ${props.mine.length === 0
    ? html`<p>${m.reviews.mineNone}</p>`
    : html`<div class="table-scroll"><table>
    <thead><tr><th scope="col">${m.reviews.competency}</th><th scope="col">${m.reviews.askedOn}</th><th scope="col">${m.reviews.status}</th><th scope="col">${m.reviews.decision}</th></tr></thead>
    <tbody>${props.mine.map((review) => {
      const found = competencyOf(props, review.frameworkId, review.competencyId)
      const scale = found?.framework.scale
      return html`<tr id="mine-${review.id}">
      <td><a href="/framework/${review.competencyId}"><span class="code">${review.code}</span></a>${found !== undefined && html` ${localized(context, found.competency, 'title', found.competency.title)}`}</td>
      <td class="date">${formatDate(context, review.requestedAt)}</td>
      <td>${m.reviews.statusNames[review.status] ?? review.status}${review.status !== 'open' && !review.seen && html` <span class="tag">${m.reviews.newDecision}</span>`}<br><span class="muted">${review.askedOf ?? m.reviews.hr}</span></td>
      <td>${review.status === 'open'
        ? html``
        : html`${review.level !== null && scale !== undefined && html`<strong>${levelName(context, scale, review.level)}</strong> `}<span class="muted">${m.reviews.decidedBy(review.decidedBy ?? m.reviews.hr, formatDate(context, review.decidedAt ?? review.requestedAt))}</span>${review.comment && html`<p>${review.comment}</p>`}${review.credentialId !== null && html`<p><a href="/credentials/${review.credentialId}">${m.reviews.credentialEarned}</a></p>`}`}</td>
    </tr>`
    })}</tbody>
  </table></div>`}
</section>`
}
