import type { NodeKind } from './framework.js'

/**
 * What each problem our own code finds in a framework, a CASE package or a code map says, by code.
 * (Problems found by the JSON Schema check come from ajv, in English, and carry no code.)
 */
export interface FrameworkProblemParams {
  levelNumbering: { position: number; level: number }
  codeUsed: { code: string; first: string }
  levelOffScale: { level: string; levels: string }
  staffGroupUndefined: { group: string }
  identifierUsed: { identifier: string; first: string }
  neitherFormat: Record<string, never>
  brokenText: Record<string, never>
  wrongFrameworkId: { slug: string }
  notOldCode: { code: string }
  oldNotCompetency: { code: string; kind: NodeKind }
  notNewCode: { code: string }
  newNotCompetency: { code: string; kind: NodeKind; from: string }
  codeMapShape: Record<string, never>
  notJson: { reason: string }
  urlNotWeb: { url: string }
  exportTooHeavy: { megabytes: string; limit: string }
  associationEndUnknown: { code: string }
  caseUrlInvalid: { url: string }
  caseFetchUnreachable: { url: string }
  caseFetchFailed: { url: string; status: string }
  caseFetchTooLarge: { url: string; limit: string }
  caseFetchNotJson: { url: string }
  caseNotSubscribed: { slug: string }
  caseOtherDocument: { url: string; slug: string }
}
export type FrameworkProblemCode = keyof FrameworkProblemParams
export type FrameworkProblemDetail = { [C in FrameworkProblemCode]: { readonly code: C; readonly params: FrameworkProblemParams[C] } }[FrameworkProblemCode]
export type FrameworkProblemMessages = { readonly [C in FrameworkProblemCode]: (params: FrameworkProblemParams[C]) => string }

/** The English of each problem: the API's `message`, and the English page's. */
export const FRAMEWORK_PROBLEM_MESSAGES: FrameworkProblemMessages = {
  levelNumbering: ({ position, level }) => `level at position ${position} is numbered ${level}; levels must run 1, 2, 3... in order`,
  codeUsed: ({ code, first }) => `code "${code}" is already used at ${first}`,
  levelOffScale: ({ level, levels }) => `level ${level} is not on the scale (levels ${levels})`,
  staffGroupUndefined: ({ group }) => `staff group "${group}" is not defined in staffGroups`,
  identifierUsed: ({ identifier, first }) => `identifier "${identifier}" is already used at ${first}`,
  neitherFormat: () => 'is neither a CASE 1.0 package (no CFDocument) nor a framework file of ours (no nodes)',
  brokenText: () => 'is not well-formed text (it holds half of a UTF-16 surrogate pair)',
  wrongFrameworkId: ({ slug }) => `must be "${slug}", the framework this is a new version of`,
  notOldCode: ({ code }) => `"${code}" is not a code of the old version`,
  oldNotCompetency: ({ code, kind }) => `"${code}" is ${article(kind)} ${kind} of the old version; only competencies are rated and mapped`,
  notNewCode: ({ code }) => `"${code}" is not a code of the new version`,
  newNotCompetency: ({ code, kind, from }) => `"${code}" is ${article(kind)} ${kind} of the new version; map to a competency, or to null to retire "${from}"`,
  codeMapShape: () => 'must be an object of old code → new code (a string) or null',
  notJson: ({ reason }) => `This is not JSON: ${reason}`,
  urlNotWeb: ({ url }) => `"${url}" is not a web address: only http:// and https:// links are accepted`,
  caseUrlInvalid: ({ url }) => `"${url}" is not an address to fetch a CASE package from: give an https:// address (http:// only on this machine), such as https://case.example.org/ims/case/v1p1/CFPackages/<identifier>`,
  caseFetchUnreachable: ({ url }) => `${url} did not answer (the server could not be reached, or took longer than a minute); nothing was imported`,
  caseFetchFailed: ({ url, status }) => `${url} answered ${status}, not a CASE package; nothing was imported`,
  caseFetchTooLarge: ({ url, limit }) => `${url} sent more than ${limit} MB, more than an import takes; nothing was imported`,
  caseFetchNotJson: ({ url }) => `${url} sent something that is not JSON, so not a CASE package; nothing was imported`,
  caseNotSubscribed: ({ slug }) => `${slug} was not imported from a CASE server, so there is nothing to check: import it from its CFPackages address first`,
  caseOtherDocument: ({ url, slug }) => `${url} now serves another CASE document than ${slug}; nothing was loaded`,
  associationEndUnknown: ({ code }) => `"${code}" is not a code of this framework: an association's end is a node's code, or an identifier`,
  exportTooHeavy: ({ megabytes, limit }) => `this framework's export would weigh ${megabytes} MB, more than the ${limit} MB an import takes, so it could not be imported again: split it into smaller frameworks`,
}

/** A problem at a JSON pointer, with its English message and its code and parameters. */
/**
 * A link a page may show: an http:// or https:// URL. Anything else (javascript:, data:, file:) would
 * run or open something other than a web page when clicked.
 *
 * ```ts
 * isWebUrl('https://iioe.example/hew') // true
 * isWebUrl('javascript:alert(1)') // false
 * ```
 */
export function isWebUrl(value: string): boolean {
  return /^https?:\/\/[^\s/?#\\]+/i.test(value)
}

export function frameworkProblem<C extends FrameworkProblemCode>(pointer: string, code: C, params: FrameworkProblemParams[C]): { pointer: string; message: string; detail: FrameworkProblemDetail } {
  const message = (FRAMEWORK_PROBLEM_MESSAGES[code] as (params: FrameworkProblemParams[C]) => string)(params)
  return { pointer, message, detail: { code, params } as FrameworkProblemDetail }
}

function article(kind: NodeKind): string {
  return kind === 'indicator' ? 'an' : 'a'
}
