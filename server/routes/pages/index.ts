import type { FastifyPluginAsync } from 'fastify'
import authPages, { type AuthPageOptions } from './auth.js'
import frameworkPages from './framework.js'
import homePages from './home.js'

/** Every HTML page, each area an encapsulated plugin. */
const pageRoutes: FastifyPluginAsync<AuthPageOptions> = async (app, options) => {
  await app.register(authPages, options)
  await app.register(homePages)
  await app.register(frameworkPages)
}

export default pageRoutes
