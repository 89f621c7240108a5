import Fastify from 'fastify'

/** The HTTP floor: a plain Fastify route answering the same PUT the rating save gets, with no work behind it. */
const app = Fastify({ logger: false })
app.put('/api/v1/me/ratings/:competencyId', async () => ({ hello: 'world' }))
app.get('/healthz', async () => ({ ok: true }))
await app.listen({ port: Number(process.env['PORT'] ?? 0), host: '127.0.0.1' })
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)))
