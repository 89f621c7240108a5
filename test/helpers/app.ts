import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import type { Kysely } from 'kysely'
import { buildApp, type AppOptions } from '../../server/app.js'
import type { Database } from '../../server/db/schema.js'
import type { Role } from '../../server/domain/roles.js'
import { hashPassword } from '../../server/services/passwords.js'
import { createTestDatabase, type TestDatabase } from './database.js'

export const DEMO_PASSWORD = 'demo-password'
export const TEST_JWT_SECRET = 'test-secret-that-is-long-enough-for-hs256-signing'

interface Teardown {
  teardown(fn: () => unknown): void
}

export interface TestApp {
  readonly app: FastifyInstance
  readonly db: Kysely<Database>
  readonly database: TestDatabase
}

/** The app over a database of its own (demo-seeded), closed when the test ends. */
export async function startTestApp(t: Teardown, options: Partial<AppOptions> = {}): Promise<TestApp> {
  const database = await createTestDatabase()
  const app = await buildApp({ db: database.db, jwtSecret: TEST_JWT_SECRET, sessionHours: 1, demoAccounts: ['lecturer@demo.test'], sessionCache: database.sessionCache, ...options })
  t.teardown(async () => {
    await app.close()
    await database.close()
  })
  return { app, db: database.db, database }
}

/** A browser session: its cookies and the CSRF token of the last page it read. */
export interface BrowserSession {
  cookies: Record<string, string>
  csrf: string
}

/** Reads a page as a browser would, keeping cookies and the page's CSRF token. */
export async function browserGet(app: FastifyInstance, session: BrowserSession, url: string, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
  const response = await app.inject({ method: 'GET', url, cookies: session.cookies, headers })
  keepCookies(session, response)
  const token = /name="_csrf" value="([^"]+)"/.exec(response.body)?.[1]
  if (token !== undefined) session.csrf = token
  return response
}

/** Posts a form as a browser would (urlencoded, with the session's CSRF token unless given). */
export async function browserPost(
  app: FastifyInstance,
  session: BrowserSession,
  url: string,
  fields: Record<string, string>,
  headers: Record<string, string> = {},
): Promise<LightMyRequestResponse> {
  const response = await app.inject({
    method: 'POST',
    url,
    cookies: session.cookies,
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    payload: new URLSearchParams({ _csrf: session.csrf, ...fields }).toString(),
  })
  keepCookies(session, response)
  return response
}

/** Signs in through the login form; the session then carries the cookie. */
export async function signIn(app: FastifyInstance, email: string, password = DEMO_PASSWORD): Promise<BrowserSession> {
  const session: BrowserSession = { cookies: {}, csrf: '' }
  await browserGet(app, session, '/login')
  const response = await browserPost(app, session, '/login', { email, password, next: '/' })
  if (response.statusCode !== 303) throw new Error(`sign-in of ${email} answered ${response.statusCode}`)
  await browserGet(app, session, '/')
  return session
}

/** A bearer token from the API. */
export async function apiToken(app: FastifyInstance, email: string, password = DEMO_PASSWORD): Promise<string> {
  const response = await app.inject({ method: 'POST', url: '/api/v1/auth/token', payload: { email, password } })
  if (response.statusCode !== 200) throw new Error(`token for ${email} answered ${response.statusCode}: ${response.body}`)
  return response.json<{ token: string }>().token
}

/**
 * The person shares their self-ratings with their reviewer, as from their profile: Demo University
 * (`shared`) shows a person's ratings to their reviewer and HR only then. The demo lecturer's reviewer is HR.
 */
export async function shareRatings(app: FastifyInstance, email: string): Promise<void> {
  const response = await app.inject({ method: 'PUT', url: '/api/v1/me/sharing', headers: { authorization: `Bearer ${await apiToken(app, email)}` }, payload: { shared: true } })
  if (response.statusCode !== 200) throw new Error(`the share of ${email} answered ${response.statusCode}: ${response.body}`)
}

/** A competency of a framework version loaded in the test database, by the framework's slug and the competency's code. */
export async function competencyOf(db: Kysely<Database>, slug: string, code: string): Promise<{ id: number; frameworkId: number }> {
  return db
    .selectFrom('competencies')
    .innerJoin('frameworks', 'frameworks.id', 'competencies.framework_id')
    .select(['competencies.id', 'frameworks.id as frameworkId'])
    .where('frameworks.slug', '=', slug)
    .where('competencies.code', '=', code)
    .orderBy('frameworks.loaded_at', 'desc')
    .executeTakeFirstOrThrow()
}

/** Adds an institution with one user of the given role, for isolation tests. */
export async function createInstitutionWithUser(db: Kysely<Database>, options: { institution: string; email: string; role: Role; password?: string }) {
  const framework = await db.selectFrom('frameworks').select('id').where('slug', '=', 'iioe-hew').executeTakeFirstOrThrow()
  const institution = await db
    .insertInto('institutions')
    .values({ name: options.institution, framework_id: framework.id })
    .returning('id')
    .executeTakeFirstOrThrow()
  const user = await db
    .insertInto('users')
    .values({
      institution_id: institution.id,
      email: options.email,
      name: `User of ${options.institution}`,
      role: options.role,
      password_hash: await hashPassword(options.password ?? DEMO_PASSWORD),
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return { institutionId: institution.id, userId: user.id }
}

/** Counts rows of the tables a write may touch, to prove a refused request changed nothing. */
export async function rowCounts(db: Kysely<Database>): Promise<Record<string, number>> {
  const counts: Record<string, number> = {}
  for (const table of ['ratings', 'current_ratings', 'audit_log', 'users', 'frameworks', 'competencies', 'pd_activities', 'personal_targets', 'programmes', 'assessment_rounds', 'round_members', 'round_answers', 'round_reminders'] as const) {
    const row = await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
    counts[table] = Number(row.n)
  }
  return counts
}

function keepCookies(session: BrowserSession, response: LightMyRequestResponse): void {
  for (const cookie of response.cookies) {
    if (cookie.value === '' || (cookie.maxAge !== undefined && cookie.maxAge <= 0) || (cookie.expires !== undefined && cookie.expires.getTime() < Date.now())) {
      delete session.cookies[cookie.name]
    } else {
      session.cookies[cookie.name] = cookie.value
    }
  }
}
