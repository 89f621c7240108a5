import type { Scale } from '../../server/domain/scale.js'
import type { ViewContext } from '../context.js'
import { html, type Html } from '../html.js'
import { levelLabel } from '../localize.js'

/** A level as a badge and its label, or "not rated" for 0. */
export function levelName(context: ViewContext, scale: Scale, level: number): Html {
  if (level === 0) return html`<span class="muted">${context.m.plan.notRated}</span>`
  return html`<span class="level-badge">${level}</span> ${levelLabel(context, scale, level)}`
}
