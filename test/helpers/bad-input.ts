import type { Test } from 'tap'
import { apiToken, browserGet, signIn, startTestApp, type BrowserSession } from './app.js'
import { casesFor } from './bad-input/cases.js'
import { databaseWatch } from './bad-input/database-watch.js'
import { prepareIds } from './bad-input/ids.js'
import { judge } from './bad-input/judge.js'
import type { Field, Spec, Who } from './bad-input/types.js'

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

const id = (valid = 1, extra: Partial<Extract<Field, { t: 'int' }>> = {}): Field => ({ t: 'int', min: 1, max: 2_147_483_647, valid, ...extra })
const level: Field = { t: 'int', min: 1, max: 10, valid: 1, required: true }
const text = (valid: string, max: number, required = false): Field => ({ t: 'text', valid, max, required })
const str = (valid: string, required = false): Field => ({ t: 'str', valid, required })
/** Sign-in fields: each request costs a password hash (~0.1 s), so they get the short list of values. */
const signInField = (valid: string): Field => ({ t: 'str', valid, required: true, few: true })
const enumOf = (values: readonly string[], required = false, valid = values[0]!): Field => ({ t: 'enum', values, valid, required })
const flag = (valid = '1'): Field => ({ t: 'str', valid })
const page: Field = { t: 'int', min: 1, max: 100_000, valid: 1 }

const ACTIVITY_FIELDS = {
  title: text('Sweep seminar', 300),
  status: enumOf(['planned', 'in_progress', 'completed'], true),
  hours: { t: 'num', min: 0, max: 2000, valid: 3 } as Field,
  startedAt: str('2026-01-05'),
  completedAt: str('2026-01-06'),
  certificateUrl: str('https://example.org/certificate'),
  notes: text('notes', 2000),
}
const STAFF_FIELDS = {
  name: text('Sweep Person', 200, true),
  role: enumOf(['lecturer', 'hr', 'designer', 'admin'], true),
  departmentId: id(1, { nullable: true }),
  roleProfileId: id(1, { nullable: true }),
  reviewerId: id(1, { nullable: true }),
}

const CATALOGUE_HEADER = 'code,title,provider,mode,hours,languages,url,description,published,competency,from_level,to_level'
/** The programme form of the designers' pages; the code is that of the sweep's own programme. */
const PROGRAMME_FIELDS = {
  code: str('SWEEP-P1', true),
  title: text('Sweep programme', 300, true),
  provider: text('Sweep provider', 200, true),
  mode: enumOf(['online', 'blended', 'face_to_face'], true),
  hours: { t: 'num', min: 0.001, max: 10_000, valid: 10 } as Field,
  languages: str('en', true),
  url: str('https://example.org/programme'),
  description: text('Made by the sweep', 5000),
}
const PROGRAMME_JSON_FIELDS = {
  ...PROGRAMME_FIELDS,
  languages: { t: 'list', valid: ['en'], required: true } as Field,
  url: { t: 'str', valid: 'https://example.org/programme', nullable: true } as Field,
}
const LINK_FIELDS = {
  competencyId: id(1, { required: true }),
  fromLevel: { t: 'int', min: 0, max: 100, valid: 0, required: true } as Field,
  toLevel: { t: 'int', min: 1, max: 100, valid: 1, required: true } as Field,
}

const SPECS: Record<string, Spec> = {
  'GET /healthz': { as: 'anonymous' },
  'GET /openapi.json': { as: 'anonymous' },
  'GET /login': { as: 'anonymous', query: { next: str('/') } },
  'POST /login': { as: 'anonymous', type: 'form', writes: ['sign_in_throttle'], body: { email: signInField('nobody@demo.test'), password: signInField('wrong-password'), next: { t: 'str', valid: '/', few: true } } },
  'POST /logout': { as: 'leaver', type: 'form', body: {} },
  'GET /': { as: 'lecturer' },
  'GET /framework': { as: 'lecturer', query: { saved: id(), domain: id() } },
  'GET /framework/:competencyId': { as: 'lecturer', params: { competencyId: (ids) => `${ids.competency}` }, query: { saved: flag(), target: flag() } },
  'POST /framework/:competencyId/rating': {
    as: 'lecturer',
    type: 'form',
    params: { competencyId: (ids) => `${ids.competency}` },
    body: { level, evidence: text('sweep evidence', 10_000), evidenceUrl: str('https://example.org/e'), returnTo: str('detail') },
  },
  'POST /framework/:competencyId/target': { as: 'lecturer', type: 'form', params: { competencyId: (ids) => `${ids.competency}` }, body: { level: { ...level, max: 99 } } },
  'GET /plan': { as: 'lecturer', query: { all: flag() } },
  'GET /programmes': { as: 'lecturer', query: { competency: id(), mode: enumOf(['online', 'blended', 'face_to_face']), language: str('en'), maxHours: { t: 'num', min: 1, max: 10_000, valid: 40 } } },
  'GET /programmes/:id': { as: 'lecturer', params: { id: (ids) => `${ids.programme}` } },
  'GET /activities': { as: 'lecturer', query: { saved: id() } },
  'POST /activities': { as: 'lecturer', type: 'form', body: { programmeId: id(1), ...ACTIVITY_FIELDS } },
  'POST /activities/:id/status': { as: 'lecturer', type: 'form', params: { id: (ids) => `${ids.activity}` }, body: { status: enumOf(['planned', 'in_progress', 'completed'], true) } },
  'GET /activities/:id/rerate': { as: 'lecturer', params: { id: (ids) => `${ids.activity}` }, query: { saved: id() } },
  'GET /hr': { as: 'hr', query: { department: id(), roleProfile: id(), basis: enumOf(['self', 'validated']), metric: enumOf(['gap', 'below']) } },
  'GET /hr/departments/:id': { as: 'hr', params: { id: (ids) => `${ids.department}` }, query: { domain: id(), roleProfile: id(), basis: enumOf(['self', 'validated']) } },
  'GET /hr/audit': { as: 'hr', query: { page, action: str('rating.self') } },
  'GET /hr/insights': { as: 'hr' },
  'GET /hr/insights/:view.csv': { as: 'hr', params: { view: () => 'participation' } },
  'GET /hr/settings': { as: 'hr', query: { saved: flag() } },
  'POST /hr/settings': { as: 'hr', type: 'form', body: { minGroupSize: { t: 'int', min: 3, max: 50, valid: 5, required: true }, staleAfterMonths: { t: 'int', min: 1, max: 120, valid: 24, required: true } } },
  'GET /hr/staff': { as: 'hr', query: { page, imported: str('1-2'), department: id(), q: str('a') } },
  'GET /hr/staff/new': { as: 'hr' },
  'POST /hr/staff': { as: 'hr', type: 'form', body: { email: str('sweep-page@demo.test', true), ...STAFF_FIELDS } },
  'GET /hr/staff/:id': { as: 'hr', params: { id: (ids) => `${ids.staffMember}` }, query: { created: flag(), saved: flag() } },
  'POST /hr/staff/:id': { as: 'hr', type: 'form', params: { id: (ids) => `${ids.staffMember}` }, body: { ...STAFF_FIELDS, name: text('Staff Member', 200, true), active: flag(), activeShown: flag() } },
  'POST /hr/staff/:id/invitation': { as: 'hr', type: 'form', params: { id: (ids) => `${ids.staffMember}` }, body: {} },
  'GET /hr/staff/import': { as: 'hr' },
  // mode=check: a dry run, so accepted files write nothing; `mode` itself is swept too.
  'POST /hr/staff/import': { as: 'hr', type: 'form', bigBody: true, body: { mode: str('check'), csv: str('email,name\nsweep@demo.test,Sweep\n'), createDepartments: flag('0') } },
  'GET /hr/departments': { as: 'hr' },
  'POST /hr/departments': { as: 'hr', type: 'form', body: { name: text('Sweep Department', 200, true) } },
  'POST /hr/departments/:id': { as: 'hr', type: 'form', params: { id: (ids) => `${ids.department}` }, body: { name: text('Sweep Renamed', 200, true) } },
  'POST /hr/departments/:id/archive': { as: 'hr', type: 'form', params: { id: (ids) => `${ids.department}` }, body: { archived: flag() } },
  'GET /people/:id/ratings': { as: 'hr', params: { id: (ids) => `${ids.lecturer}` }, query: { validated: id() } },
  'POST /ratings/:ratingId/validate': { as: 'hr', type: 'form', params: { ratingId: (ids) => `${ids.selfRating}` }, body: { level: { ...level, max: 99 }, comment: text('ok', 2000) } },
  'GET /invite/:token': { as: 'anonymous', params: { token: (ids) => ids.invitation } },
  'POST /invite/:token': { as: 'anonymous', type: 'form', params: { token: (ids) => ids.invitation }, body: { password: str('short', true), confirm: str('short', true) } },
  'GET /assets/*': { as: 'anonymous', params: { '*': () => 'app.css' } },
  'POST /api/v1/auth/token': { as: 'anonymous', type: 'json', writes: ['sign_in_throttle'], body: { email: signInField('nobody@demo.test'), password: signInField('wrong-password') } },
  'GET /api/v1/framework': { as: 'lecturer', query: { id: id() } },
  'GET /api/v1/me/export': { as: 'lecturer' },
  'GET /api/v1/me/ratings': { as: 'lecturer' },
  'PUT /api/v1/me/ratings/:competencyId': {
    as: 'lecturer',
    type: 'json',
    params: { competencyId: (ids) => `${ids.competency}` },
    body: { level, evidence: text('api sweep', 10_000), evidenceUrl: str('https://example.org/e') },
  },
  'GET /api/v1/me/ratings/:competencyId/history': { as: 'lecturer', params: { competencyId: (ids) => `${ids.competency}` } },
  'GET /api/v1/me/targets': { as: 'lecturer' },
  'PUT /api/v1/me/targets/:competencyId': { as: 'lecturer', type: 'json', params: { competencyId: (ids) => `${ids.competency}` }, body: { level } },
  'DELETE /api/v1/me/targets/:competencyId': { as: 'lecturer', params: { competencyId: (ids) => `${ids.competency}` } },
  'GET /api/v1/me/gaps': { as: 'lecturer' },
  'GET /api/v1/me/recommendations': { as: 'lecturer' },
  'GET /api/v1/me/learning-path': { as: 'lecturer' },
  'GET /api/v1/programmes': { as: 'lecturer', query: { competency: id(), mode: enumOf(['online', 'blended', 'face_to_face']), language: str('en'), maxHours: { t: 'num', min: 1, max: 10_000, valid: 40 } } },
  'GET /api/v1/programmes/:id': { as: 'lecturer', params: { id: (ids) => `${ids.programme}` } },
  'GET /api/v1/me/activities': { as: 'lecturer' },
  'POST /api/v1/me/activities': { as: 'lecturer', type: 'json', body: { programmeId: id(1), ...ACTIVITY_FIELDS } },
  'PATCH /api/v1/me/activities/:id': { as: 'lecturer', type: 'json', params: { id: (ids) => `${ids.activity}` }, body: { ...ACTIVITY_FIELDS, title: text('Renamed', 300, true), status: enumOf(['planned', 'in_progress', 'completed']) } },
  'GET /api/v1/institution/gaps': { as: 'hr', query: { by: enumOf(['department', 'domain', 'competency']), department: id(), roleProfile: id(), basis: enumOf(['self', 'validated']) } },
  'GET /api/v1/institution/gaps.csv': { as: 'hr', query: { by: enumOf(['department', 'domain', 'competency']), department: id(), roleProfile: id(), basis: enumOf(['self', 'validated']) } },
  'POST /api/v1/institution/ratings/:ratingId/validate': { as: 'hr', type: 'json', params: { ratingId: (ids) => `${ids.selfRating}` }, body: { level, comment: text('ok', 2000) } },
  'GET /api/v1/institution/audit': { as: 'hr', query: { page, action: str('rating.self') } },
  'GET /api/v1/institution/staff': { as: 'hr', query: { page, department: id(), q: str('a') } },
  'POST /api/v1/institution/staff': { as: 'hr', type: 'json', body: { email: str('sweep-api@demo.test', true), ...STAFF_FIELDS } },
  // dryRun=1 by default: accepted files write nothing; the query itself is swept too.
  'POST /api/v1/institution/staff/import': { as: 'hr', type: 'csv', query: { dryRun: enumOf(['0', '1'], false, '1'), createDepartments: enumOf(['0', '1']) } },
  'PATCH /api/v1/institution/staff/:id': {
    as: 'hr',
    type: 'json',
    params: { id: (ids) => `${ids.staffMember}` },
    body: { ...STAFF_FIELDS, name: text('Staff Member', 200), role: enumOf(['lecturer', 'hr', 'designer', 'admin']), active: { t: 'bool', valid: true } },
  },
  'POST /language': { as: 'lecturer', type: 'form', body: { lang: enumOf(['en', 'fr', 'zh'], true), next: str('/') } },
  'GET /account/password': { as: 'lecturer', query: { changed: flag() } },
  // The current password is wrong on purpose: a valid request is then refused (422) and changes no
  // password (a change would end the lecturer's other sessions); the throttle counts the attempt.
  'POST /account/password': {
    as: 'lecturer',
    type: 'form',
    writes: ['sign_in_throttle'],
    body: { current: str('wrong-password', true), password: str('sweep-new-password-2026', true), confirm: str('sweep-new-password-2026', true) },
  },
  'GET /design': { as: 'designer', query: { q: text('a', 100), status: enumOf(['published', 'draft']), imported: str('1-2') } },
  'GET /design/programmes/new': { as: 'designer' },
  'POST /design/programmes': { as: 'designer', type: 'form', body: { ...PROGRAMME_FIELDS, code: str('SWEEP-NEW', true) } },
  'GET /design/programmes/:id': {
    as: 'designer',
    params: { id: (ids) => `${ids.designerProgramme}` },
    query: { created: flag(), saved: flag(), published: flag('0'), links: enumOf(['saved', 'removed']), q: text('a', 100) },
  },
  'POST /design/programmes/:id': { as: 'designer', type: 'form', params: { id: (ids) => `${ids.designerProgramme}` }, body: { ...PROGRAMME_FIELDS, updatedAt: str('') } },
  'POST /design/programmes/:id/publish': { as: 'designer', type: 'form', params: { id: (ids) => `${ids.designerProgramme}` }, body: { published: flag('0') } },
  'POST /design/programmes/:id/links': {
    as: 'designer',
    type: 'form',
    params: { id: (ids) => `${ids.designerProgramme}` },
    body: { ...LINK_FIELDS, q: text('', 100) },
    valid: (ids) => ({ competencyId: String(ids.competency) }),
  },
  'POST /design/programmes/:id/links/:competencyId/delete': {
    as: 'designer',
    type: 'form',
    params: { id: (ids) => `${ids.designerProgramme}`, competencyId: (ids) => `${ids.competency}` },
    body: { q: text('', 100) },
  },
  'GET /design/programmes/:id/competency-choices': { as: 'designer', params: { id: (ids) => `${ids.designerProgramme}` }, query: { q: text('a', 100) } },
  'GET /design/catalogue.json': { as: 'designer' },
  'GET /design/catalogue.csv': { as: 'designer' },
  'GET /design/import': { as: 'designer' },
  // mode=check: a dry run, so accepted files write nothing; `mode` itself is swept too (never "import").
  'POST /design/import': { as: 'designer', type: 'form', bigBody: true, body: { mode: str('check'), format: enumOf(['csv', 'json']), text: str(`${CATALOGUE_HEADER}\n`) } },
  'GET /design/coverage': { as: 'designer', query: { sort: enumOf(['uncovered', 'code']) } },
  'GET /admin/frameworks': { as: 'admin', query: { imported: id(), unchanged: id() } },
  // The package is the demo framework as exported: an idempotent re-import ("unchanged", nothing
  // written); a swept field makes it other content for a loaded version (409) or an invalid one (422).
  'POST /admin/frameworks/import': { as: 'admin', type: 'form', bigBody: true, body: { package: str('{}', true) }, valid: (ids) => ({ package: JSON.stringify(ids.frameworkFile) }) },
  'GET /admin/frameworks/:id': { as: 'admin', params: { id: (ids) => `${ids.framework}` }, query: { moved: id(), carried: id() } },
  // A "new" version that is the loaded version itself: checked in full, then refused (409, already loaded).
  'POST /admin/frameworks/:id/versions': {
    as: 'admin',
    type: 'form',
    bigBody: true,
    params: { id: (ids) => `${ids.framework}` },
    body: { framework: str('{}', true), codeMap: str('{}') },
    valid: (ids) => ({ framework: JSON.stringify(ids.frameworkFile) }),
  },
  'GET /admin/institutions': { as: 'admin', query: { created: id(), mailed: flag(), moved: id() } },
  'POST /admin/institutions': {
    as: 'admin',
    type: 'form',
    body: { name: text('Sweep College', 200, true), country: text('Nowhere', 100, true), frameworkId: id(1, { required: true }), hrName: text('Sweep HR', 200, true), hrEmail: str('sweep-hr@demo.test', true) },
    valid: (ids) => ({ frameworkId: String(ids.framework) }),
  },
  // The institution's own framework version: a move that changes nothing.
  'POST /admin/institutions/:id/framework': {
    as: 'admin',
    type: 'form',
    params: { id: (ids) => `${ids.institution}` },
    body: { frameworkId: id(1, { required: true }) },
    valid: (ids) => ({ frameworkId: String(ids.framework) }),
  },
  'GET /api/v1/frameworks': { as: 'lecturer' },
  'GET /api/v1/frameworks/:id/case': { as: 'lecturer', params: { id: (ids) => `${ids.framework}` } },
  'GET /api/v1/frameworks/:id/export': { as: 'lecturer', params: { id: (ids) => `${ids.framework}` } },
  // No dry run here: the body is the demo framework as exported, an idempotent re-import (200
  // "unchanged", nothing written); a swept field makes it other content for a loaded slug and
  // version (409) or an invalid file (422). Other fields of a package are kept as the format allows.
  'POST /api/v1/frameworks/import': {
    as: 'admin',
    type: 'json',
    loose: true,
    body: { id: str('x', true), version: str('x', true), title: str('x', true), nodes: { t: 'list', valid: [], required: true } },
    valid: (ids) => ids.frameworkFile,
  },
  // A "new" version that is the loaded version itself: checked in full, then refused (409, already loaded).
  'POST /api/v1/frameworks/:id/versions': {
    as: 'admin',
    type: 'json',
    params: { id: (ids) => `${ids.framework}` },
    body: { framework: { t: 'object', valid: {}, required: true }, codeMap: { t: 'object', valid: {} } },
    valid: (ids) => ({ framework: ids.frameworkFile }),
  },
  // dryRun=1 by default: accepted files write nothing; the query itself is swept too.
  'POST /api/v1/programmes/import': {
    as: 'designer',
    type: 'csv',
    query: { dryRun: enumOf(['0', '1'], false, '1') },
    csv: { valid: `${CATALOGUE_HEADER}\n`, importQuery: { dryRun: '0' }, alsoJson: true },
  },
  'POST /api/v1/programmes': {
    as: 'designer',
    type: 'json',
    body: { ...PROGRAMME_JSON_FIELDS, code: str('SWEEP-API', true), competencies: { t: 'list', valid: [] }, published: { t: 'bool', valid: false } },
  },
  'PATCH /api/v1/programmes/:id': {
    as: 'designer',
    type: 'json',
    params: { id: (ids) => `${ids.designerProgramme}` },
    body: { ...PROGRAMME_JSON_FIELDS, code: str('SWEEP-P1'), title: text('Sweep programme', 300), provider: text('Sweep provider', 200), mode: enumOf(['online', 'blended', 'face_to_face']), languages: { t: 'list', valid: ['en'] }, published: { t: 'bool', valid: false }, updatedAt: str('') },
    // Without updatedAt (the last change wins); swept, it is a stale or unreadable time (409).
    valid: () => ({ updatedAt: undefined }),
  },
  'PUT /api/v1/programmes/:id/competencies': { as: 'designer', type: 'json', params: { id: (ids) => `${ids.designerProgramme}` }, items: LINK_FIELDS, valid: (ids) => ({ competencyId: ids.competency }) },
  'GET /api/v1/coverage': { as: 'designer', query: { framework: id(), sort: enumOf(['uncovered', 'code']) } },
}

/** Sweeps the routes `part` selects; the part `checksRegistry` also checks that SPECS covers every route. */
export async function sweep(t: Test, part: { name: string; routes: (key: string) => boolean; checksRegistry?: boolean }): Promise<void> {
  // The sign-in throttle (tested on its own) would answer 429 after a few failed password checks and
  // hide how the rest of the input is handled: here its limits are out of reach.
  const { app, db } = await startTestApp(t, { signInLimits: { accountAttempts: 1_000_000, addressAttempts: 1_000_000, windowSeconds: 900 } })
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
