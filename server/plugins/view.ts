import type { FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import type { ViewContext } from '../../views/context.js'
import type { Html } from '../../views/html.js'
import { en, type Messages } from '../../views/messages/en.js'

declare module 'fastify' {
  interface FastifyRequest {
    /** True when htmx asked for a fragment rather than a whole page. */
    readonly isHtmx: boolean
    viewContext(reply: FastifyReply): ViewContext
  }
  interface FastifyReply {
    /** Sends HTML: a whole page or an htmx fragment. */
    html(content: Html, statusCode?: number): FastifyReply
  }
}

const CATALOGUES: Readonly<Record<string, Messages>> = { en }

/** What views need from the request: user, language, form token and asset URLs. */
export default fp(
  async (app) => {
    app.decorateRequest('isHtmx', {
      getter(this: FastifyRequest) {
        return this.headers['hx-request'] === 'true'
      },
    })
    app.decorateRequest('viewContext', function (this: FastifyRequest, reply: FastifyReply): ViewContext {
      const locale = chooseLocale(this)
      return {
        user: this.sessionUser,
        csrfToken: this.csrfToken(reply),
        path: this.url.split('?')[0] ?? '/',
        locale,
        m: CATALOGUES[locale] ?? en,
        assets: app.assetUrls,
      }
    })
    app.decorateReply('html', function (this: FastifyReply, content: Html, statusCode = 200) {
      // Pages carry the person's data and a form token: never keep them in a shared cache.
      return this.code(statusCode).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(content.toString())
    })
  },
  { name: 'view', dependencies: ['auth', 'csrf', 'assets'] },
)

function chooseLocale(request: FastifyRequest): string {
  const preferred = request.sessionUser?.locale
  if (preferred && preferred in CATALOGUES) return preferred
  const accepted = (request.headers['accept-language'] ?? '')
    .split(',')
    .map((part) => part.trim().split(';')[0]!.toLowerCase().split('-')[0]!)
    .find((language) => language in CATALOGUES)
  return accepted ?? 'en'
}
