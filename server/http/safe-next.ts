/**
 * Where to go after signing in or choosing a language: a path on this site only, else the home page.
 * Only the characters a URL may carry as they are (RFC 3986: no space, control, backslash or non-ASCII
 * character, which a Location header cannot hold and browsers read loosely), and never `//` or `/\`
 * at the start, which browsers take for another origin.
 */
export function safeNext(value: unknown): string {
  return isSafeNext(value) ? value : '/'
}

/** The same rule for the sign-in form: '' when there is no safe destination, so the person lands on their own area. */
export function safeNextOrNone(value: unknown): string {
  return isSafeNext(value) ? value : ''
}

function isSafeNext(value: unknown): value is string {
  return typeof value === 'string' && value.length <= 500 && SAME_SITE_PATH.test(value)
}

const SAME_SITE_PATH = /^\/(?![/\\])[A-Za-z0-9\-._~!$&'()*+,;=:@%/?#]*$/
