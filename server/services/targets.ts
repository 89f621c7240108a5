import type { Kysely, Transaction } from 'kysely'
import type { Database } from '../db/schema.js'
import type { Translations } from '../domain/translations.js'
import { roleProfileRuleErrors, type RoleProfilesFile } from '../domain/catalogue-file.js'
import { NOT_APPLICABLE, resolveTargets, type Target } from '../domain/gaps.js'
import { isLevelOnScale, maxLevel } from '../domain/scale.js'
import { auditBy } from './audit.js'
import { DataFilesRejected } from './data-files.js'
import { InvalidInputError } from './errors.js'
import { withProfileTranslations } from './role-profile-names.js'
import type { Framework } from './frameworks.js'
import type { RatingService } from './ratings.js'
import type { SessionUser } from './users.js'

export interface RoleProfile {
  readonly id: number
  readonly code: string
  readonly name: string
  /** The translations of the name, from the shipped role profiles. */
  readonly translations?: Translations | undefined
}

/**
 * Role profiles (the levels a role needs) and personal targets (a person's own, overriding one
 * competency of their profile).
 *
 * ```ts
 * const targets = createTargetService(db, ratings)
 * await targets.setPersonal(user, competencyId, 3)
 * (await targets.of(user, frameworkId)).get(competencyId) // { level: 3, source: 'personal' }
 * ```
 */
export function createTargetService(db: Kysely<Database>, ratings: RatingService) {
  /** The institution's profile, in this framework, of the role the user holds. */
  const profileInFramework = (user: SessionUser, frameworkId: number) =>
    db
      .selectFrom('users')
      .innerJoin('role_profiles as held', 'held.id', 'users.role_profile_id')
      .innerJoin('role_profiles', (join) =>
        join.onRef('role_profiles.institution_id', '=', 'users.institution_id').onRef('role_profiles.code', '=', 'held.code').on('role_profiles.framework_id', '=', frameworkId),
      )
      .where('users.id', '=', user.id)
      .where('users.institution_id', '=', user.institutionId)

  async function targetsOf(user: SessionUser, frameworkId: number): Promise<{ targets: Map<number, Target>; notApplicable: Set<number> }> {
    const [profile, personal] = await Promise.all([
      profileInFramework(user, frameworkId)
        .innerJoin('role_profile_targets', 'role_profile_targets.role_profile_id', 'role_profiles.id')
        .select(['role_profile_targets.competency_id as competencyId', 'role_profile_targets.level'])
        .execute(),
      db
        .selectFrom('personal_targets')
        .innerJoin('competencies', 'competencies.id', 'personal_targets.competency_id')
        .select(['personal_targets.competency_id as competencyId', 'personal_targets.level'])
        .where('personal_targets.user_id', '=', user.id)
        .where('competencies.framework_id', '=', frameworkId)
        .execute(),
    ])
    return {
      targets: resolveTargets(new Map(profile.map((row) => [row.competencyId, row.level])), new Map(personal.map((row) => [row.competencyId, row.level]))),
      notApplicable: new Set(personal.filter((row) => row.level === NOT_APPLICABLE).map((row) => row.competencyId)),
    }
  }

  return {
    /**
     * The profile of the user's role in this framework, if they have one. A person holds a profile of
     * their institution's primary framework; in its other frameworks the profile of the same code
     * (the role) is theirs, so one role has targets in each framework it is meant for.
     */
    async profileOf(user: SessionUser, frameworkId: number): Promise<RoleProfile | undefined> {
      const profile = await profileInFramework(user, frameworkId)
        .select(['role_profiles.id', 'role_profiles.code', 'role_profiles.name'])
        .executeTakeFirst()
      return profile === undefined ? undefined : (await withProfileTranslations([profile]))[0]
    },

    /** The targets that apply to the user in a framework: their role profile's, overridden by their own. */
    async of(user: SessionUser, frameworkId: number): Promise<Map<number, Target>> {
      return (await targetsOf(user, frameworkId)).targets
    },

    /** The targets, and the competencies the user marked "not applicable to my role", read together. */
    withNotApplicable: targetsOf,

    /** Sets the user's own target for one competency; 404 outside their framework, 400 off its scale. */
    async setPersonal(user: SessionUser, competencyId: number, level: number): Promise<Target> {
      const { framework } = await ratings.rateableCompetency(user, competencyId)
      if (!isLevelOnScale(framework.row.scale, level)) {
        throw InvalidInputError.of('levelOffScale', { level, levels: framework.row.scale.levels.map((entry) => entry.level) }, { level: 'not on the scale' })
      }
      await db.transaction().execute(async (trx) => {
        await trx
          .insertInto('personal_targets')
          .values({ user_id: user.id, competency_id: competencyId, level })
          .onConflict((oc) => oc.columns(['user_id', 'competency_id']).doUpdateSet({ level }))
          .execute()
        await auditBy(trx, user, 'target.set', 'competency', competencyId, { level })
      })
      return { level, source: 'personal' }
    },

    /**
     * Marks a competency "not applicable to my role": the profile's target no longer applies to the
     * user (domain/gaps.ts). Audited; marking it again writes nothing. Answering a level for it, or
     * clearing the personal target, takes it back. 404 outside their frameworks.
     */
    async setNotApplicable(user: SessionUser, competencyId: number): Promise<{ changed: boolean }> {
      await ratings.rateableCompetency(user, competencyId)
      return db.transaction().execute(async (trx) => {
        const written = await trx
          .insertInto('personal_targets')
          .values({ user_id: user.id, competency_id: competencyId, level: NOT_APPLICABLE })
          .onConflict((oc) => oc.columns(['user_id', 'competency_id']).doUpdateSet({ level: NOT_APPLICABLE }).where('personal_targets.level', '<>', NOT_APPLICABLE))
          .returning('user_id')
          .executeTakeFirst()
        if (written !== undefined) await auditBy(trx, user, 'target.notApplicable', 'competency', competencyId)
        return { changed: written !== undefined }
      })
    },

    /** Removes the user's own target, so the profile's applies again; 404 outside their framework. */
    async clearPersonal(user: SessionUser, competencyId: number): Promise<void> {
      await ratings.rateableCompetency(user, competencyId)
      await db.transaction().execute(async (trx) => {
        const removed = await trx.deleteFrom('personal_targets').where('user_id', '=', user.id).where('competency_id', '=', competencyId).executeTakeFirst()
        if (removed.numDeletedRows > 0n) await auditBy(trx, user, 'target.clear', 'competency', competencyId)
      })
    },
  }
}

export type TargetService = ReturnType<typeof createTargetService>

/**
 * Gives an institution the default role profiles of its framework (from framework-data). Profiles it
 * already has (by code) are left as they are.
 */
export async function createDefaultProfiles(trx: Transaction<Database>, institutionId: number, framework: Framework, file: RoleProfilesFile): Promise<Map<string, number>> {
  const codes = new Map(framework.tree.competencies.map((competency) => [competency.code, competency.id]))
  const errors = roleProfileRuleErrors(file, { competencyCodes: new Set(codes.keys()), maxLevel: maxLevel(framework.row.scale) })
  if (errors.length > 0) throw new DataFilesRejected(errors.map((error) => ({ file: `role profiles of ${file.framework.id}`, ...error })))
  const ids = new Map<string, number>()
  for (const profile of file.profiles) {
    const inserted = await trx
      .insertInto('role_profiles')
      .values({ institution_id: institutionId, framework_id: framework.row.id, code: profile.code, name: profile.name, description: profile.description ?? '' })
      .onConflict((oc) => oc.columns(['institution_id', 'framework_id', 'code']).doNothing())
      .returning('id')
      .executeTakeFirst()
    if (inserted === undefined) continue
    ids.set(profile.code, inserted.id)
    const targets = Object.entries(profile.targets).map(([code, level]) => ({ role_profile_id: inserted.id, competency_id: codes.get(code)!, level }))
    if (targets.length > 0) await trx.insertInto('role_profile_targets').values(targets).execute()
  }
  return ids
}

