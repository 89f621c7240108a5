import { CompiledQuery, type Kysely, type Transaction } from 'kysely'
import PgBoss from 'pg-boss'
import type { Database } from '../db/schema.js'
import type { ReviewMail, ReviewMailQueue } from '../services/reviews.js'
import type { RoundMail, RoundMailQueue } from '../services/rounds.js'

/** The queues: one mail per job, and the clock that invites and reminds (rounds, reviews waiting). */
export const QUEUES = { roundMail: 'round-mail', reviewMail: 'review-mail', roundsTick: 'rounds-tick' } as const

/** Every five minutes: a reminder due at 09:00 goes out by 09:05, whichever process runs it. */
const TICK_CRON = '*/5 * * * *'

/** A mail that could not be handed over is tried again later, up to this many times in all. */
const MAIL_ATTEMPTS = 5

export interface JobHandlers {
  /** Sends one round mail; 'failed' when the transport refused it (tried again later). */
  readonly sendRoundMail: (mail: RoundMail) => Promise<'sent' | 'skipped' | 'failed'>
  readonly sendReviewMail: (mail: ReviewMail) => Promise<'sent' | 'skipped' | 'failed'>
  readonly tick: () => Promise<unknown>
}

export interface JobQueueOptions {
  /** Seconds between a worker's polls (pg-boss's default is 2). */
  readonly pollingSeconds?: number
  readonly onError: (error: Error) => void
}

export interface JobQueue extends RoundMailQueue {
  /** The review requests' mail (services/reviews.ts), queued in the caller's transaction. */
  readonly reviewMail: ReviewMailQueue
  /** Starts the workers and the clock in this process. */
  work(handlers: JobHandlers): Promise<void>
  /** Runs the clock's work now (what the schedule does every five minutes). */
  tickNow(): Promise<void>
  stop(): Promise<void>
}

/** pg-boss speaks to the database through our pool, or inside one of our transactions. */
function adapter(db: Kysely<Database> | Transaction<Database>): PgBoss.Db {
  return {
    async executeSql(text, values) {
      const result = await db.executeQuery(CompiledQuery.raw(text, values ?? []))
      return { rows: [...result.rows] }
    },
  }
}

type RoundMailJob = RoundMail & { readonly attempt?: number }
type ReviewMailJob = ReviewMail & { readonly attempt?: number }

/**
 * The background work of all app processes: a PostgreSQL job queue (pg-boss), in its own schema of the
 * app's database, so it needs no other server, survives restarts and runs each job in one process.
 * Round mail is queued inside the transaction that decides it (an invitation marked sent, a reminder
 * claimed), so a rolled-back change queues nothing. pg-boss creates and upgrades its schema itself on
 * start, under its own advisory lock.
 *
 * ```ts
 * const jobs = await startJobQueue(db, { onError: (error) => log.error(error) })
 * await jobs.work({ sendRoundMail, tick: () => rounds.tick() })
 * ```
 */
export async function startJobQueue(db: Kysely<Database>, options: JobQueueOptions): Promise<JobQueue> {
  const pollingIntervalSeconds = options.pollingSeconds ?? 2
  const boss = new PgBoss({ db: adapter(db), schema: 'pgboss', supervise: false, schedule: false, migrate: true, pollingIntervalSeconds })
  boss.on('error', options.onError)
  await boss.start()
  for (const name of Object.values(QUEUES)) {
    if ((await boss.getQueue(name)) === null) await boss.createQueue(name, { name, retryLimit: 2, retryDelay: 60, expireInSeconds: 15 * 60 })
  }
  let working: PgBoss | undefined
  let handlers: JobHandlers | undefined

  const queueMail = (queue: string, through: Kysely<Database> | Transaction<Database>, mails: readonly object[], startAfter?: Date) =>
    mails.length === 0
      ? Promise.resolve()
      : boss.insert(
          mails.map((data) => ({ name: queue, data, ...(startAfter === undefined ? {} : { startAfter }) })),
          { db: adapter(through) },
        )

  /** Sends a batch one by one; a mail the transport refused is queued again for later as a new job, so the batch completes. */
  const sendEach =
    <T extends { readonly attempt?: number }>(queue: string, send: (mail: T) => Promise<'sent' | 'skipped' | 'failed'>) =>
    async (jobs: PgBoss.Job<T>[]) => {
      // A batch cut short (a crash) is run again by pg-boss: the mails it had sent are claimed and skipped.
      for (const job of jobs) {
        const outcome = await send(job.data)
        const attempt = (job.data.attempt ?? 1) + 1
        if (outcome === 'failed' && attempt <= MAIL_ATTEMPTS) await queueMail(queue, db, [{ ...job.data, attempt }], new Date(Date.now() + 60_000 * 2 ** attempt))
      }
    }

  return {
    enabled: true,
    queue: (trx, mails) => queueMail(QUEUES.roundMail, trx, mails),
    reviewMail: { enabled: true, queue: (trx, mails) => queueMail(QUEUES.reviewMail, trx, mails) },

    async work(given) {
      handlers = given
      // A second instance with maintenance and the clock: pg-boss runs each in one process at a time.
      working = new PgBoss({ db: adapter(db), schema: 'pgboss', supervise: true, schedule: true, migrate: false, pollingIntervalSeconds })
      working.on('error', options.onError)
      await working.start()
      await working.schedule(QUEUES.roundsTick, TICK_CRON, {}, { tz: 'UTC' })
      await working.work<RoundMailJob>(QUEUES.roundMail, { batchSize: 20, pollingIntervalSeconds }, sendEach<RoundMailJob>(QUEUES.roundMail, given.sendRoundMail))
      await working.work<ReviewMailJob>(QUEUES.reviewMail, { batchSize: 20, pollingIntervalSeconds }, sendEach<ReviewMailJob>(QUEUES.reviewMail, given.sendReviewMail))
      await working.work(QUEUES.roundsTick, { pollingIntervalSeconds }, async () => {
        await given.tick()
      })
    },

    async tickNow() {
      if (handlers === undefined) throw new Error('the job queue is not working in this process')
      await handlers.tick()
    },

    async stop() {
      await working?.stop({ graceful: true, wait: true, timeout: 10_000 })
      await boss.stop({ graceful: false, wait: true })
    },
  }
}
