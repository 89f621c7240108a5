import fp from 'fastify-plugin'
import helmet from 'helmet'

/**
 * Security headers on every response, with a Content-Security-Policy that allows only our own
 * scripts and styles (no inline script, no third-party origin). The helmet middleware is built once:
 * @fastify/helmet built it again on every request (parsing the policy each time), which cost about
 * a fortieth of a millisecond a request on the benchmark's rating saves.
 */
export default fp(
  async (app) => {
    const setHeaders = helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:'],
          connectSrc: ["'self'"],
          fontSrc: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
          baseUri: ["'none'"],
          objectSrc: ["'none'"],
        },
      },
      // Pages link to evidence elsewhere; keep the referrer to our origin only.
      referrerPolicy: { policy: 'same-origin' },
    })
    app.addHook('onRequest', (request, reply, done) => setHeaders(request.raw, reply.raw, () => done()))
  },
  { name: 'security-headers' },
)
