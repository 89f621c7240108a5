import type { FastifyReply } from 'fastify'
import type { Messages } from '../../views/messages/en/index.js'

/** Sets `Retry-After` (seconds) on a throttled answer and returns the message that says how long to wait. */
export function retryAfter(reply: FastifyReply, seconds: number, m: Messages): string {
  reply.header('retry-after', String(seconds))
  return m.account.throttled(Math.ceil(seconds / 60))
}
