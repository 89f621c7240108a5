import { sql, type Kysely } from 'kysely'
import type { Database } from '../db/schema.js'
import { auditBy } from './audit.js'
import type { CredentialService } from './credentials.js'
import { ConflictError, NotFoundError } from './errors.js'
import type { SessionUser } from './users.js'

/** A completed catalogue programme in a person's log, as far as a credential for it has come. */
export interface Completion {
  readonly activityId: number
  readonly programmeId: number
  readonly code: string
  readonly title: string
  readonly completedOn: string
  readonly certificateUrl: string | null
  readonly askedAt: Date | null
  readonly confirmedAt: Date | null
  /** The live credential it earned. */
  readonly credentialId: string | null
}

/** A completion waiting for HR or a designer to confirm it. */
export interface CompletionToConfirm extends Completion {
  readonly person: { readonly id: number; readonly name: string; readonly department: string | null }
}


/**
 * Completed programmes, credited: a person asks for a completed catalogue programme of their log to
 * be confirmed; HR or a programme designer of their institution confirms it, which issues its Open
 * Badges credential in the same transaction. Asking and confirming twice change nothing.
 *
 * ```ts
 * const completions = createCompletionService(db, credentials, () => new Date())
 * await completions.ask(lecturer, activityId)
 * await completions.confirm(designer, activityId) // { credentialId: '5b1…', changed: true }
 * ```
 */
export function createCompletionService(db: Kysely<Database>, credentials: CredentialService, now: () => Date) {
  return {
    /** The person's completed catalogue programmes: what they may ask to have confirmed, and what became of it. */
    async mine(user: SessionUser): Promise<Completion[]> {
      return completionRows(db)
        .where('pd_activities.user_id', '=', user.id)
        .where('pd_activities.institution_id', '=', user.institutionId)
        .orderBy('pd_activities.completed_at', 'desc')
        .orderBy('pd_activities.id', 'desc')
        .execute()
        .then((rows) => rows.map(completionOf))
    },

    /** The person asks for a completed programme to be confirmed (and credited). Asking again changes nothing. */
    async ask(user: SessionUser, activityId: number): Promise<{ readonly changed: boolean }> {
      return db.transaction().execute(async (trx) => {
        const activity = await trx
          .selectFrom('pd_activities')
          .select(['status', 'programme_id', 'confirmation_asked_at'])
          .where('id', '=', activityId)
          .where('user_id', '=', user.id)
          .where('institution_id', '=', user.institutionId)
          .forUpdate()
          .executeTakeFirst()
        if (activity === undefined) throw NotFoundError.of('notFound', { thing: 'activity', id: activityId })
        if (activity.status !== 'completed' || activity.programme_id === null) throw ConflictError.of('completionNotConfirmable', {})
        if (activity.confirmation_asked_at !== null) return { changed: false }
        await trx.updateTable('pd_activities').set({ confirmation_asked_at: now() }).where('id', '=', activityId).execute()
        await auditBy(trx, user, 'credential.ask', 'activity', activityId, { programmeId: activity.programme_id })
        return { changed: true }
      })
    },

    /** Completions waiting for confirmation in the actor's institution (HR and programme designers confirm), oldest first. */
    async toConfirm(actor: SessionUser): Promise<CompletionToConfirm[]> {
      const rows = await completionRows(db)
        .innerJoin('users', 'users.id', 'pd_activities.user_id')
        .leftJoin('departments', 'departments.id', 'users.department_id')
        .select(['users.id as personId', 'users.name as personName', 'departments.name as department'])
        .where('pd_activities.institution_id', '=', actor.institutionId)
        .where('pd_activities.confirmation_asked_at', 'is not', null)
        .where('pd_activities.confirmed_at', 'is', null)
        .where('pd_activities.user_id', '!=', actor.id)
        .where('users.disabled_at', 'is', null)
        .orderBy('pd_activities.confirmation_asked_at')
        .orderBy('pd_activities.id')
        .execute()
      return rows.map((row) => ({ ...completionOf(row), person: { id: row.personId, name: row.personName, department: row.department } }))
    },

    /**
     * Confirms a completion the person asked to have confirmed, and issues its credential, together.
     * 404 outside the actor's institution, for their own and for one nobody asked about; confirming
     * again changes nothing.
     */
    async confirm(actor: SessionUser, activityId: number): Promise<{ readonly credentialId: string | null; readonly changed: boolean }> {
      return db.transaction().execute(async (trx) => {
        const activity = await trx
          .selectFrom('pd_activities')
          .select(['user_id', 'status', 'programme_id', 'confirmation_asked_at', 'confirmed_at'])
          .where('id', '=', activityId)
          .where('institution_id', '=', actor.institutionId)
          .forUpdate()
          .executeTakeFirst()
        if (activity === undefined || activity.user_id === actor.id || activity.confirmation_asked_at === null) throw NotFoundError.of('notFound', { thing: 'activity', id: activityId })
        if (activity.confirmed_at !== null) return { credentialId: null, changed: false }
        if (activity.status !== 'completed' || activity.programme_id === null) throw ConflictError.of('completionNotConfirmable', {})
        await trx.updateTable('pd_activities').set({ confirmed_by: actor.id, confirmed_at: now() }).where('id', '=', activityId).execute()
        await auditBy(trx, actor, 'credential.confirm', 'activity', activityId, { userId: activity.user_id, programmeId: activity.programme_id })
        const credentialId = await credentials.forCompletion(trx, { institutionId: actor.institutionId, activityId, issuedBy: actor.id })
        return { credentialId: credentialId ?? null, changed: true }
      })
    },

    /** Whose completion of what the actor confirmed (the page's notice after confirming). */
    async confirmedBy(actor: SessionUser, activityId: number): Promise<{ readonly person: string; readonly title: string } | undefined> {
      return db
        .selectFrom('pd_activities')
        .innerJoin('users', 'users.id', 'pd_activities.user_id')
        .innerJoin('programmes', 'programmes.id', 'pd_activities.programme_id')
        .select(['users.name as person', 'programmes.title'])
        .where('pd_activities.id', '=', activityId)
        .where('pd_activities.institution_id', '=', actor.institutionId)
        .where('pd_activities.confirmed_by', '=', actor.id)
        .executeTakeFirst()
    },
  }
}

export type CompletionService = ReturnType<typeof createCompletionService>

/** A completed catalogue programme of the log, with its confirmation and live credential. */
function completionRows(db: Kysely<Database>) {
  return db
    .selectFrom('pd_activities')
    .innerJoin('programmes', 'programmes.id', 'pd_activities.programme_id')
    .leftJoin('credentials', (join) => join.onRef('credentials.activity_id', '=', 'pd_activities.id').on('credentials.revoked_at', 'is', null))
    .select([
      'pd_activities.id as activityId',
      'programmes.id as programmeId',
      'programmes.code',
      'programmes.title',
      sql<string>`to_char(pd_activities.completed_at, 'YYYY-MM-DD')`.as('completedOn'),
      'pd_activities.certificate_url as certificateUrl',
      'pd_activities.confirmation_asked_at as askedAt',
      'pd_activities.confirmed_at as confirmedAt',
      'credentials.id as credentialId',
    ])
    .where('pd_activities.status', '=', 'completed')
}

function completionOf(row: { activityId: number; programmeId: number; code: string; title: string; completedOn: string; certificateUrl: string | null; askedAt: Date | null; confirmedAt: Date | null; credentialId: string | null }): Completion {
  return {
    activityId: row.activityId,
    programmeId: row.programmeId,
    code: row.code,
    title: row.title,
    completedOn: row.completedOn,
    certificateUrl: row.certificateUrl,
    askedAt: row.askedAt === null ? null : new Date(row.askedAt),
    confirmedAt: row.confirmedAt === null ? null : new Date(row.confirmedAt),
    credentialId: row.credentialId,
  }
}
