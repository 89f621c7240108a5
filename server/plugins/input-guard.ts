import type { FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'

/**
 * Refuses, with a 400 that says why, any request whose params, query or body hold a NUL character
 * (U+0000): PostgreSQL text cannot store it, so it would otherwise surface as a 500 deep in a
 * service, or be echoed into a page. Runs before validation, for pages and API alike.
 */
export default fp(
  async (app) => {
    app.addHook('preValidation', async (request) => {
      const where = nulIn(request)
      if (where !== undefined) {
        throw Object.assign(new Error(`The ${where} contains a NUL character (\\u0000), which cannot be stored: remove it and try again`), {
          statusCode: 400,
          code: 'invalid_character',
        })
      }
    })
  },
  { name: 'input-guard' },
)

function nulIn(request: FastifyRequest): string | undefined {
  if (holdsNul(request.params)) return 'address'
  if (holdsNul(request.query)) return 'query'
  if (holdsNul(request.body)) return 'request body'
  return undefined
}

/** Whether a parsed value (string, array or object, keys included) holds U+0000 anywhere. */
export function holdsNul(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return value.includes('\u0000')
  if (typeof value !== 'object' || value === null || depth > 64) return false
  if (Buffer.isBuffer(value)) return false
  if (Array.isArray(value)) return value.some((item) => holdsNul(item, depth + 1))
  return Object.entries(value).some(([key, item]) => key.includes('\u0000') || holdsNul(item, depth + 1))
}
