import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify'
import { sql, type Kysely } from 'kysely'
import type { Test } from 'tap'
import type { Database } from '../../server/db/schema.js'
import { en } from '../../views/messages/en/index.js'
import { apiToken, browserGet, signIn, startTestApp, type BrowserSession } from './app.js'

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

/**
 * Who calls a route. `leaver` (lecturer@college.test) is used by POST /logout only: signing out ends
 * every session of that person (the token version moves on), which must not sign out the others.
 */
type Who = 'anonymous' | 'lecturer' | 'hr' | 'designer' | 'admin' | 'leaver'
const ACCOUNTS: Record<Exclude<Who, 'anonymous'>, string> = {
  lecturer: 'lecturer@demo.test',
  hr: 'hr@demo.test',
  designer: 'designer@demo.test',
  admin: 'admin@demo.test',
  leaver: 'lecturer@college.test',
}

/** What a field accepts; decides which values must be refused. */
type Field =
  | { t: 'int'; min: number; max: number; valid: number; required?: boolean; nullable?: boolean }
  | { t: 'num'; min: number; max: number; valid: number }
  | { t: 'text'; max: number; valid: string; required?: boolean }
  | { t: 'enum'; values: readonly string[]; valid: string; required?: boolean }
  | { t: 'bool'; valid: boolean }
  /** A string whose rules (email, URL, date, password...) the sweep does not restate: only JSON type and NUL count. */
  | { t: 'str'; valid: string; required?: boolean; few?: boolean; nullable?: boolean }
  /** A JSON array whose items the sweep does not restate: anything but an array is refused. */
  | { t: 'list'; valid: readonly unknown[]; required?: boolean }
  /** A JSON object whose content the sweep does not restate: anything but an object is refused. */
  | { t: 'object'; valid: Record<string, unknown>; required?: boolean }

interface Ids {
  competency: number
  domain: number
  programme: number
  activity: number
  department: number
  staffMember: number
  lecturer: number
  selfRating: number
  invitation: string
  /** A draft programme the designer made for the sweep (its code is SWEEP-P1). */
  designerProgramme: number
  /** The demo institution and its framework version, and that version as our framework file. */
  institution: number
  framework: number
  frameworkFile: Record<string, unknown>
}

interface Spec {
  as: Who
  params?: Record<string, (ids: Ids) => string>
  query?: Record<string, Field>
  body?: Record<string, Field>
  /** How the body travels: a page form, API JSON, or CSV text. */
  type?: 'form' | 'json' | 'csv'
  /** The route takes bodies up to 2 MB (CSV imports): a 1 MB field is not refused for its size. */
  bigBody?: boolean
  /** Valid values that depend on the data (ids, a framework file), over the fields' own; undefined leaves a JSON field out. */
  valid?: (ids: Ids) => Record<string, unknown>
  /** The JSON body is an array of objects with these fields (the valid body: one such object). */
  items?: Record<string, Field>
  /** A CSV route: its valid file, the query of a real (not dry-run) import, and whether it takes JSON as well. */
  csv?: { valid: string; importQuery: Record<string, string>; alsoJson?: boolean }
  /** The route keeps unknown top-level JSON fields (a package format of others): an extra field is not refused. */
  loose?: boolean
  /** Tables a refused request still writes by design (the sign-in throttle counts failed password checks). */
  writes?: readonly string[]
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

const MB = 1_000_000
/** Strings sent in every field and query key. */
const STRINGS: readonly string[] = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '%00',
  '\u0001\u0002\u001b[31m\u007f\r\n\t\b\f',
  'Zoë Ñuñez 漢字 مرحبا 💥 \u202e\u200b\ufeff',
  '\ud83d', // a lone surrogate
  "' OR '1'='1",
  "'; DROP TABLE users; --",
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  '../../etc/passwd',
]
/** Numbers written as text: sent in the fields and query keys that are numbers, choices or codes. */
const NUMBER_STRINGS: readonly string[] = [
  '-1',
  '0',
  '1.5',
  '1e308',
  '-1e308',
  '9223372036854775808',
  '2147483648',
  '99999999999999999999999999',
  'NaN',
  'Infinity',
  '0x10',
  ' 1 ',
  'true',
  'null',
  '00000000-0000-0000-0000-000000000000',
]
const HUGE = 'x'.repeat(MB)
const JSON_EXTRA: readonly unknown[] = [HUGE, null, true, false, [], [1], {}, { $gt: '' }, -1, 0, 1.5, 1e308, -1e308, 2 ** 63, -(2 ** 63), 2 ** 31, 2 ** 53 + 2, -0.0001]
const FEW: readonly string[] = ['', '\u0000', "' OR '1'='1", 'Zoë 漢字 💥 \u202e', '\ud83d']
const few = (field: Field) => field.t === 'str' && field.few === true
/** JSON values for a field: every string, numbers-as-text where they matter, and every JSON type. */
const numberStrings = (field: Field) => (field.t === 'int' || field.t === 'num' || field.t === 'enum' ? NUMBER_STRINGS : field.t === 'str' ? NUMBER_STRINGS.filter((_, i) => i % 3 === 0) : [])
const jsonValues = (field: Field): readonly unknown[] =>
  few(field)
    ? [...FEW, HUGE, null, 1, {}, []]
    : field.t === 'text' || field.t === 'str'
      ? [...STRINGS, ...numberStrings(field), HUGE, null, true, [], {}, 1]
      : [...STRINGS, ...NUMBER_STRINGS, ...JSON_EXTRA]
/** Form values: strings, a repeated key (an array) and a 1 MB string. */
const formValues = (field: Field): readonly (string | string[])[] => [...(few(field) ? FEW : STRINGS), ...(few(field) ? [] : numberStrings(field)), HUGE, ['1', '2']]
const queryValues = (field: Field): readonly string[] => [...STRINGS, ...NUMBER_STRINGS.filter((_, i) => field.t === 'int' || field.t === 'num' || i % 3 === 0), 'x'.repeat(20_000)]
const PARAM_VALUES: readonly string[] = [
  'abc',
  '-1',
  '0',
  '1.5',
  '1e308',
  '9223372036854775808',
  '2147483648',
  '99999999999999999999999999',
  '00000000-0000-0000-0000-000000000000',
  encodeURIComponent("1' OR '1'='1"),
  encodeURIComponent('<script>alert(1)</script>'),
  '%00',
  '1%00',
  '%C0%AF',
  '%E0%A4%A',
  '%FF',
  '%F0%9F%92%A5',
  '%20',
  '1%20',
  '0x1F',
  'x'.repeat(600),
  'a.b.c',
  'eyJhbGciOiJub25lIn0.eyJzdWIiOjF9.',
]
const MALFORMED_JSON: readonly string[] = [
  '{',
  '{"level":',
  '[1,2',
  'nul',
  '{"level":1}}',
  "{'level':1}",
  '\u0000',
  '{"__proto__":{"polluted":1}}',
  '{"constructor":{"prototype":{"polluted":1}}}',
  '['.repeat(100_000) + ']'.repeat(100_000),
  '"just a string"',
  '[]',
  'null',
  '12',
]
const MALFORMED_CSV: readonly string[] = [
  '',
  'no header at all',
  'email,name\n"unclosed,Someone\n',
  'email,name\nonly-one-column@demo.test\n',
  'email,name\nx@demo.test,X,extra,columns\n',
  'email,email,name\nx@demo.test,y@demo.test,X\n',
  'email,name\na"b@demo.test,X"Y\n',
  'email;name\nx@demo.test;X\n',
  '\ufeffemail,name\nsweep-bom@demo.test,Bom\n',
  'email,name\rsweep-cr@demo.test,Old Mac line ends\r',
  'email,name\nx\u0000@demo.test,X\n',
  '\u0000\u0001\u0002\u0003\u00ff\ufffd',
  'email,name\n' + 'x@demo.test,' + 'y'.repeat(MB) + '\n',
  Array.from({ length: 5000 }, (_, i) => `c${i}`).join(',') + '\n',
  'email,name\n' + "'; DROP TABLE users; --@demo.test,<script>alert(1)</script>\n",
  'email,name,department,role_profile,role\nx@demo.test,X,' + 'D'.repeat(5000) + ',nope,superuser\n',
  'email,name\n' + Array.from({ length: 3000 }, (_, i) => `dup@demo.test,Dup ${i}`).join('\n') + '\n',
]
/** Odd but valid files (a byte-order mark, CR line ends): importing them is right. */
const ACCEPTABLE_CSV = new Set(MALFORMED_CSV.slice(8, 10))
const WRONG_CONTENT_TYPES: readonly { type: string; payload: string }[] = [
  { type: 'text/plain', payload: 'level=1' },
  { type: 'application/xml', payload: '<level>1</level>' },
  { type: 'multipart/form-data; boundary=xyz', payload: '--xyz\r\nContent-Disposition: form-data; name="level"\r\n\r\n1\r\n--xyz--\r\n' },
  { type: 'application/x-www-form-urlencoded', payload: 'level=1&evidence=x' },
  { type: 'application/json', payload: '' },
  { type: 'application/json; charset=utf-16', payload: '{"level":1}' },
  { type: 'text/csv', payload: 'a,b\n1,2\n' },
  { type: 'application/octet-stream', payload: '\u0000\u0001binary' },
  { type: '', payload: '{"level":1}' },
  { type: 'garbage/;;;', payload: 'x' },
]

interface Case {
  label: string
  method: InjectOptions['method']
  url: string
  headers: Record<string, string>
  payload?: string | Buffer
  /** The input is invalid: a 4xx is required. Otherwise anything below 500 will do. */
  refuse: boolean
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

function casesFor(key: string, spec: Spec, ids: Ids, sessions: Record<Exclude<Who, 'anonymous'>, BrowserSession>, anonymous: BrowserSession, tokens: Record<Exclude<Who, 'anonymous'>, string>): Case[] {
  const [method, pattern] = key.split(' ') as [InjectOptions['method'], string]
  const isApi = pattern.startsWith('/api/')
  const type = spec.type ?? (isApi ? 'json' : 'form')
  const hasBody = method !== 'GET' && method !== 'DELETE'
  const session = spec.as === 'anonymous' ? anonymous : sessions[spec.as]
  const auth: Record<string, string> = isApi
    ? spec.as === 'anonymous'
      ? {}
      : { authorization: `Bearer ${tokens[spec.as]}` }
    : { cookie: Object.entries(session.cookies).map(([name, value]) => `${name}=${value}`).join('; '), 'x-csrf-token': session.csrf }

  const validParams = Object.fromEntries(Object.entries(spec.params ?? {}).map(([name, value]) => [name, value(ids)]))
  const pathWith = (params: Record<string, string>) => pattern.replace(/:([A-Za-z]+)|\*/g, (whole, name: string | undefined) => params[name ?? whole]!)
  const validQuery = Object.fromEntries(Object.entries(spec.query ?? {}).map(([name, field]) => [name, String(field.valid)]))
  const queryString = (query: Record<string, string | string[]>) => {
    const search = new URLSearchParams()
    for (const [name, value] of Object.entries(query)) for (const one of [value].flat()) search.append(name, one)
    const text = search.toString()
    return text === '' ? '' : `?${text}`
  }
  const validOf = (fields: Record<string, Field>) => {
    const values: Record<string, unknown> = { ...Object.fromEntries(Object.entries(fields).map(([name, field]) => [name, field.valid])), ...spec.valid?.(ids) }
    for (const [name, value] of Object.entries(values)) if (value === undefined) delete values[name]
    return values
  }
  const validBody = spec.items ? {} : validOf(spec.body ?? {})
  const validItem = validOf(spec.items ?? {})
  const contentType = type === 'form' ? 'application/x-www-form-urlencoded' : type === 'json' ? 'application/json' : 'text/csv'
  const encode = (body: Record<string, unknown>): string => {
    if (type === 'json') return JSON.stringify(body)
    const search = new URLSearchParams()
    if (type === 'form') search.append('_csrf', session.csrf)
    for (const [name, value] of Object.entries(body)) for (const one of [value].flat()) search.append(name, String(one))
    return search.toString()
  }
  const validPayload = type === 'csv' ? (spec.csv?.valid ?? 'email,name\nsweep-csv@demo.test,Sweep\n') : spec.items ? JSON.stringify([validItem]) : encode(validBody)

  const cases: Case[] = []
  const add = (label: string, refuse: boolean, options: { params?: Record<string, string>; query?: Record<string, string | string[]>; payload?: string; headers?: Record<string, string> } = {}) => {
    const headers: Record<string, string> = { ...auth, ...(hasBody ? { 'content-type': contentType } : {}), ...options.headers }
    for (const [name, value] of Object.entries(headers)) if (value === '') delete headers[name]
    cases.push({
      label,
      method,
      url: pathWith(options.params ?? validParams) + queryString(options.query ?? validQuery),
      headers,
      ...(hasBody ? { payload: options.payload ?? validPayload } : {}),
      refuse,
    })
  }

  add('valid input', false)
  for (const name of Object.keys(spec.params ?? {})) {
    for (const value of PARAM_VALUES) add(`param ${name}=${value.slice(0, 40)}`, name !== '*', { params: { ...validParams, [name]: value } })
  }
  for (const [name, field] of Object.entries(spec.query ?? {})) {
    for (const value of queryValues(field)) add(`query ${name}=${JSON.stringify(value.slice(0, 40))}`, value.includes('\u0000') || (isApi && formRefuses(field, value)), { query: { ...validQuery, [name]: value } })
    add(`query ${name} repeated`, isApi && field.t !== 'str', { query: { ...validQuery, [name]: [String(field.valid), String(field.valid)] } })
  }
  add('unknown query key', false, { query: { ...validQuery, unknownKey: '1' } })
  add('every query key at once, all bad', false, { query: { ...Object.fromEntries(Object.keys(validQuery).map((name) => [name, "' OR 1=1 --"])), page: '1e308' } })

  if (hasBody && type !== 'csv') {
    for (const [name, field] of Object.entries(spec.body ?? {})) {
      const values: readonly unknown[] = type === 'json' ? jsonValues(field) : formValues(field)
      for (const value of values) {
        const refuse = type === 'json' ? jsonRefuses(field, value) : formRefuses(field, value as string | string[], spec.bigBody)
        add(`body ${name}=${JSON.stringify(value)?.slice(0, 40)}`, refuse, { payload: encode({ ...validBody, [name]: value }) })
      }
      const { [name]: _, ...without } = validBody
      add(`body without ${name}`, requiredField(field), { payload: encode(without) })
    }
    for (const [name, field] of Object.entries(spec.items ?? {})) {
      for (const value of jsonValues(field)) add(`item ${name}=${JSON.stringify(value)?.slice(0, 40)}`, jsonRefuses(field, value), { payload: JSON.stringify([{ ...validItem, [name]: value }]) })
      const { [name]: _, ...without } = validItem
      add(`item without ${name}`, requiredField(field), { payload: JSON.stringify([without]) })
    }
    if (spec.items) {
      add('extra item field', true, { payload: JSON.stringify([{ ...validItem, extraField: 'ignored?' }]) })
      add('no items', false, { payload: '[]' })
      add('too many items (1000)', true, { payload: JSON.stringify(Array.from({ length: 1000 }, () => validItem)) })
      for (const value of [...JSON_EXTRA.filter((one) => !Array.isArray(one)), 'x', [[validItem]]]) add(`body ${JSON.stringify(value).slice(0, 40)} instead of a list`, true, { payload: JSON.stringify(value) })
    }
    add('extra body field', type === 'json' && !spec.loose, { payload: encode({ ...validBody, extraField: 'ignored?' }) })
    add('empty body', type === 'json' && (spec.items !== undefined || Object.values(spec.body ?? {}).some(requiredField)), { payload: type === 'json' ? '{}' : encode({}) })
    if (type === 'json') {
      // An empty list is a valid body where the body is a list.
      for (const payload of MALFORMED_JSON) add(`malformed JSON ${JSON.stringify(payload.slice(0, 30))}`, !(spec.items && payload === '[]'), { payload })
      // Duplicate keys are valid JSON (the last one wins): acceptable either way.
      add('duplicate JSON keys', false, { payload: encode(validBody).replace(/^\{/, '{"level":"duplicate",') })
      add('1 MB body', !spec.loose, { payload: JSON.stringify({ ...validBody, padding: HUGE }) })
    } else {
      add('form without its CSRF token', true, { payload: encode(validBody).replace(/^_csrf=[^&]*&?/, ''), headers: { 'x-csrf-token': '' } })
      add('malformed form encoding', false, { payload: `_csrf=${encodeURIComponent(session.csrf)}&level=%ZZ&name=%&email=%E0%A4%A&=&&==` })
      add('JSON body to a form', false, { payload: JSON.stringify(validBody), headers: { 'content-type': 'application/json' } })
      add('1 MB form', !spec.bigBody, { payload: `${encode(validBody)}&padding=${HUGE}` })
    }
    for (const wrong of WRONG_CONTENT_TYPES) {
      if (wrong.type === contentType) continue
      // A page takes JSON and plain text as well as a form; the API takes JSON only.
      // A charset parameter on JSON is ignored (the body here is UTF-8 in fact): acceptable either way.
      const refuse = (isApi || !['text/plain', 'text/csv', ''].includes(wrong.type)) && wrong.type !== 'application/json; charset=utf-16'
      add(`content type ${JSON.stringify(wrong.type)}`, refuse && !(wrong.type === 'application/json' && !isApi), { payload: wrong.payload, headers: { 'content-type': wrong.type } })
    }
  }
  if (type === 'csv' || key === 'POST /hr/staff/import') {
    const importQuery = spec.csv?.importQuery ?? { dryRun: '0', createDepartments: '0' }
    for (const csv of MALFORMED_CSV) {
      const label = `CSV ${JSON.stringify(csv.slice(0, 30))}${csv.length > 30 ? `… (${csv.length} chars)` : ''}`
      const refuse = csv.includes('\u0000')
      if (type === 'csv') {
        add(`${label} (dry run)`, refuse, { payload: csv })
        add(`${label} (import)`, refuse || !ACCEPTABLE_CSV.has(csv), { payload: csv, query: importQuery })
      } else {
        add(`${label} (check)`, refuse, { payload: encode({ ...validBody, csv }) })
        add(`${label} (import)`, refuse || !ACCEPTABLE_CSV.has(csv), { payload: encode({ ...validBody, mode: 'import', csv }) })
      }
    }
    // A route that takes JSON as well (a catalogue file) may read the JSON ones: then only the content counts.
    const takes = (wrong: string) => spec.csv?.alsoJson === true && wrong.startsWith('application/json')
    if (type === 'csv') for (const wrong of WRONG_CONTENT_TYPES.filter((w) => w.type !== 'text/csv')) add(`content type ${JSON.stringify(wrong.type)}`, !takes(wrong.type), { payload: wrong.payload, headers: { 'content-type': wrong.type } })
  }
  return cases
}

function requiredField(field: Field): boolean {
  return 'required' in field && field.required === true
}

/** Whether a JSON value must be refused for this field. */
function jsonRefuses(field: Field, value: unknown): boolean {
  if (typeof value === 'string' && (value.includes('\u0000') || value.length >= MB)) return true
  switch (field.t) {
    case 'int':
      return !(value === null ? field.nullable === true : typeof value === 'number' && Number.isInteger(value) && value >= field.min && value <= field.max)
    case 'num':
      return !(typeof value === 'number' && value >= field.min && value <= field.max)
    case 'text':
      return !(typeof value === 'string' && value.length <= field.max && (!field.required || value.trim() !== ''))
    case 'enum':
      return !(typeof value === 'string' && field.values.includes(value))
    case 'bool':
      return typeof value !== 'boolean'
    case 'str':
      return value === null ? field.nullable !== true : typeof value !== 'string' || (field.required === true && value === '')
    case 'list':
      return !Array.isArray(value)
    case 'object':
      return typeof value !== 'object' || value === null || Array.isArray(value)
  }
}

/** Whether a form or query value must be refused (only the clear cases: a page may tolerate spaces). */
function formRefuses(field: Field, value: string | string[], bigBody = false): boolean {
  if (typeof value !== 'string') return false
  if (value.includes('\u0000') || (value.length >= MB && !bigBody)) return true
  const trimmed = value.trim()
  switch (field.t) {
    case 'int':
    case 'num': {
      if (trimmed === '') return field.t === 'int' && field.required === true
      const n = Number(trimmed)
      return !Number.isFinite(n) || n < field.min || n > field.max || (field.t === 'int' && !Number.isInteger(n))
    }
    case 'enum':
      return field.required === true && !field.values.includes(trimmed)
    case 'text':
    case 'str':
      return field.required === true && trimmed === ''
    case 'bool':
    case 'list':
    case 'object':
      return false
  }
}

const STACK_FRAME = /\bat (?:async )?[\w.<>[\] ]*\(?(?:file:|node:|\/)[^\s)]*:\d+:\d+/
const FILE_PATH = /(?:\/work\/|\/home\/|\/usr\/|node_modules|\.tsx?:\d+|\.js:\d+)/
const PAGE_ERROR_TITLES = [en.errors.title, en.errors.notFound, en.errors.forbidden, en.language.unknownTitle].map((title) => `<h1>${title}</h1>`)

/** What is wrong with an answer, in words. */
function judge(item: Case, response: LightMyRequestResponse): string[] {
  const problems: string[] = []
  const status = response.statusCode
  if (status >= 500) problems.push(`answered ${status}`)
  if (STACK_FRAME.test(response.body)) problems.push('shows a stack frame')
  if (FILE_PATH.test(response.body) && !response.headers['content-type']?.toString().includes('css')) problems.push('shows a file path')
  if (item.refuse && (status < 400 || status >= 500)) problems.push(`answered ${status} to invalid input`)
  if (status >= 400 && status < 500) {
    const type = String(response.headers['content-type'] ?? '')
    if (type.includes('json')) {
      const message = (response.json() as { error?: { message?: unknown } }).error?.message
      if (typeof message !== 'string' || message.length < 5) problems.push('a JSON error without a message')
    } else if (type.includes('html')) {
      const readable = /role="alert"|class="field-error"/.test(response.body) || PAGE_ERROR_TITLES.some((title) => response.body.includes(title))
      if (!readable) problems.push('an HTML error without a message')
    } else if (!(status === 401 && response.headers['hx-redirect'])) {
      problems.push(`a ${status} of type "${type}"`)
    }
  }
  return problems
}

/**
 * Notices any write: the next transaction id moves whenever a transaction writes (even one rolled
 * back), and only then are all tables checksummed and compared.
 */
async function databaseWatch(db: Kysely<Database>) {
  const tables = (await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`.execute(db)).rows.map((row) => row.name)
  const checksums = async () => {
    const parts = tables.map((name) => sql`select ${name} as name, count(*)::int as n, md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as sum from ${sql.table(name)} t`)
    const rows = (await sql<{ name: string; n: number; sum: string }>`${sql.join(parts, sql` union all `)}`.execute(db)).rows
    return new Map(rows.map((row) => [row.name, `${row.n}:${row.sum}`]))
  }
  const nextXid = async () => (await sql<{ x: string }>`select pg_snapshot_xmax(pg_current_snapshot())::text as x`.execute(db)).rows[0]!.x
  let last = await checksums()
  let mark = await nextXid()
  const stats = { checksums: 0, ms: 0 }
  return {
    stats,
    /** The tables whose content changed since the last call (checksummed only when a transaction wrote). */
    async changes(): Promise<string[]> {
      const xid = await nextXid()
      if (xid === mark) return []
      mark = xid
      const started = performance.now()
      const now = await checksums()
      stats.checksums++
      stats.ms += performance.now() - started
      const changed = tables.filter((name) => now.get(name) !== last.get(name))
      last = now
      return changed
    },
  }
}

async function prepareIds(app: FastifyInstance, db: Kysely<Database>): Promise<Ids> {
  const lecturerToken = await apiToken(app, 'lecturer@demo.test')
  const hrToken = await apiToken(app, 'hr@demo.test')
  const lecturer = await db.selectFrom('users').select(['id', 'institution_id']).where('email', '=', 'lecturer@demo.test').executeTakeFirstOrThrow()
  const institution = await db.selectFrom('institutions').select('framework_id').where('id', '=', lecturer.institution_id).executeTakeFirstOrThrow()
  const competency = await db.selectFrom('competencies').select(['id', 'parent_id']).where('framework_id', '=', institution.framework_id).where('kind', '=', 'competency').orderBy('id').executeTakeFirstOrThrow()
  const programme = await db.selectFrom('programmes').select('id').where('published', '=', true).orderBy('id').executeTakeFirstOrThrow()
  const department = await db.selectFrom('departments').select('id').where('institution_id', '=', lecturer.institution_id).orderBy('id').executeTakeFirstOrThrow()
  const selfRating = await db.selectFrom('current_ratings').select('rating_id').where('user_id', '=', lecturer.id).orderBy('competency_id').executeTakeFirstOrThrow()
  const staffMember = await db.selectFrom('users').select('id').where('institution_id', '=', lecturer.institution_id).where('role', '=', 'lecturer').where('id', '!=', lecturer.id).orderBy('id').executeTakeFirstOrThrow()
  const activity = await app.inject({ method: 'POST', url: '/api/v1/me/activities', headers: { authorization: `Bearer ${lecturerToken}` }, payload: { title: 'Sweep activity', status: 'planned' } })
  const invited = await app.inject({ method: 'POST', url: '/api/v1/institution/staff', headers: { authorization: `Bearer ${hrToken}` }, payload: { email: 'sweep-invited@demo.test', name: 'Sweep Invited' } })
  const invitation = /\/invite\/(.+)$/.exec(invited.json<{ invitationUrl: string }>().invitationUrl)![1]!
  const designerToken = await apiToken(app, 'designer@demo.test')
  const programmeFields = { code: 'SWEEP-P1', title: 'Sweep programme', provider: 'Sweep provider', mode: 'online', hours: 10, languages: ['en'] }
  const made = await app.inject({ method: 'POST', url: '/api/v1/programmes', headers: { authorization: `Bearer ${designerToken}` }, payload: programmeFields })
  if (made.statusCode !== 201) throw new Error(`the sweep's programme: ${made.statusCode} ${made.body}`)
  const exported = await app.inject({ method: 'GET', url: `/api/v1/frameworks/${institution.framework_id}/export`, headers: { authorization: `Bearer ${lecturerToken}` } })
  if (exported.statusCode !== 200) throw new Error(`the framework export: ${exported.statusCode}`)
  return {
    competency: competency.id,
    domain: competency.parent_id!,
    programme: programme.id,
    activity: activity.json<{ id: number }>().id,
    department: department.id,
    staffMember: staffMember.id,
    lecturer: lecturer.id,
    selfRating: selfRating.rating_id,
    invitation,
    designerProgramme: made.json<{ id: number }>().id,
    institution: lecturer.institution_id,
    framework: institution.framework_id,
    frameworkFile: exported.json<Record<string, unknown>>(),
  }
}
