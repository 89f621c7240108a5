/** The bad-input sweep's specs of the pages outside HR, design, admin and account: sign-in, framework, plan, programmes, activities, invitations. */
import { ACTIVITY_FIELDS, enumOf, flag, id, level, signInField, str, text } from './fields.js'
import type { Spec } from './types.js'

export const PAGE_SPECS: Record<string, Spec> = {
  'GET /healthz': { as: 'anonymous' },
  'GET /openapi.json': { as: 'anonymous' },
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
  'GET /invite/:token': { as: 'anonymous', params: { token: (ids) => ids.invitation } },
  'POST /invite/:token': { as: 'anonymous', type: 'form', params: { token: (ids) => ids.invitation }, body: { password: str('short', true), confirm: str('short', true) } },
  'GET /assets/*': { as: 'anonymous', params: { '*': () => 'app.css' } },
}
