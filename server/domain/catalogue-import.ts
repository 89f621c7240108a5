import type { CatalogueFileProgramme } from './catalogue-file.js'
import { catalogueImportError, fromCsvReading, type CatalogueImportError, type ProgrammeField } from './catalogue-import-errors.js'
import { linkErrors, type LinkError } from './programme-links.js'
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
  readonly errors: readonly CatalogueImportError[]
}

export interface CatalogueImportContext {
  /** Codes of programmes already in the catalogue. */
  readonly existingCodes: ReadonlySet<string>
  /** Rateable competencies of the framework, code to id. */
  readonly competencies: ReadonlyMap<string, number>
  readonly maxLevel: number
  /** Checks the fields of one programme: the fields that are not valid. */
  readonly invalidFields: (programme: CatalogueFileProgramme) => readonly ProgrammeField[]
}

/**
 * Reads a catalogue CSV into programmes: rows of one code are one programme (its fields taken from
 * its first row, which later rows must not contradict), each row adding one competency link.
 */
export function readCatalogueCsv(csvText: string): { programmes: CatalogueFileProgramme[]; rows: Map<string, number>; errors: CatalogueImportError[] } {
  const readingErrors: ImportError[] = []
  const records = readRecords(csvText, readingErrors).filter((record) => record.cells.some((cell) => cell.trim() !== ''))
  const errors = readingErrors.map(fromCsvReading)
  const programmes: CatalogueFileProgramme[] = []
  const rows = new Map<string, number>()
  const header = records.shift()
  if (header === undefined) return { programmes, rows, errors: [...errors, catalogueImportError(1, '*', 'emptyFile', { columns: CATALOGUE_CSV_COLUMNS.join(',') })] }
  const columns = new Map(header.cells.map((cell, index) => [cell.trim().toLowerCase(), index]))
  const missing = CATALOGUE_CSV_COLUMNS.filter((column) => !columns.has(column) && !['url', 'description'].includes(column))
  if (missing.length > 0) return { programmes, rows, errors: [...errors, catalogueImportError(header.row, '*', 'columnsMissing', { missing: missing.join(', '), columns: CATALOGUE_CSV_COLUMNS.join(', ') })] }
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
    if (!['', '0', '1', 'yes', 'no', 'true', 'false'].includes(published)) errors.push(catalogueImportError(record.row, 'published', 'publishedYesNo', {}))
    let programme = byCode.get(code)
    if (programme === undefined) {
      programme = fields
      byCode.set(code, programme)
      programmes.push(programme)
      rows.set(code, record.row)
    } else {
      for (const key of ['title', 'provider', 'mode', 'hours', 'url', 'published'] as const) {
        const [first, again] = [JSON.stringify(programme[key] ?? ''), JSON.stringify(fields[key] ?? '')]
        if (first !== again && !(key === 'url' && again === '""')) errors.push(catalogueImportError(record.row, key, 'differsFromFirstRow', { programme: code, row: rows.get(code)! }))
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
  const errors: CatalogueImportError[] = []
  const seen = new Set<string>()
  programmes.forEach((programme, index) => {
    const row = where(programme, index)
    if (seen.has(programme.code)) errors.push(catalogueImportError(row, 'code', 'codeTwice', { programme: programme.code }))
    seen.add(programme.code)
    for (const field of context.invalidFields(programme)) errors.push(catalogueImportError(row, field, `${field}Invalid`, {}))
    const ids = programme.competencies.map((link) => context.competencies.get(link.code) ?? -1)
    const problems = linkErrors(
      programme.competencies.map((link, linkIndex) => ({ competencyId: ids[linkIndex]!, fromLevel: link.fromLevel, toLevel: link.toLevel })),
      { competencies: new Map([...context.competencies].map(([code, id]) => [id, code])), maxLevel: context.maxLevel },
    )
    for (const problem of problems) {
      const link = programme.competencies[problem.index]!
      errors.push(linkError(linkRows.get(link) ?? row, problem, link, context.maxLevel))
    }
    if (programme.published && programme.competencies.length === 0) errors.push(catalogueImportError(row, 'published', 'publishedWithoutLinks', { programme: programme.code }))
  })
  const created = programmes.filter((programme) => !context.existingCodes.has(programme.code)).length
  return { programmes, created, updated: programmes.length - created, errors: errors.sort((a, b) => a.row - b.row) }
}

/** A link's problem in the words of a catalogue file: the competency by its code, the CSV column. */
function linkError(row: number, problem: LinkError, link: CatalogueFileProgramme['competencies'][number], max: number): CatalogueImportError {
  const competency = link.code
  switch (problem.kind) {
    case 'unknown':
      return catalogueImportError(row, 'competency', 'competencyUnknown', { competency })
    case 'twice':
      return catalogueImportError(row, 'competency', 'linkedTwice', { competency })
    case 'fromOffScale':
      return catalogueImportError(row, 'from_level', 'fromLevelOffScale', { competency, level: link.fromLevel, max })
    case 'toOffScale':
      return catalogueImportError(row, 'to_level', 'toLevelOffScale', { competency, level: link.toLevel, max })
    case 'notAbove':
      return catalogueImportError(row, 'to_level', 'toNotAboveFrom', { competency, from: link.fromLevel, to: link.toLevel })
  }
}
