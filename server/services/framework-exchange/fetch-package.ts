/** Fetching a CASE package from a CASE server (a CFPackages/{id} URL), for import and re-sync. */
import { FRAMEWORK_EXCHANGE_BYTES } from '../../domain/case-export.js'
import { frameworkProblem, type FrameworkProblemParams } from '../../domain/framework-problems.js'
import { FrameworkRejected } from './refusals.js'

/** How long a CASE server may take to answer whole. */
const FETCH_TIMEOUT_MS = 60_000
const MAX_REDIRECTS = 3
const LOOPBACK = /^(localhost|127\.\d{1,3}\.\d{1,3}\.\d{1,3}|\[::1\])$/i

/**
 * The JSON at `url`, read as it arrives and refused past FRAMEWORK_EXCHANGE_BYTES (what an upload may
 * weigh). https:// only, but for loopback addresses (a CASE server on the same machine, and tests);
 * redirects are followed, at most three, each checked the same way. Every refusal is a
 * FrameworkRejected (422) that says what went wrong, with the address.
 */
export async function fetchCasePackage(url: string): Promise<unknown> {
  let address = checkedUrl(url, url)
  const signal = AbortSignal.timeout(FETCH_TIMEOUT_MS)
  for (let redirects = 0; ; redirects++) {
    let response: Response
    try {
      response = await fetch(address, { redirect: 'manual', signal, headers: { accept: 'application/json' } })
    } catch {
      throw refused(url, 'caseFetchUnreachable', { url })
    }
    const location = response.headers.get('location')
    if (response.status >= 300 && response.status < 400 && location !== null && redirects < MAX_REDIRECTS) {
      await response.body?.cancel()
      address = checkedUrl(url, new URL(location, address).toString())
      continue
    }
    if (response.status !== 200) {
      await response.body?.cancel()
      throw refused(url, 'caseFetchFailed', { url, status: String(response.status) })
    }
    const text = await readLimited(response, url)
    try {
      return JSON.parse(text) as unknown
    } catch {
      throw refused(url, 'caseFetchNotJson', { url })
    }
  }
}

/** The address as a URL we may fetch: http(s), and https unless on a loopback address. */
function checkedUrl(given: string, candidate: string): URL {
  let parsed: URL
  try {
    parsed = new URL(candidate)
  } catch {
    throw refused(given, 'caseUrlInvalid', { url: candidate.slice(0, 200) })
  }
  const secure = parsed.protocol === 'https:' || (parsed.protocol === 'http:' && LOOPBACK.test(parsed.hostname))
  if (!secure || parsed.username !== '' || parsed.password !== '') throw refused(given, 'caseUrlInvalid', { url: candidate.slice(0, 200) })
  return parsed
}

async function readLimited(response: Response, url: string): Promise<string> {
  const declared = Number(response.headers.get('content-length') ?? 0)
  const limit = FRAMEWORK_EXCHANGE_BYTES
  const megabytes = String(Math.round(limit / 1024 / 1024))
  if (declared > limit) {
    await response.body?.cancel()
    throw refused(url, 'caseFetchTooLarge', { url, limit: megabytes })
  }
  const decoder = new TextDecoder('utf-8', { fatal: false })
  let bytes = 0
  let text = ''
  try {
    for await (const chunk of response.body ?? []) {
      bytes += chunk.byteLength
      if (bytes > limit) {
        await response.body?.cancel().catch(() => {})
        throw refused(url, 'caseFetchTooLarge', { url, limit: megabytes })
      }
      text += decoder.decode(chunk, { stream: true })
    }
  } catch (error) {
    if (error instanceof FrameworkRejected) throw error
    throw refused(url, 'caseFetchUnreachable', { url })
  }
  return text + decoder.decode()
}

type FetchProblem = 'caseUrlInvalid' | 'caseFetchUnreachable' | 'caseFetchFailed' | 'caseFetchTooLarge' | 'caseFetchNotJson'

function refused<C extends FetchProblem>(url: string, code: C, params: FrameworkProblemParams[C]): FrameworkRejected {
  return new FrameworkRejected([{ file: url.slice(0, 200), ...frameworkProblem('', code, params) }])
}
