import helmet from '@fastify/helmet'
import fp from 'fastify-plugin'

/**
 * Security headers on every response, with a Content-Security-Policy that allows only our own
 * scripts and styles (no inline script, no third-party origin).
 */
export default fp(
  async (app) => {
    await app.register(helmet, {
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
  },
  { name: 'security-headers' },
)
