import path from 'node:path'
import t from 'tap'
import type { Browser } from 'playwright-core'
import { apiToken, startTestApp } from '../helpers/app.js'
import { ARTIFACTS_DIR, chromiumSkipReason, findChromium, launchChromium, signInAs } from '../helpers/browser.js'

const executablePath = findChromium()
const skip = chromiumSkipReason()

t.test('a designer closes a hole in the coverage, and the lecturer with that gap is recommended the new programme', { skip }, async (t) => {
  const browser: Browser = await launchChromium(executablePath!)
  t.teardown(() => browser.close())

  for (const javaScriptEnabled of [true, false]) {
    t.test(javaScriptEnabled ? 'with JavaScript' : 'without JavaScript', async (t) => {
      // Each run on a database of its own: the hole is there at the start of both.
      const { app, db } = await startTestApp(t)
      const address = await app.listen({ host: '127.0.0.1', port: 0 })
      const eco3 = await db.selectFrom('competencies').innerJoin('frameworks', 'frameworks.id', 'competencies.framework_id').select('competencies.id').where('frameworks.slug', '=', 'iioe-hew').where('code', '=', 'ECO.3').executeTakeFirstOrThrow()
      const lecturer = { authorization: `Bearer ${await apiToken(app, 'lecturer@demo.test')}` }
      await app.inject({ method: 'PUT', url: `/api/v1/me/ratings/${eco3.id}`, headers: lecturer, payload: { level: 2 } })
      await app.inject({ method: 'PUT', url: `/api/v1/me/targets/${eco3.id}`, headers: lecturer, payload: { level: 3 } })

      const suffix = javaScriptEnabled ? 'js' : 'nojs'
      const context = await browser.newContext({ javaScriptEnabled })
      const page = await context.newPage()
      const errors: string[] = []
      page.on('pageerror', (error) => errors.push(error.message))
      page.on('response', (response) => response.status() >= 500 && errors.push(`${response.status()} ${response.url()}`))
      await signInAs(page, address, 'designer@demo.test')

      await page.getByRole('link', { name: 'Catalogue' }).click()
      await page.waitForURL(`${address}/design`)
      await page.screenshot({ path: path.join(ARTIFACTS_DIR, `design-catalogue-${suffix}.png`), fullPage: true })
      await page.getByRole('link', { name: 'Coverage of the framework' }).first().click()
      await page.waitForURL(`${address}/design/coverage`)
      const row = page.locator('tr#cov-ECO\\.3')
      t.same(await row.locator('td').allTextContents().then((cells) => cells.slice(0, 3)), ['1', '2', 'hole'], 'level 3 of ECO.3 is a hole')
      await page.screenshot({ path: path.join(ARTIFACTS_DIR, `design-coverage-${suffix}.png`), fullPage: true })

      await page.goto(`${address}/design`)
      await page.getByRole('link', { name: 'New programme' }).click()
      await page.getByLabel('Code').fill('IIOE-ECO-301')
      await page.getByLabel('Title').fill('Costing online programmes')
      await page.getByLabel('Hours').fill('10')
      await page.getByLabel('Languages').fill('en, fr')
      await page.getByRole('button', { name: 'Create draft' }).click()
      await page.waitForURL(/\/design\/programmes\/\d+\?created=1$/)
      t.ok(await page.getByText('Draft created.').isVisible())

      if (javaScriptEnabled) {
        await page.evaluate(() => ((window as unknown as { marker: number }).marker = 7))
        await page.getByLabel('Find a competency by code or title').fill('ECO')
        // htmx swaps the picker as the designer types.
        await page.waitForFunction(() => [...document.querySelectorAll('#lk-competency option')].every((option) => option.textContent!.startsWith('ECO.')))
      } else {
        await page.getByLabel('Find a competency by code or title').fill('ECO')
        await page.getByRole('button', { name: 'Find' }).click()
        await page.waitForURL(/[?&]q=ECO/)
      }
      const options = await page.locator('#lk-competency option').allTextContents()
      t.ok(options.length > 0 && options.every((option) => option.startsWith('ECO.')), `only ECO competencies offered: ${options.join(' | ')}`)
      await page.locator('#lk-competency').selectOption({ label: options.find((option) => option.startsWith('ECO.3 '))! })
      await page.getByLabel('From level').selectOption('2')
      await page.getByLabel('To level').selectOption('3')
      await page.getByRole('button', { name: 'Link competency' }).click()
      if (javaScriptEnabled) await page.locator('#links .saved', { hasText: 'Link saved.' }).waitFor()
      else await page.waitForURL(/links=saved/)
      t.equal(await page.locator('#links tbody tr').count(), 1)
      t.match(await page.locator('#links tbody tr').textContent(), 'ECO.3')
      if (javaScriptEnabled) t.equal(await page.evaluate(() => (window as unknown as { marker?: number }).marker), 7, 'linked without a page load')
      t.equal(await page.getByText('Draft created.').count(), 0, 'the notice of the earlier step is gone')
      await page.screenshot({ path: path.join(ARTIFACTS_DIR, `design-programme-${suffix}.png`), fullPage: true })

      await page.getByRole('button', { name: 'Publish' }).click()
      await page.waitForURL(/published=1/)
      t.ok(await page.getByText('Published: staff see it and it can be recommended.').isVisible())

      await page.goto(`${address}/design/coverage`)
      t.same(await page.locator('tr#cov-ECO\\.3 td').allTextContents().then((cells) => cells.slice(0, 3)), ['1', '2', '1'], 'the hole is closed')

      const lecturerContext = await browser.newContext({ javaScriptEnabled })
      const lecturerPage = await lecturerContext.newPage()
      await signInAs(lecturerPage, address, 'lecturer@demo.test')
      await lecturerPage.goto(`${address}/plan?all=1`)
      const recommendation = lecturerPage.locator('li.recommendation', { hasText: 'Costing online programmes' })
      t.equal(await recommendation.count(), 1, 'the lecturer is recommended the new programme')
      t.match(await recommendation.locator('.reasons').textContent(), 'ECO.3')
      await lecturerPage.screenshot({ path: path.join(ARTIFACTS_DIR, `design-lecturer-plan-${suffix}.png`), fullPage: true })
      t.same(errors, [])
      await lecturerContext.close()
      await context.close()
    })
  }
})
