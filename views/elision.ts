/** The short French words that drop their vowel before one: 'de' -> 'd’', 'le' and 'la' -> 'l’', 'que' -> 'qu’'. */
export type ElidingWord = 'de' | 'De' | 'le' | 'Le' | 'la' | 'La' | 'que' | 'Que'

/** A vowel, accented or not, or an h, at the start of a text (not y: "de Yaoundé"). */
const ELIDING_START = /^[aeiouàâäéèêëîïôöùûüæœh]/iu

/**
 * Words in h that block elision (h aspiré), as their start: the few an institution, a department or a
 * framework title may begin with ('Haute école', 'Hongrie'). A person's name in h elides ('d’Hugo').
 */
const H_ASPIRE = /^h(?:aut|all|andicap|asard|éros|iérarchie|oll|ong|ors|uit)/iu

/**
 * A short French word before an inserted text, elided when that text begins with a vowel or a mute h:
 * 'de' + 'Amina' -> 'd’Amina', 'de' + 'Bruno' -> 'de Bruno', 'de' + 'Haute école' -> 'de Haute école'.
 *
 * ```ts
 * elided('de', 'Okafor') // 'd’Okafor'
 * elided('la', 'IIOE') // 'l’IIOE'
 * ```
 */
export function elided(word: ElidingWord, text: string): string {
  const elides = ELIDING_START.test(text) && !H_ASPIRE.test(text)
  return elides ? `${word.slice(0, -1)}’${text}` : `${word} ${text}`
}
