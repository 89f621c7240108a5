import t from 'tap'
import { CATALOGUES, LOCALES } from '../../views/messages/index.js'

/**
 * Every catalogue has the same shape as every other: the same keys at every depth, the same kind of
 * value (text, function or group) under each key, functions of the same arity, and no empty text.
 */
type Shape = Map<string, string>

/** Each leaf path with its kind ('string', 'function/2'); problems of the catalogue itself go to `empty`. */
function shapeOf(value: unknown, path = '', shape: Shape = new Map(), empty: string[] = []): { shape: Shape; empty: string[] } {
  if (typeof value === 'string') {
    shape.set(path, 'string')
    if (value.trim() === '') empty.push(path)
  } else if (typeof value === 'function') {
    shape.set(path, `function/${value.length}`)
  } else if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    shape.set(path || '(root)', 'group')
    for (const [key, child] of Object.entries(value)) shapeOf(child, path === '' ? key : `${path}.${key}`, shape, empty)
  } else {
    shape.set(path, typeof value)
  }
  return { shape, empty }
}

/** The differences of `other` from `reference`, as sentences naming the key. */
function shapeDifferences(referenceName: string, reference: Shape, otherName: string, other: Shape): string[] {
  const problems: string[] = []
  for (const [path, kind] of reference) {
    const found = other.get(path)
    if (found === undefined) problems.push(`${otherName} lacks ${path} (${referenceName} has it)`)
    else if (found !== kind) problems.push(`${path} is ${kind} in ${referenceName} but ${found} in ${otherName}`)
  }
  for (const path of other.keys()) if (!reference.has(path)) problems.push(`${referenceName} lacks ${path} (${otherName} has it)`)
  return problems
}

t.test('the comparison catches each kind of difference (so the real check can fail)', async (t) => {
  const reference = shapeOf({ a: 'A', b: { c: (x: number) => `${x}`, d: 'D' } })
  t.same(reference.empty, [])
  t.same(shapeDifferences('en', reference.shape, 'xx', shapeOf({ a: 'A', b: { c: (x: number) => `${x}`, d: 'D' } }).shape), [])
  t.same(shapeDifferences('en', reference.shape, 'xx', shapeOf({ a: 'A', b: { c: (x: number) => `${x}` } }).shape), ['xx lacks b.d (en has it)'])
  t.same(shapeDifferences('en', reference.shape, 'xx', shapeOf({ a: 'A', b: { c: (x: number) => `${x}`, d: 'D', e: 'E' } }).shape), ['en lacks b.e (xx has it)'])
  t.same(shapeDifferences('en', reference.shape, 'xx', shapeOf({ a: () => 'A', b: { c: (x: number) => `${x}`, d: 'D' } }).shape), ['a is string in en but function/0 in xx'])
  t.same(shapeDifferences('en', reference.shape, 'xx', shapeOf({ a: 'A', b: { c: (x: number, y: number) => `${x}${y}`, d: 'D' } }).shape), [
    'b.c is function/1 in en but function/2 in xx',
  ])
  t.same(shapeDifferences('en', reference.shape, 'xx', shapeOf({ a: 'A', b: 'B' }).shape), ['b is group in en but string in xx', 'xx lacks b.c (en has it)', 'xx lacks b.d (en has it)'])
  t.same(shapeOf({ a: ' ', b: { c: '' } }).empty, ['a', 'b.c'])
})

t.test('every catalogue has every key of every other, with the same kind and arity, and no empty text', async (t) => {
  t.same([...LOCALES], ['en', 'fr', 'zh'])
  const shapes = LOCALES.map((locale) => ({ locale, ...shapeOf(CATALOGUES[locale]) }))
  for (const { locale, empty } of shapes) t.same(empty, [], `${locale}: no empty text`)
  for (const a of shapes) {
    for (const b of shapes) {
      if (a.locale < b.locale) t.same(shapeDifferences(a.locale, a.shape, b.locale, b.shape), [], `${a.locale} and ${b.locale} have the same keys, kinds and arities`)
    }
  }
  t.ok(shapes[0]!.shape.size > 300, `the reference has ${shapes[0]!.shape.size} entries`)
})

t.test('every function of every catalogue returns non-empty text for sample arguments', async (t) => {
  for (const locale of LOCALES) {
    const problems: string[] = []
    const visit = (value: unknown, path: string): void => {
      // The refusals take one object of parameters each: test/domain/problems.test.ts calls them with typed samples.
      if (path === 'problems') return
      if (typeof value === 'function') {
        const args = Array.from({ length: Math.max(1, value.length) }, (_, index) => (path.startsWith('format') ? (path === 'formatDate' ? new Date(Date.UTC(2026, 10, 5)) : 2) : index === 0 ? 3 : 'x'))
        const out: unknown = value(...args)
        if (typeof out !== 'string' || out.trim() === '') problems.push(path)
      } else if (value !== null && typeof value === 'object') {
        for (const [key, child] of Object.entries(value)) visit(child, path === '' ? key : `${path}.${key}`)
      }
    }
    visit(CATALOGUES[locale], '')
    t.same(problems, [], `${locale}: every function gives text`)
  }
})

t.test('French and Chinese are translations, not copies, and follow their plural rules', async (t) => {
  const { en, fr, zh } = CATALOGUES
  t.equal(fr.nav.framework, 'Référentiel')
  t.equal(zh.nav.framework, '能力框架')
  // Every menu entry a role can see has a name of its own in every language (an admin sees both).
  for (const [name, catalogue] of Object.entries({ en, fr, zh })) {
    const menu = [catalogue.nav.home, catalogue.nav.framework, catalogue.nav.plan, catalogue.nav.programmes, catalogue.nav.activities, catalogue.nav.hr, catalogue.nav.staff, catalogue.nav.audit, catalogue.design.nav, catalogue.admin.frameworksTitle, catalogue.admin.institutionsTitle]
    t.equal(new Set(menu).size, menu.length, `${name}: no two menu entries read the same`)
  }
  t.equal(en.programmes.count(0), '0 programmes')
  t.equal(fr.programmes.count(0), '0 formation', 'French counts 0 as singular')
  t.equal(fr.programmes.count(1), '1 formation')
  t.equal(fr.programmes.count(2), '2 formations')
  t.equal(fr.programmes.count(1500), '1\u202f500 formations', 'French groups digits with a narrow no-break space')
  t.equal(zh.programmes.count(2), '2 个项目')
  t.equal(fr.plan.gapsInDomain(1), '1 écart')
  t.equal(fr.plan.gapsInDomain(3), '3 écarts')
  t.equal(fr.formatNumber(2.25), '2,3')
  t.equal(zh.formatPercent(0.4), '40%')
  t.equal(fr.formatDate(new Date(Date.UTC(2026, 10, 5, 12))), '5 nov. 2026')
  t.equal(zh.formatDate(new Date(Date.UTC(2026, 10, 5, 12))), '2026年11月5日')
})

t.test('French writes the typographic apostrophe everywhere, never the straight one', async (t) => {
  const straight: string[] = []
  const visit = (value: unknown, path: string): void => {
    if (path === 'problems') return
    const texts =
      typeof value === 'string'
        ? [value]
        : typeof value === 'function'
          ? [String(value(...Array.from({ length: Math.max(1, value.length) }, (_, index) => (path.startsWith('format') ? (path === 'formatDate' ? new Date(Date.UTC(2026, 10, 5)) : 2) : index === 0 ? 3 : 'x'))))]
          : []
    for (const text of texts) if (/\p{L}'\p{L}/u.test(text)) straight.push(`${path}: ${text}`)
    if (value !== null && typeof value === 'object') for (const [key, child] of Object.entries(value)) visit(child, path === '' ? key : `${path}.${key}`)
  }
  visit(CATALOGUES.fr, '')
  t.same(straight, [])
})
