import type { FastifyPluginAsync } from 'fastify'

/** GET /openapi.json: the API's OpenAPI description, generated from the routes' schemas. */
const openapiRoutes: FastifyPluginAsync = async (app) => {
  app.get('/openapi.json', { config: { access: 'public' }, schema: { hide: true } }, async () => app.swagger())
}

export default openapiRoutes
