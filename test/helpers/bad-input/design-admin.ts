/** The bad-input sweep's specs of the designers' and the admin's pages, the account page and the language switch. */
import { CATALOGUE_HEADER, enumOf, flag, id, LINK_FIELDS, PROGRAMME_FIELDS, str, text } from './fields.js'
import type { Spec } from './types.js'

export const DESIGN_ADMIN_SPECS: Record<string, Spec> = {
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
  'GET /admin/frameworks/:id': { as: 'admin', params: { id: (ids) => `${ids.framework}` }, query: { moved: id(), carried: id(), judgements: id() } },
  // Nothing listens on port 9 here; the demo framework was not imported from a CASE server.
  'POST /admin/frameworks/import-url': { as: 'admin', type: 'form', body: { url: str('http://127.0.0.1:9/package', true) } },
  'GET /admin/frameworks/:id/resync': { as: 'admin', params: { id: (ids) => `${ids.framework}` } },
  'POST /admin/frameworks/:id/resync': { as: 'admin', type: 'form', params: { id: (ids) => `${ids.framework}` }, body: { digest: str('0'.repeat(64), true) } },
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
  'GET /admin/operators': { as: 'admin', query: { created: id(), mailed: flag() } },
  'POST /admin/operators': { as: 'admin', type: 'form', body: { name: text('Sweep Operator', 200, true), email: str('sweep-operator@demo.test', true) } },
  // The institution's own framework version: a move that changes nothing.
  'POST /admin/institutions/:id/framework': {
    as: 'admin',
    type: 'form',
    params: { id: (ids) => `${ids.institution}` },
    body: { frameworkId: id(1, { required: true }) },
    valid: (ids) => ({ frameworkId: String(ids.framework) }),
  },
}
