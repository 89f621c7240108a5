import { competenciesToRate, nextToRate, selfAssessmentProgress } from '../domain/self-assessment.js'
import type { TreeNode } from '../domain/tree.js'
import type { Framework } from './frameworks.js'
import type { Rating, RatingService } from './ratings.js'
import type { RoundService } from './rounds.js'
import type { TargetService } from './targets.js'
import type { SessionUser } from './users.js'

/** Where a person is in their guided self-assessment of one framework. */
export interface SelfAssessmentState {
  readonly framework: Framework
  /** The competencies the person's role asks of them, in the framework's order. */
  readonly asked: readonly TreeNode[]
  readonly current: ReadonlyMap<number, Rating>
  /** Where "continue" leads: the first unrated competency asked, or undefined when all are rated. */
  readonly next: TreeNode | undefined
  readonly progress: { readonly rated: number; readonly total: number }
  /**
   * The competencies counted as done: those rated; in an open round the person is in, those
   * answered in it (a level kept counts once it is saved in the round).
   */
  readonly done: ReadonlySet<number>
  /** The competencies the person marked "not applicable to my role": asked of them no more. */
  readonly notApplicable: ReadonlySet<number>
  /** The open round the person is answering in this framework, if any. */
  readonly round: { readonly id: number; readonly title: string; readonly closesAt: Date } | undefined
}

/**
 * The guided self-assessment's reads, for its pages and the API alike: what the person is asked
 * (domain/self-assessment.ts), what they rated (or, in an open round, answered in it) and where to go
 * on. Three reads, side by side.
 *
 * ```ts
 * const { next, progress } = await createSelfAssessmentService({ ratings, targets }).state(user, framework)
 * ```
 */
export function createSelfAssessmentService(deps: { ratings: RatingService; targets: TargetService; rounds: Pick<RoundService, 'openRoundOf'> }) {
  return {
    async state(user: SessionUser, framework: Framework): Promise<SelfAssessmentState> {
      const [currentRatings, { targets: userTargets, notApplicable }, round] = await Promise.all([
        deps.ratings.current(user, framework.row.id),
        deps.targets.withNotApplicable(user, framework.row.id),
        deps.rounds.openRoundOf(user, framework.row.id),
      ])
      const current = new Map<number, Rating>(currentRatings.map((rating) => [rating.competencyId, rating]))
      const asked = competenciesToRate(framework.tree, new Map([...userTargets].map(([id, target]) => [id, target.level])), notApplicable)
      const done = round?.answered ?? new Set(current.keys())
      return {
        framework,
        asked,
        current,
        next: nextToRate(asked, done),
        progress: selfAssessmentProgress(asked, done),
        done,
        notApplicable,
        round: round === undefined ? undefined : { id: round.id, title: round.title, closesAt: round.closesAt },
      }
    },
  }
}

export type SelfAssessmentService = ReturnType<typeof createSelfAssessmentService>
