import type { Translations } from './translations.js'

/** The English texts of a programme that have translations. */
export interface ProgrammeTexts {
  readonly title: string
  readonly description: string
}

/**
 * The translations still true after an edit of a programme's English text: a field's translations go
 * when its English text changes (a French description of the old text would mislead), the others stay.
 * Undefined when nothing has to change.
 *
 * ```ts
 * translationsAfterEdit({ fr: { title: 'Titre', description: 'Texte' } }, { title: 'Title', description: 'Text' }, { description: 'New text' })
 * // { fr: { title: 'Titre' } }
 * ```
 */
export function translationsAfterEdit(translations: Translations, before: ProgrammeTexts, edit: Partial<ProgrammeTexts>): Translations | undefined {
  const changed = (['title', 'description'] as const).filter((field) => edit[field] !== undefined && edit[field] !== before[field])
  if (changed.length === 0) return undefined
  const kept: Translations = {}
  let dropped = false
  for (const [language, texts] of Object.entries(translations)) {
    const remaining = Object.fromEntries(Object.entries(texts).filter(([field]) => !(changed as string[]).includes(field)))
    if (Object.keys(remaining).length !== Object.keys(texts).length) dropped = true
    if (Object.keys(remaining).length > 0) kept[language] = remaining
  }
  return dropped ? kept : undefined
}
