import type { Scale } from '../server/domain/scale.js'
import type { Translations } from '../server/domain/translations.js'
import { scaleLevel } from '../server/domain/scale.js'
import { html, type Html } from './html.js'

/** The language framework and catalogue data are written in unless they say otherwise; translations are keyed by others. */
export const DATA_LANGUAGE = 'en'

/** Which text of a thing: a node's title or description, a scale level's label, a role profile's name, ... */
export type TranslatedField = 'title' | 'label' | 'description' | 'name'

/**
 * Anything with a text and, maybe, translations of it. The text is English unless the thing says
 * which language it is written in: a node of a framework in another language (`language`), a
 * framework (the first of its `languages`).
 */
export interface Translatable {
  readonly translations?: Translations | undefined
  readonly language?: string | undefined
  readonly languages?: readonly string[] | undefined
}

/**
 * The language a thing's own text is written in: what it says, else `written` (what its container
 * says: a level descriptor is in its node's language, a scale level in its scale's), else English.
 */
export function writtenIn(thing: Translatable | undefined, written?: string): string {
  return thing?.language ?? thing?.languages?.[0] ?? written ?? DATA_LANGUAGE
}

/** Whether a page in `locale` reads text written in `language` as its own (fr-CA text on a fr page). */
function sameLanguage(locale: string, language: string): boolean {
  return locale.toLowerCase().split('-')[0] === language.toLowerCase().split('-')[0]
}

/**
 * A text of the framework or catalogue in the reader's language: the text itself when written in it,
 * else a translation when the data has one, else the original inside `<span lang="…">` in the
 * language it is written in (writtenIn), so screen readers pronounce it rightly.
 *
 * ```ts
 * localized(context, domain, 'title', domain.title)
 * // fr with a translation: 'Politique de l'éducation numérique'
 * // fr without one: '<span lang="en">Digital education policy</span>'
 * // en, a node of a French framework: '<span lang="fr">Enseigner avec le numérique</span>'
 * ```
 */
export function localized(where: { readonly locale: string }, thing: Translatable | undefined, field: TranslatedField, original: string, written?: string): Html {
  const { text, lang } = localizedChoice(where, thing, field, original, written)
  return lang === undefined ? html`${text}` : html`<span lang="${lang}">${text}</span>`
}

/**
 * Which text localized() shows, and the language to mark it with when that is not the page's: for
 * places that wrap it themselves (views/rich-text.ts).
 */
export function localizedChoice(where: { readonly locale: string }, thing: Translatable | undefined, field: TranslatedField, original: string, written?: string): { text: string; lang?: string } {
  const translated = translationOf(where.locale, thing, field, written)
  if (translated !== undefined) return { text: translated }
  const language = writtenIn(thing, written)
  return sameLanguage(where.locale, language) || original === '' ? { text: original } : { text: original, lang: language }
}

/**
 * The same text as plain text, for places that cannot hold markup (a page title, an `<option>`, an
 * attribute): the translation, or the original unmarked.
 */
export function localizedText(where: { readonly locale: string }, thing: Translatable | undefined, field: TranslatedField, original: string, written?: string): string {
  return translationOf(where.locale, thing, field, written) ?? original
}

/**
 * The language to mark an element holding localizedText with (`lang="…"`) when the text is shown in
 * a language other than the page's; undefined when it is in the page's.
 */
export function fallbackLanguage(where: { readonly locale: string }, thing: Translatable | undefined, field: TranslatedField, original: string, written?: string): string | undefined {
  return localizedChoice(where, thing, field, original, written).lang
}

/** ` lang="…"` for an element, or nothing when the language is undefined (fallbackLanguage). */
export function langAttribute(language: string | undefined): Html {
  return html`${language !== undefined && html` lang="${language}"`}`
}

/** The label of a level of the scale in the reader's language (empty for a level not on the scale). */
export function levelLabel(where: { readonly locale: string }, scale: Scale, level: number): Html {
  const entry = scaleLevel(scale, level)
  return entry === undefined ? html`` : localized(where, entry, 'label', entry.label, scale.language)
}

/** The same label as plain text. */
export function levelLabelText(where: { readonly locale: string }, scale: Scale, level: number): string {
  const entry = scaleLevel(scale, level)
  return entry === undefined ? '' : localizedText(where, entry, 'label', entry.label, scale.language)
}

function translationOf(locale: string, thing: Translatable | undefined, field: TranslatedField, written: string | undefined): string | undefined {
  if (sameLanguage(locale, writtenIn(thing, written))) return undefined
  const text = thing?.translations?.[locale]?.[field]
  return text === undefined || text.trim() === '' ? undefined : text
}
