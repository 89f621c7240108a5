import swagger from '@fastify/swagger'
import fp from 'fastify-plugin'
import { jsonSchemaTransform } from 'fastify-type-provider-zod'

/**
 * The OpenAPI description of /api/v1, generated from the routes' zod schemas and served at
 * /openapi.json (see routes/openapi.ts). Pages are left out: they are HTML for people, not an API.
 */
export default fp(
  async (app) => {
    await app.register(swagger, {
      openapi: {
        openapi: '3.0.3',
        info: {
          title: 'competency-tracker API',
          description: 'JSON API of competency-tracker. Authenticate with POST /api/v1/auth/token and send `Authorization: Bearer <token>`.',
          version: '1.0.0',
        },
        components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
        security: [{ bearer: [] }],
      },
      transform: (input) => {
        const transformed = jsonSchemaTransform(input)
        if (input.url.startsWith('/api/')) return transformed
        return { ...transformed, schema: { ...transformed.schema, hide: true } }
      },
    })
  },
  { name: 'openapi' },
)
