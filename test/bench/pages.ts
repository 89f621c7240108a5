import { fetchCompressed, referencedAssets } from './http.js'

export interface PageSizes {
  readonly firstLoadBytes: number
  readonly firstLoadPage: string
  readonly maxFragmentBytes: number
  readonly maxFragment: string
  readonly detail: { readonly name: string; readonly bytes: number }[]
}

/**
 * Compressed sizes as a browser sees them (accept-encoding: br, gzip): each first page with the
 * stylesheets and scripts it references (what a first visit downloads), and the htmx fragments
 * (hx-request: true) of the lecturer's pages, among them the rating save.
 */
export async function measurePages(baseUrl: string, lecturerToken: string, competencyId: number): Promise<PageSizes> {
  const detail: { name: string; bytes: number }[] = []
  let firstLoad = { bytes: 0, page: '' }
  for (const page of ['/', '/framework', '/plan', '/self-assessment']) {
    const response = await expectOk(`GET ${page}`, fetchCompressed(`${baseUrl}${page}`, { token: lecturerToken }))
    let bytes = response.wireBytes
    for (const asset of referencedAssets(response.body)) {
      bytes += (await expectOk(`GET ${asset}`, fetchCompressed(`${baseUrl}${asset}`))).wireBytes
    }
    detail.push({ name: `GET ${page} + assets`, bytes })
    if (bytes > firstLoad.bytes) firstLoad = { bytes, page }
  }
  const fragments: [string, () => Promise<{ status: number; wireBytes: number; body: string }>][] = [
    [`POST /framework/${competencyId}/rating (tree)`, () => fetchCompressed(`${baseUrl}/framework/${competencyId}/rating`, { token: lecturerToken, htmx: true, form: { level: '2', evidence: 'Benchmark', returnTo: 'tree' } })],
    [`POST /framework/${competencyId}/rating (detail)`, () => fetchCompressed(`${baseUrl}/framework/${competencyId}/rating`, { token: lecturerToken, htmx: true, form: { level: '3', evidence: '', returnTo: 'detail' } })],
    [`POST /framework/${competencyId}/target`, () => fetchCompressed(`${baseUrl}/framework/${competencyId}/target`, { token: lecturerToken, htmx: true, form: { level: '3' } })],
  ]
  let largest = { bytes: 0, name: '' }
  for (const [name, send] of fragments) {
    const response = await expectOk(name, send())
    if (/<html/i.test(response.body)) throw new Error(`${name} answered a whole page, not a fragment`)
    detail.push({ name, bytes: response.wireBytes })
    if (response.wireBytes > largest.bytes) largest = { bytes: response.wireBytes, name }
  }
  return { firstLoadBytes: firstLoad.bytes, firstLoadPage: firstLoad.page, maxFragmentBytes: largest.bytes, maxFragment: largest.name, detail }
}

async function expectOk<T extends { status: number }>(what: string, pending: Promise<T>): Promise<T> {
  const response = await pending
  if (response.status !== 200) throw new Error(`${what} answered ${response.status}`)
  return response
}
