/** The bad-input sweep's specs of the HR pages (institution, staff, departments) and the review pages. */
import { enumOf, flag, id, level, page, REPORT_SUMS, STAFF_FIELDS, str, text } from './fields.js'
import type { Spec } from './types.js'

export const HR_SPECS: Record<string, Spec> = {
  'GET /hr/credentials': { as: 'hr', query: { framework: id(), saved: id(), revoked: flag() } },
  'POST /hr/credentials/levels': { as: 'hr', type: 'form', body: { framework: str('') } },
  'POST /hr/credentials/revoke': { as: 'hr', type: 'form', body: { credential: text('00000000-0000-4000-8000-000000000000', 300, true), reason: text('Issued in error', 500) } },
  // A report brings the kept sums it adds up to date (derived data, migrations/0020_report_sums.ts).
  'GET /hr': { as: 'hr', writes: REPORT_SUMS, query: { department: id(), roleProfile: id(), basis: enumOf(['self', 'validated']), metric: enumOf(['gap', 'below']) } },
  'GET /hr/departments/:id': { as: 'hr', params: { id: (ids) => `${ids.department}` }, query: { domain: id(), roleProfile: id(), basis: enumOf(['self', 'validated']) } },
  'GET /hr/audit': { as: 'hr', query: { page, action: str('rating.self') } },
  'GET /hr/provisioning': { as: 'hr', query: { revoked: flag(), mapped: id() } },
  'POST /hr/provisioning/tokens': { as: 'hr', type: 'form', body: { label: text('Sweep token', 100, true) } },
  'POST /hr/provisioning/tokens/:id/revoke': { as: 'hr', type: 'form', params: { id: () => '999999' }, body: {} },
  'POST /hr/provisioning/groups/:id': { as: 'hr', type: 'form', params: { id: () => '999999' }, body: { departmentId: id(), roleProfileId: id() } },
  'GET /hr/insights': { as: 'hr' },
  'GET /hr/insights/:view.csv': { as: 'hr', params: { view: () => 'participation' } },
  'GET /hr/settings': { as: 'hr', query: { saved: flag() } },
  'GET /hr/frameworks': { as: 'hr', query: { saved: flag() } },
  // Purposes and audiences are fields named after each framework (purpose-<id>): the sweep covers the list and the addition.
  'POST /hr/frameworks': { as: 'hr', type: 'form', body: { framework: id(1, { required: true }), add: id(), remove: id() }, valid: (ids) => ({ framework: String(ids.framework), add: '', remove: '' }) },
  'POST /hr/settings': {
    as: 'hr',
    type: 'form',
    body: { minGroupSize: { t: 'int', min: 3, max: 50, valid: 5, required: true }, staleAfterMonths: { t: 'int', min: 1, max: 120, valid: 24, required: true }, ratingVisibility: enumOf(['shared', 'aggregates', 'everything'], true), reviewReminderDays: { t: 'int', min: 1, max: 90, valid: 7 } },
  },
  'GET /hr/staff': { as: 'hr', query: { page, imported: str('1-2'), department: id(), q: str('a') } },
  'GET /hr/staff/new': { as: 'hr' },
  'POST /hr/staff': { as: 'hr', type: 'form', body: { email: str('sweep-page@demo.test', true), ...STAFF_FIELDS } },
  'GET /hr/staff/:id': { as: 'hr', params: { id: (ids) => `${ids.staffMember}` }, query: { created: flag(), saved: flag() } },
  'POST /hr/staff/:id': { as: 'hr', type: 'form', params: { id: (ids) => `${ids.staffMember}` }, body: { ...STAFF_FIELDS, name: text('Staff Member', 200, true), active: flag(), activeShown: flag() } },
  'POST /hr/staff/:id/invitation': { as: 'hr', type: 'form', params: { id: (ids) => `${ids.staffMember}` }, body: {} },
  'GET /hr/staff/import': { as: 'hr' },
  'GET /hr/staff/invitations': { as: 'hr' },
  'GET /hr/staff/invitations.csv': { as: 'hr' },
  // mode=check: a dry run, so accepted files write nothing; `mode` itself is swept too.
  'POST /hr/staff/import': { as: 'hr', type: 'form', bigBody: true, body: { mode: str('check'), csv: str('email,name\nsweep@demo.test,Sweep\n'), createDepartments: flag('0') } },
  'GET /hr/departments': { as: 'hr' },
  'POST /hr/departments': { as: 'hr', type: 'form', body: { name: text('Sweep Department', 200, true) } },
  'POST /hr/departments/:id': { as: 'hr', type: 'form', params: { id: (ids) => `${ids.department}` }, body: { name: text('Sweep Renamed', 200, true) } },
  'POST /hr/departments/:id/archive': { as: 'hr', type: 'form', params: { id: (ids) => `${ids.department}` }, body: { archived: flag() } },
  'GET /people/:id/ratings': { as: 'hr', params: { id: (ids) => `${ids.lecturer}` }, query: { validated: id() } },
  'GET /people/:id/report': { as: 'hr', params: { id: (ids) => `${ids.lecturer}` }, query: { framework: id() } },
  'GET /people/:id/report.pdf': { as: 'hr', params: { id: (ids) => `${ids.lecturer}` }, query: { framework: id() } },
  'POST /ratings/:ratingId/validate': { as: 'hr', type: 'form', params: { ratingId: (ids) => `${ids.selfRating}` }, body: { level: { ...level, max: 99 }, comment: text('ok', 2000) } },
}
