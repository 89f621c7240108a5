import type { MetadataFault } from './saml.js'
/**
 * Why a service refuses a request, by code: the reason a page says in the reader's language.
 * The English here is the error's `message`, the one the JSON API and the logs keep.
 */
export interface ProblemParams {
  programmeCodeTaken: { code: string }
  programmeStale: Record<string, never>
  programmePublishedNeedsLinks: { code: string }
  programmePublishedLastLink: { code: string }
  programmeWithoutLinks: { code: string }
  linkUnknown: { competencyId: number }
  linkTwice: { competency: string }
  linkFromOffScale: { competency: string; level: number; max: number }
  linkToOffScale: { competency: string; level: number; max: number }
  linkNotAbove: { competency: string; from: number; to: number }
  linksSeveral: { count: number }
  ownReviewer: Record<string, never>
  emailOnStaffList: { email: string }
  emailInOtherInstitution: { email: string }
  ownAccount: Record<string, never>
  roleNotGrantable: { role: string; roles: string }
  departmentNameInvalid: Record<string, never>
  departmentExists: { name: string }
  departmentHasPeople: { name: string; count: number }
  institutionExists: { name: string }
  emailHasAccount: { email: string }
  programmeInLog: { activity: number }
  newerSelfRating: Record<string, never>
  activityTitleOrProgramme: Record<string, never>
  activityTitleRequired: Record<string, never>
  activityStaysCompleted: Record<string, never>
  activityNotBackToPlanned: Record<string, never>
  activityDatesReversed: { completedAt: string; startedAt: string }
  activityCompletionDateTooEarly: Record<string, never>
  ratingsAggregatesOnly: { name: string }
  ratingsNotShared: { name: string }
  noReviewerToShare: Record<string, never>
  sharingOff: Record<string, never>
  reportNoReviewer: Record<string, never>
  reportNotShared: { name: string }
  notFound: { thing: MissingThing; id?: number | string }
  noFramework: Record<string, never>
  linkNotFound: { code: string; competencyId: number }
  reportNotFound: { view: string }
  rerateNeedsCompletion: Record<string, never>
  levelOffScale: { level: number; levels: readonly number[] }
  validatedLevelMissing: Record<string, never>
  targetLevelMissing: Record<string, never>
  reviewCommentTooLong: { max: number }
  activityStatusMissing: Record<string, never>
  sharingChoiceMissing: Record<string, never>
  staffFiltersInvalid: Record<string, never>
  suppressionSettingsInvalid: Record<string, never>
  ratingVisibilityInvalid: Record<string, never>
  timeZoneInvalid: { readonly timeZone: string }
  operatorOnlyByOperator: Record<string, never>
  frameworkVersionConflict: { conflict: FrameworkVersionConflict; slug: string; version: string }
  caseChangedSincePreview: { slug: string }
  uploadTooLarge: { limit: string }
  uploadTooMany: Record<string, never>
  uploadUnreadable: Record<string, never>
  evidenceEmpty: Record<string, never>
  evidenceTypeRefused: { name: string }
  evidenceArchiveRefused: { name: string }
  evidenceMacros: { name: string }
  evidenceQuotaFull: { limit: string }
  evidenceFileUnknown: { id: number }
  evidenceTooManyFiles: { max: number }
  evidenceCited: { name: string }
  reviewsOff: Record<string, never>
  reviewNothingChosen: Record<string, never>
  reviewNotRated: { code: string }
  reviewAlreadyAsked: { codes: string }
  reviewDecided: Record<string, never>
  reviewCommentRequired: Record<string, never>
  reviewMessageTooLong: { max: number }
  reviewReminderDaysInvalid: Record<string, never>
  completionNotConfirmable: Record<string, never>
  credentialReasonTooLong: { max: number }
  credentialLevelOffScale: { code: string; levels: string }
  emailDomainServedElsewhere: { domain: string }
  providerOwnInstitution: Record<string, never>
  providerInstitutionMissing: Record<string, never>
  passwordsNeedProvider: Record<string, never>
  scimTokenLabelInvalid: { max: number }
  samlMetadataMissing: Record<string, never>
  samlMetadataUnreachable: { url: string; why: string }
  samlMetadataUnusable: { fault: MetadataFault; detail: string }
  providerFieldOfOtherKind: { field: string; kind: string }
  frameworkUseUnknown: { frameworkId: number }
  frameworkUseTwice: { frameworkId: number }
  frameworkUseTwoVersions: { slug: string }
  frameworkUsePrimaryMissing: { frameworkId: number }
  frameworkUsePurposeTooLong: { frameworkId: number; max: number }
  frameworkUseTooMany: { max: number }
  frameworkUseAudienceUnknown: { frameworkId: number; code: string }
  frameworkNotInUse: { frameworkId: number }
  frameworkUseInstitutionMissing: Record<string, never>
  frameworkUseTextBroken: { frameworkId: number }
  frameworkNotForSubject: { frameworkId: number }
  assessmentNotOnPanel: Record<string, never>
  assessmentResultsPrivate: Record<string, never>
  assessmentUnitRequired: Record<string, never>
  assessmentUnitNotAsked: Record<string, never>
  assessmentLevelMissing: Record<string, never>
  assessmentTextTooLong: { max: number }
  resultsVisibilityInvalid: Record<string, never>
  panelTooLarge: { max: number }
  roundCloseBeforeOpen: Record<string, never>
  roundClosesInPast: Record<string, never>
  roundNobodyInScope: Record<string, never>
  roundNotOpen: Record<string, never>
}

/** What a request named that is not there (or not the caller's to see): each has a name in every language. */
export type MissingThing = 'person' | 'department' | 'roleProfile' | 'rating' | 'selfRating' | 'programme' | 'framework' | 'institution' | 'activity' | 'competency' | 'domain' | 'round' | 'evidence' | 'review' | 'credential' | 'identityProvider' | 'scimToken' | 'scimGroup'

/** Why a framework version cannot be loaded beside those already there. */
export type FrameworkVersionConflict = 'differentContent' | 'concurrent' | 'versionTaken'

export type ProblemCode = keyof ProblemParams
/** A refusal's code and what its sentence needs. */
export type ProblemReason = { [C in ProblemCode]: { readonly code: C; readonly params: ProblemParams[C] } }[ProblemCode]
export type ProblemMessages = { readonly [C in ProblemCode]: (params: ProblemParams[C]) => string }

/** The English of each refusal: the API's `message`, and the English page's. */
export const PROBLEM_MESSAGES: ProblemMessages = {
  programmeCodeTaken: ({ code }) => `The code ${code} is already used by another programme: choose another`,
  programmeStale: () => 'Someone else saved this programme while you were editing it. Your changes were not saved: here it is as it is now.',
  programmePublishedNeedsLinks: ({ code }) => `${code} is published: it needs at least one competency. Unpublish it first to remove them all.`,
  programmePublishedLastLink: ({ code }) => `${code} is published: it needs at least one competency. Unpublish it first to remove the last one.`,
  programmeWithoutLinks: ({ code }) => `${code} develops no competency yet: link at least one before publishing it, so it can be recommended.`,
  linkUnknown: ({ competencyId }) => `There is no competency ${competencyId} to rate in this framework`,
  linkTwice: ({ competency }) => `${competency} is linked twice: keep one link per competency`,
  linkFromOffScale: ({ competency, level, max }) => `${competency}: "from" level ${level} is not on the scale (0 to ${max})`,
  linkToOffScale: ({ competency, level, max }) => `${competency}: "to" level ${level} is not on the scale (1 to ${max})`,
  linkNotAbove: ({ competency, from, to }) => `${competency}: "to" level ${to} must be above "from" level ${from}`,
  linksSeveral: ({ count }) => `${count} problems with the links; nothing was saved`,
  ownReviewer: () => 'A person cannot be their own reviewer',
  emailOnStaffList: ({ email }) => `${email} is already on your staff list`,
  emailInOtherInstitution: ({ email }) => `${email} is already used by an account in another institution`,
  ownAccount: () => 'You cannot disable your own account or change your own role; ask another HR colleague',
  roleNotGrantable: ({ role, roles }) => `You cannot give the role ${role}: the roles you can give are ${roles === '' ? 'none' : roles}`,
  departmentNameInvalid: () => 'A department needs a name of 1 to 200 characters',
  departmentExists: ({ name }) => `There is already a department "${name}"`,
  departmentHasPeople: ({ name, count }) => `"${name}" still has ${count} active people: move them to another department first`,
  institutionExists: ({ name }) => `There is already an institution called ${name}`,
  emailHasAccount: ({ email }) => `${email} already has an account`,
  programmeInLog: ({ activity }) => `This programme is already in your log as activity ${activity}; change that one instead`,
  newerSelfRating: () => 'A newer self-rating replaced this one: reload the page and validate the new one',
  activityTitleOrProgramme: () => 'Give the activity a title, or choose a programme',
  activityTitleRequired: () => 'An activity needs a title',
  activityStaysCompleted: () => 'A completed activity stays completed; record a new activity to take it again',
  activityNotBackToPlanned: () => 'An activity in progress cannot go back to planned',
  activityDatesReversed: ({ completedAt, startedAt }) => `The completion date ${completedAt} is before the start date ${startedAt}`,
  activityCompletionDateTooEarly: () => 'Only a completed activity has a completion date',
  ratingsAggregatesOnly: ({ name }) => `Your institution keeps each person's self-ratings private: HR and reviewers see only totals of several people, so ${name}'s own levels and evidence cannot be opened`,
  ratingsNotShared: ({ name }) => `${name} has not shared their self-ratings with their reviewer: you can open them once they do`,
  noReviewerToShare: () => 'You have no reviewer to share your ratings with yet: HR assigns one',
  reportNoReviewer: () => 'You have no reviewer to share your report with yet: HR assigns one',
  reportNotShared: ({ name }) => `${name} has not shared this report with you: only they can, from their report`,
  sharingOff: () => 'Your institution does not use sharing: who sees your ratings is set for everyone, as this page says',
  notFound: ({ thing, id }) => `There is no ${id === undefined ? 'such ' : ''}${MISSING_THING_NAMES[thing]}${id === undefined ? '' : ` ${typeof id === 'string' ? `"${shownId(id)}"` : id}`}${MISSING_THING_PLACES[thing]}`,
  noFramework: () => 'Your institution has no framework',
  linkNotFound: ({ code, competencyId }) => `Programme ${code} has no link to competency ${competencyId}`,
  reportNotFound: ({ view }) => `There is no report "${shownId(view)}": choose participation, distribution or trend`,
  rerateNeedsCompletion: () => 'Only a completed programme leads to re-rating',
  levelOffScale: ({ level, levels }) => `Level ${level} is not on the scale of this framework (${levels.join(', ')})`,
  validatedLevelMissing: () => 'Choose a validated level',
  targetLevelMissing: () => 'Choose a target level',
  reviewCommentTooLong: ({ max }) => `Keep the comment under ${max} characters`,
  activityStatusMissing: () => 'Choose a status: planned, in progress or completed',
  sharingChoiceMissing: () => 'Choose to share your ratings or to stop sharing them',
  staffFiltersInvalid: () => 'The staff filters are not valid: choose them from the form',
  suppressionSettingsInvalid: () => 'K must be a whole number from 3 to 50, and the stale period from 1 to 120 months',
  ratingVisibilityInvalid: () => 'Choose who sees self-ratings: aggregates, shared or everything',
  timeZoneInvalid: ({ timeZone }) => `"${timeZone}" is not a time zone we know: choose one from the list, such as Africa/Nairobi`,
  operatorOnlyByOperator: () => 'Only a platform operator can make another operator',
  frameworkVersionConflict: ({ conflict, slug, version }) => FRAMEWORK_VERSION_CONFLICTS[conflict](slug, version),
  caseChangedSincePreview: ({ slug }) => `The CASE server's ${slug} changed after you looked at what it changes: nothing was loaded; look again, then load it`,
  evidenceEmpty: () => 'Choose a file to upload: the one sent was empty',
  evidenceTypeRefused: ({ name }) => `"${name}" is not a kind of file taken as evidence, whatever its name says: upload a PDF, a picture (PNG, JPEG, GIF, WebP), or a Word, Excel, PowerPoint or OpenDocument file`,
  evidenceArchiveRefused: ({ name }) => `"${name}" looks like an office document, but it is damaged or unpacks to far more than its size: open it and save it again`,
  evidenceMacros: ({ name }) => `"${name}" contains macros: save it as a document without macros (.docx, .xlsx or .pptx) and upload that`,
  evidenceQuotaFull: ({ limit }) => `Your evidence files would take more than ${limit}: delete files no rating cites, or link to large files instead`,
  evidenceFileUnknown: ({ id }) => `There is no evidence file ${id} of yours: choose from your evidence library`,
  evidenceTooManyFiles: ({ max }) => `A rating cites at most ${max} files`,
  evidenceCited: ({ name }) => `"${name}" is cited by a rating: it is kept with that rating's history`,
  reviewsOff: () => 'Your institution keeps each person\'s self-ratings to themselves, so nobody reviews them: ask HR if you need a review',
  reviewNothingChosen: () => 'Choose at least one rating to be reviewed',
  reviewNotRated: ({ code }) => `Rate ${code} before asking for its review`,
  reviewAlreadyAsked: ({ codes }) => `A review of ${codes} is already waiting: nothing new was asked`,
  reviewDecided: () => 'This review was already decided',
  completionNotConfirmable: () => 'Only a programme from the catalogue that the person has completed, and asked to have confirmed, can be confirmed',
  credentialReasonTooLong: ({ max }) => `Say why in at most ${max} characters`,
  credentialLevelOffScale: ({ code, levels }) => `The level for ${code} must be one of ${levels}`,
  emailDomainServedElsewhere: ({ domain }) => `${domain} is served by another institution's sign-in: an email domain belongs to one institution`,
  providerOwnInstitution: () => 'HR set up sign-in for their own institution only: leave institutionId out',
  providerInstitutionMissing: () => 'Say which institution the provider serves (institutionId): GET /api/v1/institutions lists them',
  passwordsNeedProvider: () => 'Passwords stay allowed while the institution has no sign-in provider: add one first, and keep one while passwords are off',
  scimTokenLabelInvalid: ({ max }) => `Name the token (at most ${max} characters), e.g. after the directory that will use it`,
  samlMetadataMissing: () => 'Give the identity provider\'s SAML metadata: its address, or the file itself',
  samlMetadataUnreachable: ({ url, why }) => `The SAML metadata could not be read from ${url}${why === '' ? '' : ` (${why})`}: check the address, or paste the file itself`,
  samlMetadataUnusable: ({ fault, detail }) => METADATA_FAULTS_EN[fault](detail),
  providerFieldOfOtherKind: ({ field, kind }) => `${field} does not apply to ${kind === 'saml' ? 'a SAML' : 'an OpenID Connect'} provider`,
  reviewCommentRequired: () => 'Say what evidence is missing, so the person knows what to add',
  reviewReminderDaysInvalid: () => 'Reminders of reviews go out after 1 to 90 days: give a whole number',
  reviewMessageTooLong: ({ max }) => `Keep your message under ${max} characters`,
  uploadTooLarge: ({ limit }) => `The file is too large: this form takes files of at most ${limit}`,
  uploadTooMany: () => 'The form sent more files or fields than it takes',
  uploadUnreadable: () => 'The form could not be read: it was cut short or is not a well-formed multipart form. Send it again',
  frameworkUseUnknown: ({ frameworkId }) => `There is no framework ${frameworkId}: choose one from the list of loaded frameworks`,
  frameworkUseTwice: ({ frameworkId }) => `Framework ${frameworkId} is listed twice: list each framework once`,
  frameworkUseTwoVersions: ({ slug }) => `Two versions of ${shownId(slug)} are listed: an institution uses one version of a framework at a time (the platform operator moves it to a new version)`,
  frameworkUsePrimaryMissing: ({ frameworkId }) => `Framework ${frameworkId} is the institution's primary framework (its people's role profiles belong to it) and stays in use`,
  frameworkUsePurposeTooLong: ({ max }) => `Keep each purpose under ${max} characters`,
  frameworkUseTooMany: ({ max }) => `An institution uses at most ${max} frameworks`,
  frameworkUseAudienceUnknown: ({ code }) => `There is no role profile "${shownId(code)}" in your institution: choose the audience from your role profiles`,
  frameworkNotInUse: ({ frameworkId }) => `Your institution does not use framework ${frameworkId}: choose one of the frameworks it uses`,
  frameworkUseInstitutionMissing: () => 'Name the institution (?institution=<id>): platform operators act on any institution',
  frameworkUseTextBroken: ({ frameworkId }) => `The purpose or audience of framework ${frameworkId} is not well-formed text (it holds half of a UTF-16 surrogate pair)`,
  frameworkNotForSubject: ({ frameworkId }) => `Your institution does not use framework ${frameworkId} to assess a unit or the institution: choose one of its institution assessments`,
  assessmentNotOnPanel: () => 'Only HR and the panel HR appointed record levels in this assessment',
  assessmentResultsPrivate: () => 'Your institution shows the results of this assessment to HR and its panel only',
  assessmentUnitRequired: () => 'Choose the unit (department) this judgement is about',
  assessmentUnitNotAsked: () => 'This framework assesses the whole institution: leave the unit out',
  assessmentLevelMissing: () => 'Choose a level for this area',
  assessmentTextTooLong: ({ max }) => `Keep the evidence and the comment under ${max} characters each`,
  resultsVisibilityInvalid: () => 'Choose who reads the results: HR and the panel, or all staff',
  panelTooLarge: ({ max }) => `A panel has at most ${max} members`,
  roundCloseBeforeOpen: () => 'The closing date must be after the opening date',
  roundClosesInPast: () => 'The closing date has passed: choose a later one',
  roundNobodyInScope: () => 'Nobody active is in these departments and role profiles: choose a wider scope',
  roundNotOpen: () => 'Reminders go out only while the round is open',
}

const MISSING_THING_NAMES: Readonly<Record<MissingThing, string>> = {
  person: 'staff member',
  department: 'department',
  roleProfile: 'role profile',
  rating: 'rating',
  selfRating: 'self-rating',
  programme: 'programme',
  framework: 'framework',
  institution: 'institution',
  activity: 'activity',
  competency: 'competency',
  domain: 'domain',
  round: 'assessment round',
  evidence: 'evidence file',
  review: 'review',
  credential: 'credential',
  identityProvider: 'sign-in provider',
  scimToken: 'provisioning token',
  scimGroup: 'directory group',
}

/** Where the caller looked: a person sees only their institution's staff, their own log, their framework. */
const MISSING_THING_PLACES: Readonly<Record<MissingThing, string>> = {
  person: ' in your institution',
  department: ' in your institution',
  roleProfile: ' in your institution',
  rating: ' in your institution',
  selfRating: ' in your institution',
  programme: '',
  framework: '',
  institution: '',
  activity: ' in your log',
  competency: ' in your framework',
  domain: ' in your framework',
  round: ' in your institution',
  evidence: ' you can open',
  review: ' for you to decide',
  credential: ' issued by your institution',
  identityProvider: ' for your institution',
  scimToken: ' of your institution',
  scimGroup: ' of your institution',
}

const FRAMEWORK_VERSION_CONFLICTS: Readonly<Record<FrameworkVersionConflict, (slug: string, version: string) => string>> = {
  differentContent: (slug, version) => `Framework ${slug} version ${version} is already loaded with different content; give the changed framework a new version`,
  concurrent: (slug, version) => `Framework ${slug} version ${version} was loaded at the same time by someone else`,
  versionTaken: (slug, version) => `Version ${version} of ${slug} is already loaded; a new version needs a new version string`,
}

/**
 * What a sentence shows of an identifier typed into a URL: at most its first 40 characters, so a
 * page does not repeat a long address back.
 */
export function shownId(id: string): string {
  return id.slice(0, 40)
}

/**
 * A refusal's reason with its English sentence, for a service error.
 *
 * ```ts
 * problem('departmentExists', { name: 'Physics' }) // { message: 'There is already a department "Physics"', reason: { code: 'departmentExists', params: { name: 'Physics' } } }
 * ```
 */
export function problem<C extends ProblemCode>(code: C, params: ProblemParams[C]): { message: string; reason: ProblemReason } {
  const say = PROBLEM_MESSAGES[code] as (params: ProblemParams[C]) => string
  return { message: say(params), reason: { code, params } as ProblemReason }
}

/** A reason's sentence from a catalogue of them (English, French, Chinese). */
export function sayProblem(messages: ProblemMessages, reason: ProblemReason): string {
  return (messages[reason.code] as (params: ProblemReason['params']) => string)(reason.params)
}

/** What is wrong with an IdP's SAML metadata, in English (the API's message). */
const METADATA_FAULTS_EN: Readonly<Record<MetadataFault, (detail: string) => string>> = {
  notXml: (detail) => `The SAML metadata is not well-formed XML in the metadata namespace${detail === '' ? '' : ` (${detail})`}`,
  doctype: () => 'The SAML metadata has a DOCTYPE, which is refused: metadata needs none',
  noIdp: () => 'The metadata describes no SAML 2.0 identity provider (no IDPSSODescriptor)',
  severalIdps: (count) => `The metadata lists ${count} identity providers: say which one by its entity ID`,
  entityNotFound: (entityId) => `The metadata has no identity provider with the entity ID ${entityId}`,
  noRedirectSso: () => 'The identity provider offers no single sign-on service with the HTTP-Redirect binding',
  ssoNotHttps: (url) => `The identity provider's sign-on address must start with https:// (${url})`,
  noCertificate: () => 'The metadata gives no signing certificate for the identity provider: its assertions could not be checked',
  badCertificate: () => 'A certificate in the metadata is not a readable X.509 certificate',
}
