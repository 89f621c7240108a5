/**
 * A text's other languages, keyed by language code: each holds the translated fields of the thing
 * (a framework's title, a level's label, a programme's description...). English is the text itself.
 *
 * ```ts
 * const translations: Translations = { fr: { title: 'Pédagogie' }, zh: { title: '教学法' } }
 * ```
 */
export type Translations = Record<string, { title?: string; label?: string; description?: string; name?: string }>
