import { sql, type Kysely } from 'kysely'
import type { Database } from '../db/schema.js'
import { byUncoveredDemand, coverage, type Coverage, type PersonGap } from '../domain/coverage.js'
import { maxLevel } from '../domain/scale.js'
import { NotFoundError } from './errors.js'
import type { Framework, FrameworkService } from './frameworks.js'
import type { ProgrammeService } from './programmes.js'

/** K when no institution uses the framework: the default of HR reports. */
const DEFAULT_K = 5

export interface FrameworkCoverage extends Coverage {
  readonly framework: Framework
  readonly maxLevel: number
  /** The strictest K of the institutions counted: no count below it is shown. */
  readonly k: number
}

/**
 * Coverage of a framework by the published catalogue, and the demand for it: every active person of
 * every institution on that framework who is below their target (their own target, else their role
 * profile's), read in one set-based query, one row per gap.
 *
 * ```ts
 * const { competencies, programmes, k } = await createCoverageService(db, frameworks, programmes).of(frameworkId, 'uncovered')
 * ```
 */
export function createCoverageService(db: Kysely<Database>, frameworks: FrameworkService, programmes: ProgrammeService) {
  async function gapsOf(frameworkId: number): Promise<PersonGap[]> {
    const result = await sql<PersonGap>`
      with staff as (
        -- Everyone at an institution that uses the framework; their targets here are those of their
        -- institution's profile of the same code in this framework (targets.ts says why).
        select u.id, here.id as role_profile_id
        from users u join institution_frameworks uses on uses.institution_id = u.institution_id and uses.framework_id = ${frameworkId}
        left join role_profiles held on held.id = u.role_profile_id
        left join role_profiles here on here.institution_id = u.institution_id and here.code = held.code and here.framework_id = ${frameworkId}
        where u.disabled_at is null
      ),
      targets as (
        select pt.user_id, pt.competency_id, pt.level
        from personal_targets pt join staff s on s.id = pt.user_id
        join competencies c on c.id = pt.competency_id and c.framework_id = ${frameworkId}
        union all
        select s.id, rpt.competency_id, rpt.level
        from staff s join role_profile_targets rpt on rpt.role_profile_id = s.role_profile_id
        join competencies c on c.id = rpt.competency_id and c.framework_id = ${frameworkId}
        where not exists (select 1 from personal_targets pt where pt.user_id = s.id and pt.competency_id = rpt.competency_id)
      )
      select t.user_id as "userId", t.competency_id as "competencyId", cr.level, t.level as target
      from targets t join current_ratings cr on cr.user_id = t.user_id and cr.competency_id = t.competency_id
      where t.level > cr.level`.execute(db)
    return result.rows
  }

  return {
    async of(frameworkId: number, sort: 'uncovered' | 'code'): Promise<FrameworkCoverage> {
      const framework = await frameworks.get(frameworkId)
      if (framework === undefined) throw NotFoundError.of('notFound', { thing: 'framework', id: frameworkId })
      const [catalogue, gaps, strictest] = await Promise.all([
        programmes.forRecommendations(frameworkId),
        gapsOf(frameworkId),
        db
          .selectFrom('institutions')
          .innerJoin('institution_frameworks as uses', 'uses.institution_id', 'institutions.id')
          .select(sql<number | null>`max(min_group_size)`.as('k'))
          .where('uses.framework_id', '=', frameworkId)
          .executeTakeFirst(),
      ])
      const k = Math.max(DEFAULT_K, strictest?.k ?? DEFAULT_K)
      const top = maxLevel(framework.row.scale)
      const result = coverage({
        competencies: framework.tree.competencies.map(({ id, code, title, translations }) => ({ id, code, title, translations })),
        maxLevel: top,
        programmes: catalogue,
        gaps,
        k,
      })
      const competencies = sort === 'uncovered' ? [...result.competencies].sort(byUncoveredDemand) : result.competencies
      return { framework, maxLevel: top, k, competencies, programmes: result.programmes }
    },
  }
}

export type CoverageService = ReturnType<typeof createCoverageService>
