import type { Scale } from '../../server/domain/scale.js'
import { isStale } from '../../server/domain/gaps.js'
import type { Rating } from '../../server/services/ratings.js'
import type { ViewContext } from '../context.js'
import { formatDate } from '../format.js'
import { html, type Html } from '../html.js'
import { labelled, parenthetical } from '../punctuation.js'
import { levelLabel } from '../localize.js'

/** "Current level: 2 Applying and infusing (rated 3 Nov 2026)", or "Not yet rated". */
export function currentLevel(context: ViewContext, scale: Scale, rating: Rating | undefined): Html {
  const { m } = context
  if (rating === undefined) return html`<p class="current-level unrated">${labelled(context, m.framework.currentLevel, html`<strong>${m.framework.notYetRated}</strong>`)}</p>`
  const label = levelLabel(context, scale, rating.level)
  return html`<p class="current-level">${labelled(context, m.framework.currentLevel, html`<strong><span class="level-badge">${rating.level}</span> ${label}</strong>`)}
${parenthetical(context, m.framework.ratedOn(formatDate(context, rating.ratedAt)), { muted: true })}${context.user && isStale(rating.ratedAt, new Date(), context.user.staleAfterMonths) && html` <span class="tag stale">${m.plan.stale}</span>`}</p>`
}
