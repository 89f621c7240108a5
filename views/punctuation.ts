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
