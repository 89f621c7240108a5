import { problem, type ProblemCode, type ProblemParams, type ProblemReason } from './problems.js'
import type { Translations } from './translations.js'

/**
 * Which frameworks an institution uses, what for and for whom. A framework assesses one kind of
 * subject; an institution may use several for people (ICT-CFT for teachers beside the IIOE workforce
 * framework for everyone) and others for its units or itself (the IIOE QA self-assessment).
 */

export const ASSESSMENT_SUBJECTS = ['person', 'unit', 'institution'] as const
export type AssessmentSubject = (typeof ASSESSMENT_SUBJECTS)[number]

export function isAssessmentSubject(value: unknown): value is AssessmentSubject {
  return typeof value === 'string' && (ASSESSMENT_SUBJECTS as readonly string[]).includes(value)
}

/** One framework version in use at an institution. */
export interface FrameworkUse {
  readonly frameworkId: number
  readonly slug: string
  readonly version: string
  readonly title: string
  readonly translations: Translations
  readonly subject: AssessmentSubject
  /** Free text HR writes: what the institution uses it for. */
  readonly purpose: string
  /** The role profile codes it is meant for; empty for everyone. */
  readonly audience: readonly string[]
  /** The institution's primary framework: people's role profiles belong to it. */
  readonly primary: boolean
}

/** A framework as HR asks to use it, before it is checked. */
export interface FrameworkUseChoice {
  readonly frameworkId: number
  readonly purpose: string
  readonly audience: readonly string[]
}

/** What a loaded framework version says of itself, for checking choices. */
export interface FrameworkVersionFacts {
  readonly id: number
  readonly slug: string
  readonly subject: AssessmentSubject
}

export const MAX_PURPOSE_LENGTH = 200

/** Half of a UTF-16 surrogate pair, which JSON can carry as an escape but PostgreSQL cannot store. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/
export const MAX_FRAMEWORKS_IN_USE = 20

/**
 * Checks the list of frameworks HR wants the institution to use, in order. The primary framework
 * stays (moving it to another version is the operator's version change); one version of a framework
 * at a time, since ratings carry between versions by the code map; audiences name existing profiles.
 *
 * ```ts
 * frameworkUseProblems([{ frameworkId: 9, purpose: '', audience: [] }], { primaryId: 1, versions, profileCodes })
 * // [{ code: 'frameworkUsePrimaryMissing', params: { frameworkId: 1 } }]
 * ```
 */
export function frameworkUseProblems(
  choices: readonly FrameworkUseChoice[],
  context: { readonly primaryId: number; readonly versions: ReadonlyMap<number, FrameworkVersionFacts>; readonly profileCodes: ReadonlySet<string> },
): ProblemReason[] {
  const problems: ProblemReason[] = []
  const add = <C extends ProblemCode>(code: C, params: ProblemParams[C]) => problems.push(problem(code, params).reason)
  if (choices.length > MAX_FRAMEWORKS_IN_USE) add('frameworkUseTooMany', { max: MAX_FRAMEWORKS_IN_USE })
  const seen = new Set<number>()
  const slugs = new Set<string>()
  for (const choice of choices) {
    const version = context.versions.get(choice.frameworkId)
    if (version === undefined) {
      add('frameworkUseUnknown', { frameworkId: choice.frameworkId })
      continue
    }
    if (seen.has(choice.frameworkId)) add('frameworkUseTwice', { frameworkId: choice.frameworkId })
    else if (slugs.has(version.slug)) add('frameworkUseTwoVersions', { slug: version.slug })
    seen.add(choice.frameworkId)
    slugs.add(version.slug)
    if (choice.purpose.length > MAX_PURPOSE_LENGTH) add('frameworkUsePurposeTooLong', { frameworkId: choice.frameworkId, max: MAX_PURPOSE_LENGTH })
    if ([choice.purpose, ...choice.audience].some((text) => LONE_SURROGATE.test(text))) add('frameworkUseTextBroken', { frameworkId: choice.frameworkId })
    for (const code of choice.audience) {
      if (!context.profileCodes.has(code)) add('frameworkUseAudienceUnknown', { frameworkId: choice.frameworkId, code })
    }
  }
  if (!seen.has(context.primaryId)) add('frameworkUsePrimaryMissing', { frameworkId: context.primaryId })
  return problems
}

/** True when a person with this role profile is among the framework's audience. */
export function isInAudience(use: Pick<FrameworkUse, 'audience'>, profileCode: string | undefined): boolean {
  return use.audience.length === 0 || (profileCode !== undefined && use.audience.includes(profileCode))
}

/**
 * The framework a page or request is about: the one asked for when the institution uses it for this
 * subject, else the first of the subject's frameworks meant for the reader (their role profile), else
 * the first of the subject's frameworks. Undefined when the institution uses none for the subject or
 * the one asked for is not among them.
 *
 * ```ts
 * chooseFrameworkUse(uses, { subject: 'person', profileCode: 'teacher' })              // the first meant for teachers
 * chooseFrameworkUse(uses, { subject: 'person', requested: 42, profileCode: 'teacher' }) // framework 42, if used
 * ```
 */
export function chooseFrameworkUse(
  uses: readonly FrameworkUse[],
  options: { readonly subject: AssessmentSubject; readonly requested?: number | undefined; readonly profileCode?: string | undefined },
): FrameworkUse | undefined {
  const ofSubject = uses.filter((use) => use.subject === options.subject)
  if (options.requested !== undefined) return ofSubject.find((use) => use.frameworkId === options.requested)
  return ofSubject.find((use) => isInAudience(use, options.profileCode)) ?? ofSubject[0]
}
