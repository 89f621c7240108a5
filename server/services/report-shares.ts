import type { Kysely } from 'kysely'
import type { Database } from '../db/schema.js'
import { auditBy } from './audit.js'
import { ConflictError, ForbiddenError, NotFoundError } from './errors.js'
import type { SessionUser } from './users.js'

interface Person {
  readonly id: number
  readonly institutionId: number
}

/** Where a person's report of one framework stands: their reviewer now, and whether it is shared with them. */
export interface ReportShare {
  readonly reviewer: { readonly id: number; readonly name: string } | null
  /** When the standing share with the current reviewer was made; null when the report is not shared. */
  readonly sharedAt: Date | null
}

/** A report shared with the reader, as their list of people shows it. */
export interface SharedReport {
  readonly userId: number
  readonly frameworkId: number
  readonly sharedAt: Date
}

/**
 * A person's feedback report shared with their reviewer, only by the person's own action and one
 * framework at a time. The reviewer reads it as it stands while the share does; HR do not (they see
 * aggregates and, under the institution's setting, shared ratings, not the report). A share stands
 * only with the reviewer it was made with: a new reviewer inherits nothing. Shares and stops are
 * audited; stopping keeps the row (stopped_at), so who could read a report when stays known.
 *
 * ```ts
 * const shares = createReportShareService(db)
 * await shares.set(lecturer, frameworkId, true) // { reviewer: { id: 4, name: 'Dr Okafor' }, sharedAt: Date }
 * await shares.requireShared(reviewer, lecturer.id, frameworkId) // throws 403 once the lecturer stops
 * ```
 */
export function createReportShareService(db: Kysely<Database>) {
  async function of(trx: Kysely<Database>, person: Person, frameworkId: number): Promise<ReportShare> {
    const row = await trx
      .selectFrom('users')
      .leftJoin('users as reviewer', 'reviewer.id', 'users.reviewer_id')
      .leftJoin('report_shares', (join) =>
        join.onRef('report_shares.user_id', '=', 'users.id').onRef('report_shares.reviewer_id', '=', 'users.reviewer_id').on('report_shares.framework_id', '=', frameworkId).on('report_shares.stopped_at', 'is', null),
      )
      .select(['users.reviewer_id as reviewerId', 'reviewer.name as reviewerName', 'report_shares.shared_at as sharedAt'])
      .where('users.id', '=', person.id)
      .where('users.institution_id', '=', person.institutionId)
      .executeTakeFirstOrThrow()
    return {
      reviewer: row.reviewerId === null ? null : { id: row.reviewerId, name: row.reviewerName ?? '' },
      sharedAt: row.sharedAt === null ? null : new Date(row.sharedAt),
    }
  }

  return {
    of: (person: Person, frameworkId: number) => of(db, person, frameworkId),

    /**
     * Shares the person's report of the framework with their current reviewer, or stops; audited.
     * Sharing needs a reviewer (409 `reportNoReviewer`); sharing what is shared, or stopping what is
     * not, changes nothing (a double submit writes once).
     */
    set(person: Person, frameworkId: number, shared: boolean): Promise<ReportShare> {
      return db.transaction().execute(async (trx) => {
        // Lock the person's row: a reviewer change by HR cannot slip between the check and the share.
        await trx.selectFrom('users').select('id').where('id', '=', person.id).where('institution_id', '=', person.institutionId).forUpdate().executeTakeFirstOrThrow()
        const before = await of(trx, person, frameworkId)
        // A share with an earlier reviewer ends whatever the person asks: it no longer lets anyone read.
        const stopped = await trx
          .updateTable('report_shares')
          .set({ stopped_at: new Date() })
          .where('user_id', '=', person.id)
          .where('framework_id', '=', frameworkId)
          .where('stopped_at', 'is', null)
          .$if(shared && before.reviewer !== null, (query) => query.where('reviewer_id', '<>', before.reviewer!.id))
          .returning('reviewer_id')
          .execute()
        for (const row of stopped) await auditBy(trx, person, 'report.unshare', 'staff', person.id, { reviewerId: row.reviewer_id, frameworkId })
        if (shared) {
          if (before.reviewer === null) throw ConflictError.of('reportNoReviewer', {})
          if (before.sharedAt !== null) return before
          await trx.insertInto('report_shares').values({ institution_id: person.institutionId, user_id: person.id, framework_id: frameworkId, reviewer_id: before.reviewer.id }).execute()
          await auditBy(trx, person, 'report.share', 'staff', person.id, { reviewerId: before.reviewer.id, frameworkId })
        }
        return of(trx, person, frameworkId)
      })
    },

    /** The reports shared with the reader now (by people whose reviewer they still are). */
    async sharedWith(reader: SessionUser): Promise<SharedReport[]> {
      const rows = await db
        .selectFrom('report_shares')
        .innerJoin('users', 'users.id', 'report_shares.user_id')
        .select(['report_shares.user_id as userId', 'report_shares.framework_id as frameworkId', 'report_shares.shared_at as sharedAt'])
        .where('report_shares.reviewer_id', '=', reader.id)
        .where('report_shares.stopped_at', 'is', null)
        .where('users.reviewer_id', '=', reader.id)
        .where('users.institution_id', '=', reader.institutionId)
        .orderBy('report_shares.shared_at', 'desc')
        .execute()
      return rows.map((row) => ({ ...row, sharedAt: new Date(row.sharedAt) }))
    },

    /**
     * The person whose report the reader opens, when it is shared with them: 404 for a person of
     * another institution or none, 403 (`reportNotShared`) for anyone else, HR included.
     */
    async requireShared(reader: SessionUser, personId: number, frameworkId: number): Promise<{ id: number; name: string; sharedAt: Date }> {
      const person = await db.selectFrom('users').select(['id', 'name']).where('id', '=', personId).where('institution_id', '=', reader.institutionId).executeTakeFirst()
      if (person === undefined) throw NotFoundError.of('notFound', { thing: 'person', id: personId })
      const share = await of(db, { id: person.id, institutionId: reader.institutionId }, frameworkId)
      if (share.reviewer?.id !== reader.id || share.sharedAt === null) throw ForbiddenError.of('reportNotShared', { name: person.name })
      return { id: person.id, name: person.name, sharedAt: share.sharedAt }
    },
  }
}

export type ReportShareService = ReturnType<typeof createReportShareService>
