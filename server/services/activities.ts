import { sql, type Kysely } from 'kysely'
import type { Database } from '../db/schema.js'
import { datesProblem, statusChangeProblem, type ActivityStatus } from '../domain/activities.js'
import { auditBy } from './audit.js'
import { ConflictError, InvalidInputError, NotFoundError } from './errors.js'
import type { SessionUser } from './users.js'

export interface Activity {
  readonly id: number
  readonly programmeId: number | null
  readonly programmeCode: string | null
  readonly title: string
  readonly status: ActivityStatus
  readonly hours: number | null
  readonly startedAt: string | null
  readonly completedAt: string | null
  readonly certificateUrl: string | null
  readonly notes: string
  readonly updatedAt: Date
}

export interface NewActivity {
  readonly programmeId?: number | undefined
  readonly title?: string | undefined
  readonly status: ActivityStatus
  readonly hours?: number | undefined
  readonly startedAt?: string | undefined
  readonly completedAt?: string | undefined
  readonly certificateUrl?: string | undefined
  readonly notes?: string | undefined
}

export type ActivityChange = Partial<Omit<NewActivity, 'programmeId' | 'hours'>> & { readonly hours?: number | null | undefined }

/**
 * The professional development log: programmes and other activities a person plans, takes and
 * completes. Status only moves forward; dates must fit; a programme is in the log once at a time.
 *
 * ```ts
 * const activities = createActivityService(db, () => new Date())
 * await activities.create(user, { programmeId: 3, status: 'planned' })
 * ```
 */
export function createActivityService(db: Kysely<Database>, now: () => Date) {
  const columns = [
    'pd_activities.id',
    'pd_activities.programme_id as programmeId',
    'programmes.code as programmeCode',
    'pd_activities.title',
    'pd_activities.status',
    'pd_activities.hours',
    sql<string | null>`to_char(pd_activities.started_at, 'YYYY-MM-DD')`.as('startedAt'),
    sql<string | null>`to_char(pd_activities.completed_at, 'YYYY-MM-DD')`.as('completedAt'),
    'pd_activities.certificate_url as certificateUrl',
    'pd_activities.notes',
    'pd_activities.updated_at as updatedAt',
  ] as const

  const select = (trx: Kysely<Database>, user: SessionUser) =>
    trx
      .selectFrom('pd_activities')
      .leftJoin('programmes', 'programmes.id', 'pd_activities.programme_id')
      .select(columns)
      .where('pd_activities.institution_id', '=', user.institutionId)
      .where('pd_activities.user_id', '=', user.id)

  const today = () => now().toISOString().slice(0, 10)

  return {
    /** The user's activities, most recently changed first. */
    list(user: SessionUser): Promise<Activity[]> {
      return select(db, user).orderBy('pd_activities.updated_at', 'desc').orderBy('pd_activities.id', 'desc').execute()
    },

    /** One of the user's activities; 404 for anyone else's. */
    async get(user: SessionUser, id: number): Promise<Activity> {
      const found = await select(db, user).where('pd_activities.id', '=', id).executeTakeFirst()
      if (found === undefined) throw NotFoundError.of('notFound', { thing: 'activity', id })
      return found
    },

    /**
     * Adds an activity: a published programme (its title and hours by default) or one described by a
     * title. Completing without a date means today; starting without a date, today.
     */
    create(user: SessionUser, input: NewActivity): Promise<Activity> {
      return db.transaction().execute(async (trx) => {
        let title = input.title?.trim() ?? ''
        let hours = input.hours ?? null
        if (input.programmeId !== undefined) {
          const programme = await trx.selectFrom('programmes').select(['id', 'title', 'hours']).where('id', '=', input.programmeId).where('published', '=', true).executeTakeFirst()
          if (programme === undefined) throw NotFoundError.of('notFound', { thing: 'programme', id: input.programmeId })
          const open = await openActivityOf(trx, user, programme.id)
          if (open !== undefined) throw ConflictError.of('programmeInLog', { activity: open.id })
          title ||= programme.title
          hours ??= programme.hours
        }
        if (title === '') throw InvalidInputError.of('activityTitleOrProgramme', {}, { title: 'required' })
        const dates = fillDates(input.status, input.startedAt ?? null, input.completedAt ?? null, today())
        const problem = datesProblem({ status: input.status, ...dates })
        if (problem !== undefined) throw new InvalidInputError(problem.reason, { completedAt: problem.message })
        const inserted = await trx
          .insertInto('pd_activities')
          .values({
            institution_id: user.institutionId,
            user_id: user.id,
            programme_id: input.programmeId ?? null,
            title,
            status: input.status,
            hours,
            started_at: dates.startedAt,
            completed_at: dates.completedAt,
            certificate_url: input.certificateUrl || null,
            notes: input.notes ?? '',
          })
          // A concurrent request may have logged the same programme since the check above: the index
          // then refuses this row, and the answer names the one it wrote.
          .onConflict((oc) => oc.columns(['user_id', 'programme_id']).where('programme_id', 'is not', null).where('status', '<>', 'completed').doNothing())
          .returning('id')
          .executeTakeFirst()
        if (inserted === undefined) throw ConflictError.of('programmeInLog', { activity: (await openActivityOf(trx, user, input.programmeId!))?.id ?? 0 })
        const { id } = inserted
        await auditBy(trx, user, 'activity.create', 'activity', id, { status: input.status, programmeId: input.programmeId ?? null })
        return (await select(trx, user).where('pd_activities.id', '=', id).executeTakeFirst())!
      })
    },

    /** Changes an activity; 409 for a status change the rules forbid, 400 for dates that do not fit. */
    update(user: SessionUser, id: number, change: ActivityChange): Promise<Activity> {
      return db.transaction().execute(async (trx) => {
        const current = await select(trx, user).where('pd_activities.id', '=', id).forUpdate('pd_activities').executeTakeFirst()
        if (current === undefined) throw NotFoundError.of('notFound', { thing: 'activity', id })
        const status = change.status ?? current.status
        const statusProblem = statusChangeProblem(current.status, status)
        if (statusProblem !== undefined) throw new ConflictError(statusProblem.reason)
        const title = change.title === undefined ? current.title : change.title.trim()
        if (title === '') throw InvalidInputError.of('activityTitleRequired', {}, { title: 'required' })
        const dates = fillDates(status, change.startedAt ?? current.startedAt, change.completedAt ?? current.completedAt, today())
        const problem = datesProblem({ status, ...dates })
        if (problem !== undefined) throw new InvalidInputError(problem.reason, { completedAt: problem.message })
        await trx
          .updateTable('pd_activities')
          .set({
            title,
            status,
            hours: change.hours === undefined ? current.hours : change.hours,
            started_at: dates.startedAt,
            completed_at: dates.completedAt,
            certificate_url: change.certificateUrl === undefined ? current.certificateUrl : change.certificateUrl || null,
            notes: change.notes ?? current.notes,
            updated_at: sql<Date>`now()`,
          })
          .where('id', '=', id)
          .execute()
        await auditBy(trx, user, 'activity.update', 'activity', id, { from: current.status, to: status })
        return (await select(trx, user).where('pd_activities.id', '=', id).executeTakeFirst())!
      })
    },

    /** Ids of programmes the user is taking or has completed: not to be recommended again. */
    async takenProgrammeIds(user: SessionUser): Promise<Set<number>> {
      const rows = await db
        .selectFrom('pd_activities')
        .select('programme_id')
        .where('institution_id', '=', user.institutionId)
        .where('user_id', '=', user.id)
        .where('status', 'in', ['in_progress', 'completed'])
        .where('programme_id', 'is not', null)
        .execute()
      return new Set(rows.map((row) => row.programme_id!))
    },
  }
}

export type ActivityService = ReturnType<typeof createActivityService>

/** The person's activity of this programme that is not completed yet, if any (there is at most one). */
function openActivityOf(trx: Kysely<Database>, user: SessionUser, programmeId: number): Promise<{ id: number } | undefined> {
  return trx.selectFrom('pd_activities').select('id').where('user_id', '=', user.id).where('programme_id', '=', programmeId).where('status', '!=', 'completed').executeTakeFirst()
}

function fillDates(status: ActivityStatus, startedAt: string | null, completedAt: string | null, today: string) {
  return {
    startedAt: startedAt ?? (status === 'planned' ? null : (completedAt ?? today)),
    completedAt: completedAt ?? (status === 'completed' ? today : null),
  }
}

