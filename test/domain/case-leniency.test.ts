import t from 'tap'
import { createCaseImporter } from '../../server/domain/case-import.js'
import type { FrameworkFileNode } from '../../server/domain/framework-file.js'
import { CASE_DIR, openSaltPackageSchema, readJson } from '../helpers/case-schemas.js'

/**
 * The repairs OpenSALT makes to real packages are made here too, each named in a warning; what would
 * make the framework ambiguous (two different items under one identifier) is still refused.
 */

const importCasePackage = createCaseImporter(openSaltPackageSchema)
const sample = async () => readJson(new URL('packages/OpenSaltSampleFramework.json', CASE_DIR))
/** The kinds of warning the sample package gets as it is (counts aside), which every case below gets too. */
const kind = (warning: string) => warning.replace(/\d+/g, 'n').replace(/:.*$/, '')
const baseline = await (async () => {
  const result = importCasePackage(await sample(), 'sample.json')
  if (!result.ok) throw new Error('the sample package imports')
  return new Set(result.warnings.map(kind))
})()
const flat = (nodes: readonly FrameworkFileNode[]): FrameworkFileNode[] => nodes.flatMap((node) => [node, ...flat(node.children ?? [])])

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any

async function repaired(change: (pkg: Json) => void) {
  const pkg = await sample()
  change(pkg)
  const result = importCasePackage(pkg, 'repaired.json')
  if (!result.ok) throw new Error(JSON.stringify(result.errors))
  return { pkg, framework: result.framework, added: result.warnings.filter((warning) => !baseline.has(kind(warning))) }
}

t.test('each repair OpenSALT makes is made, and named in a warning', async (t) => {
  const missing = await repaired((pkg) => {
    delete pkg.CFItems[0].fullStatement
    pkg.CFItems[0].abbreviatedStatement = 'Short form'
  })
  t.same(missing.added, ['1 items without a fullStatement took their alternativeLabel, abbreviatedStatement or humanCodingScheme as one'])
  t.equal(flat(missing.framework.nodes).find((node) => node.identifier === missing.pkg.CFItems[0].identifier)?.title, 'Short form')

  const coded = await repaired((pkg) => {
    delete pkg.CFItems[1].fullStatement
    delete pkg.CFItems[1].abbreviatedStatement
    delete pkg.CFItems[1].alternativeLabel
  })
  t.equal(flat(coded.framework.nodes).find((node) => node.identifier === coded.pkg.CFItems[1].identifier)?.title, coded.pkg.CFItems[1].humanCodingScheme, 'else its humanCodingScheme')

  const relinked = await repaired((pkg) => {
    const end = pkg.CFAssociations[0].originNodeURI
    end.uri = end.identifier
  })
  t.same(relinked.added, ['1 association ends whose uri was their identifier took the uri of the item or document they name'])

  const retyped = await repaired((pkg) => {
    pkg.CFAssociations[1].associationType = 'RelatedTo'
    pkg.CFAssociations[2].associationType = 'childOf'
  })
  t.same(retyped.added, ['2 association types spelled otherwise (such as "RelatedTo") were read as CASE\'s'])

  const unused = await repaired((pkg) => {
    pkg.CFDefinitions.CFItemTypes.push({ identifier: '6e4f2a7c-1111-4111-8111-111111111111', uri: null, title: null, hierarchyCode: null, lastChangeDateTime: null })
  })
  t.same(unused.added.filter((warning) => !/null properties/.test(warning)), ['1 definitions nothing in the package uses, without all CASE requires of them, were left out'])

  const twice = await repaired((pkg) => {
    pkg.CFItems.push(structuredClone(pkg.CFItems[2]))
    pkg.CFAssociations.push(structuredClone(pkg.CFAssociations[3]))
  })
  t.same(twice.added, ['1 CFItems repeated identically under the same identifier were read once', '1 CFAssociations repeated identically under the same identifier were read once'])
  t.equal(flat(twice.framework.nodes).length, flat((await repaired(() => {})).framework.nodes).length, 'read once')

  const values = await repaired((pkg) => {
    pkg.CFItems[0].notes = ''
    pkg.CFDocument.officialSourceURL = ''
    pkg.CFItems[1].extensions = []
    pkg.CFItems[2].CFItemTypeURI = '*CLEAR*'
    pkg.CFItems[3].statusStartDate = '3/7/21'
    pkg.CFItems[4].statusEndDate = '12/31/2030'
    pkg.CFDefinitions.CFItemTypes[0].hierarchyCode = 1
  })
  t.same(values.added, [
    '3 empty properties (an empty text or list of extensions) were read as absent',
    '1 hierarchyCodes written as numbers were read as text',
    '2 dates written month/day/year were read as such',
    '1 links written as a word, not as a link (such as "*CLEAR*"), were left out',
  ])
  const third = flat(values.framework.nodes).find((node) => node.identifier === values.pkg.CFItems[3].identifier)
  t.equal(third?.case?.statusStartDate, '2021-03-07', 'an m/d/y date read as an ISO date')
})

t.test('what stays ambiguous is still refused, with where', async (t) => {
  const pkg = await sample()
  pkg.CFItems.push({ ...structuredClone(pkg.CFItems[2]), fullStatement: 'Another statement' })
  const result = importCasePackage(pkg, 'twice.json')
  t.match(result, { ok: false, errors: [{ file: 'twice.json', pointer: `/CFItems/${pkg.CFItems.length - 1}/identifier`, message: /is already used at \/CFItems\/2/ }] })
  const nameless = await sample()
  delete nameless.CFItems[0].fullStatement
  delete nameless.CFItems[0].humanCodingScheme
  delete nameless.CFItems[0].abbreviatedStatement
  delete nameless.CFItems[0].alternativeLabel
  t.match(importCasePackage(nameless, 'nameless.json'), { ok: false, errors: [{ pointer: '/CFItems/0', message: "must have required property 'fullStatement'" }] }, 'an item with nothing to name it')
  const unlinkable = await sample()
  unlinkable.CFAssociations[0].originNodeURI = { ...unlinkable.CFAssociations[0].originNodeURI, identifier: 'f0000000-0000-4000-8000-000000000000', uri: 'f0000000-0000-4000-8000-000000000000' }
  t.match(importCasePackage(unlinkable, 'unlinkable.json'), { ok: false, errors: [{ pointer: '/CFAssociations/0/originNodeURI/uri' }] }, 'an end naming nothing of the package keeps its bad uri, and is refused')
})
