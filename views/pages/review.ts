import type { FrameworkUse } from '../../server/domain/framework-use.js'
import { frameworkSwitch } from '../partials/framework-switch.js'
import { isWebUrl } from '../../server/domain/framework-problems.js'
import type { Scale } from '../../server/domain/scale.js'
import type { FrameworkTree } from '../../server/domain/tree.js'
import type { ReviewRow } from '../../server/services/validations.js'
import type { ViewContext } from '../context.js'
import { formatDate } from '../format.js'
import { html, type Html } from '../html.js'
import { labelled, parenthetical } from '../punctuation.js'
import { levelLabelText, localized } from '../localize.js'
import { csrfField, layout } from '../layout.js'
import { levelName } from '../partials/level-name.js'

export interface ReviewPageProps {
  readonly person: { readonly id: number; readonly name: string }
  readonly tree: FrameworkTree
  readonly scale: Scale
  readonly rows: readonly ReviewRow[]
  readonly savedCompetencyId: number | undefined
  /** The framework shown, and the others the institution uses for people. */
  readonly frameworkId?: number
  readonly uses?: readonly FrameworkUse[]
}

/** A reviewer's (or HR's) view of one person's current self-ratings, each with its validation form. */
export function reviewPage(context: ViewContext, props: ReviewPageProps): Html {
  const { m } = context
  const ordered = props.tree.competencies.flatMap((competency) => {
    const row = props.rows.find((candidate) => candidate.competencyId === competency.id)
    return row === undefined ? [] : [row]
  })
  const hr = context.user?.role === 'hr'
  const back = hr ? html`<a href="/hr/staff/${props.person.id}">${m.review.backToPerson(props.person.name)}</a>` : html`<a href="/">${m.errors.backHome}</a>`
  const body = html`<p class="breadcrumb">${back}</p>
<h1>${m.review.title(props.person.name)}</h1>
${frameworkSwitch(context, { uses: props.uses ?? [], current: props.frameworkId ?? 0, href: (id) => `/people/${props.person.id}/ratings?framework=${id}` })}
<p>${m.review.intro}</p>
${ordered.length === 0 ? html`<p>${m.review.none}</p>` : html`<div class="domain">${ordered.map((row) => reviewItem(context, props, row, row.competencyId === props.savedCompetencyId))}</div>`}`
  return layout(context, { title: m.review.title(props.person.name), body })
}

/** One competency under review; also the fragment htmx swaps after a validation. */
export function reviewItem(context: ViewContext, props: Pick<ReviewPageProps, 'person' | 'tree' | 'scale'>, row: ReviewRow, saved: boolean): Html {
  const { m } = context
  const competency = props.tree.byId.get(row.competencyId)
  const id = `v-${row.competencyId}`
  const self = row.self
  if (self === undefined || competency === undefined) return html``
  const validation = row.validation
  const action = `/ratings/${self.ratingId}/validate`
  return html`<article class="competency" id="${id}" aria-labelledby="${id}-title">
  <h2 id="${id}-title" class="h3"><span class="code">${competency.code}</span> ${localized(context, competency, 'title', competency.title)}</h2>
  ${saved && html`<p class="saved" role="status">${m.review.saved}</p>`}
  <p>${labelled(context, m.review.self, html`${levelName(context, props.scale, self.level)}${parenthetical(context, formatDate(context, self.at), { muted: true })}`, { strong: true })}${self.evidence && html` — ${self.evidence}`}${self.evidenceUrl && isWebUrl(self.evidenceUrl) && html` <a href="${self.evidenceUrl}" rel="noopener noreferrer nofollow">${self.evidenceUrl}</a>`}</p>
  <p>${labelled(context, m.review.validated, validation === undefined
    ? html`<span class="muted">${m.review.notValidated}</span>`
    : html`${levelName(context, props.scale, validation.level)} <span class="muted">${m.review.validatedBy(validation.reviewer, formatDate(context, validation.at))}</span>${validation.comment && html` — ${validation.comment}`}${validation.selfRatingId !== self.ratingId && html` <span class="tag stale">${m.review.outdated}</span>`}`, { strong: true })}</p>
  <form method="post" action="${action}" hx-post="${action}" hx-target="#${id}" hx-swap="outerHTML" class="inline-actions">
    ${csrfField(context)}
    <label for="${id}-level">${m.review.level}</label>
    <select id="${id}-level" name="level">${props.scale.levels.map((level) => html`<option value="${level.level}"${(validation?.level ?? self.level) === level.level && html` selected`}>${level.level} ${levelLabelText(context, props.scale, level.level)}</option>`)}</select>
    <label for="${id}-comment">${m.review.comment}</label>
    <input id="${id}-comment" name="comment" type="text" maxlength="2000" value="${validation?.selfRatingId === self.ratingId ? validation.comment : ''}">
    <button type="submit">${m.review.submit}</button>
  </form>
</article>`
}
