import type { Kysely } from 'kysely'
import { CATALOGUES, isLocale } from '../../views/messages/index.js'
import type { Database } from '../db/schema.js'
import { NOT_YET } from '../domain/judgement.js'
import type { Mailer } from '../mail/mailer.js'
import type { ReviewMail } from '../services/reviews.js'

class NotHandedOver extends Error {}

/**
 * Sends one mail about a review request, in the recipient's language, written when it is sent: to the
 * reviewer when asked and when reminded (the competencies still waiting), to the person when a review
 * is decided. Claimed in `review_mail` by the transaction that sends it, so a job run twice sends once.
 *
 * ```ts
 * const send = createReviewMailSender(db, mailer, 'https://skills.example.edu')
 * await send({ kind: 'requested', requestId: 3, userId: 42, key: 'requested' }) // 'sent'
 * ```
 */
export function createReviewMailSender(db: Kysely<Database>, mailer: Mailer, publicUrl: string | undefined) {
  const link = publicUrl === undefined ? undefined : `${publicUrl.replace(/\/+$/, '')}/reviews`
  return async function sendReviewMail(mail: ReviewMail): Promise<'sent' | 'skipped' | 'failed'> {
    try {
      return await db.transaction().execute(async (trx) => {
        const claimed = await trx.insertInto('review_mail').values({ request_id: mail.requestId, user_id: mail.userId, key: `sent:${mail.key}` }).onConflict((oc) => oc.doNothing()).returning('key').executeTakeFirst()
        if (claimed === undefined) return 'skipped'
        const row = await trx
          .selectFrom('review_requests as q')
          .innerJoin('users as person', 'person.id', 'q.user_id')
          .innerJoin('institutions as i', 'i.id', 'q.institution_id')
          .innerJoin('users as recipient', (join) => join.on('recipient.id', '=', mail.userId).onRef('recipient.institution_id', '=', 'q.institution_id'))
          .select(['person.name as personName', 'q.message', 'recipient.name', 'recipient.email', 'recipient.locale', 'recipient.disabled_at as disabledAt', 'i.review_reminder_days as reminderDays'])
          .where('q.id', '=', mail.requestId)
          .executeTakeFirst()
        if (row === undefined || row.disabledAt !== null) return 'skipped'
        const m = CATALOGUES[isLocale(row.locale) ? row.locale : 'en'].reviews
        let subject: string
        let text: string
        if (mail.kind === 'decided') {
          const review = await trx
            .selectFrom('reviews')
            .innerJoin('competencies', 'competencies.id', 'reviews.competency_id')
            .innerJoin('frameworks', 'frameworks.id', 'competencies.framework_id')
            .leftJoin('users as decider', 'decider.id', 'reviews.decided_by')
            .select(['competencies.code', 'reviews.status', 'reviews.level', 'reviews.comment', 'decider.name as decider', 'frameworks.scale'])
            .where('reviews.id', '=', mail.reviewId ?? 0)
            .executeTakeFirst()
          if (review === undefined || review.status === 'open') return 'skipped'
          const label = review.level === null || review.level === NOT_YET ? undefined : review.scale.levels.find((level) => level.level === review.level)?.label
          const outcome = review.status === 'validated' ? m.mailOutcomeValidated(label === undefined ? String(review.level) : `${review.level} (${label})`) : m.mailOutcomeMoreEvidence
          subject = m.mailDecidedSubject(review.code)
          text = m.mailDecidedText(row.name, review.decider ?? m.hr, review.code, outcome, review.comment, link)
        } else {
          const waiting = await trx
            .selectFrom('reviews')
            .innerJoin('competencies', 'competencies.id', 'reviews.competency_id')
            .select('competencies.code')
            .where('reviews.request_id', '=', mail.requestId)
            .where('reviews.status', '=', 'open')
            .orderBy('competencies.code')
            .execute()
          // Decided since it was queued: nothing to ask or remind of.
          if (waiting.length === 0) return 'skipped'
          const codes = waiting.map((review) => review.code).join(', ')
          if (mail.kind === 'requested') {
            subject = m.mailRequestedSubject(row.personName, waiting.length)
            text = m.mailRequestedText(row.name, row.personName, codes, row.message, link)
          } else {
            const days = Number(/^reminder:(\d+)$/.exec(mail.key)?.[1] ?? 1) * row.reminderDays
            subject = m.mailReminderSubject(waiting.length, days)
            text = m.mailReminderText(row.name, row.personName, codes, days, link)
          }
        }
        if (!(await mailer.send({ to: row.email, subject, text }))) throw new NotHandedOver()
        return 'sent'
      })
    } catch (error) {
      if (error instanceof NotHandedOver) return 'failed'
      throw error
    }
  }
}
