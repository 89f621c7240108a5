import type { FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import type { ViewContext } from '../../views/context.js'
import type { Html } from '../../views/html.js'
import { CATALOGUES, isLocale, type Locale } from '../../views/messages/index.js'

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

/** The cookie that keeps the language chosen with the switch (for people not signed in). */
export const LANGUAGE_COOKIE = 'lang'

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
        url: this.url,
        locale,
        m: CATALOGUES[locale],
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

/**
 * The language of the page: the signed-in person's own choice (users.locale), else the choice kept in
 * the `lang` cookie, else the best language of Accept-Language we have, else English.
 */
function chooseLocale(request: FastifyRequest): Locale {
  const preferred = request.sessionUser?.locale
  if (isLocale(preferred)) return preferred
  const chosen = request.cookies[LANGUAGE_COOKIE]
  if (isLocale(chosen)) return chosen
  return fromAcceptLanguage(request.headers['accept-language']) ?? 'en'
}

/**
 * The language of Accept-Language we have with the highest q-value (ties: the order given); a region
 * or script is ignored ('fr-CA' is French, 'zh-Hans-CN' Chinese), q=0 means "not this one".
 *
 * ```ts
 * fromAcceptLanguage('de, fr;q=0.5, zh;q=0.8') // 'zh'
 * ```
 */
export function fromAcceptLanguage(header: string | undefined): Locale | undefined {
  if (header === undefined) return undefined
  const ranges = header
    .split(',')
    .slice(0, 50)
    .map((part, index) => {
      const [tag = '', ...parameters] = part.trim().split(';')
      const q = parameters.map((parameter) => /^\s*q\s*=(.*)$/i.exec(parameter)?.[1]?.trim()).find((value) => value !== undefined)
      // RFC 9110 qvalue: 0 to 1 with up to three decimals; anything else counts as 0 (not wanted).
      const quality = q === undefined ? 1 : /^(0(\.\d{0,3})?|1(\.0{0,3})?)$/.test(q) ? Number(q) : 0
      return { language: tag.trim().toLowerCase().split('-')[0] ?? '', quality, index }
    })
    .filter((range) => range.quality > 0 && isLocale(range.language))
    .sort((a, b) => b.quality - a.quality || a.index - b.index)
  const best = ranges[0]?.language
  return isLocale(best) ? best : undefined
}
