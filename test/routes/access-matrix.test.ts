import type { InjectOptions } from 'fastify'
import t from 'tap'
import { apiToken, startTestApp } from '../helpers/app.js'
import { mintedFrameworkIdentifier } from '../../server/domain/case-identity.js'
import { SIGN_IN_ROUTES } from '../helpers/access-matrix-sign-in.js'
import { multipart } from '../helpers/multipart.js'
import { pdf, PNG } from '../helpers/zip.js'

/**
 * Every route the app registers, called as nobody, as each role of Demo University and as a
 * lecturer and HR of Demo College, with ids that belong to Demo University. A route missing from
 * ROUTES fails the test, so no new route goes unchecked. `admin` is the platform operator
 * (domain/roles.ts): platform pages only, none of an institution's staff or report routes.
 */
type Who = 'anonymous' | 'lecturer' | 'hr' | 'designer' | 'admin' | 'collegeLecturer' | 'collegeHr'
const WHO: readonly Who[] = ['anonymous', 'lecturer', 'hr', 'designer', 'admin', 'collegeLecturer', 'collegeHr']
const EMAILS: Record<Exclude<Who, 'anonymous'>, string> = {
  lecturer: 'lecturer@demo.test',
  hr: 'hr@demo.test',
  designer: 'designer@demo.test',
  admin: 'admin@demo.test',
  collegeLecturer: 'lecturer@college.test',
  collegeHr: 'hr@college.test',
}

interface Ids {
  competency: number
  domain: number
  programme: number
  activity: number
  department: number
  departmentName: string
  staffMember: number
  lecturer: number
  selfRating: number
  framework: number
  institution: number
  /** Demo University's frameworks as they are, so setting them again changes nothing for later calls. */
  frameworkUses: { frameworkId: number; purpose: string; audience: string[] }[]
  /** Demo University's QA self-assessment (the lecturer is on its panel) and its first area. */
  qa: number
  qaArea: number
  /** An open assessment round of Demo University. */
  round: number
  /** An evidence file of the lecturer's, and a review the lecturer asked of HR. */
  evidence: number
  spareEvidence: number
  review: number
}

interface RouteCase {
  /** The URL with Demo University's ids in it. */
  url: (ids: Ids) => string
  body?: (ids: Ids) => InjectOptions['payload']
  form?: boolean
  contentType?: string
  /** Statuses allowed for a caller the route lets in. */
  ok: readonly number[]
  /** A resource of one Demo University person (the lecturer): everyone else gets 404. */
  ownedByLecturer?: boolean
  /** Scoped to Demo University: Demo College callers get 404. */
  institutionScoped?: boolean
  /** Roles the service lets in (the route is open to anyone signed in): others of the institution get 403. */
  serviceRoles?: readonly string[]
  /** What nobody signed in gets, when not the rule (a form without its CSRF token: 403). */
  anonymous?: number
  /** A public answer that names Demo University by design (its issuer profile): not a leak to Demo College. */
  namesInstitution?: boolean
}

const PAGE_OK = [200, 303] as const
const MATRIX_UPLOAD = multipart({}, [['file', 'matrix.png', PNG, 'image/png']])
const ROUTES: Record<string, RouteCase> = {
  'GET /healthz': { url: () => '/healthz', ok: [200] },
  'GET /openapi.json': { url: () => '/openapi.json', ok: [200] },
  // The CASE provider service: published frameworks, read by anyone.
  'GET /ims/case/v1p0/CFDocuments': { url: () => '/ims/case/v1p0/CFDocuments', ok: [200] },
  'GET /ims/case/v1p0/:collection/:identifier': { url: () => `/ims/case/v1p0/CFDocuments/${mintedFrameworkIdentifier('iioe-hew')}`, ok: [200] },
  'GET /ims/case/v1p1/CFDocuments': { url: () => '/ims/case/v1p1/CFDocuments', ok: [200] },
  'GET /ims/case/v1p1/:collection/:identifier': { url: () => `/ims/case/v1p1/CFPackages/${mintedFrameworkIdentifier('iioe-hew')}`, ok: [200] },
  'GET /login': { url: () => '/login', ok: PAGE_OK },
  // The same unknown account fails from every caller: past 5 failures the sign-in throttle answers 429.
  'POST /login': { url: () => '/login', form: true, body: () => 'email=x%40y.z&password=wrong-password', ok: [401, 429], anonymous: 403 },
  'GET /account/password': { url: () => '/account/password', ok: [200] },
  // A wrong current password: refused (422), or 429 once the address has used up its failures.
  'POST /account/password': { url: () => '/account/password', form: true, body: () => 'current=wrong-password&password=a-new-long-passphrase&confirm=a-new-long-passphrase', ok: [422, 429] },
  'POST /logout': { url: () => '/logout', form: true, body: () => '', ok: [303], anonymous: 403 },
  'GET /': { url: () => '/', ok: [200] },
  // Only the lecturer has a reviewer (HR, in the demo) to share with; Demo College does not use sharing: 409.
  'POST /me/sharing': { url: () => '/me/sharing', form: true, body: () => 'shared=1', ok: [303, 409] },
  'GET /api/v1/me/sharing': { url: () => '/api/v1/me/sharing', ok: [200] },
  'PUT /api/v1/me/sharing': { url: () => '/api/v1/me/sharing', body: () => ({ shared: true }), ok: [200, 409] },
  'GET /api/v1/institution/settings': { url: () => '/api/v1/institution/settings', ok: [200] },
  'PATCH /api/v1/institution/settings': { url: () => '/api/v1/institution/settings', body: () => ({ minGroupSize: 5 }), ok: [200] },
  // HR name their own institution or none; the operator names any: Demo College's HR asking for Demo University's get 404.
  'GET /api/v1/institution/frameworks': { url: (ids) => `/api/v1/institution/frameworks?institution=${ids.institution}`, ok: [200], institutionScoped: true },
  'PUT /api/v1/institution/frameworks': { url: (ids) => `/api/v1/institution/frameworks?institution=${ids.institution}`, body: (ids) => ids.frameworkUses, ok: [200], institutionScoped: true },
  // The QA self-assessment: HR and its panel (the demo lecturer) record and read; the designer is on
  // neither and its results are for the panel only (403); Demo College does not use it (404).
  'GET /assessments': { url: () => '/assessments', ok: [200] },
  'GET /assessments/:frameworkId': { url: (ids) => `/assessments/${ids.qa}`, ok: [200], institutionScoped: true, serviceRoles: ['hr', 'lecturer'] },
  'GET /assessments/:frameworkId/report': { url: (ids) => `/assessments/${ids.qa}/report`, ok: [200], institutionScoped: true, serviceRoles: ['hr', 'lecturer'] },
  'GET /assessments/:frameworkId/areas/:competencyId': { url: (ids) => `/assessments/${ids.qa}/areas/${ids.qaArea}`, ok: [200], institutionScoped: true, serviceRoles: ['hr', 'lecturer'] },
  'POST /assessments/:frameworkId/areas/:competencyId': { url: (ids) => `/assessments/${ids.qa}/areas/${ids.qaArea}`, form: true, body: () => 'level=2&evidence=matrix&then=stay', ok: [303], institutionScoped: true, serviceRoles: ['hr', 'lecturer'] },
  'GET /assessments/:frameworkId/panel': { url: (ids) => `/assessments/${ids.qa}/panel`, ok: [200], institutionScoped: true },
  'POST /assessments/:frameworkId/panel': { url: (ids) => `/assessments/${ids.qa}/panel`, form: true, body: () => 'members=lecturer%40demo.test&visibility=panel', ok: [303], institutionScoped: true },
  'GET /api/v1/institution/assessments/:frameworkId': { url: (ids) => `/api/v1/institution/assessments/${ids.qa}`, ok: [200], institutionScoped: true, serviceRoles: ['hr', 'lecturer'] },
  'GET /api/v1/institution/assessments/:frameworkId/report': { url: (ids) => `/api/v1/institution/assessments/${ids.qa}/report`, ok: [200], institutionScoped: true, serviceRoles: ['hr', 'lecturer'] },
  'PUT /api/v1/institution/assessments/:frameworkId/ratings/:competencyId': { url: (ids) => `/api/v1/institution/assessments/${ids.qa}/ratings/${ids.qaArea}`, body: () => ({ level: 1, evidence: 'matrix' }), ok: [200], institutionScoped: true, serviceRoles: ['hr', 'lecturer'] },
  'GET /api/v1/institution/assessments/:frameworkId/panel': { url: (ids) => `/api/v1/institution/assessments/${ids.qa}/panel`, ok: [200], institutionScoped: true },
  'PUT /api/v1/institution/assessments/:frameworkId/panel': { url: (ids) => `/api/v1/institution/assessments/${ids.qa}/panel`, body: (ids) => ({ members: [ids.lecturer], resultsVisibleTo: 'panel' }), ok: [200], institutionScoped: true },
  'GET /framework': { url: () => '/framework', ok: [200] },
  'GET /framework/:competencyId': { url: (ids) => `/framework/${ids.competency}`, ok: [200] },
  'POST /framework/:competencyId/rating': { url: (ids) => `/framework/${ids.competency}/rating`, form: true, body: () => 'level=1&evidence=matrix', ok: [303] },
  'POST /framework/:competencyId/target': { url: (ids) => `/framework/${ids.competency}/target`, form: true, body: () => 'level=2', ok: [303] },
  'GET /plan': { url: () => '/plan', ok: [200] },
  'GET /hr/rounds': { url: () => '/hr/rounds', ok: [200] },
  'POST /hr/rounds': { url: () => '/hr/rounds', form: true, body: () => 'title=Matrix+page+round&opensOn=2026-01-01&closesOn=2099-01-01', ok: [303] },
  'GET /hr/rounds/:id': { url: (ids) => `/hr/rounds/${ids.round}`, ok: [200], institutionScoped: true },
  'POST /hr/rounds/:id/reminders': { url: (ids) => `/hr/rounds/${ids.round}/reminders`, form: true, body: () => '', ok: [303], institutionScoped: true },
  'GET /me/report': { url: () => '/me/report', ok: [200] },
  'GET /api/v1/me/report': { url: () => '/api/v1/me/report', ok: [200] },
  'GET /me/report.pdf': { url: () => '/me/report.pdf', ok: [200] },
  'POST /me/report/share': { url: () => '/me/report/share', form: true, body: () => 'shared=off', ok: [303] },
  // Nobody has shared the lecturer's report: their reviewer and HR are refused like everyone else.
  'GET /people/:id/report': { url: (ids) => `/people/${ids.lecturer}/report?framework=${ids.framework}`, ok: [403], institutionScoped: true },
  'GET /people/:id/report.pdf': { url: (ids) => `/people/${ids.lecturer}/report.pdf?framework=${ids.framework}`, ok: [403], institutionScoped: true },
  'POST /plan/languages': { url: () => '/plan/languages', form: true, body: () => 'languages=en', ok: [303] },
  'GET /self-assessment': { url: () => '/self-assessment', ok: [200] },
  'GET /self-assessment/summary': { url: () => '/self-assessment/summary', ok: [200] },
  'GET /self-assessment/:competencyId': { url: (ids) => `/self-assessment/${ids.competency}`, ok: [200] },
  'POST /self-assessment/:competencyId': { url: (ids) => `/self-assessment/${ids.competency}`, form: true, body: () => 'level=1&evidence=matrix', ok: [303] },
  'GET /programmes': { url: () => '/programmes', ok: [200] },
  'GET /programmes/:id': { url: (ids) => `/programmes/${ids.programme}`, ok: [200] },
  'GET /activities': { url: () => '/activities', ok: [200] },
  'POST /activities': { url: () => '/activities', form: true, body: () => 'title=Matrix+workshop&status=planned', ok: [303] },
  'POST /activities/:id/status': { url: (ids) => `/activities/${ids.activity}/status`, form: true, body: () => 'status=in_progress', ok: [303], ownedByLecturer: true },
  // The activity is only planned: there is nothing to re-rate yet, even for its owner.
  'GET /activities/:id/rerate': { url: (ids) => `/activities/${ids.activity}/rerate`, ok: [404], ownedByLecturer: true },
  'GET /hr': { url: () => '/hr', ok: [200] },
  'GET /hr/departments/:id': { url: (ids) => `/hr/departments/${ids.department}?domain=${ids.domain}`, ok: [200], institutionScoped: true },
  'GET /hr/audit': { url: () => '/hr/audit', ok: [200] },
  'GET /hr/insights': { url: () => '/hr/insights', ok: [200] },
  'GET /hr/insights/:view.csv': { url: () => '/hr/insights/participation.csv', ok: [200] },
  'GET /hr/settings': { url: () => '/hr/settings', ok: [200] },
  'GET /hr/frameworks': { url: () => '/hr/frameworks', ok: [200] },
  // Each institution's HR keep their own list: the form names the primary of whoever posts it, so any HR's post is refused (422) or saved (303), never crossing over.
  'POST /hr/frameworks': { url: () => '/hr/frameworks', form: true, body: (ids) => ids.frameworkUses.map((use) => `framework=${use.frameworkId}&purpose-${use.frameworkId}=${encodeURIComponent(use.purpose)}${use.audience.map((code) => `&audience-${use.frameworkId}=${code}`).join('')}`).join('&'), ok: [303, 422] },
  // Demo University's setting (sharing), kept as it is, so the lecturer's share stands for the routes after.
  'POST /hr/settings': { url: () => '/hr/settings', form: true, body: () => 'minGroupSize=5&staleAfterMonths=24&ratingVisibility=shared', ok: [303] },
  'GET /hr/staff': { url: () => '/hr/staff', ok: [200] },
  'GET /hr/staff/new': { url: () => '/hr/staff/new', ok: [200] },
  'POST /hr/staff': { url: () => '/hr/staff', form: true, body: () => 'email=matrix%40demo.test&name=Matrix+Person&role=lecturer', ok: [303, 409] },
  'GET /hr/staff/:id': { url: (ids) => `/hr/staff/${ids.staffMember}`, ok: [200], institutionScoped: true },
  'POST /hr/staff/:id': { url: (ids) => `/hr/staff/${ids.staffMember}`, form: true, body: () => 'name=Renamed+Person&role=lecturer&activeShown=1&active=1', ok: [303], institutionScoped: true },
  'POST /hr/staff/:id/invitation': { url: (ids) => `/hr/staff/${ids.staffMember}/invitation`, form: true, body: () => '', ok: [303], institutionScoped: true },
  'GET /hr/staff/import': { url: () => '/hr/staff/import', ok: [200] },
  'GET /hr/staff/invitations': { url: () => '/hr/staff/invitations', ok: [200] },
  'GET /hr/staff/invitations.csv': { url: () => '/hr/staff/invitations.csv', ok: [200] },
  'POST /hr/staff/import': { url: () => '/hr/staff/import', form: true, body: () => 'mode=check&csv=email%2Cname%0Ax%40demo.test%2CX', ok: [200] },
  'GET /hr/departments': { url: () => '/hr/departments', ok: [200] },
  'POST /hr/departments': { url: () => '/hr/departments', form: true, body: () => 'name=Matrix+Department', ok: [303, 409] },
  'POST /hr/departments/:id': { url: (ids) => `/hr/departments/${ids.department}`, form: true, body: (ids) => `name=${encodeURIComponent(ids.departmentName)}`, ok: [303], institutionScoped: true },
  'GET /people/:id/ratings': { url: (ids) => `/people/${ids.lecturer}/ratings`, ok: [200], institutionScoped: true, serviceRoles: ['hr'] },
  'POST /ratings/:ratingId/validate': { url: (ids) => `/ratings/${ids.selfRating}/validate`, form: true, body: () => 'level=2&comment=matrix', ok: [303], institutionScoped: true, serviceRoles: ['hr'] },
  'POST /api/v1/institution/ratings/:ratingId/validate': { url: (ids) => `/api/v1/institution/ratings/${ids.selfRating}/validate`, body: () => ({ level: 2 }), ok: [200], institutionScoped: true, serviceRoles: ['hr'] },
  'POST /hr/departments/:id/archive': { url: (ids) => `/hr/departments/${ids.department}/archive`, form: true, body: () => 'archived=1', ok: [409], institutionScoped: true },
  'POST /language': { url: () => '/language', form: true, body: () => 'lang=en&next=%2Fframework', ok: [303], anonymous: 403 },
  'GET /invite/:token': { url: () => '/invite/not-a-token', ok: [404] },
  'POST /invite/:token': { url: () => '/invite/not-a-token', form: true, body: () => 'password=long-enough-password&confirm=long-enough-password', ok: [404], anonymous: 403 },
  'GET /assets/*': { url: () => '/assets/unknown.css', ok: [404] },
  'POST /api/v1/auth/token': { url: () => '/api/v1/auth/token', body: () => ({ email: 'x@y.z', password: 'wrong' }), ok: [401, 429] },
  'GET /api/v1/framework': { url: () => '/api/v1/framework', ok: [200] },
  'GET /api/v1/frameworks': { url: () => '/api/v1/frameworks', ok: [200] },
  'GET /api/v1/frameworks/:id/case': { url: (ids) => `/api/v1/frameworks/${ids.framework}/case`, ok: [200] },
  'GET /api/v1/frameworks/:id/export': { url: (ids) => `/api/v1/frameworks/${ids.framework}/export`, ok: [200] },
  'POST /api/v1/frameworks/import': { url: () => '/api/v1/frameworks/import', body: () => ({ CFDocument: {} }), ok: [422] },
  // Nothing listens on port 9 here: refused at once, as unreachable.
  'POST /api/v1/frameworks/import-url': { url: () => '/api/v1/frameworks/import-url', body: () => ({ url: 'http://127.0.0.1:9/package' }), ok: [422] },
  'GET /api/v1/frameworks/:id/resync': { url: (ids) => `/api/v1/frameworks/${ids.framework}/resync`, ok: [422] },
  'POST /api/v1/frameworks/:id/resync': { url: (ids) => `/api/v1/frameworks/${ids.framework}/resync`, body: () => ({ digest: '0'.repeat(64) }), ok: [422] },
  'POST /api/v1/frameworks/:id/versions': { url: (ids) => `/api/v1/frameworks/${ids.framework}/versions`, body: () => ({ framework: {}, codeMap: {} }), ok: [422] },
  'GET /admin/frameworks': { url: () => '/admin/frameworks', ok: [200] },
  'POST /admin/frameworks/import': { url: () => '/admin/frameworks/import', form: true, body: () => 'package=%7B%7D', ok: [422] },
  'GET /admin/frameworks/:id': { url: (ids) => `/admin/frameworks/${ids.framework}`, ok: [200] },
  'POST /admin/frameworks/:id/versions': { url: (ids) => `/admin/frameworks/${ids.framework}/versions`, form: true, body: () => 'framework=%7B%7D&codeMap=', ok: [422] },
  'POST /admin/frameworks/import-url': { url: () => '/admin/frameworks/import-url', form: true, body: () => 'url=http%3A%2F%2F127.0.0.1%3A9%2Fpackage', ok: [422] },
  // The demo framework was not imported from a CASE server: nothing to check.
  'GET /admin/frameworks/:id/resync': { url: (ids) => `/admin/frameworks/${ids.framework}/resync`, ok: [422] },
  'POST /admin/frameworks/:id/resync': { url: (ids) => `/admin/frameworks/${ids.framework}/resync`, form: true, body: () => `digest=${'0'.repeat(64)}`, ok: [422] },
  'GET /admin/institutions': { url: () => '/admin/institutions', ok: [200] },
  'POST /admin/institutions': { url: () => '/admin/institutions', form: true, body: () => 'name=', ok: [422] },
  'GET /admin/operators': { url: () => '/admin/operators', ok: [200] },
  'POST /admin/operators': { url: () => '/admin/operators', form: true, body: () => 'name=&email=', ok: [422] },
  'POST /admin/institutions/:id/framework': { url: (ids) => `/admin/institutions/${ids.institution}/framework`, form: true, body: (ids) => `frameworkId=${ids.framework}`, ok: [303] },
  'GET /api/v1/me/export': { url: () => '/api/v1/me/export', ok: [200] },
  'GET /api/v1/me/ratings': { url: () => '/api/v1/me/ratings', ok: [200] },
  'GET /api/v1/me/self-assessment/next': { url: () => '/api/v1/me/self-assessment/next', ok: [200] },
  'PUT /api/v1/me/ratings/:competencyId': { url: (ids) => `/api/v1/me/ratings/${ids.competency}`, body: () => ({ level: 1 }), ok: [200] },
  'GET /api/v1/me/ratings/:competencyId/history': { url: (ids) => `/api/v1/me/ratings/${ids.competency}/history`, ok: [200] },
  'GET /api/v1/me/targets': { url: () => '/api/v1/me/targets', ok: [200] },
  'PUT /api/v1/me/targets/:competencyId': { url: (ids) => `/api/v1/me/targets/${ids.competency}`, body: () => ({ level: 2 }), ok: [200] },
  'DELETE /api/v1/me/targets/:competencyId': { url: (ids) => `/api/v1/me/targets/${ids.competency}`, ok: [204] },
  'GET /api/v1/me/gaps': { url: () => '/api/v1/me/gaps', ok: [200] },
  'GET /api/v1/me/recommendations': { url: () => '/api/v1/me/recommendations', ok: [200] },
  'GET /api/v1/me/learning-path': { url: () => '/api/v1/me/learning-path', ok: [200] },
  'POST /api/v1/institution/rounds': { url: () => '/api/v1/institution/rounds', body: () => ({ title: 'Matrix round 2', opensAt: '2026-01-01', closesAt: '2099-01-01' }), ok: [201] },
  'GET /api/v1/institution/rounds': { url: () => '/api/v1/institution/rounds', ok: [200] },
  'GET /api/v1/institution/rounds/:id': { url: (ids) => `/api/v1/institution/rounds/${ids.round}`, ok: [200], institutionScoped: true },
  'POST /api/v1/institution/rounds/:id/reminders': { url: (ids) => `/api/v1/institution/rounds/${ids.round}/reminders`, ok: [202], institutionScoped: true },
  'GET /api/v1/me/rounds': { url: () => '/api/v1/me/rounds', ok: [200] },
  'PUT /api/v1/me/study-languages': { url: () => '/api/v1/me/study-languages', body: () => ({ languages: ['en'] }), ok: [200] },
  'GET /api/v1/programmes': { url: () => '/api/v1/programmes', ok: [200] },
  'GET /api/v1/programmes/:id': { url: (ids) => `/api/v1/programmes/${ids.programme}`, ok: [200] },
  'GET /api/v1/me/activities': { url: () => '/api/v1/me/activities', ok: [200] },
  'POST /api/v1/me/activities': { url: () => '/api/v1/me/activities', body: () => ({ title: 'Matrix seminar', status: 'planned' }), ok: [201] },
  'PATCH /api/v1/me/activities/:id': { url: (ids) => `/api/v1/me/activities/${ids.activity}`, body: () => ({ notes: 'matrix' }), ok: [200], ownedByLecturer: true },
  'GET /api/v1/institution/gaps': { url: (ids) => `/api/v1/institution/gaps?department=${ids.department}`, ok: [200], institutionScoped: true },
  'GET /api/v1/institution/gaps.csv': { url: (ids) => `/api/v1/institution/gaps.csv?department=${ids.department}`, ok: [200], institutionScoped: true },
  'GET /api/v1/institution/audit': { url: () => '/api/v1/institution/audit', ok: [200] },
  'GET /api/v1/institution/staff': { url: () => '/api/v1/institution/staff', ok: [200] },
  'POST /api/v1/institution/staff': { url: () => '/api/v1/institution/staff', body: () => ({ email: 'matrix-api@demo.test', name: 'Matrix API' }), ok: [201, 409] },
  'POST /api/v1/institution/staff/import': { url: () => '/api/v1/institution/staff/import?dryRun=1', contentType: 'text/csv', body: () => 'email,name\nx@demo.test,X\n', ok: [200] },
  // The catalogue is IIOE's, shared by every institution: designers (and admins) of any institution keep it.
  'GET /design': { url: () => '/design?q=ii&status=published', ok: [200] },
  'GET /design/programmes/new': { url: () => '/design/programmes/new', ok: [200] },
  'POST /design/programmes': { url: () => '/design/programmes', form: true, body: () => 'code=MATRIX-1&title=Matrix&provider=IIOE&mode=online&hours=2&languages=en', ok: [303, 409] },
  'GET /design/programmes/:id': { url: (ids) => `/design/programmes/${ids.programme}?q=ped`, ok: [200] },
  'POST /design/programmes/:id': { url: (ids) => `/design/programmes/${ids.programme}`, form: true, body: () => 'code=IIOE-MATRIX&title=Matrix&provider=IIOE&mode=online&hours=2&languages=en', ok: [303] },
  'POST /design/programmes/:id/publish': { url: (ids) => `/design/programmes/${ids.programme}/publish`, form: true, body: () => 'published=1', ok: [303] },
  'POST /design/programmes/:id/links': { url: (ids) => `/design/programmes/${ids.programme}/links`, form: true, body: (ids) => `competencyId=${ids.competency}&fromLevel=1&toLevel=2`, ok: [303] },
  // The designer removes the link the row above made; for the admin after them it is gone.
  'POST /design/programmes/:id/links/:competencyId/delete': { url: (ids) => `/design/programmes/${ids.programme}/links/${ids.competency}/delete`, form: true, body: () => '', ok: [303, 404] },
  'GET /design/programmes/:id/competency-choices': { url: (ids) => `/design/programmes/${ids.programme}/competency-choices?q=dig`, ok: [200] },
  'GET /design/catalogue.json': { url: () => '/design/catalogue.json', ok: [200] },
  'GET /design/catalogue.csv': { url: () => '/design/catalogue.csv', ok: [200] },
  'GET /design/import': { url: () => '/design/import', ok: [200] },
  'POST /design/import': { url: () => '/design/import', form: true, body: () => 'format=csv&mode=check&text=code%2Ctitle%0A', ok: [200] },
  'GET /design/coverage': { url: () => '/design/coverage?sort=code', ok: [200] },
  'POST /api/v1/programmes': { url: () => '/api/v1/programmes', body: () => ({ code: 'MATRIX-API', title: 'Matrix', provider: 'IIOE', mode: 'online', hours: 1, languages: ['en'] }), ok: [201, 409] },
  'PATCH /api/v1/programmes/:id': { url: (ids) => `/api/v1/programmes/${ids.programme}`, body: () => ({ hours: 9 }), ok: [200] },
  'PUT /api/v1/programmes/:id/competencies': { url: (ids) => `/api/v1/programmes/${ids.programme}/competencies`, body: (ids) => [{ competencyId: ids.competency, fromLevel: 0, toLevel: 1 }], ok: [200] },
  'POST /api/v1/programmes/import': { url: () => '/api/v1/programmes/import?dryRun=1', contentType: 'text/csv', body: () => 'code,title\n', ok: [200] },
  'GET /api/v1/coverage': { url: () => '/api/v1/coverage', ok: [200] },
  'PATCH /api/v1/institution/staff/:id': { url: (ids) => `/api/v1/institution/staff/${ids.staffMember}`, body: () => ({ name: 'Renamed by matrix' }), ok: [200], institutionScoped: true },
  // Evidence: anyone signed in keeps files of their own; the lecturer's file is theirs alone (no review cites it).
  'GET /evidence': { url: () => '/evidence', ok: [200] },
  // A form without a file: said in the page (400); the operator too keeps no files of an institution's.
  'POST /evidence': { url: () => '/evidence', form: true, body: () => '', ok: [400] },
  'POST /evidence/:id/delete': { url: (ids) => `/evidence/${ids.spareEvidence}/delete`, form: true, body: () => '', ok: [303], ownedByLecturer: true },
  'GET /evidence/:id/file': { url: (ids) => `/evidence/${ids.evidence}/file`, ok: [200], ownedByLecturer: true },
  'GET /reviews': { url: () => '/reviews', ok: [200] },
  'POST /reviews/request': { url: () => '/reviews/request', form: true, body: (ids) => `competencyIds=${ids.competency}`, ok: [303, 400, 409] },
  'POST /reviews/:id/decide': { url: (ids) => `/reviews/${ids.review}/decide`, form: true, body: () => 'decision=more-evidence&comment=matrix', ok: [303, 404], institutionScoped: true },
  'POST /api/v1/me/evidence': { url: () => '/api/v1/me/evidence', contentType: MATRIX_UPLOAD.contentType, body: () => MATRIX_UPLOAD.payload, ok: [200, 201], anonymous: 401 },
  'GET /api/v1/me/evidence': { url: () => '/api/v1/me/evidence', ok: [200] },
  'GET /api/v1/evidence/:id/file': { url: (ids) => `/api/v1/evidence/${ids.evidence}/file`, ok: [200], ownedByLecturer: true },
  'DELETE /api/v1/me/evidence/:id': { url: (ids) => `/api/v1/me/evidence/${ids.evidence}`, ok: [204], ownedByLecturer: true },
  // Asking: 201, or 400 (nothing rated), or 409 (already waiting; the operator and Demo College's setting: nobody reviews).
  'POST /api/v1/me/review-requests': { url: () => '/api/v1/me/review-requests', body: (ids) => ({ competencyIds: [ids.competency] }), ok: [201, 400, 409] },
  'GET /api/v1/me/reviews': { url: () => '/api/v1/me/reviews', ok: [200] },
  // Credentials: each person's own; HR revoke their institution's (none has this id: 404).
  'GET /api/v1/me/credentials': { url: () => '/api/v1/me/credentials', ok: [200] },
  // The lecturer's activity is planned: 409 to them; nobody else's to ask about (404).
  'POST /api/v1/me/activities/:id/confirmation': { url: (ids) => `/api/v1/me/activities/${ids.activity}/confirmation`, ok: [409], ownedByLecturer: true },
  'GET /api/v1/institution/completions': { url: () => '/api/v1/institution/completions', ok: [200] },
  'POST /api/v1/institution/completions/:id/confirm': { url: (ids) => `/api/v1/institution/completions/${ids.activity}/confirm`, ok: [404] },
  'GET /api/v1/institution/credential-levels': { url: () => '/api/v1/institution/credential-levels', ok: [200] },
  'PUT /api/v1/institution/credential-levels': { url: () => '/api/v1/institution/credential-levels', body: () => ({ levels: [] }), ok: [200] },
  'GET /api/v1/institution/credentials/summary': { url: () => '/api/v1/institution/credentials/summary', ok: [200] },
  'POST /api/v1/institution/credentials/:id/revoke': { url: () => `/api/v1/institution/credentials/${NO_CREDENTIAL}/revoke`, body: () => ({}), ok: [404] },
  // What verifiers fetch: public; the profile names its institution by design.
  // An issuer once a validation in this walk earned a credential (404 before: the addresses list no institution); the profile names it by design.
  'GET /issuers/:institution': { url: (ids) => `/issuers/${ids.institution}`, ok: [200, 404], namesInstitution: true },
  'GET /issuers/:institution/badge.png': { url: (ids) => `/issuers/${ids.institution}/badge.png`, ok: [200, 404] },
  'GET /credentials': { url: () => '/credentials', ok: [200] },
  // The lecturer's activity is planned, not completed: 409 to them; nobody else's to ask about.
  'POST /credentials/completions/:id/ask': { url: (ids) => `/credentials/completions/${ids.activity}/ask`, form: true, body: () => '', ok: [409], ownedByLecturer: true },
  // Nobody asked about it: there is nothing to confirm (404) for HR and designers.
  'POST /credentials/completions/:id/confirm': { url: (ids) => `/credentials/completions/${ids.activity}/confirm`, form: true, body: () => '', ok: [404] },
  'GET /credentials/:id': { url: () => `/credentials/${NO_CREDENTIAL}`, ok: [404] },
  'GET /credentials/:id/badge.png': { url: () => `/credentials/${NO_CREDENTIAL}/badge.png`, ok: [404] },
  'GET /hr/credentials': { url: () => '/hr/credentials', ok: [200] },
  'POST /hr/credentials/levels': { url: () => '/hr/credentials/levels', form: true, body: () => '', ok: [303] },
  'POST /hr/credentials/revoke': { url: () => '/hr/credentials/revoke', form: true, body: () => `credential=${NO_CREDENTIAL}`, ok: [404] },
  'GET /issuers/:institution/jwks': { url: (ids) => `/issuers/${ids.institution}/jwks`, ok: [200, 404] },
  'GET /issuers/:institution/keys/:kid': { url: (ids) => `/issuers/${ids.institution}/keys/${NO_CREDENTIAL}`, ok: [404] },
  'GET /issuers/:institution/status/revocation': { url: (ids) => `/issuers/${ids.institution}/status/revocation`, ok: [200, 404] },
  'GET /api/v1/reviews': { url: () => '/api/v1/reviews', ok: [200] },
  ...SIGN_IN_ROUTES,
  // Only the lecturer's reviewer (HR) decides it (200); to anyone else there is no such review (404).
  'POST /api/v1/reviews/:id': { url: (ids) => `/api/v1/reviews/${ids.review}`, body: () => ({ decision: 'more-evidence', comment: 'matrix' }), ok: [200, 404], institutionScoped: true },
}

/** A credential id nobody was issued. */
const NO_CREDENTIAL = '00000000-0000-4000-8000-000000000000'

const DEMO_ONLY_TEXT = ['Demo University', 'Amina Okafor', 'Computer Science', 'Health Sciences', 'Lecturer only']

t.test('the access matrix: every route x every caller', async (t) => {
  const { app, db } = await startTestApp(t)
  const tokens = Object.fromEntries(await Promise.all(Object.entries(EMAILS).map(async ([who, email]) => [who, await apiToken(app, email)]))) as Record<Exclude<Who, 'anonymous'>, string>
  const framework = await db.selectFrom('frameworks').select('id').where('slug', '=', 'iioe-hew').executeTakeFirstOrThrow()
  const competency = await db.selectFrom('competencies').select(['id', 'parent_id']).where('framework_id', '=', framework.id).where('kind', '=', 'competency').orderBy('id').executeTakeFirstOrThrow()
  const programme = await db.selectFrom('programmes').select('id').where('published', '=', true).orderBy('id').executeTakeFirstOrThrow()
  const department = await db
    .selectFrom('departments')
    .innerJoin('institutions', 'institutions.id', 'departments.institution_id')
    .select(['departments.id', 'departments.name'])
    .where('institutions.name', '=', 'Demo University')
    .orderBy('departments.id')
    .executeTakeFirstOrThrow()
  const created = await app.inject({ method: 'POST', url: '/api/v1/me/activities', headers: { authorization: `Bearer ${tokens.lecturer}` }, payload: { title: 'Lecturer only', status: 'planned' } })
  const lecturer = await db.selectFrom('users').select('id').where('email', '=', 'lecturer@demo.test').executeTakeFirstOrThrow()
  // Demo University shows a person's ratings to their reviewer (HR, in the demo) and HR once they
  // share: the lecturer shares, so the review routes answer as their roles allow.
  const shared = await app.inject({ method: 'PUT', url: '/api/v1/me/sharing', headers: { authorization: `Bearer ${tokens.lecturer}` }, payload: { shared: true } })
  t.equal(shared.statusCode, 200, 'the lecturer shares their ratings')
  const selfRating = await db.selectFrom('current_ratings').select('rating_id').where('user_id', '=', lecturer.id).orderBy('competency_id').executeTakeFirstOrThrow()
  const staffMember = await db.selectFrom('users').select('id').where('email', 'like', '%@demo.test').where('role', '=', 'lecturer').where('email', '!=', 'lecturer@demo.test').orderBy('id').executeTakeFirstOrThrow()
  const demoId = (await db.selectFrom('institutions').select('id').where('name', '=', 'Demo University').executeTakeFirstOrThrow()).id
  const frameworkUses = (await db.selectFrom('institution_frameworks').select(['framework_id', 'purpose', 'audience']).where('institution_id', '=', demoId).orderBy('position').execute()).map((row) => ({ frameworkId: row.framework_id, purpose: row.purpose, audience: row.audience }))
  const qa = await db.selectFrom('frameworks').select('id').where('slug', '=', 'iioe-qa').executeTakeFirstOrThrow()
  const qaArea = await db.selectFrom('competencies').select('id').where('framework_id', '=', qa.id).where('kind', '=', 'competency').orderBy('id').executeTakeFirstOrThrow()
  const opened = await app.inject({ method: 'POST', url: '/api/v1/institution/rounds', headers: { authorization: `Bearer ${tokens.hr}` }, payload: { title: 'Matrix round', opensAt: new Date(Date.now() - 60_000).toISOString(), closesAt: new Date(Date.now() + 30 * 86_400_000).toISOString() } })
  t.equal(opened.statusCode, 201, 'a round to reach')
  const lecturerFile = multipart({}, [['file', 'lecturer.pdf', pdf('lecturer only'), 'application/pdf']])
  const evidence = await app.inject({ method: 'POST', url: '/api/v1/me/evidence', headers: { authorization: `Bearer ${tokens.lecturer}`, 'content-type': lecturerFile.contentType }, payload: lecturerFile.payload })
  t.equal(evidence.statusCode, 201, 'an evidence file of the lecturer')
  const spareFile = multipart({}, [['file', 'spare.pdf', pdf('spare'), 'application/pdf']])
  const spare = await app.inject({ method: 'POST', url: '/api/v1/me/evidence', headers: { authorization: `Bearer ${tokens.lecturer}`, 'content-type': spareFile.contentType }, payload: spareFile.payload })
  const selfRated = await db.selectFrom('current_ratings').select('competency_id').where('rating_id', '=', selfRating.rating_id).executeTakeFirstOrThrow()
  const asked = await app.inject({ method: 'POST', url: '/api/v1/me/review-requests', headers: { authorization: `Bearer ${tokens.lecturer}` }, payload: { competencyIds: [selfRated.competency_id] } })
  t.equal(asked.statusCode, 201, 'a review the lecturer asked for')
  const ids: Ids = { evidence: evidence.json().id, spareEvidence: spare.json().id, review: asked.json().reviews[0].id, round: opened.json().id, qa: qa.id, qaArea: qaArea.id, competency: competency.id, domain: competency.parent_id!, programme: programme.id, activity: created.json().id, department: department.id, departmentName: department.name, staffMember: staffMember.id, lecturer: lecturer.id, selfRating: selfRating.rating_id, framework: framework.id, institution: demoId, frameworkUses }

  const registered = app.declaredRoutes.map((route) => `${route.method} ${route.url.replace(/\/assets\/[^/]+$/, '/assets/*')}`)
  const unique = [...new Set(registered)]
  const missing = unique.filter((key) => !(key in ROUTES))
  t.same(missing, [], 'every registered route has an entry in the matrix')
  t.same(
    Object.keys(ROUTES).filter((key) => !unique.includes(key)),
    [],
    'no entry names a route that does not exist',
  )

  let calls = 0
  // The assessment routes go first: Demo College's HR later post Demo University's list of frameworks
  // as their own (POST /hr/frameworks), after which Demo College uses the QA framework too.
  const firstAssessments = [...unique.filter((route) => route.includes('/assessments')), ...unique.filter((route) => !route.includes('/assessments'))]
  for (const key of firstAssessments.filter((route) => route in ROUTES)) {
    const route = ROUTES[key]!
    const [method] = key.split(' ') as [InjectOptions['method']]
    const declared = app.declaredRoutes.find((r) => `${r.method} ${r.url.replace(/\/assets\/[^/]+$/, '/assets/*')}` === key)!
    const isApi = key.includes(' /api/')
    for (const who of WHO) {
      const headers: Record<string, string> = who === 'anonymous' ? {} : { authorization: `Bearer ${tokens[who]}` }
      if (route.form) headers['content-type'] = 'application/x-www-form-urlencoded'
      if (route.contentType) headers['content-type'] = route.contentType
      const response = await app.inject({ method, url: route.url(ids), headers, ...(route.body ? { payload: route.body(ids) } : {}) })
      calls++
      const role = who === 'collegeLecturer' ? 'lecturer' : who === 'collegeHr' ? 'hr' : who
      let expected: readonly number[]
      if (who === 'anonymous' && route.anonymous !== undefined) expected = [route.anonymous]
      else if (declared.access === 'public') expected = route.ok
      else if (who === 'anonymous') expected = [isApi ? 401 : 303]
      else if (declared.access !== 'signed-in' && !declared.access.includes(role as never)) expected = [403]
      else if (route.ownedByLecturer && who !== 'lecturer') expected = [404]
      else if (route.institutionScoped && who.startsWith('college')) expected = [404]
      else if (route.serviceRoles && !route.serviceRoles.includes(role)) expected = [403]
      else expected = route.ok
      t.ok(expected.includes(response.statusCode), `${key} as ${who}: ${response.statusCode}, expected ${expected.join(' or ')}`)
      t.ok(response.statusCode < 500, `${key} as ${who}: no 5xx`)
      if (who.startsWith('college') && !route.namesInstitution) {
        const leaked = DEMO_ONLY_TEXT.filter((text) => response.body.includes(text))
        t.same(leaked, [], `${key} as ${who}: nothing of Demo University`)
      }
    }
  }
  t.ok(calls >= unique.length * WHO.length, `${calls} calls: ${unique.length} routes x ${WHO.length} callers`)
})
