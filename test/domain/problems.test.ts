import t from 'tap'
import { PROBLEM_MESSAGES, problem, sayProblem, type MissingThing, type ProblemCode, type ProblemParams, type ProblemReason } from '../../server/domain/problems.js'
import { CATALOGUES, LOCALES } from '../../views/messages/index.js'

/** One sample per reason: typed against ProblemParams, so a new reason without a sample fails the type check. */
const SAMPLES: ProblemParams = {
  programmeCodeTaken: { code: 'IIOE-TPD-201' },
  programmeStale: {},
  programmePublishedNeedsLinks: { code: 'IIOE-TPD-201' },
  programmePublishedLastLink: { code: 'IIOE-TPD-201' },
  programmeWithoutLinks: { code: 'IIOE-TPD-201' },
  linkUnknown: { competencyId: 9 },
  linkTwice: { competency: 'PED.2' },
  linkFromOffScale: { competency: 'PED.2', level: -1, max: 3 },
  linkToOffScale: { competency: 'PED.2', level: 4, max: 3 },
  linkNotAbove: { competency: 'PED.2', from: 3, to: 2 },
  linksSeveral: { count: 2 },
  ownReviewer: {},
  emailOnStaffList: { email: 'a@demo.test' },
  emailInOtherInstitution: { email: 'a@demo.test' },
  ownAccount: {},
  roleNotGrantable: { role: 'admin', roles: 'lecturer, designer' },
  departmentNameInvalid: {},
  departmentExists: { name: 'Physics' },
  departmentHasPeople: { name: 'Physics', count: 2 },
  institutionExists: { name: 'Demo University' },
  emailHasAccount: { email: 'a@demo.test' },
  programmeInLog: { activity: 12 },
  newerSelfRating: {},
  activityTitleOrProgramme: {},
  activityTitleRequired: {},
  activityStaysCompleted: {},
  activityNotBackToPlanned: {},
  activityDatesReversed: { completedAt: '2026-01-01', startedAt: '2026-02-01' },
  activityCompletionDateTooEarly: {},
  ratingsAggregatesOnly: { name: 'Ada' },
  ratingsNotShared: { name: 'Ada' },
  noReviewerToShare: {},
  reportNoReviewer: {},
  reportNotShared: { name: 'Ada' },
  sharingOff: {},
  notFound: { thing: 'programme', id: 7 },
  noFramework: {},
  linkNotFound: { code: 'IIOE-TPD-201', competencyId: 9 },
  reportNotFound: { view: 'heatmap' },
  rerateNeedsCompletion: {},
  levelOffScale: { level: 4, levels: [1, 2, 3] },
  validatedLevelMissing: {},
  targetLevelMissing: {},
  reviewCommentTooLong: { max: 2000 },
  activityStatusMissing: {},
  sharingChoiceMissing: {},
  staffFiltersInvalid: {},
  suppressionSettingsInvalid: {},
  ratingVisibilityInvalid: {},
  operatorOnlyByOperator: {},
  frameworkVersionConflict: { conflict: 'versionTaken', slug: 'iioe-hew', version: '1.0' },
  caseChangedSincePreview: { slug: 'iioe-hew' },
  uploadTooLarge: { limit: '12 MB' },
  evidenceEmpty: {},
  evidenceTypeRefused: { name: 'cv' },
  evidenceArchiveRefused: { name: 'report' },
  evidenceMacros: { name: 'budget' },
  evidenceQuotaFull: { limit: '200 MB' },
  evidenceFileUnknown: { id: 12 },
  evidenceTooManyFiles: { max: 20 },
  evidenceCited: { name: 'syllabus.pdf' },
  reviewsOff: {},
  reviewNothingChosen: {},
  reviewNotRated: { code: 'PED.2' },
  reviewAlreadyAsked: { codes: 'PED.2, PED.3' },
  reviewDecided: {},
  reviewCommentRequired: {},
  reviewMessageTooLong: { max: 2000 },
  reviewReminderDaysInvalid: {},
  completionNotConfirmable: {},
  credentialReasonTooLong: { max: 500 },
  credentialLevelOffScale: { code: 'T1.1', levels: '1, 2, 3' },
  emailDomainServedElsewhere: { domain: 'uni.edu.gh' },
  providerOwnInstitution: {},
  providerInstitutionMissing: {},
  passwordsNeedProvider: {},
  scimTokenLabelInvalid: { max: 100 },
  samlMetadataMissing: {},
  samlMetadataUnreachable: { url: 'https://idp.uni.ac.za/metadata', why: 'the address answered 404' },
  samlMetadataUnusable: { fault: 'severalIdps', detail: '3' },
  providerFieldOfOtherKind: { field: 'clientSecret', kind: 'saml' },
  uploadTooMany: {},
  uploadUnreadable: {},
  frameworkUseUnknown: { frameworkId: 99 },
  frameworkUseTwice: { frameworkId: 3 },
  frameworkUseTwoVersions: { slug: 'iioe-hew' },
  frameworkUsePrimaryMissing: { frameworkId: 1 },
  frameworkUsePurposeTooLong: { frameworkId: 3, max: 200 },
  frameworkUseTooMany: { max: 20 },
  frameworkUseAudienceUnknown: { frameworkId: 3, code: 'dean' },
  frameworkNotInUse: { frameworkId: 5 },
  frameworkUseInstitutionMissing: {},
  frameworkUseTextBroken: { frameworkId: 3 },
  frameworkNotForSubject: { frameworkId: 4 },
  assessmentNotOnPanel: {},
  assessmentResultsPrivate: {},
  assessmentUnitRequired: {},
  assessmentUnitNotAsked: {},
  assessmentLevelMissing: {},
  assessmentTextTooLong: { max: 4000 },
  resultsVisibilityInvalid: {},
  panelTooLarge: { max: 50 },
  roundCloseBeforeOpen: {},
  roundClosesInPast: {},
  roundNobodyInScope: {},
  roundNotOpen: {},
  timeZoneInvalid: { timeZone: 'Mars/Base' },
}

/** Every thing a not-found reason can name: a Record, so a new one fails the type check until it is here. */
const THINGS: Record<MissingThing, true> = {
  person: true,
  department: true,
  roleProfile: true,
  rating: true,
  selfRating: true,
  programme: true,
  framework: true,
  institution: true,
  activity: true,
  competency: true,
  domain: true,
  round: true,
  evidence: true,
  review: true,
  credential: true,
  identityProvider: true,
  scimToken: true,
  scimGroup: true,
}

const reasons: ProblemReason[] = (Object.keys(SAMPLES) as ProblemCode[]).map((code) => problem(code, SAMPLES[code]).reason)
const notFoundReasons: ProblemReason[] = (Object.keys(THINGS) as MissingThing[]).flatMap((thing) => [
  { code: 'notFound', params: { thing, id: 7 } },
  { code: 'notFound', params: { thing, id: 'x7' } },
  { code: 'notFound', params: { thing } },
])

t.test('every reason has a non-empty text in English, French and Chinese, and French and Chinese are not the English', async (t) => {
  t.equal(reasons.length, Object.keys(PROBLEM_MESSAGES).length, 'a sample for every reason')
  for (const reason of [...reasons, ...notFoundReasons]) {
    const [en, fr, zh] = LOCALES.map((locale) => sayProblem(CATALOGUES[locale].problems, reason))
    const said = `${reason.code} ${JSON.stringify(reason.params)}`
    for (const text of [en, fr, zh]) t.ok(text !== undefined && text.trim() !== '' && !text.includes('undefined'), `${said}: ${text}`)
    t.not(fr, en, `${said}: French is its own`)
    t.not(zh, en, `${said}: Chinese is its own`)
  }
})

t.test('the English of a reason is the error message the API keeps', async (t) => {
  t.same(problem('notFound', { thing: 'department', id: 7 }), { message: 'There is no department 7 in your institution', reason: { code: 'notFound', params: { thing: 'department', id: 7 } } })
  const english = (reason: ProblemReason): string => sayProblem(PROBLEM_MESSAGES, reason)
  t.equal(english({ code: 'notFound', params: { thing: 'programme', id: 'abc' } }), 'There is no programme "abc"')
  t.equal(english({ code: 'notFound', params: { thing: 'domain' } }), 'There is no such domain in your framework')
  t.equal(english({ code: 'notFound', params: { thing: 'person', id: 'y'.repeat(60) } }), `There is no staff member "${'y'.repeat(40)}" in your institution`, 'an address typed in is cut at 40 characters')
  t.equal(english({ code: 'notFound', params: { thing: 'competency', id: 999999 } }), 'There is no competency 999999 in your framework')
  t.equal(english({ code: 'levelOffScale', params: { level: 4, levels: [1, 2, 3] } }), 'Level 4 is not on the scale of this framework (1, 2, 3)')
  t.equal(english({ code: 'noFramework', params: {} }), 'Your institution has no framework')
})

t.test('French and Chinese name the missing thing in their own words', async (t) => {
  const { fr, zh } = CATALOGUES
  t.equal(sayProblem(fr.problems, { code: 'notFound', params: { thing: 'activity', id: 5 } }), 'Il n’y a pas d’activité 5 dans votre journal')
  t.equal(sayProblem(fr.problems, { code: 'notFound', params: { thing: 'programme', id: 'abc' } }), 'Il n’y a pas de formation « abc »')
  t.equal(sayProblem(fr.problems, { code: 'notFound', params: { thing: 'domain' } }), 'Il n’y a pas de tel domaine dans votre référentiel')
  t.equal(sayProblem(fr.problems, { code: 'notFound', params: { thing: 'competency' } }), 'Il n’y a pas de telle compétence dans votre référentiel')
  t.equal(sayProblem(zh.problems, { code: 'notFound', params: { thing: 'department', id: 7 } }), '您的院校中没有编号为 7 的部门')
  t.equal(sayProblem(zh.problems, { code: 'notFound', params: { thing: 'programme', id: 'abc' } }), '没有编号为“abc”的项目')
  t.equal(sayProblem(zh.problems, { code: 'frameworkVersionConflict', params: { conflict: 'versionTaken', slug: 'iioe-hew', version: '1.0' } }), 'iioe-hew 的 1.0 版已加载：新版本需要新的版本号。')
})

t.test('French writes the typographic apostrophe in every reason', async (t) => {
  const straight = [...reasons, ...notFoundReasons].map((reason) => sayProblem(CATALOGUES.fr.problems, reason)).filter((text) => /\p{L}'\p{L}/u.test(text))
  t.same(straight, [])
})
