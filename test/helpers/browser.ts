import { CATALOGUES, type Locale } from '../../views/messages/index.js'
import { execFileSync } from 'node:child_process'
import { mkdir } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { chromium, type Browser, type Page } from 'playwright-core'

export const ARTIFACTS_DIR = fileURLToPath(new URL('../browser/artifacts/', import.meta.url))

/** Debian's Chromium, where installed (`CHROMIUM_PATH` overrides); undefined when there is none. */
export function findChromium(): string | undefined {
  if (process.env['CHROMIUM_PATH']) return process.env['CHROMIUM_PATH']
  try {
    return execFileSync('which', ['chromium'], { encoding: 'utf8' }).trim() || undefined
  } catch {
    return undefined
  }
}

/** Headless Chromium with the flags this machine needs (no sandbox as root, no network calls home). */
export async function launchChromium(executablePath: string): Promise<Browser> {
  await mkdir(ARTIFACTS_DIR, { recursive: true })
  return chromium.launch({
    executablePath,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
}

/** Why the browser tests are skipped here, or false when Chromium is there. */
export function chromiumSkipReason(): string | false {
  return findChromium() === undefined ? "no Chromium found: install Debian's chromium package, or set CHROMIUM_PATH" : false
}

/** Signs in through the login form, as a person would, and waits for where they land (their role's area). */
export async function signInAs(page: Page, address: string, email: string, password = 'demo-password', locale: Locale = 'en'): Promise<void> {
  const login = CATALOGUES[locale].login
  await page.goto(`${address}/login`)
  await page.getByLabel(login.email).fill(email)
  await page.getByLabel(login.password).fill(password)
  await page.getByRole('button', { name: login.submit }).click()
  await page.waitForURL((url) => url.origin === address && url.pathname !== '/login')
}
