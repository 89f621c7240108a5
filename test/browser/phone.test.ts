import path from 'node:path'
import t from 'tap'
import type { Browser } from 'playwright-core'
import { startTestApp } from '../helpers/app.js'
import { ARTIFACTS_DIR, chromiumSkipReason, findChromium, launchChromium, signInAs } from '../helpers/browser.js'

const executablePath = findChromium()
const skip = chromiumSkipReason()

t.test('on a 360 px phone the header is one line with a menu, and no page scrolls sideways', { skip }, async (t) => {
  const { app } = await startTestApp(t)
  const address = await app.listen({ host: '127.0.0.1', port: 0 })
  const browser: Browser = await launchChromium(executablePath!)
  t.teardown(() => browser.close())

  for (const javaScriptEnabled of [true, false]) {
    t.test(javaScriptEnabled ? 'with JavaScript' : 'without JavaScript', async (t) => {
      const suffix = javaScriptEnabled ? 'js' : 'nojs'
      const context = await browser.newContext({ javaScriptEnabled, viewport: { width: 360, height: 740 }, deviceScaleFactor: 2 })
      const page = await context.newPage()
      await signInAs(page, address, 'hr@demo.test')
      const header = (await page.locator('header.site-header').boundingBox())!
      const brand = (await page.locator('header .brand').boundingBox())!
      const menu = (await page.getByText('Menu', { exact: true }).boundingBox())!
      t.ok(menu.y < brand.y + brand.height && brand.y < menu.y + menu.height, 'the brand and the menu button share one line')
      t.ok(header.height <= 72, `and the header is that line (${header.height} px)`)
      const plan = page.getByRole('link', { name: 'My plan' })
      t.notOk(await plan.isVisible(), 'the navigation waits behind the menu')
      await page.getByText('Menu', { exact: true }).click()
      t.ok(await plan.isVisible(), 'the menu opens')
      t.ok(await page.getByRole('button', { name: 'Sign out' }).isVisible(), 'with the account')
      await page.screenshot({ path: path.join(ARTIFACTS_DIR, `phone-menu-${suffix}.png`) })
      await plan.click()
      await page.waitForURL(`${address}/plan`)
      for (const url of ['/', '/plan', '/self-assessment', '/framework', '/programmes', '/hr', '/hr/rounds', '/hr/staff']) {
        await page.goto(`${address}${url}`)
        const width = await page.evaluate(() => document.documentElement.scrollWidth)
        t.ok(width <= 360, `${url} fits the screen (${width} px)`)
      }
      await page.screenshot({ path: path.join(ARTIFACTS_DIR, `phone-hr-staff-${suffix}.png`), fullPage: true })
      await context.close()
    })
  }

  t.test('on a wide screen there is no menu button: the navigation is in the header', async (t) => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } })
    const page = await context.newPage()
    await signInAs(page, address, 'lecturer@demo.test')
    t.notOk(await page.getByText('Menu', { exact: true }).isVisible())
    t.ok(await page.getByRole('link', { name: 'My plan' }).isVisible())
    await context.close()
  })
})
