import { isStale, standings, type Standing, type Target } from '../domain/gaps.js'
import { learningPath, type LearningPath } from '../domain/learning-path.js'
import { recommend, type Recommendation } from '../domain/recommendations.js'
import type { TreeNode } from '../domain/tree.js'
import type { ActivityService } from './activities.js'
import type { Framework } from './frameworks.js'
import type { ProgrammeService } from './programmes.js'
import type { RatingService } from './ratings.js'
import type { RoleProfile, TargetService } from './targets.js'
import type { SessionUser } from './users.js'

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
  readonly recommendations: readonly Recommendation[]
  readonly path: LearningPath
}

/**
 * A person's development plan: where they stand against their targets, the programmes that close
 * their gaps (ranked, with reasons), and the cheapest set of programmes that closes them all.
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

  return {
    /** Current level, target and gap for every competency of the framework, in tree order. */
    async standings(user: SessionUser, framework: Framework): Promise<CompetencyStanding[]> {
      return (await standingsOf(user, framework)).rows
    },

    /** The user's plan in one framework: recommendations and the learning path close its gaps. */
    async plan(user: SessionUser, framework: Framework): Promise<Plan> {
      const [{ rows, levels, targets }, catalogue, excluded, profile] = await Promise.all([
        standingsOf(user, framework),
        deps.programmes.forRecommendations(framework.row.id),
        deps.activities.takenProgrammeIds(user),
        deps.targets.profileOf(user, framework.row.id),
      ])
      const targetLevels = new Map([...targets].map(([competencyId, target]) => [competencyId, target.level]))
      const importance = new Map(framework.tree.competencies.map((competency) => [competency.id, competency.importance]))
      return {
        framework,
        profile,
        standings: rows,
        targets,
        recommendations: recommend({ programmes: catalogue, current: levels, targets: targetLevels, importance, excluded, language: user.locale ?? 'en' }),
        path: learningPath({ programmes: catalogue, current: levels, targets: targetLevels, excluded }),
      }
    },
  }
}

export type PlanService = ReturnType<typeof createPlanService>
