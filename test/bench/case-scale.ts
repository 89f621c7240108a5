import { randomUUID } from 'node:crypto'
import type { ServerProcess } from './process.js'

/** One package size's figures: import, export and the export imported again, each with the app's peak resident memory. */
export interface CaseScaleResult {
  readonly items: number
  readonly packageBytes: number
  readonly importMs: number
  readonly importPeakRssMb: number
  readonly exportMs: number
  readonly exportBytes: number
  readonly exportPeakRssMb: number
  /** The export sent back to the import: 200 (the same framework, unchanged) is the goal. */
  readonly reimportStatus: number
  readonly reimportMs: number
  readonly reimportPeakRssMb: number
}

const AT = '2026-01-01T00:00:00Z'
const INDICATORS = 4
const DOMAINS = 10

/**
 * A CASE 1.0 package of about `items` items as publishers write them: DOMAINS domains of competencies
 * with INDICATORS indicators each, statements of a sentence or two, one rubric criterion of three
 * levels per competency. Identifiers are random: each call is a new framework.
 */
export function syntheticCasePackage(items: number, title: string): unknown {
  const perDomain = Math.max(1, Math.round((items - DOMAINS) / DOMAINS / (1 + INDICATORS)))
  const doc = randomUUID()
  const uri = (collection: string, identifier: string) => `https://case.example/ims/case/v1p0/${collection}/${identifier}`
  const link = (identifier: string, text: string) => ({ title: text, identifier, uri: uri('CFItems', identifier) })
  const CFItems: object[] = []
  const CFAssociations: object[] = []
  const criteria: object[] = []
  const rubric = randomUUID()
  const add = (code: string, statement: string, type: string, parent: { identifier: string; title: string; uri: string }, position: number) => {
    const identifier = randomUUID()
    CFItems.push({ identifier, uri: uri('CFItems', identifier), humanCodingScheme: code, fullStatement: statement, CFItemType: type, lastChangeDateTime: AT })
    const association = randomUUID()
    CFAssociations.push({ identifier: association, uri: uri('CFAssociations', association), associationType: 'isChildOf', originNodeURI: link(identifier, code), destinationNodeURI: parent, sequenceNumber: position, lastChangeDateTime: AT })
    return { identifier, title: code, uri: uri('CFItems', identifier) }
  }
  const sentence = (code: string) => `${code}: plans, carries out and reviews teaching that uses digital tools to meet the needs of every learner in the course.`
  const documentLink = { title, identifier: doc, uri: uri('CFDocuments', doc) }
  for (let d = 1; d <= DOMAINS; d++) {
    const domain = add(`D${d}`, `Domain ${d} of the synthetic framework`, 'Domain', documentLink, d)
    for (let c = 1; c <= perDomain; c++) {
      const code = `D${d}.${c}`
      const competency = add(code, sentence(code), 'Competency', domain, c)
      for (let i = 1; i <= INDICATORS; i++) add(`${code}.${i}`, sentence(`${code}.${i}`), 'Indicator', competency, i)
      const criterion = randomUUID()
      criteria.push({
        identifier: criterion,
        uri: uri('CFRubricCriteria', criterion),
        CFItemURI: competency,
        position: criteria.length + 1,
        rubricId: rubric,
        lastChangeDateTime: AT,
        CFRubricCriterionLevels: [1, 2, 3].map((level) => {
          const identifier = randomUUID()
          return { identifier, uri: uri('CFRubricCriterionLevels', identifier), quality: `Level ${level}`, score: level, position: level, description: `At level ${level}, ${sentence(code)}`, rubricCriterionId: criterion, lastChangeDateTime: AT }
        }),
      })
    }
  }
  return {
    CFDocument: { identifier: doc, uri: documentLink.uri, creator: 'Bench', publisher: 'Bench', title, version: '1', language: 'en', adoptionStatus: 'Adopted', lastChangeDateTime: AT },
    CFItems,
    CFAssociations,
    CFRubrics: [{ identifier: rubric, uri: uri('CFRubrics', rubric), title: 'Levels', lastChangeDateTime: AT, CFRubricCriteria: criteria }],
  }
}

/**
 * Imports a package of each size through the API as an admin, exports it as CASE, and imports the
 * export again, sampling the app's resident memory every 50 ms during each step.
 */
export async function benchmarkCaseScale(app: ServerProcess, adminToken: string, sizes: readonly number[]): Promise<CaseScaleResult[]> {
  const results: CaseScaleResult[] = []
  const headers = { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' }
  const sampled = async <T>(step: () => Promise<T>): Promise<{ value: T; ms: number; peakRssMb: number }> => {
    let peak = app.rssMb()
    const sampler = setInterval(() => (peak = Math.max(peak, app.rssMb())), 50)
    const started = performance.now()
    try {
      const value = await step()
      return { value, ms: performance.now() - started, peakRssMb: Math.max(peak, app.rssMb()) }
    } finally {
      clearInterval(sampler)
    }
  }
  for (const items of sizes) {
    const body = JSON.stringify(syntheticCasePackage(items, `Bench framework of ${items} items`))
    const imported = await sampled(async () => {
      const response = await fetch(`${app.baseUrl}/api/v1/frameworks/import`, { method: 'POST', headers, body })
      const text = await response.text()
      if (response.status !== 201) throw new Error(`importing ${items} items answered ${response.status}: ${text.slice(0, 500)}`)
      return JSON.parse(text) as { id: number }
    })
    const exported = await sampled(async () => {
      const response = await fetch(`${app.baseUrl}/api/v1/frameworks/${imported.value.id}/case`, { headers })
      const text = await response.text()
      if (response.status !== 200) throw new Error(`exporting ${items} items answered ${response.status}: ${text.slice(0, 500)}`)
      return text
    })
    const reimported = await sampled(async () => {
      const response = await fetch(`${app.baseUrl}/api/v1/frameworks/import`, { method: 'POST', headers, body: exported.value })
      await response.arrayBuffer()
      return response.status
    })
    results.push({
      items: (JSON.parse(body) as { CFItems: unknown[] }).CFItems.length,
      packageBytes: Buffer.byteLength(body),
      importMs: imported.ms,
      importPeakRssMb: imported.peakRssMb,
      exportMs: exported.ms,
      exportBytes: Buffer.byteLength(exported.value),
      exportPeakRssMb: exported.peakRssMb,
      reimportStatus: reimported.value,
      reimportMs: reimported.ms,
      reimportPeakRssMb: reimported.peakRssMb,
    })
  }
  return results
}
