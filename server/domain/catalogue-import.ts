import type { CatalogueFileProgramme } from './catalogue-file.js'
import { linkErrors } from './programme-links.js'
import { readRecords, type ImportError } from './staff-import.js'

/** The columns of a catalogue CSV: one row per programme and competency it develops. */
export const CATALOGUE_CSV_COLUMNS = ['code', 'title', 'provider', 'mode', 'hours', 'languages', 'url', 'description', 'published', 'competency', 'from_level', 'to_level'] as const

/** The CSV row each link came from, to name it in errors. */
const linkRows = new WeakMap<object, number>()

export interface CatalogueImportPlan {
  /** The programmes of the file, whole, in file order. */
  readonly programmes: readonly CatalogueFileProgramme[]
  readonly created: number
  readonly updated: number
  readonly errors: readonly ImportError[]
}

export interface CatalogueImportContext {
  /** Codes of programmes already in the catalogue. */
  readonly existingCodes: ReadonlySet<string>
  /** Rateable competencies of the framework, code to id. */
  readonly competencies: ReadonlyMap<string, number>
  readonly maxLevel: number
  /** Checks the fields of one programme: a message per bad field. */
  readonly fieldErrors: (programme: CatalogueFileProgramme) => Record<string, string>
}

/**
 * Reads a catalogue CSV into programmes: rows of one code are one programme (its fields taken from
 * its first row, which later rows must not contradict), each row adding one competency link.
 */
export function readCatalogueCsv(csvText: string): { programmes: CatalogueFileProgramme[]; rows: Map<string, number>; errors: ImportError[] } {
  const errors: ImportError[] = []
  const records = readRecords(csvText, errors).filter((record) => record.cells.some((cell) => cell.trim() !== ''))
  const programmes: CatalogueFileProgramme[] = []
  const rows = new Map<string, number>()
  const header = records.shift()
  if (header === undefined) return { programmes, rows, errors: [...errors, { row: 1, column: '*', message: `the file is empty: start with a header row (${CATALOGUE_CSV_COLUMNS.join(',')})` }] }
  const columns = new Map(header.cells.map((cell, index) => [cell.trim().toLowerCase(), index]))
  const missing = CATALOGUE_CSV_COLUMNS.filter((column) => !columns.has(column) && !['url', 'description'].includes(column))
  if (missing.length > 0) return { programmes, rows, errors: [...errors, { row: header.row, column: '*', message: `missing column(s): ${missing.join(', ')} (the columns are ${CATALOGUE_CSV_COLUMNS.join(', ')})` }] }
  const byCode = new Map<string, CatalogueFileProgramme>()
  for (const record of records) {
    const cell = (column: (typeof CATALOGUE_CSV_COLUMNS)[number]) => (columns.has(column) ? (record.cells[columns.get(column)!] ?? '').trim() : '')
    const code = cell('code')
    const published = cell('published').toLowerCase()
    const fields: CatalogueFileProgramme = {
      code,
      title: cell('title'),
      provider: cell('provider'),
      mode: cell('mode') as CatalogueFileProgramme['mode'],
      hours: cell('hours') === '' ? Number.NaN : Number(cell('hours')),
      languages: cell('languages').split(/[\s,;]+/).filter(Boolean),
      ...(cell('url') === '' ? {} : { url: cell('url') }),
      description: cell('description'),
      published: ['1', 'yes', 'true'].includes(published),
      competencies: [],
    }
    if (!['', '0', '1', 'yes', 'no', 'true', 'false'].includes(published)) errors.push({ row: record.row, column: 'published', message: 'write yes or no' })
    let programme = byCode.get(code)
    if (programme === undefined) {
      programme = fields
      byCode.set(code, programme)
      programmes.push(programme)
      rows.set(code, record.row)
    } else {
      for (const key of ['title', 'provider', 'mode', 'hours', 'url', 'published'] as const) {
        const [first, again] = [JSON.stringify(programme[key] ?? ''), JSON.stringify(fields[key] ?? '')]
        if (first !== again && !(key === 'url' && again === '""')) errors.push({ row: record.row, column: key, message: `differs from the first row of ${code} (row ${rows.get(code)})` })
      }
    }
    const competency = cell('competency')
    if (competency !== '' || cell('from_level') !== '' || cell('to_level') !== '') {
      const level = (column: 'from_level' | 'to_level') => (/^\d{1,3}$/.test(cell(column)) ? Number(cell(column)) : Number.NaN)
      programme.competencies.push({ code: competency, fromLevel: level('from_level'), toLevel: level('to_level') })
      linkRows.set(programme.competencies.at(-1)!, record.row)
    }
  }
  return { programmes, rows, errors }
}

/**
 * Plans an import: every programme checked (fields, links against the framework, published ones
 * need a link, no code twice), what would be added or updated, and every error with where it is.
 * `where(index)` names a programme's place in the file (its first CSV row, or its index in JSON).
 */
export function planCatalogueImport(programmes: readonly CatalogueFileProgramme[], context: CatalogueImportContext, where: (programme: CatalogueFileProgramme, index: number) => number): CatalogueImportPlan {
  const errors: ImportError[] = []
  const seen = new Set<string>()
  programmes.forEach((programme, index) => {
    const row = where(programme, index)
    if (seen.has(programme.code)) errors.push({ row, column: 'code', message: `the code ${programme.code} appears twice` })
    seen.add(programme.code)
    for (const [column, message] of Object.entries(context.fieldErrors(programme))) errors.push({ row, column, message })
    const ids = programme.competencies.map((link) => context.competencies.get(link.code) ?? -1)
    const problems = linkErrors(
      programme.competencies.map((link, linkIndex) => ({ competencyId: ids[linkIndex]!, fromLevel: link.fromLevel, toLevel: link.toLevel })),
      { competencies: new Map([...context.competencies].map(([code, id]) => [id, code])), maxLevel: context.maxLevel },
    )
    for (const problem of problems) {
      const link = programme.competencies[problem.index]!
      const message = problem.field === 'competencyId' && ids[problem.index] === -1 ? `there is no competency "${link.code}" in the framework` : problem.message
      errors.push({ row: linkRows.get(link) ?? row, column: problem.field === 'competencyId' ? 'competency' : problem.field === 'fromLevel' ? 'from_level' : 'to_level', message })
    }
    if (programme.published && programme.competencies.length === 0) errors.push({ row, column: 'published', message: `${programme.code} is published but develops no competency` })
  })
  const created = programmes.filter((programme) => !context.existingCodes.has(programme.code)).length
  return { programmes, created, updated: programmes.length - created, errors: errors.sort((a, b) => a.row - b.row) }
}
