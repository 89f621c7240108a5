import nodemailer from 'nodemailer'

export interface OutgoingMail {
  readonly to: string
  readonly subject: string
  readonly text: string
}

/**
 * Where mail goes. `none`: nowhere (the embedded demo: HR is shown invitation links instead);
 * `log`: into the app log (development); `smtp`: to an SMTP server through nodemailer.
 */
export interface Mailer {
  readonly kind: 'none' | 'log' | 'smtp'
  /** Hands the message over; false (never a throw) when it could not be, so the caller can fall back. */
  send(mail: OutgoingMail): Promise<boolean>
}

export interface MailConfig {
  /** Unset: no mail. `log`: log messages. `smtp://user:pass@host:587` or `smtps://...:465`: send. */
  readonly url: string | undefined
  readonly from: string
}

export interface MailLog {
  info(data: object, message: string): void
  error(data: object, message: string): void
}

/**
 * ```ts
 * const mailer = createMailer({ url: process.env.MAIL_URL, from: 'IIOE <no-reply@example.org>' }, app.log)
 * await mailer.send({ to: 'ada@example.org', subject: 'Welcome', text: '...' })
 * ```
 */
export function createMailer(config: MailConfig, log: MailLog): Mailer {
  if (config.url === undefined) return { kind: 'none', send: async () => false }
  if (config.url === 'log') {
    return {
      kind: 'log',
      async send(mail) {
        log.info({ mail: { from: config.from, ...mail } }, 'mail (MAIL_URL=log: not sent)')
        return true
      },
    }
  }
  const transport = nodemailer.createTransport(config.url)
  return {
    kind: 'smtp',
    async send(mail) {
      try {
        await transport.sendMail({ from: config.from, to: mail.to, subject: mail.subject, text: mail.text })
        return true
      } catch (error) {
        // The address is personal data: log the failure, not the recipient.
        log.error({ err: error instanceof Error ? error.message : String(error) }, 'mail could not be sent')
        return false
      }
    },
  }
}
