import type { FastifyInstance } from 'fastify'
import { sql, type Kysely } from 'kysely'
import type { Database } from '../../server/db/schema.js'
import { browserGet, type BrowserSession } from './app.js'

export const THROTTLED = 'Too many sign-in attempts. Wait 1 minute and try again.'

/** Posts the sign-in form from a client address, as a browser would (with its CSRF token). */
export async function pageSignIn(app: FastifyInstance, address: string, email: string, password: string) {
  const session: BrowserSession = { cookies: {}, csrf: '' }
  await browserGet(app, session, '/login')
  const response = await app.inject({
    method: 'POST',
    url: '/login',
    remoteAddress: address,
    cookies: session.cookies,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ _csrf: session.csrf, email, password, next: '/' }).toString(),
  })
  return response
}

/** A page with the email and the per-request form tokens taken out. */
export function samePage(body: string, email: string): string {
  return body.replaceAll(email, 'EMAIL').replace(/X-CSRF-Token&quot;:&quot;[^&]+/g, 'CSRF').replace(/name="_csrf" value="[^"]+"/g, 'CSRF')
}

/** Ends the current wait of every key that matches `pattern` (as if its delay had passed). */
export async function endWaits(db: Kysely<Database>, pattern: string) {
  await db.updateTable('sign_in_throttle').set({ blocked_until: sql<Date>`now() - interval '1 second'` }).where('key', 'like', pattern).execute()
}

export function apiSignIn(app: FastifyInstance, address: string, email: string, password: string) {
  return app.inject({ method: 'POST', url: '/api/v1/auth/token', remoteAddress: address, payload: { email, password } })
}

