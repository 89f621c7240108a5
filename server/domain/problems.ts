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
}
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
  sharingOff: () => 'Your institution does not use sharing: who sees your ratings is set for everyone, as this page says',
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
