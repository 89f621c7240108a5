import { parse, type CsvError } from 'csv-parse/sync'
import { grantableRoles, isOperator, roleChangeRefusal, ROLES, type Role } from './roles.js'

/** A person already on the staff list of the institution that imports. */
export interface ExistingStaff {
  readonly id: number
  readonly email: string
  readonly name: string
  readonly department: string | null
  /** The role profile's code. */
  readonly roleProfile: string | null
  readonly role: Role
}

/** What an import is checked against, all of it for the one institution that imports. */
export interface ImportContext {
  readonly departments: readonly string[]
  /** A file may name a profile by its code or by its name, in any case. */
  readonly roleProfiles: readonly { readonly code: string; readonly name: string }[]
  /** Matched to rows by email, in any case. */
  readonly existing: readonly ExistingStaff[]
  /** Lower-cased emails of accounts in other institutions: an email belongs to one account in the whole system. */
  readonly emailsElsewhere: ReadonlySet<string>
  /** Who imports: what their role lets them give (domain/roles.ts), and which row is their own. */
  readonly importer: { readonly id: number; readonly role: Role }
  /**
   * Lower-cased emails of accounts of this institution that its staff list does not manage (platform
   * operators): a row naming one is refused rather than matched.
   */
  readonly emailsUnmanaged?: ReadonlySet<string> | undefined
  /** When true, a department nobody has created yet is to be created (see `ImportPlan.newDepartments`) rather than refused. */
  readonly createMissingDepartments: boolean
}

/** One reason a file is refused. `row` is the line of the file where the row starts, as an editor shows it (the header is row 1). */
export interface ImportError {
  readonly row: number
  /** A column of the file ('email', 'role_profile', ...), or '*' for the row as a whole. */
  readonly column: string
  /** The reason in English, as the API gives it. */
  readonly message: string
  /** The reason as a code and its parameters, for pages to say it in the reader's language. */
  readonly detail?: ImportErrorDetail | undefined
}

/** What each kind of import error says, by code. */
export interface ImportErrorParams {
  tooManyRows: { max: number; found: number }
  emptyFile: { columns: string }
  cellCount: { expected: number; found: number }
  emailRequired: Record<string, never>
  emailTooLong: { max: number }
  emailInvalid: { email: string }
  emailRepeated: { email: string; row: number }
  emailElsewhere: { email: string }
  emailUnmanaged: { email: string }
  nameRequired: Record<string, never>
  nameTooLong: { max: number }
  departmentTooLong: { max: number }
  departmentUnknown: { department: string }
  roleProfileUnknown: { profile: string; codes: string }
  roleProfileNone: { profile: string }
  roleUnknown: { role: string; roles: string }
  roleNotGrantable: { role: string; roles: string }
  roleOwn: { role: string }
  columnUnnamed: { index: number; columns: string }
  columnUnknown: { column: string; columns: string }
  columnTwice: { column: string }
  columnRequired: { column: string }
  quoteAfterClosing: Record<string, never>
  quoteInCell: Record<string, never>
  quoteNotClosed: Record<string, never>
  unreadable: { reason: string }
}
export type ImportErrorCode = keyof ImportErrorParams
export type ImportErrorDetail = { [C in ImportErrorCode]: { readonly code: C; readonly params: ImportErrorParams[C] } }[ImportErrorCode]
export type ImportErrorMessages = { readonly [C in ImportErrorCode]: (params: ImportErrorParams[C]) => string }

/** The English of each import error: the API's `message`, and the English page's. */
export const IMPORT_ERROR_MESSAGES: ImportErrorMessages = {
  tooManyRows: ({ max, found }) => `at most ${max} rows per import; this file has ${found}`,
  emptyFile: ({ columns }) => `the file is empty: its first row must name the columns (${columns})`,
  cellCount: ({ expected, found }) => `expected ${expected} cells, as in the header, but found ${found}`,
  emailRequired: () => 'an email address is required',
  emailTooLong: ({ max }) => `an email address has at most ${max} characters`,
  emailInvalid: ({ email }) => `"${email}" is not a valid email address`,
  emailRepeated: ({ email, row }) => `${email} is also on row ${row}`,
  emailElsewhere: ({ email }) => `${email} is already used by an account in another institution`,
  emailUnmanaged: ({ email }) => `${email} is a platform operator's account, which is not on a staff list`,
  nameRequired: () => 'a name is required',
  nameTooLong: ({ max }) => `a name has at most ${max} characters`,
  departmentTooLong: ({ max }) => `a department name has at most ${max} characters`,
  departmentUnknown: ({ department }) => `unknown department "${department}" (create it, or import with 'create missing departments')`,
  roleProfileUnknown: ({ profile, codes }) => `unknown role profile "${profile}" (the codes are ${codes})`,
  roleProfileNone: ({ profile }) => `unknown role profile "${profile}" (this institution has no role profiles; leave the cell empty)`,
  roleUnknown: ({ role, roles }) => `unknown role "${role}" (one of ${roles})`,
  roleNotGrantable: ({ role, roles }) => `you cannot give the role ${role} (the roles you can give are ${roles === '' ? 'none' : roles})`,
  roleOwn: ({ role }) => `you cannot change your own role (to ${role}); ask another HR colleague`,
  columnUnnamed: ({ index, columns }) => `column ${index} has no name (the columns are ${columns})`,
  columnUnknown: ({ column, columns }) => `unknown column "${column}" (the columns are ${columns})`,
  columnTwice: ({ column }) => `the column ${column} appears twice`,
  columnRequired: ({ column }) => `the column ${column} is required`,
  quoteAfterClosing: () => 'a quoted cell goes on after its closing quote (inside quotes, write a quote as "")',
  quoteInCell: () => 'a quote in the middle of a cell (put the whole cell in quotes and write the quote as "")',
  quoteNotClosed: () => 'a quoted cell is never closed, so the rest of the file cannot be read',
  unreadable: ({ reason }) => `the file cannot be read as CSV: ${reason}`,
}

/** An import error with its English message and its code and parameters. */
export function importError<C extends ImportErrorCode>(row: number, column: string, code: C, params: ImportErrorParams[C]): ImportError {
  const message = (IMPORT_ERROR_MESSAGES[code] as (params: ImportErrorParams[C]) => string)(params)
  return { row, column, message, detail: { code, params } as ImportErrorDetail }
}

/** What importing one row does. */
export interface PlannedRow {
  readonly row: number
  readonly action: 'create' | 'update' | 'unchanged'
  readonly email: string
  readonly name: string
  /** The department's name as the institution spells it. */
  readonly department: string | null
  /** The role profile's code. */
  readonly roleProfile: string | null
  readonly role: Role
  /** For an update, the fields that change: 'name', 'department', 'roleProfile', 'role'. */
  readonly changes: readonly string[]
}

/** The rows without errors, and every error of the others; the caller applies the plan only when `errors` is empty. */
export interface ImportPlan {
  readonly rows: readonly PlannedRow[]
  readonly errors: readonly ImportError[]
  /** Departments to create first, each once, spelled as on its first row. */
  readonly newDepartments: readonly string[]
  readonly created: number
  readonly updated: number
}

export const MAX_IMPORT_ROWS = 5000
export const STAFF_IMPORT_COLUMNS = ['email', 'name', 'department', 'role_profile', 'role'] as const
export type StaffImportColumn = (typeof STAFF_IMPORT_COLUMNS)[number]

const HEADER_NAMES = new Map<string, StaffImportColumn>([...STAFF_IMPORT_COLUMNS.map((column) => [column, column] as const), ['role profile', 'role_profile'], ['roleprofile', 'role_profile']])
const EMAIL = /^[^\s@",;<>]+@[^\s@",;<>.]+(?:\.[^\s@",;<>.]+)+$/
const LIMITS = { email: 254, name: 200, department: 200 }

/**
 * Plans an import of the staff list from the CSV file HR keeps: which people to create, which to
 * update and how, and every problem of every row (an import is all or nothing, so a person fixes the
 * whole file at once).
 *
 * The first row names the columns: email and name, and optionally department, role_profile and role.
 * An absent optional column leaves the field as it is on updates; an empty department or role_profile
 * cell means none, an empty role cell means lecturer for new people and no change for others.
 * Cells are kept as text: a name or department starting with =, +, - or @ is accepted as it is, so
 * whoever writes these values into a CSV or spreadsheet later must neutralise them there.
 *
 * ```ts
 * planStaffImport('email,name,role\nana@uni.edu,Ana Lima,hr\n', { departments: [], roleProfiles: [], existing: [], emailsElsewhere: new Set(), createMissingDepartments: false })
 * // { rows: [{ row: 2, action: 'create', email: 'ana@uni.edu', name: 'Ana Lima', department: null, roleProfile: null, role: 'hr', changes: [] }], errors: [], newDepartments: [], created: 1, updated: 0 }
 * ```
 */
export function planStaffImport(csvText: string, context: ImportContext): ImportPlan {
  const errors: ImportError[] = []
  const [header, ...data] = readRecords(csvText, errors).filter((record) => record.cells.some((cell) => cell.trim() !== ''))
  const refused = (refusals: ImportError[]): ImportPlan => ({ rows: [], errors: refusals, newDepartments: [], created: 0, updated: 0 })
  if (data.length > MAX_IMPORT_ROWS) return refused([importError(1, '*', 'tooManyRows', { max: MAX_IMPORT_ROWS, found: data.length })])
  if (header === undefined) return refused(errors.length > 0 ? errors : [importError(1, '*', 'emptyFile', { columns: STAFF_IMPORT_COLUMNS.join(', ') })])
  if (errors.some((error) => error.row < header.row)) return refused(errors)
  const columns = readColumns(header, errors)
  if (columns === undefined) return refused(errors)

  const existing = new Map(context.existing.map((person) => [person.email.toLowerCase(), person]))
  const departments = new Map<string, string>()
  for (const name of context.departments) if (!departments.has(name.toLowerCase())) departments.set(name.toLowerCase(), name)
  const profiles = new Map<string, string>(context.roleProfiles.map((profile) => [profile.code.toLowerCase(), profile.code]))
  for (const profile of context.roleProfiles) if (!profiles.has(profile.name.toLowerCase())) profiles.set(profile.name.toLowerCase(), profile.code)
  const firstRowOf = new Map<string, number>()
  const newDepartments = new Map<string, string>()
  const rows: PlannedRow[] = []

  for (const { row, cells } of data) {
    if (cells.length !== header.cells.length) {
      errors.push(importError(row, '*', 'cellCount', { expected: header.cells.length, found: cells.length }))
      continue
    }
    const cell = (column: StaffImportColumn) => {
      const index = columns.get(column)
      return index === undefined ? undefined : (cells[index] ?? '').trim()
    }
    const problems: ImportError[] = []
    const problem = <C extends ImportErrorCode>(column: StaffImportColumn, code: C, params: ImportErrorParams[C]) => problems.push(importError(row, column, code, params))

    const email = cell('email') ?? ''
    const emailKey = email.toLowerCase()
    const firstRow = firstRowOf.get(emailKey)
    if (email === '') problem('email', 'emailRequired', {})
    else if (length(email) > LIMITS.email) problem('email', 'emailTooLong', { max: LIMITS.email })
    else if (!EMAIL.test(email)) problem('email', 'emailInvalid', { email })
    else if (firstRow !== undefined) problem('email', 'emailRepeated', { email, row: firstRow })
    else {
      firstRowOf.set(emailKey, row)
      if (context.emailsElsewhere.has(emailKey)) problem('email', 'emailElsewhere', { email })
      else if (context.emailsUnmanaged?.has(emailKey)) problem('email', 'emailUnmanaged', { email })
    }

    const name = cell('name') ?? ''
    if (name === '') problem('name', 'nameRequired', {})
    else if (length(name) > LIMITS.name) problem('name', 'nameTooLong', { max: LIMITS.name })

    // undefined: the column is absent, so the field keeps its value (or is empty for a new person).
    const departmentText = cell('department')
    let department: string | null | undefined = departmentText === undefined ? undefined : null
    let isNewDepartment = false
    if (departmentText) {
      const key = departmentText.toLowerCase()
      department = departments.get(key) ?? newDepartments.get(key)
      if (length(departmentText) > LIMITS.department) problem('department', 'departmentTooLong', { max: LIMITS.department })
      else if (department !== undefined) isNewDepartment = !departments.has(key)
      else if (context.createMissingDepartments) [department, isNewDepartment] = [departmentText, true]
      else problem('department', 'departmentUnknown', { department: departmentText })
    }

    const profileText = cell('role_profile')
    let roleProfile: string | null | undefined = profileText === undefined ? undefined : null
    if (profileText) {
      roleProfile = profiles.get(profileText.toLowerCase())
      if (roleProfile === undefined) if (context.roleProfiles.length === 0) problem('role_profile', 'roleProfileNone', { profile: profileText })
      else problem('role_profile', 'roleProfileUnknown', { profile: profileText, codes: context.roleProfiles.map((profile) => profile.code).join(', ') })
    }

    const roleText = cell('role')
    const role = roleText ? ROLES.find((known) => known === roleText.toLowerCase()) : undefined
    const grantable = grantableRoles(context.importer.role)
    const person = existing.get(emailKey)
    if (roleText && role === undefined) problem('role', 'roleUnknown', { role: roleText, roles: grantable.join(', ') })
    // The same rule as the staff form and the API (domain/roles.ts); an empty cell keeps the role.
    const refusal = role === undefined ? undefined : roleChangeRefusal(context.importer, person, role)
    if (refusal === 'ownRole') problem('role', 'roleOwn', { role: role! })
    else if (refusal !== undefined) problem('role', 'roleNotGrantable', { role: role!, roles: grantable.join(', ') })

    if (problems.length > 0) {
      errors.push(...problems)
      continue
    }
    if (isNewDepartment && department) newDepartments.set(department.toLowerCase(), department)
    if (person === undefined) {
      rows.push({ row, action: 'create', email: emailKey, name, department: department ?? null, roleProfile: roleProfile ?? null, role: role ?? 'lecturer', changes: [] })
      continue
    }
    const next = { name, department: department === undefined ? person.department : department, roleProfile: roleProfile === undefined ? person.roleProfile : roleProfile, role: role ?? person.role }
    const changes = (['name', 'department', 'roleProfile', 'role'] as const).filter((field) => next[field] !== person[field])
    rows.push({ row, action: changes.length > 0 ? 'update' : 'unchanged', email: person.email, ...next, changes })
  }

  return {
    rows,
    errors: errors.sort((a, b) => a.row - b.row),
    newDepartments: [...newDepartments.values()],
    created: rows.filter((planned) => planned.action === 'create').length,
    updated: rows.filter((planned) => planned.action === 'update').length,
  }
}

export interface CsvRecord {
  /** The line the record starts on. */
  readonly row: number
  readonly cells: readonly string[]
}

/**
 * The records of a CSV text, each with the line it starts on, blank ones included; malformed quoting
 * becomes errors, and reading goes on where csv-parse can. Lines are counted here because csv-parse
 * counts \r\n inside a quoted cell as two.
 */
export function readRecords(csvText: string, errors: ImportError[]): CsvRecord[] {
  const bytes = Buffer.from(csvText, 'utf8')
  const lineEnds: number[] = [] // offsets just after each line break
  for (let index = 0; index < bytes.length; index++) {
    if (bytes[index] === 0x0a || (bytes[index] === 0x0d && bytes[index + 1] !== 0x0a)) lineEnds.push(index + 1)
  }
  const lineAt = (offset: number) => {
    let [low, high] = [0, lineEnds.length]
    while (low < high) {
      const middle = (low + high) >> 1
      if (lineEnds[middle]! <= offset) low = middle + 1
      else high = middle
    }
    return low + 1
  }
  const records: CsvRecord[] = []
  const onSkip = (error: CsvError | undefined) => {
    const row = typeof error?.['bytes'] === 'number' ? lineAt(error['bytes']) : 1 // bytes: where the record starts
    const problem = quoteProblem(row, error)
    if (!errors.some((known) => known.row === row && known.message === problem.message)) errors.push(problem)
  }
  // With skip_records_with_error, csv-parse reports every error to on_skip instead of throwing.
  parse(bytes, {
    bom: true,
    record_delimiter: ['\r\n', '\n', '\r'],
    relax_column_count: true,
    skip_records_with_error: true,
    on_skip: (error) => void onSkip(error),
    on_record: (cells: string[], info) => {
      const breaksInside = cells.reduce((sum, cell) => sum + (cell.match(/\r\n|\r|\n/g)?.length ?? 0), 0)
      records.push({ row: lineAt(info.bytes - 1) - breaksInside, cells })
      return null
    },
  })
  return records
}

function readColumns(header: CsvRecord, errors: ImportError[]): Map<StaffImportColumn, number> | undefined {
  const columns = new Map<StaffImportColumn, number>()
  header.cells.forEach((cell, index) => {
    const title = cell.trim()
    const column = HEADER_NAMES.get(title.toLowerCase())
    if (column === undefined) {
      const columnsAre = STAFF_IMPORT_COLUMNS.join(', ')
      errors.push(title === '' ? importError(header.row, title, 'columnUnnamed', { index: index + 1, columns: columnsAre }) : importError(header.row, title, 'columnUnknown', { column: title, columns: columnsAre }))
    } else if (columns.has(column)) errors.push(importError(header.row, title, 'columnTwice', { column }))
    else columns.set(column, index)
  })
  const missing = (['email', 'name'] as const).filter((column) => !columns.has(column))
  for (const column of missing) errors.push(importError(header.row, column, 'columnRequired', { column }))
  return missing.length === 0 ? columns : undefined
}

function quoteProblem(row: number, error: CsvError | undefined): ImportError {
  switch (error?.code) {
    case 'CSV_INVALID_CLOSING_QUOTE':
      return importError(row, '*', 'quoteAfterClosing', {})
    case 'INVALID_OPENING_QUOTE':
      return importError(row, '*', 'quoteInCell', {})
    case 'CSV_QUOTE_NOT_CLOSED':
      return importError(row, '*', 'quoteNotClosed', {})
    default:
      return importError(row, '*', 'unreadable', { reason: error?.message ?? 'unknown error' })
  }
}

/** Length in characters as a person (and PostgreSQL) counts them, not UTF-16 code units. */
function length(text: string): number {
  return [...text].length
}
