import type { Kysely } from 'kysely'
import type { Database } from '../db/schema.js'
import { isTimeZone } from '../domain/time-zone.js'
import type { Translations } from '../domain/translations.js'
import { auditDataForHr, isRatingVisibility, type RatingVisibility } from '../domain/visibility.js'
import { auditBy } from './audit.js'
import { InvalidInputError, NotFoundError } from './errors.js'
import { withProfileTranslations } from './role-profile-names.js'
import type { SessionUser } from './users.js'

export interface Department {
  readonly id: number
  readonly name: string
  readonly people: number
}

export interface AuditEntry {
  readonly id: number
  readonly at: Date
  readonly actor: string | null
  readonly action: string
  readonly entity: string
  readonly entityId: string | null
  readonly data: Record<string, unknown>
}

export const AUDIT_PAGE_SIZE = 50

/** What HR of an institution set: K, the stale period, and who sees a person's self-ratings. */
export interface InstitutionSettings {
  readonly minGroupSize: number
  readonly staleAfterMonths: number
  readonly ratingVisibility: RatingVisibility
  /** IANA name: the zone in which the institution's round days begin and its times are shown. */
  readonly timeZone: string
  /** Reviewers are reminded of a review waiting this many days (1 to 90), and again each as many days after. */
  readonly reviewReminderDays: number
}

/**
 * What HR sees of their own institution: departments, role profiles and the audit log. Every query is
 * scoped to the caller's institution; an id from another institution is "not found".
 *
 * ```ts
 * const institution = createInstitutionService(db)
 * await institution.departments(hrUser) // [{ id: 1, name: 'Education', people: 9 }, ...]
 * ```
 */
export function createInstitutionService(db: Kysely<Database>) {
  return {
    departments(user: SessionUser): Promise<Department[]> {
      return db
        .selectFrom('departments')
        .leftJoin('users', (join) => join.onRef('users.department_id', '=', 'departments.id').on('users.disabled_at', 'is', null))
        .select((eb) => ['departments.id', 'departments.name', eb.fn.count<number>('users.id').as('people')])
        .where('departments.institution_id', '=', user.institutionId)
        .where('departments.disabled_at', 'is', null)
        .groupBy(['departments.id', 'departments.name'])
        .orderBy('departments.name')
        .execute()
    },

    /** Archived departments, by name (shown so HR can bring one back). */
    archivedDepartments(user: SessionUser): Promise<{ id: number; name: string }[]> {
      return db.selectFrom('departments').select(['id', 'name']).where('institution_id', '=', user.institutionId).where('disabled_at', 'is not', null).orderBy('name').execute()
    },

    /** The role profiles of the caller's institution (of its primary framework), with the translations of their names. */
    async roleProfiles(user: SessionUser): Promise<{ id: number; code: string; name: string; translations?: Translations | undefined }[]> {
      const profiles = await db
        .selectFrom('role_profiles')
        .select(['id', 'code', 'name'])
        .where('institution_id', '=', user.institutionId)
        // People hold profiles of the institution's primary framework.
        .where('framework_id', '=', (eb) => eb.selectFrom('institutions').select('framework_id').where('id', '=', user.institutionId))
        .orderBy('name')
        .execute()
      return withProfileTranslations(profiles)
    },

    /** 404 unless the department belongs to the caller's institution. */
    async requireDepartment(user: SessionUser, id: number): Promise<Department> {
      const found = (await this.departments(user)).find((department) => department.id === id)
      if (found === undefined) throw NotFoundError.of('notFound', { thing: 'department', id })
      return found
    },

    /** 404 unless the role profile belongs to the caller's institution. */
    async requireRoleProfile(user: SessionUser, id: number): Promise<{ id: number; code: string; name: string }> {
      const found = (await this.roleProfiles(user)).find((profile) => profile.id === id)
      if (found === undefined) throw NotFoundError.of('notFound', { thing: 'roleProfile', id })
      return found
    },

    /** One page of the institution's audit log, newest first, optionally of one kind of action. */
    async audit(user: SessionUser, options: { page: number; action?: string | undefined }): Promise<{ entries: AuditEntry[]; total: number }> {
      let query = db.selectFrom('audit_log').where('audit_log.institution_id', '=', user.institutionId)
      if (options.action !== undefined) query = query.where('audit_log.action', '=', options.action)
      const [entries, count, institution] = await Promise.all([
        query
          .leftJoin('users', 'users.id', 'audit_log.actor_id')
          .select(['audit_log.id', 'audit_log.at', 'users.name as actor', 'audit_log.action', 'audit_log.entity', 'audit_log.entity_id as entityId', 'audit_log.data'])
          .orderBy('audit_log.at', 'desc')
          .orderBy('audit_log.id', 'desc')
          .limit(AUDIT_PAGE_SIZE)
          .offset((options.page - 1) * AUDIT_PAGE_SIZE)
          .execute(),
        query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
        db.selectFrom('institutions').select('rating_visibility').where('id', '=', user.institutionId).executeTakeFirstOrThrow(),
      ])
      const shown = entries.map((entry) => ({ ...entry, data: auditDataForHr(institution.rating_visibility, entry.action, entry.data) }))
      return { entries: shown, total: Number(count.n) }
    },

    async settings(user: SessionUser): Promise<InstitutionSettings> {
      return db
        .selectFrom('institutions')
        .select(['min_group_size as minGroupSize', 'stale_after_months as staleAfterMonths', 'rating_visibility as ratingVisibility', 'time_zone as timeZone', 'review_reminder_days as reviewReminderDays'])
        .where('id', '=', user.institutionId)
        .executeTakeFirstOrThrow()
    },

    /**
     * Changes K (3 to 50), the stale period (1 to 120 months), who sees a person's self-ratings and
     * the time zone, each left as it is when not given; all or nothing, audited with the values before and after.
     */
    async updateSettings(user: SessionUser, change: Partial<InstitutionSettings>): Promise<InstitutionSettings> {
      const valid = (value: number | undefined, low: number, high: number) => value === undefined || (Number.isInteger(value) && value >= low && value <= high)
      if (!valid(change.minGroupSize, 3, 50) || !valid(change.staleAfterMonths, 1, 120)) {
        throw InvalidInputError.of('suppressionSettingsInvalid', {})
      }
      if (change.ratingVisibility !== undefined && !isRatingVisibility(change.ratingVisibility)) {
        throw InvalidInputError.of('ratingVisibilityInvalid', {}, { ratingVisibility: 'aggregates, shared or everything' })
      }
      if (!valid(change.reviewReminderDays, 1, 90)) throw InvalidInputError.of('reviewReminderDaysInvalid', {}, { reviewReminderDays: 'a whole number of days from 1 to 90' })
      if (change.timeZone !== undefined && !isTimeZone(change.timeZone)) {
        throw InvalidInputError.of('timeZoneInvalid', { timeZone: String(change.timeZone).slice(0, 64) }, { timeZone: 'an IANA time zone such as Africa/Nairobi' })
      }
      return db.transaction().execute(async (trx) => {
        // FOR NO KEY UPDATE: saves under way hold FOR KEY SHARE on the row through their foreign keys, and need not wait (judgements.ts).
        const before = await trx.selectFrom('institutions').select(['min_group_size', 'stale_after_months', 'rating_visibility', 'time_zone', 'review_reminder_days']).where('id', '=', user.institutionId).forNoKeyUpdate().executeTakeFirstOrThrow()
        const after: InstitutionSettings = {
          minGroupSize: change.minGroupSize ?? before.min_group_size,
          staleAfterMonths: change.staleAfterMonths ?? before.stale_after_months,
          ratingVisibility: change.ratingVisibility ?? before.rating_visibility,
          timeZone: change.timeZone ?? before.time_zone,
          reviewReminderDays: change.reviewReminderDays ?? before.review_reminder_days,
        }
        await trx
          .updateTable('institutions')
          .set({ min_group_size: after.minGroupSize, stale_after_months: after.staleAfterMonths, rating_visibility: after.ratingVisibility, time_zone: after.timeZone, review_reminder_days: after.reviewReminderDays })
          .where('id', '=', user.institutionId)
          .execute()
        // Shares are made under `shared`: leaving it ends them, so a later return to `shared` does not
        // revive a share its person may have forgotten. They share again if they wish.
        let sharesEnded = 0
        if (before.rating_visibility === 'shared' && after.ratingVisibility !== 'shared') {
          const ended = await trx.deleteFrom('rating_shares').where('institution_id', '=', user.institutionId).executeTakeFirst()
          sharesEnded = Number(ended.numDeletedRows)
        }
        await auditBy(trx, user, 'settings.update', 'institution', user.institutionId, { before, after, ...(sharesEnded > 0 ? { sharesEnded } : {}) })
        return after
      })
    },

    /** The kinds of action in the institution's log, for the filter. */
    async auditActions(user: SessionUser): Promise<string[]> {
      const rows = await db.selectFrom('audit_log').select('action').distinct().where('institution_id', '=', user.institutionId).orderBy('action').execute()
      return rows.map((row) => row.action)
    },
  }
}

export type InstitutionService = ReturnType<typeof createInstitutionService>
