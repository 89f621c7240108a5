import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import t from 'tap'
import type { Browser } from 'playwright-core'
import { apiToken, competencyOf, startTestApp } from '../helpers/app.js'
import { ARTIFACTS_DIR, chromiumSkipReason, findChromium, launchChromium, signInAs } from '../helpers/browser.js'
import { pdf } from '../helpers/zip.js'

const executablePath = findChromium()
const skip = chromiumSkipReason()

t.test('a lecturer attaches evidence and asks for a review; her reviewer validates a level; she sees it, and the credential it earned, which anyone can check', { skip }, async (t) => {
  const browser: Browser = await launchChromium(executablePath!)
  t.teardown(() => browser.close())
  const folder = await mkdtemp(path.join(tmpdir(), 'evidence-'))
  const file = path.join(folder, 'syllabus.pdf')
  await writeFile(file, pdf('syllabus'))

  for (const javaScriptEnabled of [true, false]) {
    t.test(javaScriptEnabled ? 'with JavaScript' : 'without JavaScript', async (t) => {
      const { app, db } = await startTestApp(t)
      const address = await app.listen({ host: '127.0.0.1', port: 0 })
      const competency = await competencyOf(db, 'iioe-hew', 'PED.3')
      // Her target for PED.3: a validated level 3 earns its credential.
      await app.inject({ method: 'PUT', url: `/api/v1/me/targets/${competency.id}`, headers: { authorization: `Bearer ${await apiToken(app, 'lecturer@demo.test')}` }, payload: { level: 3 } })
      const errors: string[] = []
      const open = async () => {
        const context = await browser.newContext({ javaScriptEnabled })
        const page = await context.newPage()
        page.on('pageerror', (error) => errors.push(error.message))
        page.on('response', (response) => response.status() >= 500 && errors.push(`${response.status()} ${response.url()}`))
        return { context, page }
      }

      // Amina rates PED.3 with a file uploaded with the rating.
      const amina = await open()
      await signInAs(amina.page, address, 'lecturer@demo.test')
      await amina.page.goto(`${address}/framework/${competency.id}`)
      if (javaScriptEnabled) await amina.page.evaluate(() => ((window as unknown as { marker: number }).marker = 7))
      const form = amina.page.locator('form.rating-form')
      await form.getByLabel('2 Applying and infusing').check()
      await form.getByLabel('Evidence', { exact: true }).fill('Redesigned the course with my students')
      await form.getByLabel('Add a file (optional)').setInputFiles(file)
      await form.getByRole('button', { name: 'Save' }).click()
      await amina.page.getByRole('status').filter({ hasText: 'Rating saved.' }).waitFor()
      if (javaScriptEnabled) t.equal(await amina.page.evaluate(() => (window as unknown as { marker?: number }).marker), 7, 'saved without a page load')
      t.ok(await amina.page.getByRole('checkbox', { name: /syllabus\.pdf/ }).isChecked(), 'the uploaded file is cited')

      // She asks for its review.
      await amina.page.getByRole('link', { name: 'Reviews', exact: true }).click()
      await amina.page.getByText('Your request goes to Farid Rahman.').waitFor()
      await amina.page.getByRole('checkbox', { name: /PED\.3/ }).check()
      await amina.page.getByLabel('Message to your reviewer (optional)').fill('The syllabus is attached')
      await amina.page.getByRole('button', { name: 'Ask for a review' }).click()
      await amina.page.getByRole('status').filter({ hasText: 'You asked Farid Rahman to review 1 rating.' }).waitFor()

      // Farid finds it in his queue, opens the file and validates level 3.
      const farid = await open()
      await signInAs(farid.page, address, 'hr@demo.test')
      await farid.page.getByRole('link', { name: 'Reviews', exact: true }).click()
      const review = farid.page.locator('article.review', { hasText: 'PED.3' })
      await review.getByText('The syllabus is attached').waitFor()
      const [download] = await Promise.all([farid.page.waitForEvent('download'), review.getByRole('link', { name: 'syllabus.pdf' }).click()])
      t.equal(download.suggestedFilename(), 'syllabus.pdf', 'the file downloads, never opens as a page')
      await review.getByText('Level descriptors').click()
      await review.getByLabel('3 Achieving transformation').check()
      await review.getByLabel('Comment').fill('Seen in class')
      await review.getByRole('button', { name: 'Validate this level' }).click()
      await farid.page.getByRole('status').filter({ hasText: 'Your decision on PED.3 was saved and the person is told.' }).waitFor()
      await farid.page.screenshot({ path: path.join(ARTIFACTS_DIR, `review-decided-${javaScriptEnabled ? 'js' : 'nojs'}.png`), fullPage: true })

      // Amina is told, and sees Farid's level beside her own.
      await amina.page.goto(`${address}/`)
      await amina.page.getByText('A review you asked for was decided.').waitFor()
      await amina.page.getByRole('link', { name: 'See reviews' }).click()
      const row = amina.page.locator('#mine tbody tr', { hasText: 'PED.3' })
      t.match(await row.textContent(), /Validated[\s\S]*3 Achieving transformation[\s\S]*by Farid Rahman[\s\S]*Seen in class/)

      // The validation earned a credential: she finds it, and anyone with its link can check it.
      await amina.page.getByRole('link', { name: 'My credentials' }).click()
      const [badge] = await Promise.all([amina.page.waitForEvent('download'), amina.page.getByRole('link', { name: 'Badge image (PNG)' }).click()])
      t.match(badge.suggestedFilename(), /^badge-[0-9a-f-]{36}\.png$/)
      await amina.page.getByRole('link', { name: 'Public page' }).click()
      const publicUrl = amina.page.url()
      const stranger = await browser.newContext({ javaScriptEnabled, locale: 'fr-FR' })
      const strangerPage = await stranger.newPage()
      await strangerPage.goto(publicUrl)
      await strangerPage.getByText('Ce certificat est authentique').waitFor()
      t.match(await strangerPage.locator('main').textContent(), /Amina Okafor[\s\S]*Demo University/)

      // HR revoke it from their page; the next look says so.
      await farid.page.getByRole('link', { name: 'Credentials', exact: true }).click()
      await farid.page.getByLabel('Credential address or id').fill(publicUrl)
      await farid.page.getByLabel(/^Why/).fill('Issued in error')
      await farid.page.getByRole('button', { name: 'Revoke' }).click()
      await farid.page.getByRole('status').filter({ hasText: 'The credential is revoked.' }).waitFor()
      await strangerPage.reload()
      await strangerPage.getByText('Ce certificat a été révoqué').waitFor()
      await strangerPage.screenshot({ path: path.join(ARTIFACTS_DIR, `credential-revoked-${javaScriptEnabled ? 'js' : 'nojs'}.png`), fullPage: true })
      await stranger.close()
      t.same(errors, [], 'no script errors, no server errors')
      await amina.context.close()
      await farid.context.close()
    })
  }
})
