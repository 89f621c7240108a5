import type { FastifyPluginAsync } from 'fastify'
import authApi from './auth.js'
import frameworkApi from './framework.js'
import meApi from './me.js'

/** The JSON API, version 1; described at /openapi.json. */
const apiRoutes: FastifyPluginAsync = async (app) => {
  await app.register(authApi)
  await app.register(frameworkApi)
  await app.register(meApi)
}

export default apiRoutes
