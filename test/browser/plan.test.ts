import path from 'node:path'
import t from 'tap'
import type { Browser, Page } from 'playwright-core'
import { startTestApp } from '../helpers/app.js'
import { ARTIFACTS_DIR, chromiumSkipReason, findChromium, launchChromium, signInAs } from '../helpers/browser.js'

const executablePath = findChromium()
const skip = chromiumSkipReason()

t.test('a lecturer plans, starts and completes a recommended programme, re-rates, and sees it leave the plan', { skip }, async (t) => {
  const { app } = await startTestApp(t)
  const address = await app.listen({ host: '127.0.0.1', port: 0 })
  const browser: Browser = await launchChromium(executablePath!)
  t.teardown(() => browser.close())

  const signIn = (page: Page) => signInAs(page, address, 'lecturer@demo.test')
  const topRecommendation = async (page: Page) => {
    const first = page.locator('li.recommendation').first()
    return { item: first, title: (await first.locator('h3 a').textContent())!.trim() }
  }

  for (const javaScriptEnabled of [true, false]) {
    t.test(javaScriptEnabled ? 'with JavaScript' : 'without JavaScript', async (t) => {
      const context = await browser.newContext({ javaScriptEnabled })
      const page = await context.newPage()
      const errors: string[] = []
      page.on('pageerror', (error) => errors.push(error.message))
      page.on('response', (response) => response.status() >= 500 && errors.push(`${response.status()} ${response.url()}`))
      await signIn(page)
      const suffix = javaScriptEnabled ? 'js' : 'nojs'

      await page.getByRole('link', { name: 'My plan' }).click()
      await page.waitForURL(`${address}/plan`)
      t.ok(await page.locator('text=/\\d+ programmes, \\d+ hours in total\\./').isVisible(), 'the learning path with its total')
      const { item, title } = await topRecommendation(page)
      t.ok((await item.locator('.reasons li').count()) > 0, 'the recommendation gives its reasons')
      await page.screenshot({ path: path.join(ARTIFACTS_DIR, `plan-${suffix}.png`) })

      if (javaScriptEnabled) {
        await page.evaluate(() => ((window as unknown as { marker: number }).marker = 7))
        await item.getByRole('button', { name: 'Plan it' }).click()
        await item.locator('.saved').waitFor()
        t.match(await item.locator('.saved').textContent(), `"${title}" is in your activities.`)
        t.equal(await page.evaluate(() => (window as unknown as { marker?: number }).marker), 7, 'no page load')
        await page.getByRole('link', { name: 'My activities' }).click()
        await page.waitForURL(`${address}/activities`)
        const activity = page.locator('li.activity', { hasText: title })
        await activity.getByRole('button', { name: 'Start' }).click()
        await activity.locator('.status-in_progress').waitFor()
        await activity.getByRole('button', { name: 'Mark completed' }).click()
      } else {
        await item.getByRole('button', { name: 'Start it' }).click()
        await page.waitForURL(/\/activities\?saved=\d+/)
        const activity = page.locator('li.activity', { hasText: title })
        t.match(await activity.locator('.tag').textContent(), 'In progress')
        await activity.getByRole('button', { name: 'Mark completed' }).click()
      }

      await page.waitForURL(/\/activities\/\d+\/rerate$/)
      t.match(await page.locator('h1').textContent(), `You completed ${title}`)
      const card = page.locator('article.competency').first()
      t.match(await card.locator('textarea[name="evidence"]').inputValue(), /^Completed IIOE-/, 'the completion is filled in as evidence')
      await page.screenshot({ path: path.join(ARTIFACTS_DIR, `rerate-${suffix}.png`) })
      await card.locator('input[name="level"][value="2"]').check()
      await card.getByRole('button', { name: 'Save rating' }).click()
      if (javaScriptEnabled) await card.locator('.saved').waitFor()
      else await page.waitForURL(/\/rerate\?saved=\d+/)
      t.match(await page.locator('article.competency .saved').first().textContent(), 'Rating saved.')

      await page.goto(`${address}/plan?all=1`)
      const titles = await page.locator('li.recommendation h3 a').allTextContents()
      t.notOk(titles.map((text) => text.trim()).includes(title), 'the completed programme left the recommendations')
      t.same(errors, [])
      await context.close()
    })
  }
})
