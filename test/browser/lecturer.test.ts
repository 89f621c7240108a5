import path from 'node:path'
import t from 'tap'
import type { Page } from 'playwright-core'
import { startTestApp } from '../helpers/app.js'
import { ARTIFACTS_DIR, chromiumSkipReason, findChromium, launchChromium, signInAs } from '../helpers/browser.js'

const executablePath = findChromium()
const skip = chromiumSkipReason()

t.test('a lecturer signs in, opens the tree, rates with and without JavaScript, and reads the history', { skip }, async (t) => {
  const { app, db } = await startTestApp(t)
  const address = await app.listen({ host: '127.0.0.1', port: 0 })
  const browser = await launchChromium(executablePath!)
  t.teardown(() => browser.close())
  const competency = await db
    .selectFrom('competencies')
    .innerJoin('frameworks', 'frameworks.id', 'competencies.framework_id')
    .select(['competencies.id', 'competencies.title', 'competencies.parent_id as domainId'])
    .where('frameworks.slug', '=', 'iioe-hew')
    .where('competencies.code', '=', 'PED.1')
    .executeTakeFirstOrThrow()
  const card = `#c-${competency.id}`
  const historyLevels = async () =>
    (await db.selectFrom('ratings').innerJoin('users', 'users.id', 'ratings.user_id').select('ratings.level').where('users.email', '=', 'lecturer@demo.test').where('ratings.competency_id', '=', competency.id).orderBy('ratings.id').execute()).map((row) => row.level)

  const signIn = (page: Page) => signInAs(page, address, 'lecturer@demo.test')
  // Demo University uses UNESCO ICT-CFT beside IIOE HEW, for teachers: the lecturer switches to it and rates there too.
  const ictCompetency = await db
    .selectFrom('competencies')
    .innerJoin('frameworks', 'frameworks.id', 'competencies.framework_id')
    .select(['competencies.id', 'competencies.parent_id as domainId', 'frameworks.id as frameworkId'])
    .where('frameworks.slug', '=', 'unesco-ict-cft')
    .where('competencies.code', '=', 'A3.1')
    .executeTakeFirstOrThrow()
  const ictCard = `#c-${ictCompetency.id}`
  const ictLevels = async () =>
    (await db.selectFrom('ratings').innerJoin('users', 'users.id', 'ratings.user_id').select('ratings.level').where('users.email', '=', 'lecturer@demo.test').where('ratings.competency_id', '=', ictCompetency.id).where('ratings.evidence', 'like', '%(ICT-CFT, browser)').orderBy('ratings.id').execute()).map((row) => row.level)
  const switchToIct = async (page: Page) => {
    await page.locator('nav.framework-switch').getByRole('link', { name: 'UNESCO ICT Competency Framework for Teachers, version 3' }).click()
    await page.waitForURL(`${address}/framework?framework=${ictCompetency.frameworkId}`)
    await page.locator(`#d-${ictCompetency.domainId} > summary`).click()
    await page.locator(`${ictCard} .rate-box > summary`).click()
  }

  t.test('with JavaScript: htmx saves in place, without a page load', async (t) => {
    const context = await browser.newContext()
    const page = await context.newPage()
    const errors: string[] = []
    page.on('pageerror', (error) => errors.push(error.message))
    page.on('console', (message) => message.type() === 'error' && errors.push(message.text()))
    page.on('response', (response) => response.status() >= 400 && errors.push(`${response.status()} ${response.url()}`))
    await signIn(page)
    t.match(await page.locator('h1').textContent(), 'My profile')
    await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'lecturer-home-js.png'), fullPage: true })

    await page.getByRole('link', { name: 'Framework', exact: true }).click()
    await page.waitForURL(`${address}/framework`)
    await page.locator(`#d-${competency.domainId} > summary`).click()
    await page.locator(`${card} .rate-box > summary`).click()
    await page.evaluate(() => ((window as unknown as { marker: number }).marker = 42))
    const ratedInDomain = async () => Number(/\d+/.exec((await page.locator(`#count-d-${competency.domainId}`).textContent()) ?? '')?.[0])
    const ratedBefore = await ratedInDomain()
    await page.locator(`${card} input[name="level"][value="2"]`).check()
    await page.locator(`${card} textarea[name="evidence"]`).fill('Designed a flipped module (browser test)')
    await page.locator(`${card} button[type="submit"]`).click()
    await page.locator(`${card} .saved`).waitFor()
    t.match(await page.locator(`${card} .current-level`).textContent(), /2\s+Applying and infusing/)
    t.equal(await page.evaluate(() => (window as unknown as { marker?: number }).marker), 42, 'the page was not reloaded')
    t.equal(await ratedInDomain(), ratedBefore + 1, "the domain's heading counts the new rating")
    t.equal(page.url(), `${address}/framework`)
    t.same(await historyLevels(), [2])
    await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'lecturer-framework-js.png'), fullPage: false })

    await switchToIct(page)
    await page.evaluate(() => ((window as unknown as { marker: number }).marker = 43))
    await page.locator(`${ictCard} input[name="level"][value="2"]`).check()
    await page.locator(`${ictCard} textarea[name="evidence"]`).fill('Learners solved a local problem with data (ICT-CFT, browser)')
    await page.locator(`${ictCard} button[type="submit"]`).click()
    await page.locator(`${ictCard} .saved`).waitFor()
    t.match(await page.locator(`${ictCard} .current-level`).textContent(), /2\s+Knowledge Deepening/)
    t.equal(await page.evaluate(() => (window as unknown as { marker?: number }).marker), 43, 'saved in place in the other framework too')
    t.same(await ictLevels(), [2])
    t.same(await historyLevels(), [2], 'the HEW history is its own')
    t.same(errors, [], 'no script errors, no CSP violations')
    await context.close()
  })

  t.test('without JavaScript: a plain form post and a redirect back', async (t) => {
    const context = await browser.newContext({ javaScriptEnabled: false })
    const page = await context.newPage()
    await signIn(page)
    await page.goto(`${address}/framework`)
    await page.locator(`#d-${competency.domainId} > summary`).click()
    await page.locator(`${card} .rate-box > summary`).click()
    await page.locator(`${card} input[name="level"][value="3"]`).check()
    await page.locator(`${card} textarea[name="evidence"]`).fill('Led the department workshop (no JavaScript)')
    await page.locator(`${card} button[type="submit"]`).click()
    await page.waitForURL(`${address}/framework?saved=${competency.id}#c-${competency.id}`)
    t.match(await page.locator(`${card} .saved`).textContent(), 'Rating saved.')
    t.match(await page.locator(`${card} .current-level`).textContent(), /3\s+Achieving transformation/)
    t.same(await historyLevels(), [2, 3])
    await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'lecturer-framework-nojs.png') })

    await page.locator(`${card}`).getByRole('link', { name: 'Details and history' }).click()
    await page.waitForURL(`${address}/framework/${competency.id}`)
    const rows = page.locator('table.history tbody tr')
    t.equal(await rows.count(), 2, 'both ratings in the history')
    t.match(await rows.nth(0).textContent(), 'Led the department workshop (no JavaScript)')
    t.match(await rows.nth(1).textContent(), 'Designed a flipped module (browser test)')
    await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'lecturer-history-nojs.png'), fullPage: true })

    await page.goto(`${address}/framework`)
    await switchToIct(page)
    await page.locator(`${ictCard} input[name="level"][value="3"]`).check()
    await page.locator(`${ictCard} textarea[name="evidence"]`).fill('Learners ran their own projects (ICT-CFT, browser)')
    await page.locator(`${ictCard} button[type="submit"]`).click()
    await page.waitForURL(`${address}/framework?saved=${ictCompetency.id}#c-${ictCompetency.id}`)
    t.match(await page.locator(`${ictCard} .saved`).textContent(), 'Rating saved.')
    t.match(await page.locator('nav.framework-switch a[aria-current="page"]').textContent(), 'UNESCO ICT', 'back on the framework of the competency saved')
    t.same(await ictLevels(), [2, 3])
    await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'lecturer-ict-cft-nojs.png'), fullPage: false })
    await context.close()
  })
})
