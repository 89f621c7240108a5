import type { Kysely } from 'kysely'
import { CATALOGUES, isLocale } from '../../views/messages/index.js'
import { formatDateTime } from '../../views/format.js'
import type { Database } from '../db/schema.js'
import type { Mailer } from '../mail/mailer.js'
import type { RoundMail } from '../services/rounds.js'

class NotHandedOver extends Error {}

/**
 * Sends one mail about a round, in the person's language, written when it is sent. The mail is
 * claimed in `round_mail` in the transaction that sends it: a job run twice sends nothing the second
 * time, and a mail the transport refused leaves no claim, so it is tried again.
 *
 * ```ts
 * const send = createRoundMailSender(db, mailer, 'https://skills.example.edu')
 * await send({ kind: 'reminder', roundId: 3, userId: 42, key: 'days:2' }) // 'sent'
 * ```
 */
export function createRoundMailSender(db: Kysely<Database>, mailer: Mailer, publicUrl: string | undefined) {
  return async function sendRoundMail(mail: RoundMail): Promise<'sent' | 'skipped' | 'failed'> {
    try {
      return await db.transaction().execute(async (trx) => {
        const claimed = await trx.insertInto('round_mail').values({ round_id: mail.roundId, user_id: mail.userId, key: mail.key }).onConflict((oc) => oc.doNothing()).returning('key').executeTakeFirst()
        if (claimed === undefined) return 'skipped'
        const row = await trx
          .selectFrom('round_members as m')
          .innerJoin('assessment_rounds as r', 'r.id', 'm.round_id')
          .innerJoin('users as u', 'u.id', 'm.user_id')
          .innerJoin('institutions as i', 'i.id', 'r.institution_id')
          .select(['u.email', 'u.name', 'u.locale', 'u.disabled_at', 'r.title', 'r.closes_at', 'r.framework_id', 'i.name as institution', 'i.time_zone'])
          .where('m.round_id', '=', mail.roundId)
          .where('m.user_id', '=', mail.userId)
          .executeTakeFirst()
        // Gone from the round or disabled since: nothing to send (the claim stays: nothing later either).
        if (row === undefined || row.disabled_at !== null) return 'skipped'
        const locale = isLocale(row.locale) ? row.locale : 'en'
        const m = CATALOGUES[locale].rounds
        const closes = formatDateTime(locale, new Date(row.closes_at), row.time_zone)
        const link = publicUrl === undefined ? undefined : `${publicUrl.replace(/\/+$/, '')}/self-assessment?framework=${row.framework_id}`
        const text = mail.kind === 'invitation' ? m.mailInvitationText(row.name, row.institution, row.title, closes, link) : m.mailReminderText(row.name, row.institution, row.title, closes, link)
        const subject = mail.kind === 'invitation' ? m.mailInvitationSubject(row.title) : m.mailReminderSubject(row.title, closes)
        if (!(await mailer.send({ to: row.email, subject, text }))) throw new NotHandedOver()
        return 'sent'
      })
    } catch (error) {
      if (error instanceof NotHandedOver) return 'failed'
      throw error
    }
  }
}
