import { createHash } from 'node:crypto'
import fp from 'fastify-plugin'

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route honours an `Idempotency-Key` header: a retry with the same key gets the first answer. */
    idempotent?: boolean
  }
  interface FastifyRequest {
    /** The key this request holds, to record its answer under; null when it holds none. */
    idempotencyKey: { readonly userId: number; readonly key: string; done: boolean } | null
  }
}

/** What a key may be: 1 to 255 visible ASCII characters (a UUID, say). */
const KEY = /^[\x21-\x7e]{1,255}$/

/**
 * `Idempotency-Key` for the API's writes that declare `config.idempotent`: the first request with a
 * key runs and its answer (status and body) is kept for 24 hours; a retry with the same key and the
 * same request gets that answer again (header `Idempotent-Replayed: true`) and writes nothing; the
 * same key with another request is refused (422), and one still being answered too (409). A request
 * that failed on our side (5xx) leaves the key free for a retry. Keys live in the database, so this
 * holds across app processes.
 */
export default fp(
  async (app) => {
    const keys = app.services.idempotency
    app.decorateRequest('idempotencyKey', null)

    // After validation, so the request hashed is the one the route will see.
    app.addHook('preHandler', async (request, reply) => {
      if (request.routeOptions.config.idempotent !== true) return
      const header = request.headers['idempotency-key']
      if (header === undefined) return
      const user = request.sessionUser
      if (user === null) return
      const key = Array.isArray(header) ? '' : header
      if (!KEY.test(key)) throw Object.assign(new Error('The Idempotency-Key header must be 1 to 255 visible ASCII characters, such as a UUID'), { statusCode: 400, code: 'idempotency_key_invalid' })
      const path = request.url.split('?')[0]!
      const hash = createHash('sha256').update(JSON.stringify([request.method, request.url, request.body ?? null])).digest('hex')
      const claim = await keys.claim(user.id, key, { method: request.method, path, hash })
      switch (claim.state) {
        case 'new':
          request.idempotencyKey = { userId: user.id, key, done: false }
          return
        case 'replay':
          return reply.code(claim.status).header('idempotent-replayed', 'true').type('application/json; charset=utf-8').send(JSON.stringify(claim.response))
        case 'mismatch':
          throw Object.assign(new Error('This Idempotency-Key was already used for a different request: send a new key for a new request'), { statusCode: 422, code: 'idempotency_key_reused' })
        case 'pending':
          reply.header('retry-after', '1')
          throw Object.assign(new Error('A request with this Idempotency-Key is still being answered: try again in a moment'), { statusCode: 409, code: 'idempotency_in_progress' })
      }
    })

    // The answer as the route (or the error handler) gave it, before it is serialised.
    app.addHook('preSerialization', async (request, reply, payload) => {
      const held = request.idempotencyKey
      if (held === null || held.done) return payload
      held.done = true
      if (reply.statusCode >= 500) await keys.release(held.userId, held.key)
      // As the client receives it: through the route's response schema for this status.
      else await keys.complete(held.userId, held.key, reply.statusCode, JSON.parse(textOf(reply.serialize(payload))))
      return payload
    })

    // An answer that was not an object (or a request cut short): the key is freed for a retry.
    app.addHook('onResponse', async (request) => {
      const held = request.idempotencyKey
      if (held !== null && !held.done) await keys.release(held.userId, held.key)
    })
  },
  { name: 'idempotency', dependencies: ['services', 'auth'] },
)

function textOf(serialized: string | Buffer | ArrayBuffer): string {
  return typeof serialized === 'string' ? serialized : Buffer.from(serialized as ArrayBuffer).toString('utf8')
}
