import { IMPORT_ERROR_MESSAGES, type ImportError, type ImportErrorParams } from './staff-import.js'

/** The fields of a programme that a catalogue import checks one by one. */
export type ProgrammeField = 'code' | 'title' | 'provider' | 'mode' | 'hours' | 'languages' | 'url' | 'description'

/** What each kind of catalogue import error says, by code; the CSV reading errors are those of the staff import. */
export interface CatalogueImportErrorParams extends Pick<ImportErrorParams, 'quoteAfterClosing' | 'quoteInCell' | 'quoteNotClosed' | 'unreadable'> {
  emptyFile: { columns: string }
  columnsMissing: { missing: string; columns: string }
  publishedYesNo: Record<string, never>
  differsFromFirstRow: { programme: string; row: number }
  codeTwice: { programme: string }
  codeInvalid: Record<string, never>
  titleInvalid: Record<string, never>
  providerInvalid: Record<string, never>
  modeInvalid: Record<string, never>
  hoursInvalid: Record<string, never>
  languagesInvalid: Record<string, never>
  urlInvalid: Record<string, never>
  descriptionInvalid: Record<string, never>
  competencyUnknown: { competency: string }
  linkedTwice: { competency: string }
  fromLevelOffScale: { competency: string; level: number; max: number }
  toLevelOffScale: { competency: string; level: number; max: number }
  toNotAboveFrom: { competency: string; from: number; to: number }
  publishedWithoutLinks: { programme: string }
  jsonInvalid: { reason: string }
  /** A message of the JSON Schema check (ajv), which stays in English. */
  schema: { message: string }
}
export type CatalogueImportErrorCode = keyof CatalogueImportErrorParams
export type CatalogueImportErrorDetail = { [C in CatalogueImportErrorCode]: { readonly code: C; readonly params: CatalogueImportErrorParams[C] } }[CatalogueImportErrorCode]
export type CatalogueImportErrorMessages = { readonly [C in CatalogueImportErrorCode]: (params: CatalogueImportErrorParams[C]) => string }

/** One reason a catalogue is refused: where (a CSV row, or a programme's place in JSON), the English for the API, and the code for pages. */
export interface CatalogueImportError {
  readonly row: number
  /** A CSV column ('code', 'from_level', ...), a JSON pointer, or '*' for the whole row or file. */
  readonly column: string
  readonly message: string
  readonly detail: CatalogueImportErrorDetail
}

/** The English of each catalogue import error: the API's `message`, and the English page's. */
export const CATALOGUE_IMPORT_ERROR_MESSAGES: CatalogueImportErrorMessages = {
  quoteAfterClosing: IMPORT_ERROR_MESSAGES.quoteAfterClosing,
  quoteInCell: IMPORT_ERROR_MESSAGES.quoteInCell,
  quoteNotClosed: IMPORT_ERROR_MESSAGES.quoteNotClosed,
  unreadable: IMPORT_ERROR_MESSAGES.unreadable,
  emptyFile: ({ columns }) => `the file is empty: start with a header row (${columns})`,
  columnsMissing: ({ missing, columns }) => `missing column(s): ${missing} (the columns are ${columns})`,
  publishedYesNo: () => 'write yes or no',
  differsFromFirstRow: ({ programme, row }) => `differs from the first row of ${programme} (row ${row})`,
  codeTwice: ({ programme }) => `the code ${programme} appears twice`,
  codeInvalid: () => 'expected 2 to 40 letters, digits, dots, dashes or underscores',
  titleInvalid: () => 'expected a title of 1 to 300 characters',
  providerInvalid: () => 'expected a provider of 1 to 200 characters',
  modeInvalid: () => 'expected online, blended or face_to_face',
  hoursInvalid: () => 'expected a number of hours above 0 (at most 10,000)',
  languagesInvalid: () => 'expected one to ten language codes such as en fr zh',
  urlInvalid: () => 'expected a web address starting with https:// or http://, or nothing',
  descriptionInvalid: () => 'expected at most 5,000 characters',
  competencyUnknown: ({ competency }) => `there is no competency "${competency}" in the framework`,
  linkedTwice: ({ competency }) => `${competency} is linked twice: keep one link per competency`,
  fromLevelOffScale: ({ competency, level, max }) => `${competency}: "from" level ${level} is not on the scale (0 to ${max})`,
  toLevelOffScale: ({ competency, level, max }) => `${competency}: "to" level ${level} is not on the scale (1 to ${max})`,
  toNotAboveFrom: ({ competency, from, to }) => `${competency}: "to" level ${to} must be above "from" level ${from}`,
  publishedWithoutLinks: ({ programme }) => `${programme} is published but develops no competency`,
  jsonInvalid: ({ reason }) => `not valid JSON: ${reason}`,
  schema: ({ message }) => message,
}

/** A catalogue import error with its English message and its code and parameters. */
export function catalogueImportError<C extends CatalogueImportErrorCode>(row: number, column: string, code: C, params: CatalogueImportErrorParams[C]): CatalogueImportError {
  const message = (CATALOGUE_IMPORT_ERROR_MESSAGES[code] as (params: CatalogueImportErrorParams[C]) => string)(params)
  return { row, column, message, detail: { code, params } as CatalogueImportErrorDetail }
}

/** An error of reading the CSV (shared with the staff import) as a catalogue import error, its code kept. */
export function fromCsvReading(error: ImportError): CatalogueImportError {
  const detail = error.detail
  if (detail !== undefined && (detail.code === 'quoteAfterClosing' || detail.code === 'quoteInCell' || detail.code === 'quoteNotClosed' || detail.code === 'unreadable')) {
    return { row: error.row, column: error.column, message: error.message, detail }
  }
  return catalogueImportError(error.row, error.column, 'unreadable', { reason: error.message })
}
