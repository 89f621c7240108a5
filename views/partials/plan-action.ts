import type { ViewContext } from '../context.js'
import { html, type Html } from '../html.js'
import { csrfField } from '../layout.js'
import { nextTo } from '../punctuation.js'

/**
 * "Plan it" and "Start it" for one programme: a plain form that adds it to the PD log; htmx swaps
 * the form for a confirmation in place.
 */
export function planActions(context: ViewContext, programme: { id: number }, target: string): Html {
  const { m } = context
  return html`<form class="plan-actions" method="post" action="/activities" hx-post="/activities" hx-target="${target}" hx-swap="innerHTML">
  ${csrfField(context)}
  <input type="hidden" name="programmeId" value="${programme.id}">
  <button type="submit" name="status" value="planned">${m.plan.planIt}</button>
  <button type="submit" name="status" value="in_progress" class="secondary">${m.plan.startIt}</button>
</form>`
}

/** What replaces the actions after htmx added the programme. */
export function plannedNotice(context: ViewContext, title: string): Html {
  return html`<p class="saved" role="status">${nextTo(context.m.plan.added(title), html`<a href="/activities">${context.m.plan.viewActivities}</a>`)}</p>`
}
