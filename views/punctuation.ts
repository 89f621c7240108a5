import type { ViewContext } from './context.js'
import { html, type Html } from './html.js'

type Text = Html | string

/**
 * A label and its value with the colon of the reader's language: 'Source: IIOE' (en), 'Source : IIOE'
 * (fr), '出处：IIOE' (zh). `strong` sets the label and its colon in bold.
 */
export function labelled(context: ViewContext, label: Text, value: Text, options: { strong?: boolean } = {}): Html {
  const colon = context.m.punctuation.colon
  return options.strong ? html`<strong>${label}${colon.trimEnd()}</strong>${colon.endsWith(' ') ? ' ' : ''}${value}` : html`${label}${colon}${value}`
}

/** A label that introduces what follows, ending with the colon of the reader's language: 'Closes:', 'Comble :', '可弥补：'. */
export function introducing(context: ViewContext, label: Text): Html {
  return html`${label}${context.m.punctuation.colon.trimEnd()}`
}

/** Items of a short inline list with the reader's separator: 'AI.1, AI.2' (en, fr), 'AI.1、AI.2' (zh). */
export function inlineList(context: ViewContext, items: readonly Text[]): Html {
  return html`${items.map((item, index) => html`${index > 0 && context.m.punctuation.listSeparator}${item}`)}`
}

/** The same list as plain text (for attributes and `<title>`). */
export function inlineListText(context: ViewContext, items: readonly string[]): string {
  return items.join(context.m.punctuation.listSeparator)
}

/**
 * A remark in parentheses after what it qualifies, in the reader's parentheses: ' (rated on 5 Nov 2026)'
 * (en, fr, with the space before), '（评估于 2026年11月5日）' (zh, full-width, no space). `muted` sets it
 * in the muted style, parentheses included.
 */
export function parenthetical(context: ViewContext, remark: Text, options: { muted?: boolean } = {}): Html {
  const { openParenthesis: open, closeParenthesis: close } = context.m.punctuation
  const space = open.startsWith(' ') ? ' ' : ''
  return options.muted ? html`${space}<span class="muted">${open.trimStart()}${remark}${close}</span>` : html`${open}${remark}${close}`
}

/** Marks after which Chinese (and Japanese) text needs no space: the mark carries its own. */
const FULL_WIDTH_MARK_AT_END = /[，。：；！？、）」』”］】》]$/u

/**
 * Two texts side by side, a space between them, except after a full-width mark: '已保存。依据…', not
 * '已保存。 依据…'. Works for every language, since only Chinese text ends with such a mark.
 */
export function nextTo(first: Text, second: Text): Html {
  const visible = String(first).replace(/<[^>]*>/g, '').trimEnd()
  return html`${first}${FULL_WIDTH_MARK_AT_END.test(visible) ? '' : ' '}${second}`
}
