import { readFile } from 'node:fs/promises'
import path from 'node:path'
import t from 'tap'
import type { Browser, Page } from 'playwright-core'
import { shareRatings, startTestApp } from '../helpers/app.js'
import { ARTIFACTS_DIR, chromiumSkipReason, findChromium, launchChromium, signInAs } from '../helpers/browser.js'

const executablePath = findChromium()
const skip = chromiumSkipReason()

t.test('HR imports staff, reads the heatmap, drills down, exports, validates, reads the audit log', { skip }, async (t) => {
  const { app } = await startTestApp(t)
  // HR validate the lecturer's ratings below: Demo University shows them once she shares them.
  await shareRatings(app, 'lecturer@demo.test')
  const address = await app.listen({ host: '127.0.0.1', port: 0 })
  const browser: Browser = await launchChromium(executablePath!)
  t.teardown(() => browser.close())
  const signIn = (page: Page, email: string) => signInAs(page, address, email)

  for (const javaScriptEnabled of [true, false]) {
    t.test(javaScriptEnabled ? 'with JavaScript' : 'without JavaScript', async (t) => {
      const suffix = javaScriptEnabled ? 'js' : 'nojs'
      const context = await browser.newContext({ javaScriptEnabled, acceptDownloads: true })
      const page = await context.newPage()
      const errors: string[] = []
      page.on('pageerror', (error) => errors.push(error.message))
      page.on('response', (response) => response.status() >= 500 && errors.push(`${response.status()} ${response.url()}`))
      await signIn(page, 'hr@demo.test')
      t.equal(new URL(page.url()).pathname, '/hr', 'HR land on their institution\'s reports')

      // Import: a dry run that finds a problem, then a clean import.
      await page.getByRole('link', { name: 'Staff' }).click()
      await page.getByRole('link', { name: 'Import a CSV' }).click()
      const csv = page.getByLabel('CSV text')
      await csv.fill(`email,name,department,role_profile,role\nimported.${suffix}@demo.test,Imported ${suffix},Education,teacher,lecturer\nbroken-email,Broken,Education,teacher,lecturer\n`)
      await page.getByRole('button', { name: 'Check (dry run)' }).click()
      await page.locator('table.import-errors').waitFor()
      t.match(await page.locator('table.import-errors tbody').textContent(), 'email')
      await page.screenshot({ path: path.join(ARTIFACTS_DIR, `hr-import-${suffix}.png`), fullPage: true })
      await page.getByLabel('CSV text').fill(`email,name,department,role_profile,role\nimported.${suffix}@demo.test,Imported ${suffix},Education,teacher,lecturer\n`)
      await page.getByRole('button', { name: 'Import', exact: true }).click()
      await page.waitForURL(/\/hr\/staff\?imported=1-0/)
      t.match(await page.locator('.saved').textContent(), 'Imported: 1 added, 0 updated.')

      // Every invitation link on one page; with JavaScript a button copies each one.
      await page.locator('.saved').getByRole('link', { name: 'Invitation links' }).click()
      await page.waitForURL(`${address}/hr/staff/invitations`)
      const row = page.locator('tr', { hasText: `imported.${suffix}@demo.test` })
      const link = (await row.locator('code').textContent())!
      t.match(link, /\/invite\//, 'the link is there to read and select')
      const copy = row.getByRole('button', { name: `Copy link: Imported ${suffix}` })
      if (javaScriptEnabled) {
        await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: address })
        await copy.click()
        await row.getByRole('button', { name: 'Copied' }).waitFor()
        t.equal(await page.evaluate(() => navigator.clipboard.readText()), link, 'the button copied the link')
      } else {
        t.equal(await copy.count(), 0, 'without JavaScript there is no button that would do nothing')
      }

      // The heatmap and a drill-down.
      await page.getByRole('link', { name: 'Institution' }).click()
      await page.waitForURL(`${address}/hr`)
      t.ok((await page.locator('table.heatmap tbody tr').count()) >= 5, 'a row per department and the total')
      await page.screenshot({ path: path.join(ARTIFACTS_DIR, `hr-dashboard-${suffix}.png`), fullPage: true })
      const download = page.waitForEvent('download')
      await page.getByRole('link', { name: 'Download as CSV' }).click()
      const file = await (await download).path()
      t.match((await readFile(file, 'utf8')).split('\r\n')[0], 'department,domain_code,domain,suppressed,people,rated')
      await page.locator('table.heatmap tbody tr').first().locator('td a').first().click()
      await page.waitForURL(/\/hr\/departments\/\d+\?domain=\d+/)
      t.ok((await page.locator('tbody tr').count()) >= 3, 'one row per competency of the domain')
      await page.screenshot({ path: path.join(ARTIFACTS_DIR, `hr-drilldown-${suffix}.png`), fullPage: true })

      // Validate one of the lecturer's ratings.
      await page.goto(`${address}/hr/staff?q=okafor`)
      await page.getByRole('link', { name: 'Amina Okafor' }).click()
      await page.getByRole('link', { name: 'Ratings and validation' }).click()
      const item = page.locator('article.competency').first()
      await item.getByLabel('Comment (optional)').fill(`Validated in the ${suffix} run`)
      await item.getByRole('button', { name: 'Validate' }).click()
      await page.locator('article.competency .saved').first().waitFor()
      t.match(await page.locator('article.competency').first().textContent(), `Validated in the ${suffix} run`)

      // A round for the Education department: opened from the form, counted on its page.
      await page.getByRole('link', { name: 'Rounds' }).click()
      await page.waitForURL(`${address}/hr/rounds`)
      await page.getByLabel('Title').fill(`Education round ${suffix}`)
      const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10)
      await page.getByLabel('Opens on').fill(day(0))
      await page.getByLabel('Closes at the end of').fill(day(3))
      await page.getByRole('checkbox', { name: 'Education' }).check()
      await page.getByRole('button', { name: 'Open the round' }).click()
      await page.waitForURL(/\/hr\/rounds\/\d+\?created=\d+/)
      t.match(await page.locator('.saved').textContent(), /The round is set up for \d+ people\./)
      t.match(await page.locator('table.participation tbody').textContent(), 'Education')
      await page.getByRole('button', { name: 'Send a reminder' }).click()
      await page.waitForURL(/reminded=\d+/)
      t.match(await page.locator('.saved').textContent(), /A reminder is on its way to \d+ people\./)
      await page.screenshot({ path: path.join(ARTIFACTS_DIR, `hr-round-${suffix}.png`), fullPage: true })

      // The audit log shows the import and the validation.
      await page.getByRole('link', { name: 'Audit log' }).click()
      const log = await page.locator('table tbody').textContent()
      t.match(log, 'staff.import')
      t.match(log, 'rating.validate')
      t.match(log, 'round.open')
      await page.screenshot({ path: path.join(ARTIFACTS_DIR, `hr-audit-${suffix}.png`), fullPage: true })
      t.same(errors, [])
      await context.close()
    })
  }

  t.test('HR of Demo College sees none of it', async (t) => {
    const context = await browser.newContext()
    const page = await context.newPage()
    await signIn(page, 'hr@college.test')
    for (const url of ['/hr', '/hr/staff', '/hr/audit', '/hr/departments']) {
      await page.goto(`${address}${url}`)
      const text = (await page.locator('main').textContent()) ?? ''
      for (const secret of ['Demo University', 'Amina Okafor', 'Imported js', 'Computer Science', 'rating.validate']) {
        t.notOk(text.includes(secret), `${url} does not show "${secret}"`)
      }
    }
    await context.close()
  })
})
