import type { Scale } from '../../server/domain/scale.js'
import type { ViewContext } from '../context.js'
import { html, type Html } from '../html.js'
import { levelLabel, levelLabelText } from '../localize.js'

/**
 * A level as a badge and its label; 0 is "not yet", below the scale's first level. (A competency not
 * rated has no level: the caller says "not rated" from its status.)
 */
export function levelName(context: ViewContext, scale: Scale, level: number): Html {
  if (level === 0) return html`<span class="level-badge">0</span> ${context.m.plan.notYet}`
  return html`<span class="level-badge">${level}</span> ${levelLabel(context, scale, level)}`
}

/** The same as plain text, for places that hold no markup (a PDF, a sentence): "2 Applying", "0 Not yet". */
export function levelNameText(context: ViewContext, scale: Scale, level: number): string {
  return `${level} ${level === 0 ? context.m.plan.notYet : levelLabelText(context, scale, level)}`
}
