import t from 'tap'
import { browserGet, shareRatings, signIn, startTestApp } from '../helpers/app.js'
import { everyPage } from '../helpers/pages.js'
import { LOCALES } from '../../views/messages/index.js'

const titleOf = (body: string) => /<title>([^<]*)<\/title>/.exec(body)?.[1]
const h1Of = (body: string) => /<h1[^>]*>([\s\S]*?)<\/h1>/.exec(body)?.[1]?.replace(/<[^>]+>/g, '').trim()
/** The text a reader sees: no tags, scripts or attribute values. */
const visibleText = (body: string) => body.replace(/<script[\s\S]*?<\/script>/g, '').replace(/<[^>]+>/g, ' ')

// The browser tests see every page in each language too, but only where Chromium is installed:
// this is the same walk through app.inject(), so a page that breaks in one language is caught anywhere.
t.test('every page, as the role that opens it, in every language: rendered whole, in that language', async (t) => {
  const { app, db } = await startTestApp(t)
  // HR open the lecturer's ratings among their pages: the lecturer shares them first.
  await shareRatings(app, 'lecturer@demo.test')
  const pages = await everyPage(db)
  const english = new Map<string, { title: string | undefined; h1: string | undefined }>()
  for (const locale of LOCALES) {
    for (const [email, urls] of Object.entries(pages)) {
      const session = await signIn(app, email)
      session.cookies['lang'] = locale
      for (const url of urls) {
        const page = await browserGet(app, session, url)
        t.equal(page.statusCode, 200, `${locale} ${url} as ${email}`)
        t.match(page.body, `<html lang="${locale}">`, `${locale} ${url}: the page's language`)
        t.notMatch(visibleText(page.body), /\bundefined\b|\bNaN\b|\[object /, `${locale} ${url}: no undefined, NaN or [object] shown (a JSON null is text: the code map)`)
        const heading = { title: titleOf(page.body), h1: h1Of(page.body) }
        t.ok(heading.title && heading.h1, `${locale} ${url}: a title and an h1`)
        if (locale === 'en') english.set(url, heading)
        else t.not(heading.title, english.get(url)?.title, `${locale} ${url}: the title is not the English one`)
      }
    }
  }
})
