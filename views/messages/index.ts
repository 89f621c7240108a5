import { en, type Messages } from './en/index.js'
import { fr } from './fr/index.js'
import { zh } from './zh/index.js'

/** The languages of the UI, in the order the language switch shows them. */
export const LOCALES = ['en', 'fr', 'zh'] as const
export type Locale = (typeof LOCALES)[number]

/** Every catalogue by locale; `en` is the reference the others are typed against. */
export const CATALOGUES: Readonly<Record<Locale, Messages>> = { en, fr, zh }

/** Each language named in itself, for the language switch. */
export const LANGUAGE_NAMES: Readonly<Record<Locale, string>> = { en: 'English', fr: 'Français', zh: '中文' }

/**
 * True when the value names a language of the UI.
 *
 * ```ts
 * isLocale('fr') // true
 * isLocale('de') // false
 * ```
 */
export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value)
}
