import type { Test } from 'tap'
import { apiToken, browserGet, signIn, startTestApp, type BrowserSession } from './app.js'
import { API_SPECS } from './bad-input/api.js'
import { casesFor } from './bad-input/cases.js'
import { databaseWatch } from './bad-input/database-watch.js'
import { DESIGN_ADMIN_SPECS } from './bad-input/design-admin.js'
import { HR_SPECS } from './bad-input/hr.js'
import { prepareIds } from './bad-input/ids.js'
import { judge } from './bad-input/judge.js'
import { PAGE_SPECS } from './bad-input/pages.js'
import type { Spec, Who } from './bad-input/types.js'

/**
 * The bad-input sweep: every registered route that takes params, a query or a body is called by a
 * person its access lets in, with wrong types, missing and extra fields, empty and 1 MB strings,
 * unicode and control characters (NUL among them), SQL and HTML injection, negative and huge numbers,
 * malformed JSON and CSV, wrong content types and path params that are not ids. Every answer must be
 * below 500, show no stack trace, be a 4xx with a readable message when the input is invalid, and a
 * refused request must leave every table exactly as it was (checksums of all tables). A route
 * missing from SPECS fails the test, so a new route cannot escape the sweep. The sweep runs in parts
 * (test/routes/bad-input-*.test.ts), each over its share of the routes, so the parts run in parallel.
 */

const ACCOUNTS: Record<Exclude<Who, 'anonymous'>, string> = {
  lecturer: 'lecturer@demo.test',
  hr: 'hr@demo.test',
  designer: 'designer@demo.test',
  admin: 'admin@demo.test',
  leaver: 'lecturer@college.test',
}

/** Every route's spec, gathered from the area files in test/helpers/bad-input/ (split as the sweep's parts select routes). */
const SPECS: Record<string, Spec> = { ...PAGE_SPECS, ...HR_SPECS, ...DESIGN_ADMIN_SPECS, ...API_SPECS }

/** Sweeps the routes `part` selects; the part `checksRegistry` also checks that SPECS covers every route. */
export async function sweep(t: Test, part: { name: string; routes: (key: string) => boolean; checksRegistry?: boolean }): Promise<void> {
  // The sign-in throttle (tested on its own) would answer 429 after a few failed password checks and
  // hide how the rest of the input is handled: here its limits are out of reach.
  const { app, db } = await startTestApp(t, { signInLimits: { pairAttempts: 1_000_000, firstDelaySeconds: 1, maxDelaySeconds: 1, addressAttempts: 1_000_000, windowSeconds: 900 } })
  const ids = await prepareIds(app, db)
  const people = Object.entries(ACCOUNTS) as [Exclude<Who, 'anonymous'>, string][]
  const sessions = Object.fromEntries(await Promise.all(people.map(async ([who, email]) => [who, await signIn(app, email)]))) as Record<Exclude<Who, 'anonymous'>, BrowserSession>
  const anonymous: BrowserSession = { cookies: {}, csrf: '' }
  await browserGet(app, anonymous, '/login')
  const tokens = Object.fromEntries(await Promise.all(people.map(async ([who, email]) => [who, await apiToken(app, email)]))) as Record<Exclude<Who, 'anonymous'>, string>

  const registered = [...new Set(app.declaredRoutes.map((route) => `${route.method} ${route.url.replace(/\/assets\/[^/]+$/, '/assets/*')}`))]
  if (part.checksRegistry) {
    t.same(registered.filter((key) => !(key in SPECS)), [], 'every registered route is in the sweep')
    t.same(Object.keys(SPECS).filter((key) => !registered.includes(key)), [], 'the sweep names no route that does not exist')
  }

  const watch = await databaseWatch(db)
  const tried = new Map<string, number>()
  const acceptedWrites = new Map<string, number>()
  const millis = new Map<string, number>()
  let total = 0
  let failures = 0
  for (const key of registered.filter((route) => route in SPECS && part.routes(route))) {
    const spec = SPECS[key]!
    const cases = casesFor(key, spec, ids, sessions, anonymous, tokens)
    tried.set(key, cases.length)
    const started = performance.now()
    for (const item of cases) {
      const response = await app.inject({ method: item.method, url: item.url, headers: item.headers, ...(item.payload === undefined ? {} : { payload: item.payload }) })
      total++
      const problems = judge(item, response)
      const change = (await watch.changes()).filter((table) => !spec.writes?.includes(table))
      const writes = response.statusCode < 400 && item.method !== 'GET'
      if (change.length > 0 && !writes) problems.push(`changed ${change.join(', ')} although ${response.statusCode === 200 && item.method === 'GET' ? 'it only read' : `it answered ${response.statusCode}`}`)
      if (change.length > 0 && writes) acceptedWrites.set(key, (acceptedWrites.get(key) ?? 0) + 1)
      if (problems.length > 0) {
        failures++
        if (failures <= 60) t.fail(`${key} ${item.label}: ${problems.join('; ')}`, { status: response.statusCode, url: item.url.slice(0, 200), body: response.body.slice(0, 300) })
      }
    }
    millis.set(key, performance.now() - started)
  }
  if (process.env['SWEEP_TIMES']) t.comment(`${watch.stats.checksums} checksums in ${Math.round(watch.stats.ms)} ms`)
  if (process.env['SWEEP_TIMES']) t.comment([...millis].sort((a, b) => b[1] - a[1]).slice(0, 15).map(([key, ms]) => `${key}: ${tried.get(key)} in ${Math.round(ms)} ms`).join('\n'))
  t.equal(failures, 0, `${failures} of ${total} bad inputs were answered wrongly`)
  t.ok(total > 500, `${total} inputs tried`)
  const routesWithInput = [...tried].filter(([key]) => SPECS[key]!.params || SPECS[key]!.query || SPECS[key]!.body || SPECS[key]!.type)
  t.comment(`bad-input sweep (${part.name}): ${total} requests over ${tried.size} routes (${routesWithInput.length} taking params, a query or a body)`)
  t.comment(`accepted writes (valid or harmless input, e.g. unicode text): ${[...acceptedWrites].map(([key, n]) => `${key} x${n}`).join(', ') || 'none'}`)
}
