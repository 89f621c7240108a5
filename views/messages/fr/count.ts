/** The French count helper the catalogue’s areas share: a number and the word that agrees with it. */
import * as format from '../../format.js'

export const count = (n: number, one: string, other: string) => `${format.formatNumber('fr', n, 0)} ${format.plural('fr', n, { one, other })}`
