import type { FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { en } from '../../views/messages/en/index.js'
import type { Mailer } from '../mail/mailer.js'
import { INVITATION_DAYS } from './auth.js'

export interface Invitee {
  readonly id: number
  readonly email: string
  readonly name: string
  readonly tokenVersion: number
}

export interface Invitations {
  /** True when invitations go out by mail; false on the demo, where HR is shown the link. */
  readonly byMail: boolean
  /** A one-time link for the person to set their password. */
  link(request: FastifyRequest, person: Pick<Invitee, 'id' | 'tokenVersion'>): string
  /** Mails a fresh link; false when there is no mail transport or it failed (HR is then shown the link). */
  send(request: FastifyRequest, person: Invitee, institutionName: string): Promise<boolean>
  /** Mails each new person their first link, one after another; counts what went out. */
  sendToNew(request: FastifyRequest, people: readonly Omit<Invitee, 'tokenVersion'>[], institutionName: string): Promise<{ sent: number; failed: number }>
}

declare module 'fastify' {
  interface FastifyInstance {
    invitations: Invitations
  }
}

export interface InvitationOptions {
  readonly mailer: Mailer
  /** The address people reach the app at (PUBLIC_URL); else taken from the request. */
  readonly publicUrl: string | undefined
}

/** Invitation links, and their delivery by mail when a transport is configured. */
export default fp<InvitationOptions>(
  async (app, { mailer, publicUrl }) => {
    const link = (request: FastifyRequest, person: Pick<Invitee, 'id' | 'tokenVersion'>) => {
      // Behind a proxy without PUBLIC_URL the Host header decides the origin; PUBLIC_URL pins it.
      const origin = publicUrl?.replace(/\/+$/, '') ?? `${request.protocol}://${request.host}`
      return `${origin}/invite/${app.issueInvitation({ id: person.id, tokenVersion: person.tokenVersion })}`
    }
    const send = async (request: FastifyRequest, person: Invitee, institutionName: string) => {
      if (mailer.kind === 'none') return false
      const text = en.mail.invitationText(person.name, institutionName, link(request, person), INVITATION_DAYS)
      return mailer.send({ to: person.email, subject: en.mail.invitationSubject(institutionName), text })
    }
    app.decorate('invitations', {
      byMail: mailer.kind !== 'none',
      link,
      send,
      async sendToNew(request, people, institutionName) {
        let sent = 0
        for (const person of people) if (await send(request, { ...person, tokenVersion: 0 }, institutionName)) sent += 1
        return { sent, failed: people.length - sent }
      },
    } satisfies Invitations)
  },
  { name: 'invitations', dependencies: ['auth'] },
)
