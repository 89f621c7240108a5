import t from 'tap'
import { chooseFrameworkUse, frameworkUseProblems, isInAudience, type FrameworkUse } from '../../server/domain/framework-use.js'

const use = (frameworkId: number, options: Partial<FrameworkUse> = {}): FrameworkUse => ({
  frameworkId,
  slug: `f${frameworkId}`,
  version: '1',
  title: `Framework ${frameworkId}`,
  translations: {},
  subject: 'person',
  purpose: '',
  audience: [],
  primary: false,
  ...options,
})

t.test('the framework a request is about', async (t) => {
  const uses = [use(1, { audience: ['leader'], primary: true }), use(2, { audience: ['teacher'] }), use(3), use(9, { subject: 'institution' })]
  t.equal(chooseFrameworkUse(uses, { subject: 'person', profileCode: 'teacher' })?.frameworkId, 2, 'the first meant for the reader')
  t.equal(chooseFrameworkUse(uses, { subject: 'person', profileCode: 'support' })?.frameworkId, 3, 'else the first meant for everyone')
  t.equal(chooseFrameworkUse([use(1, { audience: ['leader'] })], { subject: 'person', profileCode: 'support' })?.frameworkId, 1, 'else the first of the subject')
  t.equal(chooseFrameworkUse(uses, { subject: 'person', requested: 1, profileCode: 'teacher' })?.frameworkId, 1, 'the one asked for, whoever it is meant for')
  t.equal(chooseFrameworkUse(uses, { subject: 'person', requested: 9 }), undefined, 'not one of the subject')
  t.equal(chooseFrameworkUse(uses, { subject: 'person', requested: 4 }), undefined, 'not used')
  t.equal(chooseFrameworkUse(uses, { subject: 'institution' })?.frameworkId, 9)
  t.equal(chooseFrameworkUse(uses, { subject: 'unit' }), undefined)
  t.ok(isInAudience(use(1), undefined), 'an empty audience is everyone, even without a profile')
  t.notOk(isInAudience(use(1, { audience: ['teacher'] }), undefined))
})

t.test('the lists HR may set', async (t) => {
  const versions = new Map([
    [1, { id: 1, slug: 'iioe-hew', subject: 'person' as const }],
    [2, { id: 2, slug: 'iioe-hew', subject: 'person' as const }],
    [3, { id: 3, slug: 'unesco-ict-cft', subject: 'person' as const }],
  ])
  const context = { primaryId: 1, versions, profileCodes: new Set(['teacher', 'leader']) }
  const codes = (choices: Parameters<typeof frameworkUseProblems>[0]) => frameworkUseProblems(choices, context).map((problem) => problem.code)
  const choice = (frameworkId: number, purpose = '', audience: string[] = []) => ({ frameworkId, purpose, audience })
  t.same(codes([choice(1), choice(3, 'Teachers', ['teacher'])]), [])
  t.same(codes([choice(3)]), ['frameworkUsePrimaryMissing'])
  t.same(codes([choice(1), choice(2)]), ['frameworkUseTwoVersions'])
  t.same(codes([choice(1), choice(1)]), ['frameworkUseTwice'])
  t.same(codes([choice(1), choice(7)]), ['frameworkUseUnknown'])
  t.same(codes([choice(1, 'x'.repeat(201))]), ['frameworkUsePurposeTooLong'])
  t.same(codes([choice(1, 'x'.repeat(200))]), [], 'exactly the longest purpose')
  t.same(codes([choice(1, '', ['dean', 'teacher'])]), ['frameworkUseAudienceUnknown'])
  t.same(codes([choice(1, 'half \ud83d of a pair')]), ['frameworkUseTextBroken'])
  t.same(codes([choice(1, 'a whole pair \ud83d\ude00')]), [], 'a whole pair is text')
  t.same(codes(Array.from({ length: 21 }, (_, index) => choice(index === 0 ? 1 : 100 + index))).slice(0, 1), ['frameworkUseTooMany'])
})
