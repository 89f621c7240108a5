import type { Locale } from '../../views/messages/index.js'
import { createRequire } from 'node:module'
import path from 'node:path'
import type { Test } from 'tap'
import type { Browser, Page } from 'playwright-core'
import { shareRatings, startTestApp } from './app.js'
import { everyPage } from './pages.js'
import { ARTIFACTS_DIR, chromiumSkipReason, findChromium, launchChromium, signInAs } from './browser.js'

const executablePath = findChromium()
const skip = chromiumSkipReason()
const axeSource: string = (createRequire(import.meta.url)('axe-core') as { source: string }).source

interface AxeViolation {
  id: string
  impact: string | null
  help: string
  nodes: { target: string[] }[]
}

const DESKTOP = { width: 1280, height: 720 }
const PHONE = { width: 360, height: 740 }
const LOCALE_TAGS: Readonly<Record<Locale, string>> = { en: 'en-GB', fr: 'fr-FR', zh: 'zh-CN' }

/**
 * axe-core on every page, in the languages given: no serious or critical violation. axe is
 * run through the DevTools protocol (the pages' CSP allows no injected script, rightly).
 */
export function auditPages(t: Test, locales: readonly Locale[], withKeyboard: boolean): void {
  t.test(`every page passes axe-core in ${locales.join(', ')}${withKeyboard ? ', and works from the keyboard' : ''}`, { skip }, async (t) => {
    const { app, db } = await startTestApp(t)
    // HR open the lecturer's ratings among their pages: the lecturer shares them first (Demo University is 'shared').
    await shareRatings(app, 'lecturer@demo.test')
    const address = await app.listen({ host: '127.0.0.1', port: 0 })
    const browser: Browser = await launchChromium(executablePath!)
    t.teardown(() => browser.close())

    const pages = await everyPage(db)

    const audit = async (page: Page, label: string) => {
      await page.evaluate(axeSource)
      const violations = await page.evaluate(async () => {
        const result = await (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: AxeViolation[] }> } }).axe.run(document, { resultTypes: ['violations'] })
        return result.violations.map(({ id, impact, help, nodes }) => ({ id, impact, help, nodes: nodes.slice(0, 3).map((node) => ({ target: node.target })) }))
      })
      const serious = violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
      t.same(serious, [], `${label}: no serious or critical axe violation`)
      return violations.length
    }

    let audited = 0
    for (const locale of locales) {
      // The browser's own locale too, as a reader there has it (date fields, number inputs).
      const anonymous = await browser.newContext({ locale: LOCALE_TAGS[locale] })
      await anonymous.addCookies([{ name: 'lang', value: locale, url: address }])
      const loginPage = await anonymous.newPage()
      await loginPage.goto(`${address}/login`)
      t.equal(await loginPage.getAttribute('html', 'lang'), locale)
      await audit(loginPage, `${locale} /login`)
      audited++
      await anonymous.close()

      for (const [email, urls] of Object.entries(pages)) {
        const context = await browser.newContext({ locale: LOCALE_TAGS[locale] })
        const page = await context.newPage()
        await context.addCookies([{ name: 'lang', value: locale, url: address }])
        await signInAs(page, address, email, 'demo-password', locale)
        for (const url of urls) {
          const response = await page.goto(`${address}${url}`)
          t.equal(response?.status(), 200, `${locale} ${url} as ${email}`)
          t.equal(await page.getAttribute('html', 'lang'), locale, `${url}: <html lang="${locale}">`)
          await audit(page, `${locale} ${url}`)
          audited++
          const name = url.replace(/^\//, '').replace(/[/?=&]+/g, '-') || 'home'
          await page.screenshot({ path: path.join(ARTIFACTS_DIR, `page-${locale}-${name}.png`), fullPage: true })
          // Nothing may push the page wider than the screen, on a laptop or an older phone (wide
          // tables scroll inside their own box).
          for (const viewport of [DESKTOP, PHONE]) {
            await page.setViewportSize(viewport)
            const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
            t.equal(overflow, 0, `${locale} ${url}: no sideways scrolling at ${viewport.width} px`)
          }
          await page.setViewportSize(DESKTOP)
        }
        await context.close()
      }
    }
    t.comment(`axe-core ran on ${audited} pages (every page in ${locales.join(', ')})`)
    if (!withKeyboard) return

    t.test('keyboard: the skip link comes first and leads to the content; focus is visible', async (t) => {
      const context = await browser.newContext()
      const page = await context.newPage()
      await signInAs(page, address, 'lecturer@demo.test')
      await page.goto(`${address}/framework`)
      await page.keyboard.press('Tab')
      t.equal(await page.evaluate(() => document.activeElement?.textContent?.trim()), 'Skip to content')
      t.not(await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle), 'none', 'the focused link shows an outline')
      await page.keyboard.press('Enter')
      t.equal(await page.evaluate(() => document.activeElement?.id), 'main', 'focus moves to the main content')
      // Onward from the content, the first control of the page is reachable by Tab alone.
      await page.keyboard.press('Tab')
      t.ok(await page.evaluate(() => document.activeElement !== document.body && document.querySelector('main')!.contains(document.activeElement)), 'Tab continues inside the content')
      await context.close()
    })
  })
}
