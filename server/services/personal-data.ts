import type { Kysely } from 'kysely'
import type { Database } from '../db/schema.js'
import { auditMayCarryLevels, readersOf } from '../domain/visibility.js'
import type { ActivityService } from './activities.js'
import type { SessionUser } from './users.js'
import type { VisibilityService } from './visibility.js'

/**
 * Everything kept about one person, for their own download. Only their rows, of their institution.
 *
 * ```ts
 * const data = await createPersonalDataService(db, activities, visibility).exportFor(user)
 * data.ratings.length // every rating, newest first
 * data.visibility.selfRatingsReadBy // ['you'] under the institution's `aggregates` setting
 * ```
 */
export function createPersonalDataService(db: Kysely<Database>, activities: ActivityService, visibility: VisibilityService) {
  return {
    async exportFor(user: SessionUser) {
      const [profile, ratings, validations, targets, log, seen, reportShares, evidenceFiles, reviews, credentials] = await Promise.all([
        db
          .selectFrom('users')
          .leftJoin('departments', 'departments.id', 'users.department_id')
          .leftJoin('role_profiles', 'role_profiles.id', 'users.role_profile_id')
          .select(['users.email', 'users.name', 'users.role', 'users.locale', 'users.study_languages as studyLanguages', 'users.created_at as createdAt', 'departments.name as department', 'role_profiles.name as roleProfile'])
          .where('users.id', '=', user.id)
          .executeTakeFirstOrThrow(),
        db
          .selectFrom('ratings')
          .innerJoin('competencies', 'competencies.id', 'ratings.competency_id')
          .leftJoin('users as rater', 'rater.id', 'ratings.rated_by')
          .select(['competencies.code', 'competencies.title', 'ratings.level', 'ratings.evidence', 'ratings.evidence_url as evidenceUrl', 'ratings.evidence_files as evidenceFileIds', 'ratings.source', 'rater.name as ratedBy', 'ratings.created_at as ratedAt'])
          .where('ratings.user_id', '=', user.id)
          .where('ratings.institution_id', '=', user.institutionId)
          .orderBy('ratings.created_at', 'desc')
          .orderBy('ratings.id', 'desc')
          .execute(),
        db
          .selectFrom('current_validations')
          .innerJoin('competencies', 'competencies.id', 'current_validations.competency_id')
          .innerJoin('users as reviewer', 'reviewer.id', 'current_validations.reviewer_id')
          .select(['competencies.code', 'current_validations.level', 'current_validations.comment', 'reviewer.name as reviewer', 'current_validations.updated_at as validatedAt'])
          .where('current_validations.user_id', '=', user.id)
          .execute(),
        db
          .selectFrom('personal_targets')
          .innerJoin('competencies', 'competencies.id', 'personal_targets.competency_id')
          .select(['competencies.code', 'personal_targets.level'])
          .where('personal_targets.user_id', '=', user.id)
          .execute(),
        activities.list(user),
        visibility.of(user),
        db
          .selectFrom('report_shares')
          .innerJoin('frameworks', 'frameworks.id', 'report_shares.framework_id')
          .innerJoin('users as reviewer', 'reviewer.id', 'report_shares.reviewer_id')
          .select(['frameworks.title as framework', 'reviewer.name as reviewer', 'report_shares.shared_at as sharedAt', 'report_shares.stopped_at as stoppedAt'])
          .where('report_shares.user_id', '=', user.id)
          .orderBy('report_shares.shared_at')
          .execute(),
        // The files themselves are downloaded one by one from My evidence: this says what is kept.
        db
          .selectFrom('evidence_files')
          .select(['id', 'name', 'content_type as type', 'bytes', 'sha256', 'created_at as uploadedAt'])
          .where('user_id', '=', user.id)
          .where('institution_id', '=', user.institutionId)
          .orderBy('created_at')
          .execute(),
        db
          .selectFrom('reviews')
          .innerJoin('review_requests as request', 'request.id', 'reviews.request_id')
          .innerJoin('competencies', 'competencies.id', 'reviews.competency_id')
          .leftJoin('users as askedOf', 'askedOf.id', 'request.reviewer_id')
          .leftJoin('users as decider', 'decider.id', 'reviews.decided_by')
          .select(['competencies.code', 'request.message', 'request.created_at as askedAt', 'askedOf.name as askedOf', 'reviews.status', 'reviews.level', 'reviews.comment', 'decider.name as decidedBy', 'reviews.decided_at as decidedAt'])
          .where('reviews.user_id', '=', user.id)
          .where('reviews.institution_id', '=', user.institutionId)
          .orderBy('request.created_at')
          .orderBy('competencies.code')
          .execute(),
        db
          .selectFrom('credentials')
          .select(['id', 'kind', 'issued_at as issuedAt', 'revoked_at as revokedAt', 'jwt as credential'])
          .where('user_id', '=', user.id)
          .where('institution_id', '=', user.institutionId)
          .orderBy('issued_at')
          .execute(),
      ])
      return {
        exportedAt: new Date().toISOString(),
        institution: user.institutionName,
        profile,
        ratings,
        validations,
        personalTargets: targets,
        activities: log.map(({ updatedAt, ...activity }) => ({ ...activity, updatedAt })),
        /** Each time you shared your feedback report with your reviewer, and when you stopped. */
        reportShares,
        /** Your evidence files (download each from My evidence); ratings name them by id. */
        evidenceFiles,
        /** The reviews you asked for (askedOf null: HR), and their decisions. */
        reviews,
        /** The credentials issued to you, each as signed (a VC-JWT), and whether it was revoked. */
        credentials,
        visibility: {
          setting: seen.mode,
          reviewer: seen.reviewer?.name ?? null,
          sharedWithReviewer: seen.shared,
          sharedAt: seen.sharedAt?.toISOString() ?? null,
          /** Who may open your own levels and evidence now; everyone else sees them only in totals. */
          selfRatingsReadBy: readersOf(seen.audience, seen.reviewer !== null),
          /** HR see totals of at least this many people. */
          hrTotalsOfAtLeast: seen.k,
          /** Whether the audit log HR read records your levels. */
          auditLogRecordsLevels: auditMayCarryLevels(seen.mode),
        },
      }
    },
  }
}

export type PersonalDataService = ReturnType<typeof createPersonalDataService>
