/** The bad-input sweep's specs of the JSON API. */
import { ACTIVITY_FIELDS, CATALOGUE_HEADER, enumOf, id, level, LINK_FIELDS, page, PROGRAMME_JSON_FIELDS, REPORT_SUMS, selfLevel, signInField, STAFF_FIELDS, str, text } from './fields.js'
import type { Spec } from './types.js'

export const API_SPECS: Record<string, Spec> = {
  'POST /api/v1/auth/token': { as: 'anonymous', type: 'json', writes: ['sign_in_throttle'], body: { email: signInField('nobody@demo.test'), password: signInField('wrong-password') } },
  'GET /api/v1/framework': { as: 'lecturer', query: { id: id() } },
  'GET /api/v1/me/export': { as: 'lecturer' },
  'GET /api/v1/me/ratings': { as: 'lecturer' },
  'GET /api/v1/me/self-assessment/next': { as: 'lecturer', query: { framework: id() } },
  'GET /api/v1/me/sharing': { as: 'lecturer' },
  'PUT /api/v1/me/sharing': { as: 'lecturer', type: 'json', body: { shared: { t: 'bool', valid: true } } },
  'GET /api/v1/institution/settings': { as: 'hr' },
  'GET /api/v1/institution/frameworks': { as: 'hr', query: { institution: id() } },
  'PUT /api/v1/institution/frameworks': {
    as: 'hr',
    type: 'json',
    items: { frameworkId: id(1, { required: true }), purpose: text('Everyone', 200), audience: { t: 'list', valid: [] } },
    valid: (ids) => ({ frameworkId: ids.framework }),
  },
  'GET /api/v1/institution/assessments/:frameworkId': { as: 'lecturer', params: { frameworkId: (ids) => `${ids.qa}` } },
  'GET /api/v1/institution/assessments/:frameworkId/report': { as: 'lecturer', params: { frameworkId: (ids) => `${ids.qa}` } },
  'PUT /api/v1/institution/assessments/:frameworkId/ratings/:competencyId': {
    as: 'lecturer',
    type: 'json',
    params: { frameworkId: (ids) => `${ids.qa}`, competencyId: (ids) => `${ids.qaArea}` },
    body: { level: { t: 'int', min: 0, max: 10, valid: 2, required: true }, evidence: text('sweep evidence', 4000), comment: text('sweep comment', 4000) },
  },
  'GET /api/v1/institution/assessments/:frameworkId/panel': { as: 'hr', params: { frameworkId: (ids) => `${ids.qa}` } },
  'PUT /api/v1/institution/assessments/:frameworkId/panel': {
    as: 'hr',
    type: 'json',
    params: { frameworkId: (ids) => `${ids.qa}` },
    body: { members: { t: 'list', valid: [], required: true }, resultsVisibleTo: enumOf(['panel', 'staff']) },
    valid: (ids) => ({ members: [ids.lecturer] }),
  },
  'PATCH /api/v1/institution/settings': {
    as: 'hr',
    type: 'json',
    body: { minGroupSize: { t: 'int', min: 3, max: 50, valid: 5 }, staleAfterMonths: { t: 'int', min: 1, max: 120, valid: 24 }, ratingVisibility: enumOf(['shared', 'aggregates', 'everything']), reviewReminderDays: { t: 'int', min: 1, max: 90, valid: 7 } },
  },
  'PUT /api/v1/me/ratings/:competencyId': {
    as: 'lecturer',
    type: 'json',
    params: { competencyId: (ids) => `${ids.competency}` },
    body: { level: selfLevel, evidence: text('api sweep', 10_000), evidenceUrl: str('https://example.org/e') },
  },
  'GET /api/v1/me/ratings/:competencyId/history': { as: 'lecturer', params: { competencyId: (ids) => `${ids.competency}` } },
  'GET /api/v1/me/targets': { as: 'lecturer' },
  'PUT /api/v1/me/targets/:competencyId': { as: 'lecturer', type: 'json', params: { competencyId: (ids) => `${ids.competency}` }, body: { level } },
  'DELETE /api/v1/me/targets/:competencyId': { as: 'lecturer', params: { competencyId: (ids) => `${ids.competency}` } },
  'GET /api/v1/me/gaps': { as: 'lecturer' },
  // Evidence files: test/routes/evidence-api.test.ts sends real and hostile files; here, the rest of the input.
  'POST /api/v1/me/evidence': { as: 'lecturer' },
  'GET /api/v1/me/evidence': { as: 'lecturer' },
  'GET /api/v1/evidence/:id/file': { as: 'lecturer', params: { id: () => '999999' } },
  'DELETE /api/v1/me/evidence/:id': { as: 'lecturer', params: { id: () => '999999' } },
  'POST /api/v1/me/review-requests': { as: 'lecturer', type: 'json', body: { competencyIds: { t: 'list', valid: [], required: true }, message: text('Please review', 2000) }, valid: (ids) => ({ competencyIds: [ids.competency] }) },
  'GET /api/v1/me/reviews': { as: 'lecturer' },
  'GET /api/v1/reviews': { as: 'hr' },
  'POST /api/v1/reviews/:id': {
    as: 'hr',
    type: 'json',
    params: { id: () => '999999' },
    body: { decision: enumOf(['validate', 'more-evidence'], true), level: { t: 'int', min: 0, max: 10, valid: 1 }, comment: text('Seen', 2000, true), ratingId: id() },
  },
  'GET /api/v1/me/credentials': { as: 'lecturer' },
  'POST /api/v1/institution/credentials/:id/revoke': { as: 'hr', type: 'json', params: { id: () => '00000000-0000-4000-8000-000000000000' }, body: { reason: text('Issued in error', 500) } },
  'GET /api/v1/me/recommendations': { as: 'lecturer' },
  'GET /api/v1/me/learning-path': { as: 'lecturer', query: { hours: { t: 'int', min: 1, max: 20_000, valid: 40 }, focus: str('1'), framework: id() } },
  'POST /api/v1/institution/rounds': {
    as: 'hr',
    type: 'json',
    body: { title: text('Sweep round 2', 200, true), opensAt: str('2026-01-01', true), closesAt: str('2099-01-01', true), departmentIds: { t: 'list', valid: [] }, roleProfileIds: { t: 'list', valid: [] }, framework: id() },
  },
  'GET /api/v1/institution/rounds': { as: 'hr' },
  'GET /api/v1/institution/rounds/:id': { as: 'hr', params: { id: (ids) => `${ids.round}` } },
  'POST /api/v1/institution/rounds/:id/reminders': { as: 'hr', params: { id: (ids) => `${ids.round}` } },
  'GET /api/v1/me/rounds': { as: 'lecturer' },
  'GET /api/v1/me/report': { as: 'lecturer', query: { framework: id() } },
  'PUT /api/v1/me/study-languages': { as: 'lecturer', type: 'json', body: { languages: { t: 'list', valid: ['en'], required: true } } },
  'GET /api/v1/programmes': { as: 'lecturer', query: { competency: id(), mode: enumOf(['online', 'blended', 'face_to_face']), language: str('en'), maxHours: { t: 'num', min: 1, max: 10_000, valid: 40 } } },
  'GET /api/v1/programmes/:id': { as: 'lecturer', params: { id: (ids) => `${ids.programme}` } },
  'GET /api/v1/me/activities': { as: 'lecturer' },
  'POST /api/v1/me/activities': { as: 'lecturer', type: 'json', body: { programmeId: id(1), ...ACTIVITY_FIELDS } },
  'PATCH /api/v1/me/activities/:id': { as: 'lecturer', type: 'json', params: { id: (ids) => `${ids.activity}` }, body: { ...ACTIVITY_FIELDS, title: text('Renamed', 300, true), status: enumOf(['planned', 'in_progress', 'completed']) } },
  // A report brings the kept sums it adds up to date (derived data, migrations/0020_report_sums.ts).
  'GET /api/v1/institution/gaps': { as: 'hr', writes: REPORT_SUMS, query: { by: enumOf(['department', 'domain', 'competency']), department: id(), roleProfile: id(), basis: enumOf(['self', 'validated']) } },
  'GET /api/v1/institution/gaps.csv': { as: 'hr', writes: REPORT_SUMS, query: { by: enumOf(['department', 'domain', 'competency']), department: id(), roleProfile: id(), basis: enumOf(['self', 'validated']) } },
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
  // Nothing listens on port 9 here: a valid address is refused at once, as unreachable; the demo framework was not imported from one.
  'POST /api/v1/frameworks/import-url': { as: 'admin', type: 'json', body: { url: str('http://127.0.0.1:9/package', true) } },
  'GET /api/v1/frameworks/:id/resync': { as: 'admin', params: { id: (ids) => `${ids.framework}` } },
  'POST /api/v1/frameworks/:id/resync': { as: 'admin', type: 'json', params: { id: (ids) => `${ids.framework}` }, body: { digest: str('0'.repeat(64), true) } },
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
