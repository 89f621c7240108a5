import { stringify } from 'csv-stringify/sync'

/** A cell of an exported CSV: text, or a number (which a spreadsheet cannot read as a formula). */
export type CsvCell = string | number

/**
 * Writes rows as CSV for download, every text cell neutralised first (see `neutraliseCell`): the one
 * way the app writes a CSV, so no export can carry a live formula.
 *
 * ```ts
 * csvDocument([['department'], ['=HYPERLINK("http://evil.example")']]) // 'department\n"\'=HYPERLINK(""http://evil.example"")"\n'
 * ```
 */
export function csvDocument(rows: readonly (readonly CsvCell[])[], options: { readonly lineEnd?: 'unix' | 'windows' } = {}): string {
  return stringify(
    rows.map((row) => row.map(neutraliseCell)),
    { record_delimiter: options.lineEnd ?? 'unix' },
  )
}

/**
 * A text cell that a spreadsheet would run as a formula (it begins with =, +, -, @, a tab or a carriage
 * return) is given a leading apostrophe, which spreadsheets read as "this is text" (OWASP's advice
 * for CSV injection). The names in exports are typed by users (departments, programmes) or come from
 * imported frameworks, so none of them can be trusted.
 *
 * ```ts
 * neutraliseCell('@SUM(1,2)') // "'@SUM(1,2)"
 * neutraliseCell('Physics') // 'Physics'
 * ```
 */
export function neutraliseCell(value: CsvCell): CsvCell {
  return typeof value === 'string' && FORMULA_START.test(value) ? `'${value}` : value
}

const FORMULA_START = /^[=+\-@\t\r]/
