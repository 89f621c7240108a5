import { request } from 'node:http'
import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import autocannon from 'autocannon'
import { summarise, type BenchResult } from './recommendations.js'

/** Signs in through `POST /api/v1/auth/token` and returns the bearer token. */
export async function signInToken(baseUrl: string, email: string, password: string): Promise<string> {
  const response = await fetch(`${baseUrl}/api/v1/auth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  })
  const body = (await response.json()) as { token?: string }
  if (response.status !== 200 || body.token === undefined) throw new Error(`sign-in of ${email} answered ${response.status}`)
  return body.token
}

/** Times `GET url` with a bearer token `runs` times in a row (after a second of warm-up); every answer must be 200. */
export async function timeGet(url: string, token: string, runs: number): Promise<BenchResult & { bytes: number }> {
  let bytes = 0
  const once = async () => {
    const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } })
    const body = await response.arrayBuffer()
    if (response.status !== 200) throw new Error(`GET ${url} answered ${response.status}: ${Buffer.from(body).toString().slice(0, 300)}`)
    bytes = body.byteLength
  }
  // Unmeasured first, for a second: until V8 has optimised the route, as the loads are warmed up.
  const warmUntil = performance.now() + 1000
  for (let warm = 0; warm < 2 || performance.now() < warmUntil; warm++) await once()
  const timings: number[] = []
  for (let run = 0; run < runs; run++) {
    const started = performance.now()
    await once()
    timings.push(performance.now() - started)
  }
  return { ...summarise(timings), bytes }
}

export interface LoadResult {
  readonly rps: number
  readonly requests: number
  readonly non2xx: number
  readonly errors: number
  readonly p99Ms: number
  /** How many answers of each status code. */
  readonly statusCodes: Record<string, number>
}

/** One save of a load: the request to send as the `i`th. */
export interface SaveRequest {
  readonly method: 'PUT' | 'POST'
  readonly path: string
  readonly headers: Record<string, string>
  readonly body: string
}

/**
 * Saves through autocannon over `connections` connections for `seconds`, the `i`th request built by
 * `build(i)`: each as the next of the tokens on the next competency, with evidence new each time, so
 * every save changes the rating and writes (a repeat writes nothing).
 */
export async function loadSaves(options: { baseUrl: string; connections: number; seconds: number; build: (i: number) => SaveRequest }): Promise<LoadResult> {
  let n = 0
  const result = await autocannon({
    url: options.baseUrl,
    connections: options.connections,
    duration: options.seconds,
    requests: [{ setupRequest: (req) => ({ ...req, ...options.build(n++) }) }],
  })
  const statusCodes = Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, stats]) => [code, (stats as { count: number }).count]))
  return { rps: result.requests.average, requests: result.requests.total, non2xx: result.non2xx, errors: result.errors, p99Ms: result.latency.p99, statusCodes }
}

/** The API's rating save: `PUT /api/v1/me/ratings/:id` with JSON (answered 200). */
export function ratingSave(options: { tokens: readonly string[]; competencyIds: readonly number[] }): (i: number) => SaveRequest {
  return (i) => ({
    method: 'PUT',
    path: `/api/v1/me/ratings/${options.competencyIds[i % options.competencyIds.length]!}`,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${options.tokens[i % options.tokens.length]!}` },
    body: JSON.stringify({ level: 1 + (i % 3), evidence: `Benchmark ${i}` }),
  })
}

/**
 * The guided self-assessment's "Save and next" without JavaScript: a form post (answered 303 to the
 * next screen), with the next screen the page gives it (`then`).
 */
export function guidedSave(options: { tokens: readonly string[]; competencyIds: readonly number[] }): (i: number) => SaveRequest {
  const { competencyIds } = options
  return (i) => ({
    method: 'POST',
    path: `/self-assessment/${competencyIds[i % competencyIds.length]!}`,
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Bearer ${options.tokens[i % options.tokens.length]!}` },
    body: new URLSearchParams({ level: String(1 + (i % 3)), evidence: `Benchmark ${i}`, then: String(competencyIds[(i + 1) % competencyIds.length]!) }).toString(),
  })
}

/** Rating saves through the API (see `ratingSave`). */
export function loadRatingSaves(options: { baseUrl: string; tokens: readonly string[]; competencyIds: readonly number[]; connections: number; seconds: number }): Promise<LoadResult> {
  return loadSaves({ ...options, build: ratingSave(options) })
}

/** A GET (or form POST) as a browser sends it, accepting br/gzip: the bytes on the wire and the decoded body. */
export function fetchCompressed(url: string, options: { token?: string; htmx?: boolean; form?: Record<string, string> } = {}): Promise<{ status: number; wireBytes: number; body: string; encoding: string }> {
  const form = options.form === undefined ? undefined : new URLSearchParams(options.form).toString()
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: form === undefined ? 'GET' : 'POST',
        headers: {
          'accept-encoding': 'br, gzip',
          accept: 'text/html',
          ...(options.token === undefined ? {} : { authorization: `Bearer ${options.token}` }),
          ...(options.htmx ? { 'hx-request': 'true' } : {}),
          ...(form === undefined ? {} : { 'content-type': 'application/x-www-form-urlencoded', 'content-length': String(Buffer.byteLength(form)) }),
        },
      },
      (response) => {
        const chunks: Buffer[] = []
        response.on('data', (chunk: Buffer) => chunks.push(chunk))
        response.on('end', () => {
          const raw = Buffer.concat(chunks)
          const encoding = String(response.headers['content-encoding'] ?? 'identity')
          const decoded = encoding === 'br' ? brotliDecompressSync(raw) : encoding === 'gzip' ? gunzipSync(raw) : raw
          resolve({ status: response.statusCode ?? 0, wireBytes: raw.byteLength, body: decoded.toString('utf8'), encoding })
        })
        response.on('error', reject)
      },
    )
    req.on('error', reject)
    req.end(form)
  })
}

/** The stylesheets and scripts a page references from our own origin. */
export function referencedAssets(html: string): string[] {
  const found = new Set<string>()
  for (const match of html.matchAll(/<(?:link[^>]*\bhref|script[^>]*\bsrc)="(\/[^"]+)"/g)) {
    const tag = match[0]
    if (tag.startsWith('<link') && !/rel="stylesheet"/.test(tag)) continue
    found.add(match[1]!)
  }
  return [...found]
}
