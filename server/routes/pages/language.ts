import type { FastifyPluginAsync } from 'fastify'
import { errorPage } from '../../../views/pages/error.js'
import { isLocale } from '../../../views/messages/index.js'
import { LANGUAGE_COOKIE } from '../../plugins/view.js'
import { safeNext } from '../../http/safe-next.js'

/** A year: the language choice outlives any session. */
const LANGUAGE_COOKIE_SECONDS = 365 * 86_400

/**
 * The language switch of every page: a plain form posting `lang` and the page to go back to. The
 * choice is kept in the `lang` cookie, and for a signed-in person in their profile (users.locale), so
 * it follows them to other browsers. An unknown language is refused (400) and nothing is kept.
 */
const languagePages: FastifyPluginAsync = async (app) => {
  app.post<{ Body: Record<string, unknown> }>('/language', { config: { access: 'public' } }, async (request, reply) => {
    const body = request.body ?? {}
    const lang = body['lang']
    if (!isLocale(lang)) {
      const context = request.viewContext(reply)
      return reply.html(errorPage(context, { title: context.m.language.unknownTitle, message: context.m.language.unknown }), 400)
    }
    reply.setCookie(LANGUAGE_COOKIE, lang, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: request.protocol === 'https',
      maxAge: LANGUAGE_COOKIE_SECONDS,
    })
    if (request.sessionUser !== null) await app.services.users.setLocale(request.sessionUser.id, lang)
    return reply.redirect(safeNext(body['next']), 303)
  })
}

export default languagePages
