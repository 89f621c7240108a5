import type { Activity } from '../../server/services/activities.js'
import type { PersonVisibility } from '../../server/services/visibility.js'
import type { ViewContext } from '../context.js'
import { html, type Html } from '../html.js'
import { layout } from '../layout.js'
import { competencyCard, type CompetencyCardProps } from '../partials/competency-card.js'
import { whoSees } from '../partials/who-sees.js'

export interface ReratePageProps {
  readonly activity: Activity
  readonly cards: readonly CompetencyCardProps[]
  /** Who sees the person's ratings, said above the forms. */
  readonly visibility: PersonVisibility
}

/**
 * After a programme is completed: its competencies with their rating forms open and the completion
 * filled in as evidence. Nothing changes until the person saves a rating.
 */
export function reratePage(context: ViewContext, props: ReratePageProps): Html {
  const { m } = context
  const body = html`<p class="breadcrumb"><a href="/activities">${m.activities.title}</a></p>
<h1>${m.activities.rerateTitle(props.activity.title)}</h1>
<p>${m.activities.rerateIntro}</p>
${whoSees(context, props.visibility)}
${props.cards.length === 0 ? html`<p>${m.activities.rerateNone}</p>` : html`<div class="domain">${props.cards.map((card) => competencyCard(context, card))}</div>`}`
  return layout(context, { title: m.activities.rerateTitle(props.activity.title), body })
}
