/** The vocabulary of the bad-input sweep's route specs: who calls, what a field accepts, the ids a spec may use, and a spec. */

/**
 * Who calls a route. `leaver` (lecturer@college.test) is used by POST /logout only: signing out ends
 * every session of that person (the token version moves on), which must not sign out the others.
 */
export type Who = 'anonymous' | 'lecturer' | 'hr' | 'designer' | 'admin' | 'leaver'

/** What a field accepts; decides which values must be refused. */
export type Field =
  | { t: 'int'; min: number; max: number; valid: number; required?: boolean; nullable?: boolean }
  | { t: 'num'; min: number; max: number; valid: number }
  | { t: 'text'; max: number; valid: string; required?: boolean }
  | { t: 'enum'; values: readonly string[]; valid: string; required?: boolean }
  | { t: 'bool'; valid: boolean }
  /** A string whose rules (email, URL, date, password...) the sweep does not restate: only JSON type and NUL count. */
  | { t: 'str'; valid: string; required?: boolean; few?: boolean; nullable?: boolean }
  /** A JSON array whose items the sweep does not restate: anything but an array is refused. */
  | { t: 'list'; valid: readonly unknown[]; required?: boolean }
  /** A JSON object whose content the sweep does not restate: anything but an object is refused. */
  | { t: 'object'; valid: Record<string, unknown>; required?: boolean }

export interface Ids {
  competency: number
  domain: number
  programme: number
  activity: number
  department: number
  staffMember: number
  lecturer: number
  selfRating: number
  invitation: string
  /** A draft programme the designer made for the sweep (its code is SWEEP-P1). */
  designerProgramme: number
  /** The demo institution and its framework version, and that version as our framework file. */
  institution: number
  framework: number
  frameworkFile: Record<string, unknown>
  /** An open assessment round of Demo University. */
  round: number
  /** Demo University's institution assessment (IIOE QA) and its first area. */
  qa: number
  qaArea: number
}

export interface Spec {
  as: Who
  params?: Record<string, (ids: Ids) => string>
  query?: Record<string, Field>
  body?: Record<string, Field>
  /** How the body travels: a page form, API JSON, or CSV text. */
  type?: 'form' | 'json' | 'csv'
  /** The route takes multipart forms too (a file sent with the form): a well-formed one is not refused. */
  multipart?: boolean
  /** The route takes bodies up to 2 MB (CSV imports): a 1 MB field is not refused for its size. */
  bigBody?: boolean
  /** Valid values that depend on the data (ids, a framework file), over the fields' own; undefined leaves a JSON field out. */
  valid?: (ids: Ids) => Record<string, unknown>
  /** The JSON body is an array of objects with these fields (the valid body: one such object). */
  items?: Record<string, Field>
  /** A CSV route: its valid file, the query of a real (not dry-run) import, and whether it takes JSON as well. */
  csv?: { valid: string; importQuery: Record<string, string>; alsoJson?: boolean }
  /** The route keeps unknown top-level JSON fields (a package format of others): an extra field is not refused. */
  loose?: boolean
  /** Tables a refused request (or a read) still writes by design: the sign-in throttle counts failed password checks, a report brings its kept sums up to date. */
  writes?: readonly string[]
}
