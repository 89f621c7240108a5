import { isStale, standings, type Standing, type Target } from '../domain/gaps.js'
import { budgetPath, type BudgetPath } from '../domain/budget-path.js'
import { learningPath, type LearningPath } from '../domain/learning-path.js'
import { personalReport, type PersonalReport } from '../domain/personal-report.js'
import { recommend, type Recommendation } from '../domain/recommendations.js'
import type { TreeNode } from '../domain/tree.js'
import type { ActivityService } from './activities.js'
import type { Framework } from './frameworks.js'
import type { ProgrammeService } from './programmes.js'
import type { RatingService } from './ratings.js'
import type { RoundService } from './rounds.js'
import type { RoleProfile, TargetService } from './targets.js'
import type { SessionUser, UserService } from './users.js'

export interface CompetencyStanding extends Standing {
  readonly competency: TreeNode
  readonly ratedAt: Date | null
  /** Rated longer ago than the institution's stale period: worth rating again. */
  readonly stale: boolean
}

export interface Plan {
  readonly framework: Framework
  readonly profile: RoleProfile | undefined
  readonly standings: readonly CompetencyStanding[]
  readonly targets: ReadonlyMap<number, Target>
  /** The languages the person can take programmes in (theirs, else the app's language). */
  readonly languages: readonly string[]
  /** Every language some programme of this framework's catalogue is taught in, sorted. */
  readonly catalogueLanguages: readonly string[]
  /** True when the person has said which languages; false while the app's language stands for them. */
  readonly languagesChosen: boolean
  /** Programmes in the person's languages, best first. */
  readonly recommendations: readonly Recommendation[]
  /** Programmes that would help but are taught in none of the person's languages: listed apart. */
  readonly otherLanguages: readonly Recommendation[]
  /** Every closable gap with the fewest hours, from programmes in the person's languages. */
  readonly path: LearningPath
  /** With an hours budget: the programmes within it that close the most gap levels. */
  readonly budget: (BudgetPath & { readonly hours: number }) | undefined
  /** The competencies the person chose to focus on; empty: all their gaps. */
  readonly focus: ReadonlySet<number>
}

export interface PlanOptions {
  /** Hours the person can give to programmes; absent: no budget. */
  readonly hours?: number
  /** Only these competencies' gaps drive recommendations and paths; absent or empty: all. */
  readonly focus?: ReadonlySet<number>
}

/**
 * A person's development plan: where they stand against their targets, the programmes that close
 * their gaps (ranked, with reasons), and the cheapest set of programmes that closes them all, or
 * the most of them within an hours budget. Only programmes taught in one of the person's languages
 * are planned; others that would help are listed apart.
 *
 * ```ts
 * const plan = await createPlanService(deps).plan(user, framework)
 * plan.recommendations[0].reasons // [{ competencyId: 12, fromLevel: 1, toLevel: 2 }]
 * ```
 */
export function createPlanService(deps: {
  ratings: RatingService
  targets: TargetService
  programmes: ProgrammeService
  activities: ActivityService
  users: Pick<UserService, 'studyLanguages'>
  rounds: Pick<RoundService, 'previousAnswers'>
  now: () => Date
}) {
  async function standingsOf(user: SessionUser, framework: Framework) {
    const [current, targets] = await Promise.all([deps.ratings.current(user, framework.row.id), deps.targets.of(user, framework.row.id)])
    const byCompetency = new Map(current.map((rating) => [rating.competencyId, rating]))
    const levels = new Map(current.map((rating) => [rating.competencyId, rating.level]))
    const now = deps.now()
    const rows = standings(
      framework.tree.competencies.map((competency) => competency.id),
      levels,
      targets,
    ).map((standing, index) => {
      const ratedAt = byCompetency.get(standing.competencyId)?.ratedAt ?? null
      return { ...standing, competency: framework.tree.competencies[index]!, ratedAt, stale: ratedAt !== null && isStale(ratedAt, now, user.staleAfterMonths) }
    })
    return { framework, rows, levels, targets }
  }

  /** The user's plan in one framework: recommendations and the learning path close its gaps. */
  async function planOf(user: SessionUser, framework: Framework, options: PlanOptions = {}): Promise<Plan> {
    const [{ rows, levels, targets }, catalogue, excluded, profile, chosenLanguages] = await Promise.all([
      standingsOf(user, framework),
      deps.programmes.forRecommendations(framework.row.id),
      deps.activities.takenProgrammeIds(user),
      deps.targets.profileOf(user, framework.row.id),
      deps.users.studyLanguages(user.id),
    ])
    const languages = chosenLanguages ?? [user.locale ?? 'en']
    const focus = new Set([...(options.focus ?? [])].filter((competencyId) => targets.has(competencyId)))
    const targetLevels = new Map([...targets].filter(([competencyId]) => focus.size === 0 || focus.has(competencyId)).map(([competencyId, target]) => [competencyId, target.level]))
    const importance = new Map(framework.tree.competencies.map((competency) => [competency.id, competency.importance]))
    const readable = catalogue.filter((programme) => programme.languages.some((language) => languages.includes(language)))
    const all = recommend({ programmes: catalogue, current: levels, targets: targetLevels, importance, excluded, languages })
    const input = { programmes: readable, current: levels, targets: targetLevels, excluded }
    return {
      framework,
      profile,
      standings: rows,
      targets,
      languages,
      catalogueLanguages: [...new Set(catalogue.flatMap((programme) => programme.languages))].sort(),
      languagesChosen: chosenLanguages !== undefined,
      recommendations: all.filter((recommendation) => recommendation.inPersonsLanguage),
      otherLanguages: all.filter((recommendation) => !recommendation.inPersonsLanguage),
      path: learningPath(input),
      budget: options.hours === undefined ? undefined : { ...budgetPath({ ...input, hours: options.hours }), hours: options.hours },
      focus,
    }
  }

  return {
    /** Current level, target and gap for every competency of the framework, in tree order. */
    async standings(user: SessionUser, framework: Framework): Promise<CompetencyStanding[]> {
      return (await standingsOf(user, framework)).rows
    },

    plan: planOf,

    /**
     * The person's feedback report in one framework: per domain against their targets, strengths,
     * three priorities with programmes in their languages, change since their previous round.
     */
    async report(user: SessionUser, framework: Framework): Promise<{ plan: Plan; report: PersonalReport; previousRound: { title: string; closesAt: Date } | undefined }> {
      const [plan, previous] = await Promise.all([planOf(user, framework), deps.rounds.previousAnswers(user, framework.row.id)])
      const current = new Map(plan.standings.filter((standing) => standing.status !== 'unrated').map((standing) => [standing.competencyId, standing.current]))
      const targets = new Map([...plan.targets].map(([competencyId, target]) => [competencyId, target.level]))
      const importance = new Map(framework.tree.competencies.map((competency) => [competency.id, competency.importance]))
      return {
        plan,
        report: personalReport({ tree: framework.tree, current, targets, importance, recommendations: plan.recommendations, previous: previous?.levels }),
        previousRound: previous === undefined ? undefined : { title: previous.title, closesAt: previous.closesAt },
      }
    },
  }
}

export type PlanService = ReturnType<typeof createPlanService>
