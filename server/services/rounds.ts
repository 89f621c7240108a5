import { sql, type Kysely, type Transaction } from 'kysely'
import type { Database } from '../db/schema.js'
import { DEFAULT_REMINDER_DAYS, dueReminders, manualReminderKey, participationRows, roundStatus, type DepartmentParticipation, type Moment, type Participation, type RoundStatus } from '../domain/rounds.js'
import { startOfDay } from '../domain/time-zone.js'
import { auditBy } from './audit.js'
import { InvalidInputError, NotFoundError } from './errors.js'
import type { FrameworkUseService } from './framework-uses.js'
import type { SessionUser } from './users.js'

/** A mail about a round to one person, rendered when it is sent (their language, their progress then). */
export interface RoundMail {
  readonly kind: 'invitation' | 'reminder'
  readonly roundId: number
  readonly userId: number
  /** Which mail of the round: `invitation`, or the reminder's key; a person is sent each once. */
  readonly key: string
}

/** Where round mail goes: a durable queue, written in the caller's transaction (server/jobs/). */
export interface RoundMailQueue {
  /** False when no mail transport is configured: nothing is queued, staff find the round in the app. */
  readonly enabled: boolean
  queue(trx: Transaction<Database>, mails: readonly RoundMail[]): Promise<void>
}

export interface NewRound {
  readonly title: string
  /** An instant, or a day that begins at midnight in the institution's time zone. */
  readonly opensAt: Moment
  readonly closesAt: Moment
  readonly departmentIds?: readonly number[] | undefined
  readonly roleProfileIds?: readonly number[] | undefined
  readonly frameworkId?: number | undefined
}

export interface RoundSummary {
  readonly id: number
  readonly title: string
  readonly frameworkId: number
  readonly opensAt: Date
  readonly closesAt: Date
  readonly status: RoundStatus
  readonly departmentIds: readonly number[] | null
  readonly roleProfileIds: readonly number[] | null
  readonly reminderDays: readonly number[]
}

export interface RoundDetail extends RoundSummary {
  readonly participation: Participation
  /** The smallest group the institution shows figures for. */
  readonly k: number
  readonly reminders: readonly { readonly key: string; readonly at: Date; readonly queued: number }[]
}

/** A round as the person in it sees it: their progress, never anyone else's. */
export interface MyRound extends Pick<RoundSummary, 'id' | 'title' | 'frameworkId' | 'opensAt' | 'closesAt' | 'status'> {
  readonly rated: number
  readonly total: number
  readonly completedAt: Date | null
}

interface MemberProgress {
  round_id: number
  user_id: number
  department_id: number | null
  total: number
  answered: number
  last_answer: Date | null
}

/**
 * Each member's progress in rounds: the competencies they are asked (targets above zero, personal
 * over their role profile's in the round's framework; every competency when they have none, as the
 * guided self-assessment asks) and how many of those they answered in the round.
 */
function memberProgress(filter: { roundId: number } | { userId: number }) {
  const members = 'roundId' in filter ? sql`m.round_id = ${filter.roundId}` : sql`m.user_id = ${filter.userId}`
  return sql<MemberProgress>`
    with members as (
      select m.round_id, m.user_id, m.department_id, r.framework_id, here.id as target_profile_id
      from round_members m
      join assessment_rounds r on r.id = m.round_id
      join users u on u.id = m.user_id
      left join role_profiles held on held.id = u.role_profile_id
      left join role_profiles here on here.institution_id = u.institution_id and here.code = held.code and here.framework_id = r.framework_id
      where ${members}
    ),
    pairs as (
      select s.round_id, s.user_id, c.id as competency_id, coalesce(pt.level, rpt.level, 0) > 0 as targeted
      from members s
      join competencies c on c.framework_id = s.framework_id and c.kind = 'competency'
      left join role_profile_targets rpt on rpt.role_profile_id = s.target_profile_id and rpt.competency_id = c.id
      left join personal_targets pt on pt.user_id = s.user_id and pt.competency_id = c.id
    ),
    asked as (
      select p.round_id, p.user_id, p.competency_id from pairs p
      where p.targeted or not exists (select 1 from pairs q where q.round_id = p.round_id and q.user_id = p.user_id and q.targeted)
    )
    select s.round_id, s.user_id, s.department_id,
      count(a.competency_id)::integer as total,
      count(ra.competency_id)::integer as answered,
      max(ra.answered_at) as last_answer
    from members s
    left join asked a on a.round_id = s.round_id and a.user_id = s.user_id
    left join round_answers ra on ra.round_id = a.round_id and ra.user_id = a.user_id and ra.competency_id = a.competency_id
    group by s.round_id, s.user_id, s.department_id`
}

/**
 * Assessment rounds: HR open them for a scope of staff; staff answer in the guided self-assessment
 * (each save in an open round is recorded as an answer, services/judgements.ts); invitations and
 * reminders are queued once (`invited_at`, `round_reminders`) for the job queue to mail.
 *
 * ```ts
 * const { id } = await rounds.create(hr, { title: 'Spring 2027', opensAt, closesAt })
 * (await rounds.get(hr, id)).participation // { invited: 120, started: 40, completed: 12, rows: [...] }
 * ```
 */
export function createRoundService(db: Kysely<Database>, deps: { frameworkUses: FrameworkUseService; mail: RoundMailQueue; now: () => Date }) {
  const summaryOf = (row: { id: number; title: string; framework_id: number; opens_at: Date; closes_at: Date; department_ids: number[] | null; role_profile_ids: number[] | null; reminder_days: number[] }, now: Date): RoundSummary => ({
    id: row.id,
    title: row.title,
    frameworkId: row.framework_id,
    opensAt: new Date(row.opens_at),
    closesAt: new Date(row.closes_at),
    status: roundStatus({ opensAt: new Date(row.opens_at), closesAt: new Date(row.closes_at) }, now),
    departmentIds: row.department_ids,
    roleProfileIds: row.role_profile_ids,
    reminderDays: row.reminder_days,
  })
  const roundColumns = ['id', 'title', 'framework_id', 'opens_at', 'closes_at', 'department_ids', 'role_profile_ids', 'reminder_days'] as const

  async function roundOf(user: SessionUser, id: number) {
    const row = await db.selectFrom('assessment_rounds').select(roundColumns).where('id', '=', id).where('institution_id', '=', user.institutionId).executeTakeFirst()
    if (row === undefined) throw NotFoundError.of('notFound', { thing: 'round', id })
    return row
  }

  /** Queues an invitation for members not invited yet, marking them in the same transaction (once). */
  async function invite(trx: Transaction<Database>, roundId: number, now: Date): Promise<number> {
    const invited = await trx.updateTable('round_members').set({ invited_at: now }).where('round_id', '=', roundId).where('invited_at', 'is', null).returning('user_id').execute()
    if (deps.mail.enabled) await deps.mail.queue(trx, invited.map((member) => ({ kind: 'invitation', roundId, userId: member.user_id, key: 'invitation' })))
    return invited.length
  }

  /** Queues a reminder to every member of the round who has not finished; returns how many. */
  async function remindUnfinished(trx: Transaction<Database>, roundId: number, key: string): Promise<number> {
    const unfinished = (await sql<MemberProgress>`select * from (${memberProgress({ roundId })}) p where p.answered < p.total`.execute(trx)).rows
    if (deps.mail.enabled) await deps.mail.queue(trx, unfinished.map((member) => ({ kind: 'reminder', roundId, userId: member.user_id, key })))
    return unfinished.length
  }

  return {
    async create(user: SessionUser, round: NewRound): Promise<{ id: number; members: number }> {
      const now = deps.now()
      const at = (moment: Moment) => (moment instanceof Date ? moment : startOfDay(moment.day, user.timeZone))
      const input = { ...round, opensAt: at(round.opensAt), closesAt: at(round.closesAt) }
      if (input.closesAt <= input.opensAt) throw InvalidInputError.of('roundCloseBeforeOpen', {}, { closesAt: 'after opensAt' })
      if (input.closesAt <= now) throw InvalidInputError.of('roundClosesInPast', {}, { closesAt: 'in the future' })
      const { framework } = await deps.frameworkUses.choose(user, { requested: input.frameworkId })
      const departmentIds = input.departmentIds && input.departmentIds.length > 0 ? [...new Set(input.departmentIds)].sort((a, b) => a - b) : null
      const roleProfileIds = input.roleProfileIds && input.roleProfileIds.length > 0 ? [...new Set(input.roleProfileIds)].sort((a, b) => a - b) : null
      return db.transaction().execute(async (trx) => {
        if (departmentIds) {
          const known = await trx.selectFrom('departments').select('id').where('institution_id', '=', user.institutionId).where('id', 'in', departmentIds).execute()
          const missing = departmentIds.find((id) => !known.some((row) => row.id === id))
          if (missing !== undefined) throw NotFoundError.of('notFound', { thing: 'department', id: missing })
        }
        if (roleProfileIds) {
          const known = await trx.selectFrom('role_profiles').select('id').where('institution_id', '=', user.institutionId).where('id', 'in', roleProfileIds).execute()
          const missing = roleProfileIds.find((id) => !known.some((row) => row.id === id))
          if (missing !== undefined) throw NotFoundError.of('notFound', { thing: 'roleProfile', id: missing })
        }
        const round = await trx
          .insertInto('assessment_rounds')
          .values({
            institution_id: user.institutionId,
            framework_id: framework.row.id,
            title: input.title,
            opens_at: input.opensAt,
            closes_at: input.closesAt,
            department_ids: departmentIds,
            role_profile_ids: roleProfileIds,
            reminder_days: [...DEFAULT_REMINDER_DAYS],
            created_by: user.id,
          })
          .returning('id')
          .executeTakeFirstOrThrow()
        // Who is in it is fixed now: active staff of the institution in the scope (a role profile is
        // matched by its code, so a profile of another framework with the same code counts).
        const members = await sql<{ n: number }>`
          with added as (
            insert into round_members (round_id, user_id, department_id)
            select ${round.id}, u.id, u.department_id from users u
            left join role_profiles held on held.id = u.role_profile_id
            where u.institution_id = ${user.institutionId} and u.disabled_at is null
              and (${departmentIds}::integer[] is null or u.department_id = any(${departmentIds}::integer[]))
              and (${roleProfileIds}::integer[] is null or held.code in (select code from role_profiles where id = any(${roleProfileIds}::integer[])))
            returning 1
          )
          select count(*)::integer as n from added`.execute(trx)
        const count = members.rows[0]!.n
        if (count === 0) throw InvalidInputError.of('roundNobodyInScope', {}, { departmentIds: 'nobody in scope' })
        if (input.opensAt <= now) await invite(trx, round.id, now)
        await auditBy(trx, user, 'round.open', 'round', round.id, { title: input.title, opensAt: input.opensAt.toISOString(), closesAt: input.closesAt.toISOString(), members: count })
        return { id: round.id, members: count }
      })
    },

    async list(user: SessionUser): Promise<(RoundSummary & { invited: number })[]> {
      const rows = await db
        .selectFrom('assessment_rounds as r')
        .select(['r.id', 'r.title', 'r.framework_id', 'r.opens_at', 'r.closes_at', 'r.department_ids', 'r.role_profile_ids', 'r.reminder_days'])
        .select((eb) => eb.selectFrom('round_members').select(eb.fn.countAll<number>().as('n')).whereRef('round_members.round_id', '=', 'r.id').as('invited'))
        .where('r.institution_id', '=', user.institutionId)
        .orderBy('r.opens_at', 'desc')
        .orderBy('r.id', 'desc')
        .execute()
      const now = deps.now()
      return rows.map((row) => ({ ...summaryOf(row, now), invited: Number(row.invited) }))
    },

    async get(user: SessionUser, id: number): Promise<RoundDetail> {
      const row = await roundOf(user, id)
      const [progress, institution, reminders] = await Promise.all([
        memberProgress({ roundId: id }).execute(db),
        db.selectFrom('institutions').select('min_group_size').where('id', '=', user.institutionId).executeTakeFirstOrThrow(),
        db.selectFrom('round_reminders').select(['key', 'at', 'queued']).where('round_id', '=', id).orderBy('at').execute(),
      ])
      const byDepartment = new Map<number | null, DepartmentParticipation>()
      for (const member of progress.rows) {
        const seen = byDepartment.get(member.department_id) ?? { departmentId: member.department_id, invited: 0, started: 0, completed: 0 }
        byDepartment.set(member.department_id, {
          departmentId: member.department_id,
          invited: seen.invited + 1,
          started: seen.started + (member.answered > 0 ? 1 : 0),
          completed: seen.completed + (member.total > 0 && member.answered >= member.total ? 1 : 0),
        })
      }
      const k = institution.min_group_size
      return { ...summaryOf(row, deps.now()), participation: participationRows([...byDepartment.values()], k), k, reminders: reminders.map((reminder) => ({ ...reminder, at: new Date(reminder.at) })) }
    },

    /** HR's reminder to those who have not finished: at most one a day per round (a second press is told so). */
    async remind(user: SessionUser, id: number): Promise<{ queued: number; already: boolean }> {
      const row = await roundOf(user, id)
      const now = deps.now()
      if (roundStatus({ opensAt: new Date(row.opens_at), closesAt: new Date(row.closes_at) }, now) !== 'open') throw InvalidInputError.of('roundNotOpen', {})
      return db.transaction().execute(async (trx) => {
        const claimed = await trx.insertInto('round_reminders').values({ round_id: id, key: manualReminderKey(now, user.timeZone), sent_by: user.id }).onConflict((oc) => oc.doNothing()).returning('key').executeTakeFirst()
        if (claimed === undefined) return { queued: 0, already: true }
        const queued = await remindUnfinished(trx, id, claimed.key)
        await trx.updateTable('round_reminders').set({ queued }).where('round_id', '=', id).where('key', '=', claimed.key).execute()
        await auditBy(trx, user, 'round.remind', 'round', id, { queued })
        return { queued, already: false }
      })
    },

    /**
     * The open round of this framework the person is in (the one closing first), with the
     * competencies they answered in it: the guided self-assessment counts those as done.
     */
    async openRoundOf(user: SessionUser, frameworkId: number): Promise<{ id: number; title: string; closesAt: Date; answered: ReadonlySet<number> } | undefined> {
      const now = deps.now()
      const round = await db
        .selectFrom('round_members as m')
        .innerJoin('assessment_rounds as r', 'r.id', 'm.round_id')
        .select(['r.id', 'r.title', 'r.closes_at'])
        .select((eb) => eb.fn.coalesce(sql<number[]>`array(select competency_id from round_answers a where a.round_id = r.id and a.user_id = m.user_id)`, sql<number[]>`'{}'`).as('answered'))
        .where('m.user_id', '=', user.id)
        .where('r.institution_id', '=', user.institutionId)
        .where('r.framework_id', '=', frameworkId)
        .where('r.opens_at', '<=', now)
        .where('r.closes_at', '>', now)
        .orderBy('r.closes_at')
        .limit(1)
        .executeTakeFirst()
      return round === undefined ? undefined : { id: round.id, title: round.title, closesAt: new Date(round.closes_at), answered: new Set(round.answered) }
    },

    /** The levels the person answered in their latest closed round of this framework, with which round; undefined without one. */
    async previousAnswers(user: SessionUser, frameworkId: number): Promise<{ title: string; closesAt: Date; levels: ReadonlyMap<number, number> } | undefined> {
      const round = await db
        .selectFrom('round_answers as a')
        .innerJoin('assessment_rounds as r', 'r.id', 'a.round_id')
        .select(['r.id', 'r.title', 'r.closes_at'])
        .where('a.user_id', '=', user.id)
        .where('r.institution_id', '=', user.institutionId)
        .where('r.framework_id', '=', frameworkId)
        .where('r.closes_at', '<=', deps.now())
        .orderBy('r.closes_at', 'desc')
        .orderBy('r.id', 'desc')
        .limit(1)
        .executeTakeFirst()
      if (round === undefined) return undefined
      const answers = await db
        .selectFrom('round_answers as a')
        .innerJoin('ratings', 'ratings.id', 'a.rating_id')
        .select(['a.competency_id', 'ratings.level'])
        .where('a.round_id', '=', round.id)
        .where('a.user_id', '=', user.id)
        .execute()
      return { title: round.title, closesAt: new Date(round.closes_at), levels: new Map(answers.map((answer) => [answer.competency_id, answer.level])) }
    },

    /** The rounds the person is in, newest first, with their progress in each. */
    async mine(user: SessionUser): Promise<MyRound[]> {
      const [rounds, progress] = await Promise.all([
        db
          .selectFrom('round_members as m')
          .innerJoin('assessment_rounds as r', 'r.id', 'm.round_id')
          .select(['r.id', 'r.title', 'r.framework_id', 'r.opens_at', 'r.closes_at'])
          .where('m.user_id', '=', user.id)
          .where('r.institution_id', '=', user.institutionId)
          .orderBy('r.closes_at', 'desc')
          .execute(),
        memberProgress({ userId: user.id }).execute(db),
      ])
      const now = deps.now()
      return rounds
        .map((round) => {
          const mine = progress.rows.find((row) => row.round_id === round.id)
          const rated = mine?.answered ?? 0
          const total = mine?.total ?? 0
          const window = { opensAt: new Date(round.opens_at), closesAt: new Date(round.closes_at) }
          return { id: round.id, title: round.title, frameworkId: round.framework_id, ...window, status: roundStatus(window, now), rated, total, completedAt: total > 0 && rated >= total && mine?.last_answer ? new Date(mine.last_answer) : null }
        })
        .filter((round) => round.status !== 'upcoming')
    },

    /**
     * What the clock brings (the job queue runs it every few minutes, in one process at a time):
     * invitations of rounds that opened, reminders that fell due. Each is claimed in the database
     * before it is queued, so it goes out once whatever runs it.
     */
    async tick(): Promise<{ invited: number; reminded: number }> {
      const now = deps.now()
      const open = await db.selectFrom('assessment_rounds').select(['id', 'opens_at', 'closes_at', 'reminder_days']).where('opens_at', '<=', now).where('closes_at', '>', now).execute()
      let invited = 0
      let reminded = 0
      for (const round of open) {
        await db.transaction().execute(async (trx) => {
          invited += await invite(trx, round.id, now)
          const claimed = new Set((await trx.selectFrom('round_reminders').select('key').where('round_id', '=', round.id).execute()).map((row) => row.key))
          const due = dueReminders({ opensAt: new Date(round.opens_at), closesAt: new Date(round.closes_at), reminderDays: round.reminder_days }, now, claimed)
          if (!due.send) return
          const won = await trx.insertInto('round_reminders').values(due.claim.map((key) => ({ round_id: round.id, key }))).onConflict((oc) => oc.doNothing()).returning('key').execute()
          // Another process claimed them first: it sends.
          if (won.length < due.claim.length) return
          const queued = await remindUnfinished(trx, round.id, due.claim.at(-1)!)
          await trx.updateTable('round_reminders').set({ queued }).where('round_id', '=', round.id).where('key', 'in', due.claim).execute()
          reminded += queued
        })
      }
      return { invited, reminded }
    },
  }
}

export type RoundService = ReturnType<typeof createRoundService>
