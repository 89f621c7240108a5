import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import t from 'tap'
import type { Browser } from 'playwright-core'
import { startTestApp } from '../helpers/app.js'
import { ARTIFACTS_DIR, chromiumSkipReason, findChromium, launchChromium, signInAs } from '../helpers/browser.js'
import { casePackage } from '../helpers/case-packages.js'

const executablePath = findChromium()
const skip = chromiumSkipReason()

t.test('an operator uploads a deep CASE package and chooses which items are rated', { skip }, async (t) => {
  const browser: Browser = await launchChromium(executablePath!)
  t.teardown(() => browser.close())
  // Three levels: Strand > Standard > Element; the Elements are rated.
  const folder = await mkdtemp(path.join(tmpdir(), 'case-upload-'))
  const file = path.join(folder, 'deep-package.json')
  await writeFile(file, JSON.stringify(casePackage([{ n: 1, parent: 0, code: 'A' }, { n: 2, parent: 1, code: 'A.1' }, { n: 3, parent: 2, code: 'A.1.a' }, { n: 4, parent: 2, code: 'A.1.b' }])))

  for (const javaScriptEnabled of [true, false]) {
    t.test(javaScriptEnabled ? 'with JavaScript' : 'without JavaScript', async (t) => {
      const { app, db } = await startTestApp(t)
      const address = await app.listen({ host: '127.0.0.1', port: 0 })
      const context = await browser.newContext({ javaScriptEnabled })
      const page = await context.newPage()
      const errors: string[] = []
      page.on('pageerror', (error) => errors.push(error.message))
      page.on('response', (response) => response.status() >= 500 && errors.push(`${response.status()} ${response.url()}`))
      await signInAs(page, address, 'admin@demo.test')

      await page.getByRole('link', { name: 'Frameworks' }).click()
      await page.waitForURL(`${address}/admin/frameworks`)
      if (javaScriptEnabled) await page.evaluate(() => ((window as unknown as { marker: number }).marker = 7))
      const form = page.locator('form[action="/admin/frameworks/import"]')
      await form.getByLabel('A CASE package or framework file (JSON), from your computer').setInputFiles(file)
      await form.getByLabel('Items at one depth').check()
      await form.getByLabel('Depth (1 = the items directly under the document)').fill('3')
      await form.getByRole('button', { name: 'Check and import' }).click()
      const notice = page.getByRole('status').filter({ hasText: 'Imported edition-speciale version 2020-01-01.' })
      await notice.waitFor()
      t.match(await notice.textContent(), 'no CFRubrics: the default scale', 'the notes of the conversion are shown')
      if (javaScriptEnabled) t.equal(await page.evaluate(() => (window as unknown as { marker?: number }).marker), 7, 'imported without a page load')
      await page.screenshot({ path: path.join(ARTIFACTS_DIR, `operator-import-${javaScriptEnabled ? 'js' : 'nojs'}.png`), fullPage: true })

      t.ok(await form.getByLabel('As the package says', { exact: false }).isChecked(), 'the form is fresh for the next import')
      const row = page.locator('table.frameworks tbody tr', { hasText: 'edition-speciale' })
      t.same(await row.locator('td').nth(3).textContent(), '2', 'two competencies: the items at depth 3')
      const kinds = await db.selectFrom('competencies').innerJoin('frameworks', 'frameworks.id', 'competencies.framework_id').select(['code', 'kind']).where('frameworks.slug', '=', 'edition-speciale').orderBy('code').execute()
      t.same(kinds, [{ code: 'A', kind: 'domain' }, { code: 'A.1', kind: 'domain' }, { code: 'A.1.a', kind: 'competency' }, { code: 'A.1.b', kind: 'competency' }])
      t.same(errors, [], 'no script errors, no server errors')
      await context.close()
    })
  }
})
