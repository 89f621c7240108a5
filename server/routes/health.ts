import type { FastifyPluginAsync } from 'fastify'
import { jsonErrorHandler } from '../plugins/errors.js'

/** GET /healthz: 200 when the database answers, 503 when it does not (load balancers poll this). */
const healthRoutes: FastifyPluginAsync = async (app) => {
  // Load balancers read JSON here, even when the app is closing (503).
  app.setErrorHandler(jsonErrorHandler)
  app.get('/healthz', { config: { access: 'public' } }, async (_request, reply) => {
    const ok = await app.services.health.databaseAnswers()
    return reply
      .code(ok ? 200 : 503)
      .header('cache-control', 'no-store')
      .send(ok ? { status: 'ok' } : { status: 'unavailable', error: { code: 'database_unavailable', message: 'The database does not answer' } })
  })
}

export default healthRoutes
