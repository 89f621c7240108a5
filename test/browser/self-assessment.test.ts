import { readFile } from 'node:fs/promises'
import path from 'node:path'
import t from 'tap'
import type { Page } from 'playwright-core'
import { startTestApp } from '../helpers/app.js'
import { ARTIFACTS_DIR, chromiumSkipReason, findChromium, launchChromium, signInAs } from '../helpers/browser.js'
import { pdfText, squeezed } from '../helpers/pdf-text.js'

const executablePath = findChromium()
const skip = chromiumSkipReason()

/**
 * The guided self-assessment in a real browser, with JavaScript and without: from the home page to the
 * summary, one submit per competency and no other click, counting the bytes it took.
 */
t.test('a lecturer completes the guided self-assessment, with and without JavaScript', { skip }, async (t) => {
  const { app, db } = await startTestApp(t)
  const address = await app.listen({ host: '127.0.0.1', port: 0 })
  const browser = await launchChromium(executablePath!)
  t.teardown(() => browser.close())
  const lecturer = await db.selectFrom('users').select(['id', 'role_profile_id']).where('email', '=', 'lecturer@demo.test').executeTakeFirstOrThrow()
  const hew = await db.selectFrom('frameworks').select('id').where('slug', '=', 'iioe-hew').executeTakeFirstOrThrow()
  const asked = (
    await db
      .selectFrom('role_profile_targets as rpt')
      .innerJoin('competencies as c', 'c.id', 'rpt.competency_id')
      .select('c.id')
      .where('rpt.role_profile_id', '=', lecturer.role_profile_id!)
      .where('rpt.level', '>', 0)
      .where('c.framework_id', '=', hew.id)
      .execute()
  ).map((row) => row.id)
  /** A new start: none of the competencies asked is rated. */
  const forget = () => db.deleteFrom('current_ratings').where('user_id', '=', lecturer.id).where('competency_id', 'in', asked).execute()

  /** Home -> "Start" -> one "Save and next" per competency -> the summary; the submits and the bytes received. */
  async function complete(page: Page, level: string, js: boolean): Promise<{ submits: number; kilobytes: number }> {
    let bytes = 0
    page.on('response', async (response) => {
      if (response.url().startsWith(address)) bytes += Number(response.headers()['content-length'] ?? (await response.body().catch(() => Buffer.alloc(0))).length)
    })
    await signInAs(page, address, 'lecturer@demo.test')
    await page.goto(`${address}/?framework=${hew.id}`)
    await page.getByRole('link', { name: 'Start', exact: true }).click()
    await page.waitForURL(/\/self-assessment\/\d+$/)
    if (js) await page.evaluate(() => ((window as unknown as { marker: number }).marker = 1))
    let submits = 0
    while (!page.url().includes('/self-assessment/summary')) {
      t.match(await page.locator('#self-assessment .muted').first().textContent(), `Competency ${submits + 1} of ${asked.length}`)
      await page.locator(`#self-assessment input[name="level"][value="${level}"]`).check()
      if (js && submits === asked.length - 1) t.equal(await page.evaluate(() => (window as unknown as { marker?: number }).marker), 1, 'every screen was swapped in, not loaded')
      const before = page.url()
      await page.getByRole('button', { name: 'Save and next' }).click()
      submits++
      await page.waitForURL((url) => url.toString() !== before)
    }
    await page.locator('h1', { hasText: 'Your answers' }).waitFor()
    t.match(await page.locator('main').textContent(), `${asked.length} of ${asked.length} rated`)
    return { submits, kilobytes: Math.round(bytes / 102.4) / 10 }
  }

  /** From the summary to the report, then its PDF downloaded: every line the page shows of the report is in the PDF. */
  async function readReport(page: Page): Promise<void> {
    await page.getByRole('link', { name: 'Read your report' }).click()
    await page.locator('h1', { hasText: 'My report' }).waitFor()
    const lines = (await page.locator('.report th[scope="row"], .report td, .report section li a, .report section li .code').allTextContents()).map(squeezed).filter((line) => line !== '')
    t.ok(lines.length > 10, `${lines.length} lines of the report on the page`)
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download as PDF' }).click()])
    t.match(download.suggestedFilename(), /^report-iioe-hew.*\.pdf$/)
    const text = squeezed(await pdfText(await readFile((await download.path())!)))
    t.same(lines.filter((line) => !text.includes(line)), [], 'the PDF says what the page says')
  }

  t.test('with JavaScript: each screen is swapped in and its address pushed', async (t) => {
    await forget()
    const context = await browser.newContext({ acceptDownloads: true })
    const page = await context.newPage()
    const errors: string[] = []
    page.on('pageerror', (error) => errors.push(error.message))
    page.on('console', (message) => message.type() === 'error' && errors.push(message.text()))
    const { submits, kilobytes } = await complete(page, '2', true)
    t.equal(submits, asked.length, 'one submit per competency')
    t.same(errors, [], 'no script errors, no CSP violations')
    const levels = await db.selectFrom('current_ratings').select('level').where('user_id', '=', lecturer.id).where('competency_id', 'in', asked).execute()
    t.same(levels.map((row) => row.level), asked.map(() => 2))
    await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'self-assessment-summary-js.png'), fullPage: true })
    t.comment(`a full teacher assessment with JavaScript: ${submits} submits, ${kilobytes} KB received`)
    await readReport(page)
    await context.close()
  })

  t.test('without JavaScript: a plain form and a redirect per competency', async (t) => {
    await forget()
    const context = await browser.newContext({ javaScriptEnabled: false, acceptDownloads: true })
    const page = await context.newPage()
    const { submits, kilobytes } = await complete(page, '3', false)
    t.equal(submits, asked.length, 'one submit per competency')
    const levels = await db.selectFrom('current_ratings').select('level').where('user_id', '=', lecturer.id).where('competency_id', 'in', asked).execute()
    t.same(levels.map((row) => row.level), asked.map(() => 3))
    t.comment(`a full teacher assessment without JavaScript: ${submits} submits, ${kilobytes} KB received`)
    await readReport(page)
    await context.close()
  })
})
