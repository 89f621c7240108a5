/** The bad-input sweep's specs of the pages outside HR, design, admin and account: sign-in, framework, plan, programmes, activities, invitations. */
import { ACTIVITY_FIELDS, enumOf, flag, id, level, selfLevel, signInField, str, text } from './fields.js'
import type { Spec } from './types.js'
import { mintedFrameworkIdentifier } from '../../../server/domain/case-identity.js'

export const PAGE_SPECS: Record<string, Spec> = {
  'GET /healthz': { as: 'anonymous' },
  'GET /openapi.json': { as: 'anonymous' },
  // The CASE provider service: public, its errors imsx_StatusInfo.
  ...Object.fromEntries(
    (['v1p0', 'v1p1'] as const).flatMap((version) => [
      [`GET /ims/case/${version}/CFDocuments`, { as: 'anonymous', query: { limit: id(10), offset: { t: 'int', min: 0, max: 100_000, valid: 0 }, sort: enumOf(['title', 'identifier', 'lastChangeDateTime']), orderBy: enumOf(['asc', 'desc']), fields: str('identifier,title') } }],
      [`GET /ims/case/${version}/:collection/:identifier`, { as: 'anonymous', params: { collection: () => 'CFPackages', identifier: () => mintedFrameworkIdentifier('iioe-hew') } }],
    ]),
  ) as Record<string, Spec>,
  'GET /login': { as: 'anonymous', query: { next: str('/') } },
  'POST /login': { as: 'anonymous', type: 'form', writes: ['sign_in_throttle'], body: { email: signInField('nobody@demo.test'), password: signInField('wrong-password'), next: { t: 'str', valid: '/', few: true } } },
  'POST /logout': { as: 'leaver', type: 'form', body: {} },
  'GET /': { as: 'lecturer', query: { sharing: enumOf(['shared', 'stopped']) } },
  'GET /assessments': { as: 'lecturer' },
  'GET /assessments/:frameworkId': { as: 'lecturer', params: { frameworkId: (ids) => `${ids.qa}` }, query: { unit: id() } },
  'GET /assessments/:frameworkId/report': { as: 'lecturer', params: { frameworkId: (ids) => `${ids.qa}` }, query: { unit: id() } },
  'GET /assessments/:frameworkId/areas/:competencyId': { as: 'lecturer', params: { frameworkId: (ids) => `${ids.qa}`, competencyId: (ids) => `${ids.qaArea}` }, query: { outcome: enumOf(['saved', 'unchanged']) } },
  'POST /assessments/:frameworkId/areas/:competencyId': {
    as: 'lecturer',
    type: 'form',
    params: { frameworkId: (ids) => `${ids.qa}`, competencyId: (ids) => `${ids.qaArea}` },
    body: { level: { t: 'int', min: 0, max: 10, valid: 2, required: true }, evidence: text('sweep evidence', 4000), comment: text('sweep comment', 4000), then: enumOf(['next', 'stay']) },
  },
  'GET /assessments/:frameworkId/panel': { as: 'hr', params: { frameworkId: (ids) => `${ids.qa}` }, query: { saved: flag() } },
  'POST /assessments/:frameworkId/panel': { as: 'hr', type: 'form', params: { frameworkId: (ids) => `${ids.qa}` }, body: { members: str('lecturer@demo.test'), visibility: enumOf(['panel', 'staff'], true) } },
  'POST /me/sharing': { as: 'lecturer', type: 'form', body: { shared: enumOf(['1', '0'], true) } },
  'GET /framework': { as: 'lecturer', query: { saved: id(), domain: id() } },
  'GET /framework/:competencyId': { as: 'lecturer', params: { competencyId: (ids) => `${ids.competency}` }, query: { saved: flag(), target: flag() } },
  'POST /framework/:competencyId/rating': {
    as: 'lecturer',
    type: 'form',
    params: { competencyId: (ids) => `${ids.competency}` },
    body: { level: selfLevel, evidence: text('sweep evidence', 10_000), evidenceUrl: str('https://example.org/e'), returnTo: str('detail') },
  },
  'POST /framework/:competencyId/target': { as: 'lecturer', type: 'form', params: { competencyId: (ids) => `${ids.competency}` }, body: { level: { ...level, max: 99 } } },
  'GET /plan': { as: 'lecturer', query: { all: flag(), hours: { t: 'int', min: 1, max: 20_000, valid: 40 }, focus: str('1') } },
  'GET /hr/rounds': { as: 'hr' },
  'POST /hr/rounds': { as: 'hr', type: 'form', body: { title: text('Sweep page round', 200, true), opensOn: str('2026-01-01', true), closesOn: str('2099-01-01', true) } },
  'GET /hr/rounds/:id': { as: 'hr', params: { id: (ids) => `${ids.round}` }, query: { created: id(), reminded: str('already') } },
  'POST /hr/rounds/:id/reminders': { as: 'hr', type: 'form', params: { id: (ids) => `${ids.round}` }, body: {} },
  'GET /me/report': { as: 'lecturer', query: { framework: id() } },
  'GET /me/report.pdf': { as: 'lecturer', query: { framework: id() } },
  'POST /me/report/share': { as: 'lecturer', type: 'form', writes: ['report_shares', 'audit_log'], body: { shared: enumOf(['on', 'off'], true), framework: id() } },
  'POST /plan/languages': { as: 'lecturer', type: 'form', body: { languages: str('en', true), framework: id() } },
  'GET /self-assessment': { as: 'lecturer', query: { framework: id() } },
  'GET /self-assessment/summary': { as: 'lecturer', query: { framework: id(), saved: id() } },
  'GET /self-assessment/:competencyId': { as: 'lecturer', params: { competencyId: (ids) => `${ids.competency}` }, query: { saved: id() } },
  'POST /self-assessment/:competencyId': {
    as: 'lecturer',
    type: 'form',
    params: { competencyId: (ids) => `${ids.competency}` },
    body: { level: selfLevel, evidence: text('sweep evidence', 10_000), evidenceUrl: str('https://example.org/e') },
  },
  'GET /programmes': { as: 'lecturer', query: { competency: id(), mode: enumOf(['online', 'blended', 'face_to_face']), language: str('en'), maxHours: { t: 'num', min: 1, max: 10_000, valid: 40 } } },
  'GET /programmes/:id': { as: 'lecturer', params: { id: (ids) => `${ids.programme}` } },
  'GET /activities': { as: 'lecturer', query: { saved: id() } },
  'POST /activities': { as: 'lecturer', type: 'form', body: { programmeId: id(1), ...ACTIVITY_FIELDS } },
  'POST /activities/:id/status': { as: 'lecturer', type: 'form', params: { id: (ids) => `${ids.activity}` }, body: { status: enumOf(['planned', 'in_progress', 'completed'], true) } },
  'GET /activities/:id/rerate': { as: 'lecturer', params: { id: (ids) => `${ids.activity}` }, query: { saved: id() } },
  'GET /invite/:token': { as: 'anonymous', params: { token: (ids) => ids.invitation } },
  'POST /invite/:token': { as: 'anonymous', type: 'form', params: { token: (ids) => ids.invitation }, body: { password: str('short', true), confirm: str('short', true) } },
  'GET /assets/*': { as: 'anonymous', params: { '*': () => 'app.css' } },
}
