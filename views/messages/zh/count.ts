/** The Chinese count helper the catalogue's areas share. */
import * as format from '../../format.js'

/** A count in Chinese digits grouping; Chinese has one plural form, so no word changes with it. */
export const n = (value: number) => format.formatNumber('zh', value, 0)
