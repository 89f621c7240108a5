import type { StaffGroup } from '../../server/domain/framework.js'
import type { Scale } from '../../server/domain/scale.js'
import type { TreeNode } from '../../server/domain/tree.js'
import type { Rating } from '../../server/services/ratings.js'
import type { ViewContext } from '../context.js'
import { html, type Html } from '../html.js'
import { inlineList, labelled } from '../punctuation.js'
import { localized } from '../localize.js'
import { currentLevel } from './current-level.js'
import { levelDescriptors } from './level-descriptors.js'
import { ratingForm, type RatingFormState, type ReturnTo } from './rating-form.js'
import { statement } from './statement.js'

export interface CompetencyCardProps {
  readonly competency: TreeNode
  readonly scale: Scale
  readonly staffGroups: readonly StaffGroup[]
  readonly current: Rating | undefined
  readonly form: RatingFormState
  /** True right after a save, to confirm it where the person is looking. */
  readonly saved: boolean
  /** Default 'tree'. */
  readonly returnTo?: ReturnTo
  /** Show the rating form open (re-rating after a completed programme). */
  readonly openForm?: boolean
}

/** One competency on the tree: its current level, descriptors and the inline rating form. */
export function competencyCard(context: ViewContext, props: CompetencyCardProps): Html {
  const { m } = context
  const { competency } = props
  const id = `c-${competency.id}`
  const hasErrors = Object.keys(props.form.errors).length > 0
  const groups = props.staffGroups.filter((group) => competency.appliesTo.includes(group.code))
  return html`<article class="competency" id="${id}" aria-labelledby="${id}-title">
  <h3 id="${id}-title"><span class="code">${competency.code}</span> ${localized(context, competency, 'title', competency.title)}</h3>
  ${statement(context, competency)}
  ${groups.length > 0 && html`<p class="applies-to muted">${labelled(context, m.framework.appliesTo, inlineList(context, groups.map((group) => localized(context, group, 'title', group.title))))}</p>`}
  ${props.saved && html`<p class="saved" role="status">${m.framework.saved}</p>`}
  ${currentLevel(context, props.scale, props.current)}
  <details class="descriptors-box">
    <summary>${m.framework.levelDescriptors}</summary>
    ${levelDescriptors(competency, props.scale, context)}
  </details>
  <details class="rate-box"${(hasErrors || props.openForm) && html` open`}>
    <summary>${m.framework.rate}</summary>
    ${ratingForm(context, {
      competency,
      scale: props.scale,
      state: props.form,
      returnTo: props.returnTo ?? 'tree',
      target: `#${id}`,
      current: props.current,
    })}
  </details>
  <p><a href="/framework/${competency.id}">${m.framework.viewHistory}</a></p>
</article>`
}
