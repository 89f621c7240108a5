import { readFile } from 'node:fs/promises'
import path from 'node:path'
import t from 'tap'
import { formatDataFileErrors } from '../../server/domain/data-file.js'
import { createFrameworkChecker } from '../../server/domain/framework-file.js'
import { FRAMEWORK_DATA_DIR } from '../../server/services/data-files.js'

const schema = JSON.parse(await readFile(path.join(FRAMEWORK_DATA_DIR, 'schema/framework.schema.json'), 'utf8'))
const check = createFrameworkChecker(schema)
const readShipped = async (name: string) => JSON.parse(await readFile(path.join(FRAMEWORK_DATA_DIR, 'frameworks', name), 'utf8'))

t.test('the shipped frameworks are valid and shaped as the facts say', async (t) => {
  const iioe = check(await readShipped('iioe-hew.json'), 'iioe-hew.json')
  t.ok(iioe.ok, 'IIOE HEW is valid')
  if (!iioe.ok) return
  const f = iioe.value
  t.equal(f.status, 'provisional')
  t.same(
    f.scale.levels.map((level) => level.label),
    ['Building readiness', 'Applying and infusing', 'Achieving transformation'],
  )
  t.same(
    f.staffGroups?.map((group) => group.code),
    ['teacher', 'leader', 'support'],
  )
  t.ok(f.nodes.length >= 6, 'at least 6 domains')
  const competencies = f.nodes.flatMap((domain) => domain.children ?? [])
  t.ok(competencies.length >= 24, 'at least 24 competencies')
  t.ok(
    competencies.every((competency) => Object.keys(competency.levelDescriptors ?? {}).length === 3),
    'every competency describes the three stages',
  )
  t.ok(
    competencies.every((competency) => competency.translations?.['fr']?.title && competency.translations?.['zh']?.title),
    'French and Chinese titles',
  )

  const cft = check(await readShipped('unesco-ict-cft-v3.json'), 'unesco-ict-cft-v3.json')
  t.ok(cft.ok, 'ICT-CFT is valid')
  if (cft.ok) {
    t.equal(cft.value.nodes.length, 6, '6 aspects')
    const modules = cft.value.nodes.flatMap((aspect) => (aspect.children ?? []).flatMap((c) => Object.values(c.levelDescriptors ?? {}).map((d) => d.label)))
    t.equal(modules.length, 18, '18 modules')
    t.ok(modules.includes('Policy Understanding') && modules.includes('Teacher as Innovator'))
  }

  const dce = check(await readShipped('digcompedu.json'), 'digcompedu.json')
  t.ok(dce.ok, 'DigCompEdu is valid')
  if (dce.ok) {
    t.equal(dce.value.nodes.length, 6, '6 areas')
    t.equal(dce.value.nodes.flatMap((area) => area.children ?? []).length, 22, '22 competences')
    t.same(
      dce.value.scale.levels.map((level) => level.code),
      ['A1', 'A2', 'B1', 'B2', 'C1', 'C2'],
    )
  }
})

t.test('a bad file is refused with every error by file, JSON pointer and reason', async (t) => {
  const bad = await readShipped('iioe-hew.json')
  bad.status = 'draft'
  delete bad.nodes[0].children[0].source
  bad.nodes[1].children[0].kind = 'indicator'
  bad.scale.levels[0].level = 'one'
  bad.nodes[0].surprise = true
  const result = check(bad, 'bad.json')
  t.notOk(result.ok)
  if (result.ok) return
  const pointers = result.errors.map((error) => error.pointer)
  t.ok(pointers.includes('/status'), 'status')
  t.ok(pointers.includes('/nodes/0/children/0'), 'missing source')
  t.ok(pointers.includes('/nodes/1/children/0/kind'), 'wrong kind')
  t.ok(pointers.includes('/scale/levels/0/level'), 'level not a number')
  t.ok(pointers.includes('/nodes/0'), 'unknown property')
  t.ok(result.errors.every((error) => error.file === 'bad.json'))
  t.match(formatDataFileErrors(result.errors), /^bad\.json: \/status: must be equal to one of the allowed values: \["provisional","official"\]$/m)
  t.match(formatDataFileErrors(result.errors), /bad\.json: \/nodes\/0: must NOT have additional properties \("surprise"\)/)
})

t.test('a domain may hold domains (a component of sub-components), and only a domain holds children that are domains', async (t) => {
  const nested = await readShipped('iioe-hew.json')
  const [first, second] = nested.nodes
  nested.nodes = [{ ...first, children: [{ ...second, children: second.children }, ...first.children] }, ...nested.nodes.slice(2)]
  t.ok(check(nested, 'nested.json').ok, 'a domain inside a domain')
  const competencyHoldsDomain = await readShipped('iioe-hew.json')
  competencyHoldsDomain.nodes[0].children[0].children = [{ ...competencyHoldsDomain.nodes[1] }]
  const result = check(competencyHoldsDomain, 'bad.json')
  t.notOk(result.ok, 'a competency holds indicators only')
})

t.test('rules beyond the schema: unique codes, levels 1..n, descriptors on the scale, known staff groups', async (t) => {
  const bad = await readShipped('iioe-hew.json')
  bad.nodes[1].children[1].code = bad.nodes[0].children[0].code
  bad.nodes[0].children[0].levelDescriptors['5'] = { description: 'beyond the scale' }
  bad.nodes[0].children[1].appliesTo = ['students']
  bad.scale.levels.reverse() // numbered 3, 2, 1: out of order
  const result = check(bad, 'bad.json')
  t.notOk(result.ok)
  if (result.ok) return
  t.same(
    result.errors.map((error) => error.pointer).sort(),
    ['/nodes/0/children/0/levelDescriptors/5', '/nodes/0/children/1/appliesTo/0', '/nodes/1/children/1/code', '/scale/levels', '/scale/levels'].sort(),
  )
  t.match(result.errors.find((error) => error.pointer === '/nodes/1/children/1/code')?.message, /already used at \/nodes\/0\/children\/0/)
  t.match(result.errors.find((error) => error.pointer === '/nodes/0/children/1/appliesTo/0')?.message, 'staff group "students" is not defined')
})
