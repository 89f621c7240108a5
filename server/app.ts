import compress from '@fastify/compress'
import formbody from '@fastify/formbody'
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify'
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod'
import type { Kysely } from 'kysely'
import type { Database } from './db/schema.js'
import accessPlugin from './plugins/access.js'
import assetsPlugin from './plugins/assets.js'
import authPlugin from './plugins/auth.js'
import csrfPlugin from './plugins/csrf.js'
import errorsPlugin, { frameworkErrorHandler } from './plugins/errors.js'
import inputGuardPlugin from './plugins/input-guard.js'
import openapiPlugin from './plugins/openapi.js'
import securityHeadersPlugin from './plugins/security-headers.js'
import servicesPlugin from './plugins/services.js'
import viewPlugin from './plugins/view.js'
import apiRoutes from './routes/api/v1/index.js'
import healthRoutes from './routes/health.js'
import openapiRoutes from './routes/openapi.js'
import pageRoutes from './routes/pages/index.js'

export interface AppOptions {
  readonly db: Kysely<Database>
  readonly jwtSecret: string
  readonly sessionHours: number
  readonly trustProxy?: boolean
  readonly logger?: FastifyServerOptions['logger']
  /** Demo accounts to list on the sign-in page (the embedded demo only). */
  readonly demoAccounts?: readonly string[]
}

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
  const app = Fastify({
    logger: options.logger ?? false,
    trustProxy: options.trustProxy ?? false,
    bodyLimit: 256 * 1024,
    // Invitation tokens (JWTs) travel in the path.
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 500 },
    frameworkErrors: frameworkErrorHandler,
  }).withTypeProvider<ZodTypeProvider>()
  app.setValidatorCompiler(validatorCompiler)
  app.setSerializerCompiler(serializerCompiler)

  // Third-party: body parsing, compression, headers, API description.
  await app.register(formbody, { bodyLimit: 64 * 1024 })
  await app.register(compress, { threshold: 1024, encodings: ['br', 'gzip'] })
  await app.register(securityHeadersPlugin)
  await app.register(openapiPlugin)

  // Ours: services over the database, then who is asking, what they may do, and how errors look.
  await app.register(servicesPlugin, { db: options.db })
  await app.register(authPlugin, { secret: options.jwtSecret, sessionHours: options.sessionHours })
  await app.register(accessPlugin)
  await app.register(csrfPlugin)
  await app.register(inputGuardPlugin)
  await app.register(assetsPlugin)
  await app.register(viewPlugin)
  await app.register(errorsPlugin)

  // Routes.
  await app.register(healthRoutes)
  await app.register(openapiRoutes)
  await app.register(pageRoutes, { demoAccounts: options.demoAccounts ?? [] })
  await app.register(apiRoutes, { prefix: '/api/v1' })

  await app.ready()
  return app
}
