import path from 'node:path'
import t from 'tap'
import { exportCasePackage } from '../../server/domain/case-export.js'
import { createCaseImporter } from '../../server/domain/case-import.js'
import { ratedChoiceOf, ruleOfChoice, type RateableRule } from '../../server/domain/case-rateable.js'
import { createFrameworkChecker, type FrameworkFileNode } from '../../server/domain/framework-file.js'
import { FRAMEWORK_DATA_DIR } from '../../server/services/data-files.js'
import { openSaltPackageSchema, packageProblems, readJson } from '../helpers/case-schemas.js'
import { casePackage, hasWarnings, outline } from '../helpers/case-packages.js'

const check = createFrameworkChecker(await readJson(path.join(FRAMEWORK_DATA_DIR, 'schema/framework.schema.json')))
const importCasePackage = createCaseImporter(openSaltPackageSchema)

/** Four levels deep, item types as a state standards package has them; one branch without a Standard. */
const DEEP = casePackage([
  { n: 1, parent: 0, code: 'C1', type: 'Cluster' },
  { n: 2, parent: 1, code: 'S1', type: 'Standard' },
  { n: 3, parent: 2, code: 'E1', type: 'Element' },
  { n: 4, parent: 3, code: 'D1', type: 'Detail' },
  { n: 5, parent: 2, code: 'E2', type: 'Element' },
  { n: 6, parent: 1, code: 'S2', type: 'Standard' },
  { n: 7, parent: 0, code: 'C2', type: 'Cluster' },
  { n: 8, parent: 7, code: 'E3', type: 'Element' },
  { n: 9, parent: 8, code: 'D2', type: 'Detail' },
  { n: 10, parent: 0, code: 'S3', type: 'standard ' },
])

/** The tree as code:kind, children in brackets. */
const shape = (nodes: readonly FrameworkFileNode[] | undefined): string =>
  (nodes ?? []).map((node) => `${node.code}:${node.kind[0]}${node.children?.length ? `[${shape(node.children)}]` : ''}`).join(' ')

const OPTIONS = { baseUri: 'https://tracker.example/ims/case/v1p0/', lastChangeDateTime: '2024-05-01T12:00:00Z' }

/** The node as a framework of ours has it: no publisher's item type, so our export types it by its kind. */
const withoutKeptTypes = (node: FrameworkFileNode): FrameworkFileNode => {
  const { CFItemType: _, ...kept } = node.case ?? {}
  return { ...node, case: kept, children: node.children?.map(withoutKeptTypes) } as FrameworkFileNode
}

function read(rule?: RateableRule) {
  const result = importCasePackage(DEEP, 'deep.json', { rateable: rule })
  if (!result.ok) throw new Error(JSON.stringify(result.errors))
  const checked = check(result.framework, 'deep.json')
  if (!checked.ok) throw new Error(JSON.stringify(checked.errors))
  return result
}

t.test('every item is kept at its depth; the rule decides only which are rated', async (t) => {
  const cases: [RateableRule | undefined, string][] = [
    [undefined, 'C1:d[S1:c[E1:i[D1:i] E2:i] S2:c] C2:d[E3:c[D2:i]] GEN:d[S3:c]'],
    [{ depth: 2 }, 'C1:d[S1:c[E1:i[D1:i] E2:i] S2:c] C2:d[E3:c[D2:i]] GEN:d[S3:c]'],
    [{ depth: 3 }, 'C1:d[S1:d[E1:c[D1:i] E2:c] S2:c] C2:d[E3:d[D2:c]] GEN:d[S3:c]'],
    [{ depth: 1 }, 'GEN:d[C1:c[S1:i[E1:i[D1:i] E2:i] S2:i] C2:c[E3:i[D2:i]] S3:c]'],
    [{ itemTypes: ['Element'] }, 'C1:d[S1:d[E1:c[D1:i] E2:c] S2:c] C2:d[E3:c[D2:i]] GEN:d[S3:c]'],
    [{ itemTypes: ['STANDARD'] }, 'C1:d[S1:c[E1:i[D1:i] E2:i] S2:c] C2:d[E3:d[D2:c]] GEN:d[S3:c]'],
    [{ itemTypes: ['Detail', 'Standard'] }, 'C1:d[S1:c[E1:i[D1:i] E2:i] S2:c] C2:d[E3:d[D2:c]] GEN:d[S3:c]'],
  ]
  for (const [rule, expected] of cases) t.equal(shape(read(rule).framework.nodes), expected, JSON.stringify(rule ?? 'default'))
  t.same(read({ depth: 3 }).rateable, { depth: 3 }, 'the rule used is returned')
  t.same(read().rateable, { depth: 2 })
})

t.test('a rule that picks nothing rates the leaves, and says so', async (t) => {
  const deep = read({ depth: 9 })
  t.equal(shape(deep.framework.nodes), 'C1:d[S1:d[E1:d[D1:c] E2:c] S2:c] C2:d[E3:d[D2:c]] GEN:d[S3:c]')
  hasWarnings(t, deep.warnings, [/^no item is at depth 9: the items without children are rated$/])
  hasWarnings(t, read({ itemTypes: ['Strand'] }).warnings, [/^no item is of type Strand: the items without children are rated$/])
  t.notOk(read({ depth: 3 }).warnings.some((warning) => warning.startsWith('no item')))
})

t.test('our export of a deep framework reads back as it was, with the rule it was read with', async (t) => {
  const parents = (pkg: { CFAssociations?: { associationType: string; identifier: string; originNodeURI: { identifier: string }; destinationNodeURI: { identifier: string } }[] }) =>
    new Map((pkg.CFAssociations ?? []).filter((a) => a.associationType === 'isChildOf').map((a) => [a.originNodeURI.identifier, `${a.destinationNodeURI.identifier} ${a.identifier}`]))
  const source = parents(DEEP)
  const cases: [RateableRule, number[]][] = [[{ depth: 3 }, [10]], [{ itemTypes: ['Element'] }, [10]], [{ depth: 1 }, [1, 7, 10]]]
  for (const [rule, inGeneral] of cases) {
    const first = read(rule)
    const exported = exportCasePackage(first.framework, OPTIONS)
    t.same(packageProblems(exported), [], `${JSON.stringify(rule)}: the export is valid CASE`)
    const again = importCasePackage(exported, 'again.json', { rateable: first.rateable })
    t.ok(again.ok)
    if (!again.ok) continue
    t.same(outline(again.framework.nodes), outline(first.framework.nodes), `${JSON.stringify(rule)}: the same tree, kinds and all (GEN, typed as our domain, stays one)`)
    // Every item keeps its parent and the isChildOf's identifier, but the top-level ones GEN holds.
    const written = parents(exported)
    const moved = [...source.keys()].filter((item) => written.get(item) !== source.get(item))
    t.same(moved, inGeneral.map((n) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`), `${JSON.stringify(rule)}: only the top-level items rated themselves have another parent`)
  }
})

t.test('an item our export typed is what its type says, whatever the rule', async (t) => {
  const first = read({ depth: 3 })
  const exported = exportCasePackage({ ...first.framework, nodes: first.framework.nodes.map(withoutKeptTypes) }, OPTIONS)
  for (const rule of [{ depth: 1 }, { depth: 5 }, { itemTypes: ['Standard'] }] as RateableRule[]) {
    const again = importCasePackage(exported, 'again.json', { rateable: rule })
    t.ok(again.ok && t.same(outline(again.framework.nodes), outline(first.framework.nodes), JSON.stringify(rule)))
  }
})

t.test("the admin's choice from a form: left to the package, a depth, or item types", async (t) => {
  t.same(ruleOfChoice(ratedChoiceOf({})), { ok: true, rule: undefined })
  t.same(ruleOfChoice(ratedChoiceOf({ rated: 'anything', depth: '3' })), { ok: true, rule: undefined })
  t.same(ruleOfChoice(ratedChoiceOf({ rated: 'depth', depth: ' 3 ' })), { ok: true, rule: { depth: 3 } })
  for (const depth of ['', '0', '21', '2.5', 'x', '-1', '1e1']) t.same(ruleOfChoice(ratedChoiceOf({ rated: 'depth', depth })), { ok: false, field: 'depth' }, `depth "${depth}"`)
  t.same(ruleOfChoice(ratedChoiceOf({ rated: 'types', itemTypes: ' Standard, Element ,,Standard' })), { ok: true, rule: { itemTypes: ['Standard', 'Element'] } })
  for (const itemTypes of ['', ' , ', Array.from({ length: 51 }, (_, n) => `T${n}`).join(','), 'x'.repeat(201)]) t.same(ruleOfChoice(ratedChoiceOf({ rated: 'types', itemTypes })), { ok: false, field: 'itemTypes' }, `types "${itemTypes.slice(0, 20)}"`)
})
