import compress from '@fastify/compress'
import formbody from '@fastify/formbody'
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify'
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod'
import type { Kysely } from 'kysely'
import type { TrustProxy } from './config.js'
import type { Database } from './db/schema.js'
import { createMailer, type MailConfig } from './mail/mailer.js'
import { startJobQueue, type JobQueue } from './jobs/queue.js'
import { createRoundMailSender } from './jobs/round-mail.js'
import type { RoundMailQueue } from './services/rounds.js'
import type { ReviewMailQueue } from './services/reviews.js'
import { createReviewMailSender } from './jobs/review-mail.js'
import { credentialKeyFrom, identityKeyFrom } from './secret.js'
import type { SessionCache } from './services/session-cache.js'
import type { SignInLimits } from './services/sign-in-throttle.js'
import accessPlugin from './plugins/access.js'
import assetsPlugin from './plugins/assets.js'
import authPlugin from './plugins/auth.js'
import csrfPlugin from './plugins/csrf.js'
import uploadsPlugin from './plugins/uploads.js'
import errorsPlugin, { frameworkErrorHandler, jsonErrors, markLateArrivals, refuseLateArrivals } from './plugins/errors.js'
import idempotencyPlugin from './plugins/idempotency.js'
import inputGuardPlugin from './plugins/input-guard.js'
import invitationsPlugin from './plugins/invitations.js'
import openapiPlugin from './plugins/openapi.js'
import securityHeadersPlugin from './plugins/security-headers.js'
import servicesPlugin from './plugins/services.js'
import viewPlugin from './plugins/view.js'
import caseRoutes from './routes/case.js'
import issuerRoutes from './routes/issuers.js'
import scimRoutes from './routes/scim.js'
import apiRoutes from './routes/api/v1/index.js'
import healthRoutes from './routes/health.js'
import openapiRoutes from './routes/openapi.js'
import pageRoutes from './routes/pages/index.js'

export interface AppOptions {
  readonly db: Kysely<Database>
  readonly jwtSecret: string
  readonly sessionHours: number
  /** Which proxies' X-Forwarded-* headers to believe (config TRUST_PROXY): none by default. */
  readonly trustProxy?: TrustProxy
  readonly logger?: FastifyServerOptions['logger']
  /** Demo accounts to list on the sign-in page (the embedded demo only). */
  readonly demoAccounts?: readonly string[]
  /** Mail transport for invitations; none by default (HR is shown the links). */
  readonly mail?: MailConfig
  /** The address people reach the app at, for links in mail and the CASE uris we publish (PUBLIC_URL). */
  readonly publicUrl?: string
  /** The secret the credential issuers' private keys are encrypted with (CREDENTIAL_SECRET); the JWT secret when unset. */
  readonly credentialSecret?: string
  /** The secret the identity providers' client secrets and the sign-in flow are encrypted with (IDENTITY_SECRET); the JWT secret when unset. */
  readonly identitySecret?: string
  /** Clients of the CASE provider service, by id with their secret (CASE_CLIENTS): with some, it asks for a token. */
  readonly caseClients?: ReadonlyMap<string, string>
  /**
   * Where this process listens, e.g. http://localhost:3000: the origin of published CASE uris when
   * PUBLIC_URL is unset (never the Host header, which a client writes). http://localhost by default.
   */
  readonly listenUrl?: string
  /** Server timeouts; each missing one takes its default (DEFAULT_TIMEOUTS). */
  readonly timeouts?: Partial<ServerTimeouts>
  /** Failed sign-ins allowed per account and per client address (DEFAULT_SIGN_IN_LIMITS). */
  readonly signInLimits?: SignInLimits
  /**
   * Signed-in people kept between requests. It serves only while the database connection hears every
   * change (connectDatabase's `listen`); without one, each request reads its user.
   */
  readonly sessionCache?: SessionCache
  /** The job queue's workers: on where mail is configured, unless false; tests poll faster. */
  readonly jobs?: false | { readonly pollingSeconds?: number }
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The job queue, where this process works it (mail configured). */
    jobs: JobQueue | undefined
    /** The origin of every CASE uri we publish (PUBLIC_URL, else where the process listens). */
    caseOrigin: string
  }
}

/** Where no mail can go out, round mail is not queued: staff find rounds in the app. */
const NO_ROUND_MAIL: RoundMailQueue = { enabled: false, queue: async () => {} }
/** Nor is review mail: people find their reviews on their pages. */
const NO_REVIEW_MAIL: ReviewMailQueue = { enabled: false, queue: async () => {} }

/** Server timeouts in seconds (0 = none). */
export interface ServerTimeouts {
  /** An idle socket is closed after this long: longer than the slowest request (a CSV import). */
  readonly connectionSeconds: number
  /** The whole request (headers and body) must arrive within this long: slow clients cannot hold sockets. */
  readonly requestSeconds: number
  /** An idle keep-alive connection stays open this long: longer than the load balancer's idle timeout. */
  readonly keepAliveSeconds: number
}

export const DEFAULT_TIMEOUTS: ServerTimeouts = { connectionSeconds: 120, requestSeconds: 30, keepAliveSeconds: 72 }

/**
 * The largest request body accepted by default (JSON and forms); routes that take a CSV file raise it
 * to IMPORT_BODY_LIMIT with their own `bodyLimit`. A larger body is answered 413.
 */
export const BODY_LIMIT = 64 * 1024
export const IMPORT_BODY_LIMIT = 2 * 1024 * 1024

/**
 * Builds the application: third-party plugins, then ours, then the routes. The order is the
 * architecture: each layer may use what was registered before it. `server/main.ts` listens with it;
 * tests call `inject()` on it.
 *
 * ```ts
 * const app = await buildApp({ db, jwtSecret, sessionHours: 8 })
 * const response = await app.inject({ method: 'GET', url: '/healthz' })
 * ```
 */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts }
  const app = Fastify({
    logger: options.logger ?? false,
    trustProxy: trustProxyOption(options.trustProxy ?? false),
    bodyLimit: BODY_LIMIT,
    connectionTimeout: timeouts.connectionSeconds * 1000,
    requestTimeout: timeouts.requestSeconds * 1000,
    keepAliveTimeout: timeouts.keepAliveSeconds * 1000,
    // Invitation tokens (JWTs) travel in the path.
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 500 },
    frameworkErrors: frameworkErrorHandler,
    // The errors plugin answers requests that arrive while closing, in the app's error shape.
    return503OnClosing: false,
  }).withTypeProvider<ZodTypeProvider>()
  app.setValidatorCompiler(validatorCompiler)
  app.setSerializerCompiler(serializerCompiler)
  markLateArrivals(app)

  // Third-party: body parsing, compression, headers, API description.
  // No limit of the parser's own: the route's (or the app's) bodyLimit applies, so the CSV import form can be larger.
  await app.register(formbody)
  // Bodies up to 64 KB (every page and API answer but exports) are compressed in one synchronous call
  // with a content-length, not through a zlib stream on the thread pool: on 2 cores the stream cost
  // the 8.6 KB dashboard ~2 ms of CPU and a chunked reply (npm run bench -- --quick).
  await app.register(compress, { threshold: 1024, encodings: ['br', 'gzip'], syncThreshold: 64 * 1024 })
  await app.register(securityHeadersPlugin)
  await app.register(openapiPlugin)

  // Ours: services over the database, then who is asking, what they may do, and how errors look.
  // Background work (round invitations and reminders) runs where mail can go out: a job queue in the
  // database, worked by every app process (server/jobs/queue.ts).
  const mailer = createMailer(options.mail ?? { url: undefined, from: '' }, app.log)
  const jobs =
    mailer.kind !== 'none' && options.jobs !== false
      ? await startJobQueue(options.db, { pollingSeconds: options.jobs?.pollingSeconds, onError: (error) => app.log.error({ err: error }, 'job queue') })
      : undefined
  if (jobs !== undefined) app.addHook('onClose', async () => jobs.stop())
  app.decorate('jobs', jobs)
  app.decorate('caseOrigin', (options.publicUrl ?? options.listenUrl ?? 'http://localhost').replace(/\/+$/, ''))
  await app.register(servicesPlugin, { db: options.db, signInLimits: options.signInLimits, sessionCache: options.sessionCache, roundMail: jobs ?? NO_ROUND_MAIL, reviewMail: jobs?.reviewMail ?? NO_REVIEW_MAIL,
    credentials: { key: credentialKeyFrom(options.credentialSecret ?? options.jwtSecret), origin: app.caseOrigin },
    identity: { secretsKey: identityKeyFrom(options.identitySecret ?? options.jwtSecret, 'provider secrets'), flowKey: identityKeyFrom(options.identitySecret ?? options.jwtSecret, 'sign-in flow') },
  })
  if (jobs !== undefined) {
    await jobs.work({
      sendRoundMail: createRoundMailSender(options.db, mailer, options.publicUrl),
      sendReviewMail: createReviewMailSender(options.db, mailer, options.publicUrl),
      tick: async () => {
        await app.services.rounds.tick()
        await app.services.reviews.tick()
      },
    })
  }
  await app.register(authPlugin, { secret: options.jwtSecret, sessionHours: options.sessionHours })
  // Once cookies and the person are read (for the page's language), before what each route requires.
  refuseLateArrivals(app)
  await app.register(invitationsPlugin, { mailer, publicUrl: options.publicUrl })
  await app.register(accessPlugin)
  await app.register(uploadsPlugin)
  await app.register(csrfPlugin, { secret: options.jwtSecret })
  await app.register(inputGuardPlugin)
  await app.register(idempotencyPlugin)
  await app.register(assetsPlugin)
  await app.register(viewPlugin)
  await app.register(errorsPlugin)

  // Routes.
  await app.register(healthRoutes)
  await app.register(openapiRoutes)
  await app.register(pageRoutes, { demoAccounts: options.demoAccounts ?? [] })
  // The CASE provider service, in each of its versions: its own context, whose errors are imsx_StatusInfo.
  for (const version of ['v1p0', 'v1p1'] as const) await app.register(caseRoutes, { prefix: `/ims/case/${version}`, origin: app.caseOrigin, version, clients: options.caseClients ?? new Map() })
  // Open Badges issuers: profiles, keys and revocation lists, JSON for verifiers.
  await app.register(issuerRoutes)
  // SCIM provisioning for the institutions' directories: its own context, bearer tokens only, SCIM's error shape.
  await app.register(scimRoutes, { prefix: '/scim/v2', origin: app.caseOrigin })
  // The API's own context: its errors, refusals and unknown addresses (even /api/v2/...) are JSON.
  await app.register(
    async (api) => {
      jsonErrors(api)
      await api.register(apiRoutes, { prefix: '/v1' })
    },
    { prefix: '/api' },
  )

  await app.ready()
  return app
}

/**
 * Fastify's trustProxy from ours. Never `true`: that believes the left-most X-Forwarded-For entry,
 * which the client writes. A list trusts only proxies at those addresses. A hop count n trusts the
 * socket's peer and the n - 1 addresses before it, so the client is the entry the nearest proxies
 * appended: given as a function, because this Fastify reads a plain number as "trust nobody". (A
 * client that reaches the app without the proxy could then write its own address: where that is
 * possible, give the proxies' addresses instead.)
 */
function trustProxyOption(trust: TrustProxy): FastifyServerOptions['trustProxy'] {
  if (trust === false || trust === 0) return false
  if (typeof trust === 'number') return (_address: string, hop: number) => hop < trust
  return [...trust]
}
