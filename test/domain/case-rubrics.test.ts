import path from 'node:path'
import t from 'tap'
import { exportCasePackage } from '../../server/domain/case-export.js'
import { createCaseImporter } from '../../server/domain/case-import.js'
import { createFrameworkChecker } from '../../server/domain/framework-file.js'
import { FRAMEWORK_DATA_DIR } from '../../server/services/data-files.js'
import { AT, casePackage, DOC, hasWarnings, outline, uuid } from '../helpers/case-packages.js'
import { openSaltPackageSchema, readJson } from '../helpers/case-schemas.js'

const check = createFrameworkChecker(await readJson(path.join(FRAMEWORK_DATA_DIR, 'schema/framework.schema.json')))
const importCasePackage = createCaseImporter(openSaltPackageSchema)
const OPTIONS = { baseUri: 'https://tracker.example/ims/case/v1p0/', lastChangeDateTime: '2024-05-01T12:00:00Z' }

t.test('rubrics per item: the scale is what the criteria share, each item keeps what is its own', async (t) => {
  const criterion = (item: number, levels: [number, string, string, string?][]) => ({
    identifier: uuid(4000 + item),
    uri: `https://case.example/c${item}`,
    lastChangeDateTime: AT,
    CFItemURI: { title: `Item ${item}`, identifier: uuid(item), uri: `https://case.example/uri/${uuid(item)}` },
    CFRubricCriterionLevels: levels.map(([score, quality, description, feedback]) => ({ identifier: uuid(5000 + item * 10 + score), uri: `https://case.example/l${item}-${score}`, score, quality, description, ...(feedback === undefined ? {} : { feedback }), lastChangeDateTime: AT })),
  })
  const generic: [number, string, string][] = [[1, 'Novice', 'Needs help'], [2, 'Competent', 'Works alone'], [3, 'Expert', 'Guides others']]
  const rubrics = {
    CFRubrics: [
      { identifier: uuid(3000), uri: 'https://case.example/r1', title: 'Mastery', lastChangeDateTime: AT, CFRubricCriteria: [criterion(2, generic), criterion(3, [generic[0]!, [2, 'Competent', 'Plans a lesson alone', 'Planner'], generic[2]!])] },
      { identifier: uuid(3001), uri: 'https://case.example/r2', lastChangeDateTime: AT, CFRubricCriteria: [criterion(4, [[1, 'Novice', 'Reads data with help'], [3, 'Expert', 'Teaches data literacy'], [7, 'Beyond', 'Off the scale']]), criterion(5, generic), { ...criterion(2, generic), identifier: uuid(4099) }, criterion(99, generic)] },
    ],
  }
  const result = importCasePackage(casePackage([{ n: 1, parent: 0, code: 'D' }, { n: 2, parent: 1 }, { n: 3, parent: 1 }, { n: 4, parent: 1 }, { n: 5, parent: 1 }], rubrics), 'per-item.json')
  t.ok(result.ok && check(result.framework, 'per-item.json').ok)
  if (!result.ok) return
  t.same(result.framework.scale, { title: 'Mastery', language: 'fr-ca', levels: [{ level: 1, label: 'Novice', description: 'Needs help' }, { level: 2, label: 'Competent', description: 'Works alone' }, { level: 3, label: 'Expert', description: 'Guides others' }] }, 'the levels and descriptions most criteria share, in the document language')
  const descriptors = Object.fromEntries((result.framework.nodes[0]?.children ?? []).map((node) => [node.title, node.levelDescriptors]))
  t.same(descriptors, {
    'Item 2': undefined,
    'Item 3': { 2: { label: 'Planner', description: 'Plans a lesson alone' } },
    'Item 4': { 1: { description: 'Reads data with help' }, 3: { description: 'Teaches data literacy' } },
    'Item 5': undefined,
  }, 'an item keeps only what differs from the scale; levels are matched by score')
  hasWarnings(t, result.warnings, [/^1 rubric criteria of an item that already has one were left out$/, /^1 rubric criteria of items not in this package were left out$/, /^1 rubric levels without a description or a matching scale level were left out$/])

  // Exported again: every criterion names its item, and the import reads the same scale and descriptors.
  const again = importCasePackage(JSON.parse(JSON.stringify(exportCasePackage({ ...result.framework, identifier: DOC }, OPTIONS))), 'again.json')
  t.ok(again.ok)
  if (again.ok) {
    t.same(again.framework.scale, result.framework.scale)
    t.same(outline(again.framework.nodes), outline(result.framework.nodes))
  }
})
