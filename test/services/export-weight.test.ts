import path from 'node:path'
import t from 'tap'
import { exportCasePackage, exportWeight, FRAMEWORK_EXCHANGE_BYTES, LONGEST_PUBLIC_URL } from '../../server/domain/case-export.js'
import { withCaseIdentifiers } from '../../server/domain/case-identity.js'
import { createFrameworkChecker, type FrameworkFile } from '../../server/domain/framework-file.js'
import { FRAMEWORK_DATA_DIR } from '../../server/services/data-files.js'
import { FrameworkRejected, refuseTooHeavyToExchange } from '../../server/services/framework-exchange/refusals.js'
import { FRAMEWORK_BODY_LIMIT } from '../../server/http/body-limits.js'
import { readJson } from '../helpers/case-schemas.js'

const check = createFrameworkChecker(await readJson(path.join(FRAMEWORK_DATA_DIR, 'schema/framework.schema.json')))

t.test('a framework is weighed as its heavier export, with the longest uris PUBLIC_URL can make', async (t) => {
  t.equal(FRAMEWORK_BODY_LIMIT, FRAMEWORK_EXCHANGE_BYTES, 'an import takes what an export may weigh')
  for (const name of ['digcompedu.json', 'iioe-hew.json', 'iioe-qa.json', 'unesco-ict-cft-v3.json']) {
    const result = check(await readJson(path.join(FRAMEWORK_DATA_DIR, 'frameworks', name)), name)
    if (!result.ok) throw new Error(name)
    const file: FrameworkFile = result.value
    const weight = exportWeight(file)
    const longest = `https://${'x'.repeat(LONGEST_PUBLIC_URL - 8)}`
    for (const caseVersion of ['1.0', '1.1'] as const) {
      const written = JSON.stringify(exportCasePackage(file, { baseUri: `${longest}/ims/case/${caseVersion === '1.0' ? 'v1p0' : 'v1p1'}`, lastChangeDateTime: '2026-12-05T05:00:00Z', caseVersion }))
      t.ok(Buffer.byteLength(written) <= weight, `${name}: its CASE ${caseVersion} export (${Buffer.byteLength(written)} bytes) weighs no more than measured (${weight})`)
    }
    t.ok(Buffer.byteLength(JSON.stringify(withCaseIdentifiers(file))) <= weight, `${name}: so does our own format`)
    t.doesNotThrow(() => refuseTooHeavyToExchange(file, name, ''), `${name}: well under the limit`)
    // Under a limit just below its weight, the same framework is refused, saying by how much.
    const refused = (() => {
      try {
        refuseTooHeavyToExchange(file, name, '', weight - 1)
      } catch (error) {
        return error
      }
    })()
    t.ok(refused instanceof FrameworkRejected, `${name}: refused past the limit`)
    t.match((refused as FrameworkRejected).errors[0]?.message, /^this framework's export would weigh [\d.]+ MB, more than the [\d.]+ MB an import takes/)
  }
})
