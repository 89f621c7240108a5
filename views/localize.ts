import type { Scale } from '../server/domain/scale.js'
import type { Translations } from '../server/domain/translations.js'
import { scaleLevel } from '../server/domain/scale.js'
import { html, type Html } from './html.js'

/** The language the framework and catalogue data are written in; translations are keyed by others. */
export const DATA_LANGUAGE = 'en'

/** Which text of a thing: a node's title or description, a scale level's label, a role profile's name, ... */
export type TranslatedField = 'title' | 'label' | 'description' | 'name'

/** Anything with an English text and, maybe, translations of it. */
export interface Translatable {
  readonly translations?: Translations | undefined
}

/**
 * A text of the framework or catalogue in the reader's language when the data has it; otherwise the
 * English original inside `<span lang="en">`, so screen readers pronounce it as English.
 *
 * ```ts
 * localized(context, domain, 'title', domain.title)
 * // fr with a translation: 'Politique de l'éducation numérique'
 * // fr without one: '<span lang="en">Digital education policy</span>'
 * ```
 */
export function localized(where: { readonly locale: string }, thing: Translatable | undefined, field: TranslatedField, english: string): Html {
  const translated = translationOf(where.locale, thing, field)
  if (translated !== undefined) return html`${translated}`
  if (where.locale === DATA_LANGUAGE || english === '') return html`${english}`
  return html`<span lang="${DATA_LANGUAGE}">${english}</span>`
}

/**
 * The same text as plain text, for places that cannot hold markup (a page title, an `<option>`, an
 * attribute): the translation, or the English original unmarked.
 */
export function localizedText(where: { readonly locale: string }, thing: Translatable | undefined, field: TranslatedField, english: string): string {
  return translationOf(where.locale, thing, field) ?? english
}

/** True when the text is shown in English while the page is in another language (to mark an element `lang="en"`). */
export function isFallback(where: { readonly locale: string }, thing: Translatable | undefined, field: TranslatedField, english: string): boolean {
  return where.locale !== DATA_LANGUAGE && english !== '' && translationOf(where.locale, thing, field) === undefined
}

/** The label of a level of the scale in the reader's language (empty for a level not on the scale). */
export function levelLabel(where: { readonly locale: string }, scale: Scale, level: number): Html {
  const entry = scaleLevel(scale, level)
  return entry === undefined ? html`` : localized(where, entry, 'label', entry.label)
}

/** The same label as plain text. */
export function levelLabelText(where: { readonly locale: string }, scale: Scale, level: number): string {
  const entry = scaleLevel(scale, level)
  return entry === undefined ? '' : localizedText(where, entry, 'label', entry.label)
}

function translationOf(locale: string, thing: Translatable | undefined, field: TranslatedField): string | undefined {
  if (locale === DATA_LANGUAGE) return undefined
  const text = thing?.translations?.[locale]?.[field]
  return text === undefined || text.trim() === '' ? undefined : text
}
