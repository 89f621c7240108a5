import { isWebUrl } from '../../server/domain/framework-problems.js'
import type { FrameworkRow } from '../../server/db/schema.js'
import type { TreeNode } from '../../server/domain/tree.js'
import type { RelatedCompetency } from '../../server/services/crosswalks.js'
import type { Rating, ValidationOfMine } from '../../server/services/ratings.js'
import type { PersonVisibility } from '../../server/services/visibility.js'
import type { ViewContext } from '../context.js'
import { formatDate } from '../format.js'
import { html, type Html } from '../html.js'
import { labelled, nextTo, parenthetical } from '../punctuation.js'
import { levelLabel, localized, localizedText } from '../localize.js'
import { layout } from '../layout.js'
import { currentLevel } from '../partials/current-level.js'
import { levelDescriptors } from '../partials/level-descriptors.js'
import { ratingForm, type RatingFormState } from '../partials/rating-form.js'
import { targetSection, type TargetSectionProps } from '../partials/target-form.js'
import { whoSees } from '../partials/who-sees.js'
import { caseDetails, statement } from '../partials/statement.js'
import { localizedFlow } from '../rich-text.js'

export interface CompetencyPageProps {
  readonly framework: FrameworkRow
  readonly domain: TreeNode | undefined
  readonly competency: TreeNode
  /** Newest first: the person's self-ratings and their reviewers' validations. */
  readonly history: readonly Rating[]
  /** The reviewer's current validation, shown beside the person's own level. */
  readonly validation?: ValidationOfMine | undefined
  readonly form: RatingFormState
  readonly saved: boolean
  readonly target: TargetSectionProps
  /** Competencies of other frameworks linked by a crosswalk. */
  readonly related?: readonly RelatedCompetency[]
  /** The associations of the framework's CASE data this competency is an end of, the other end resolved. */
  readonly linked?: readonly LinkedItem[]
  /** Who sees the person's ratings, said beside the form. */
  readonly visibility: PersonVisibility
  /** The person's evidence files: to cite with the rating, and to name those each rating of the history cited. */
  readonly library?: readonly { readonly id: number; readonly name: string; readonly bytes: number }[]
}

/** One competency: what it means, the person's current level, the rating form and the full history. */
export function competencyPage(context: ViewContext, props: CompetencyPageProps): Html {
  const { m } = context
  const { competency } = props
  const body = html`<p class="breadcrumb"><a href="/framework#c-${competency.id}">${m.framework.backToFramework}</a>${props.domain && html` · ${localized(context, props.domain, 'title', props.domain.title)}`}</p>
<h1><span class="code">${competency.code}</span> ${localized(context, competency, 'title', competency.title)}</h1>
${statement(context, competency)}
${competency.source.url !== undefined && isWebUrl(competency.source.url)
  ? html`<p class="muted">${labelled(context, m.framework.sourceOf, html`<a href="${competency.source.url}" rel="noopener noreferrer">${localized(context, undefined, 'title', competency.source.title)}</a>`)}</p>`
  : html`<p class="muted">${labelled(context, m.framework.sourceOf, localized(context, undefined, 'title', competency.source.title))}</p>`}
<h2>${m.framework.levelDescriptors}</h2>
${levelDescriptors(competency, props.framework.scale, context)}
${competency.children.length > 0 &&
html`<h2>${m.framework.indicators}</h2>
${indicatorList(context, competency.children)}`}
${props.related && relatedSection(context, props.related)}
${props.linked !== undefined && props.linked.length > 0 && linkedSection(context, props.linked)}
${caseDetails(context, competency)}
${targetSection(context, props.target)}
${competencyDetail(context, props)}`
  return layout(context, { title: `${competency.code} ${localizedText(context, competency, 'title', competency.title)}`, body })
}

/** The indicators, nested as the framework nests them (a CASE tree deeper than its rated items). */
function indicatorList(context: ViewContext, indicators: readonly TreeNode[]): Html {
  return html`<ul class="indicators">${indicators.map(
    (indicator) => html`<li><span class="code">${indicator.code}</span> ${localized(context, indicator, 'title', indicator.title)}${indicator.description && html`: ${localizedFlow(context, indicator, 'description', indicator.description, indicator.language)}`}${indicator.children.length > 0 && indicatorList(context, indicator.children)}</li>`,
  )}</ul>`
}

/** The part of the page that a save changes: current level, form and history; what htmx swaps. */
export function competencyDetail(context: ViewContext, props: CompetencyPageProps): Html {
  const { m } = context
  const scale = props.framework.scale
  // The current level is the person's latest self-rating: a reviewer's validation is shown beside it.
  const self = props.history.find((rating) => rating.source === 'self')
  return html`<section id="competency-detail" aria-labelledby="rate-heading">
  <h2 id="rate-heading">${m.framework.rate}</h2>
  ${props.saved && html`<p class="saved" role="status">${m.framework.saved}</p>`}
  ${currentLevel(context, scale, self)}
  ${props.validation !== undefined && validationNote(context, scale, props.validation, self)}
  ${whoSees(context, props.visibility)}
  ${ratingForm(context, {
    competency: props.competency,
    scale,
    state: props.form,
    returnTo: 'detail',
    target: '#competency-detail',
    current: self,
    files: { library: props.library ?? [], cited: self?.evidenceFiles ?? [] },
  })}
  <h2>${m.framework.history}</h2>
  ${props.history.length === 0
    ? html`<p>${m.framework.noHistory}</p>`
    : html`<div class="table-scroll"><table class="history">
    <thead><tr><th scope="col">${m.framework.date}</th><th scope="col">${m.framework.level}</th><th scope="col">${m.framework.evidence}</th><th scope="col">${m.framework.source}</th></tr></thead>
    <tbody>${props.history.map(
      (rating) => html`<tr>
      <td class="date">${formatDate(context, rating.ratedAt)}</td>
      <td><span class="level-badge">${rating.level}</span> ${levelLabel(context, scale, rating.level)}</td>
      <td>${rating.evidence}${rating.evidenceUrl && isWebUrl(rating.evidenceUrl) && html` <a href="${rating.evidenceUrl}" rel="noopener noreferrer nofollow">${rating.evidenceUrl}</a>`}${citedFiles(context, rating.evidenceFiles, props.library ?? [])}</td>
      <td>${m.framework.sources[rating.source] ?? rating.source}</td>
    </tr>`,
    )}</tbody>
  </table></div>`}
</section>`
}

/** The files a rating cited, each a download link. */
function citedFiles(context: ViewContext, ids: readonly number[], library: NonNullable<CompetencyPageProps['library']>): Html {
  const files = ids.flatMap((id) => library.find((file) => file.id === id) ?? [])
  if (files.length === 0) return html``
  return html`<ul class="plain files">${files.map((file) => html`<li><a href="/evidence/${file.id}/file" download>${file.name}</a></li>`)}</ul>`
}

/** "Validated by your reviewer: 2 Applying (Dr Amina Yusuf, 3 Nov 2026)", with the reviewer's comment. */
function validationNote(context: ViewContext, scale: FrameworkRow['scale'], validation: ValidationOfMine, self: Rating | undefined): Html {
  const { m } = context
  return html`<div class="validation"><p>${labelled(context, m.framework.validatedLevel, html`<strong><span class="level-badge">${validation.level}</span> ${levelLabel(context, scale, validation.level)}</strong>`)}
${parenthetical(context, m.framework.validatedBy(validation.reviewer, formatDate(context, validation.at)), { muted: true })}</p>
${validation.comment && html`<p class="muted">${validation.comment}</p>`}
${self !== undefined && self.id !== validation.selfRatingId && html`<p class="hint">${m.framework.validatedEarlier}</p>`}</div>`
}

/** An association seen from the competency, the other end an item of the framework (a page when it is rated) or anything else. */
export interface LinkedItem {
  readonly type: string
  readonly outgoing: boolean
  readonly other: { readonly code: string; readonly title: string; readonly id?: number } | { readonly title: string; readonly uri?: string }
  readonly notes?: string
}

/** "Linked in the framework's CASE data": exactMatchOf, precedes... seen from this competency; links only to web addresses. */
function linkedSection(context: ViewContext, linked: readonly LinkedItem[]): Html {
  const { m } = context
  const said = (entry: LinkedItem) => (entry.outgoing ? m.crosswalk.linkedTypes : m.crosswalk.linkedInverse)[entry.type] ?? m.crosswalk.linkedOther(entry.type, entry.outgoing)
  const other = (entry: LinkedItem): Html => {
    const end = entry.other
    if ('code' in end) return end.id === undefined ? html`<span class="code">${end.code}</span> ${end.title}` : html`<a href="/framework/${end.id}"><span class="code">${end.code}</span> ${end.title}</a>`
    return end.uri !== undefined && isWebUrl(end.uri) ? html`<a href="${end.uri}" rel="noopener noreferrer">${end.title}</a>` : html`${end.title}`
  }
  return html`<section aria-labelledby="linked-title" class="related">
  <h2 id="linked-title">${m.crosswalk.linkedTitle}</h2>
  <ul>${linked.map((entry) => html`<li>${nextTo(said(entry), other(entry))}${entry.notes && html`<br><span class="small-text">${entry.notes}</span>`}</li>`)}</ul>
</section>`
}

/** "Related in other frameworks": the crosswalk links of the competency, by relation. */
function relatedSection(context: ViewContext, related: readonly RelatedCompetency[]): Html {
  const { m } = context
  return html`<section aria-labelledby="related-title" class="related">
  <h2 id="related-title">${m.crosswalk.title}</h2>
  ${related.length === 0
    ? html`<p class="muted">${m.crosswalk.none}</p>`
    : html`<ul>${related.map(
        (entry) => html`<li>${nextTo(m.crosswalk.relations[entry.relation] ?? entry.relation, html`<span class="code">${entry.code}</span>`)} ${localized(context, entry, 'title', entry.title)}${parenthetical(context, html`${localized(context, { translations: entry.frameworkTranslations }, 'title', entry.frameworkTitle)} ${entry.version}`, { muted: true })}${entry.note && html`<br><span class="small-text">${entry.note}</span>`}</li>`,
      )}</ul>`}
</section>`
}
