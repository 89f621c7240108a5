import path from 'node:path'
import t from 'tap'
import type { Browser } from 'playwright-core'
import { startTestApp } from '../helpers/app.js'
import { ARTIFACTS_DIR, chromiumSkipReason, findChromium, launchChromium, signInAs } from '../helpers/browser.js'

const executablePath = findChromium()
const skip = chromiumSkipReason()

/**
 * The QA panel at work: the demo lecturer, on Demo University's panel, goes on where the panel
 * stopped, judges areas one screen at a time (Save and next) and reads the report, with JavaScript
 * (htmx swaps the area and keeps the address bar right) and without (a form post and a redirect).
 */
t.test('a panel member works through the QA self-assessment and reads its report', { skip }, async (t) => {
  const { app, db } = await startTestApp(t)
  const address = await app.listen({ host: '127.0.0.1', port: 0 })
  const browser: Browser = await launchChromium(executablePath!)
  t.teardown(() => browser.close())
  const qa = await db.selectFrom('frameworks').select('id').where('slug', '=', 'iioe-qa').executeTakeFirstOrThrow()
  const areas = await db.selectFrom('competencies').select(['id', 'code']).where('framework_id', '=', qa.id).where('kind', '=', 'competency').orderBy('id').execute()
  const judgements = async () => (await db.selectFrom('subject_ratings').select(['competency_id', 'level', 'evidence']).where('framework_id', '=', qa.id).orderBy('id').execute())
  const seeded = (await judgements()).length

  for (const javaScriptEnabled of [true, false]) {
    await t.test(`JavaScript ${javaScriptEnabled ? 'on' : 'off'}`, async (t) => {
      const context = await browser.newContext({ javaScriptEnabled })
      const page = await context.newPage()
      await signInAs(page, address, 'lecturer@demo.test')
      await page.getByRole('link', { name: /IIOE Quality Assurance Framework/ }).first().click()
      await page.waitForURL(`${address}/assessments/${qa.id}`)
      const before = (await judgements()).length
      const start = areas[before]!
      await page.getByRole('link', { name: 'Continue where you stopped' }).click()
      await page.waitForURL(`${address}/assessments/${qa.id}/areas/${start.id}`)
      for (const [step, level] of [2, 0].entries()) {
        const area = areas[before + step]!
        t.match(await page.locator('h1').textContent(), area.code, `on ${area.code}`)
        await page.locator(`input[name="level"][value="${level}"]`).check()
        await page.locator('textarea[name="evidence"]').fill(`Browser evidence ${area.code}`)
        await page.getByRole('button', { name: 'Save and next' }).click()
        const next = areas[before + step + 1]!
        await page.waitForURL(new RegExp(`/assessments/${qa.id}/areas/${next.id}(\\?outcome=saved&from=\\d+)?$`))
        await page.locator('h1', { hasText: next.code }).waitFor()
        t.match(await page.locator('[role="status"]').textContent(), `${area.code} Saved.`, 'says which area was saved')
      }
      const written = (await judgements()).slice(before)
      t.same(written.map((row) => [row.competency_id, row.level, row.evidence]), [0, 1].map((step) => [areas[before + step]!.id, step === 0 ? 2 : 0, `Browser evidence ${areas[before + step]!.code}`]), 'two judgements, one per submit')
      await page.screenshot({ path: path.join(ARTIFACTS_DIR, `panel-area-${javaScriptEnabled ? 'js' : 'nojs'}.png`), fullPage: true })
      await page.getByRole('link', { name: 'Back to the assessment' }).click()
      await page.getByRole('link', { name: 'Read the report' }).click()
      await page.waitForURL(`${address}/assessments/${qa.id}/report`)
      t.equal(await page.locator('table.report tbody tr').count(), 6, 'one row per component')
      t.match(await page.locator('h2', { hasText: 'Recommendations' }).textContent(), 'Recommendations')
      t.ok((await page.locator('.advice').count()) > 0, 'advice for the weak areas')
      await page.screenshot({ path: path.join(ARTIFACTS_DIR, `panel-report-${javaScriptEnabled ? 'js' : 'nojs'}.png`), fullPage: true })
      await context.close()
    })
  }
  t.equal((await judgements()).length, seeded + 4, 'four judgements in all')

  await t.test('in French and Chinese', async (t) => {
    for (const [locale, heading] of [['fr', 'Recommandations'], ['zh', '建议']] as const) {
      const context = await browser.newContext()
      await context.addCookies([{ name: 'lang', value: locale, url: address }])
      const page = await context.newPage()
      await signInAs(page, address, 'hr@demo.test', 'demo-password', locale)
      await page.goto(`${address}/assessments/${qa.id}/report`)
      t.equal(await page.locator('h2', { hasText: heading }).count(), 1, `${locale}: the report's headings`)
      t.notMatch(await page.locator('table.report').textContent(), /lang="en"/, `${locale}: component titles translated`)
      t.equal(await page.locator('table.report [lang="en"]').count(), 0, `${locale}: no component title left in English`)
      await context.close()
    }
  })
})
