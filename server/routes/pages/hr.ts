import type { FastifyPluginAsync } from 'fastify'
import { z } from 'zod'
import { distributionCsv, participationCsv, trendCsv } from '../../../views/csv/insights.js'
import { auditPage } from '../../../views/pages/hr-audit.js'
import { hrInsightsPage } from '../../../views/pages/hr-insights.js'
import { hrSettingsPage } from '../../../views/pages/hr-settings.js'
import { hrDashboardPage, hrDepartmentPage, type HeatMetric } from '../../../views/pages/hr.js'
import { maxLevel } from '../../domain/scale.js'
import { isRatingVisibility } from '../../domain/visibility.js'
import { signedInUser } from '../../plugins/access.js'
import { InvalidInputError, NotFoundError } from '../../services/errors.js'
import { AUDIT_PAGE_SIZE } from '../../services/institution.js'
import type { SessionUser } from '../../services/users.js'
import { HR_ROLES } from '../../domain/roles.js'
import { parseId } from '../../http/ids.js'

const optionalId = z.preprocess((value) => (value === '' ? undefined : value), z.coerce.number().int().positive().max(2_147_483_647).optional())
const basis = z.preprocess((value) => (value === '' ? undefined : value), z.enum(['self', 'validated']).default('self'))
const dashboardQuery = z.object({ department: optionalId, roleProfile: optionalId, basis, metric: z.enum(['gap', 'below']).default('gap') })
const auditQuery = z.object({
  page: z.preprocess((value) => (value === '' ? undefined : value), z.coerce.number().int().min(1).max(100_000).default(1)),
  action: z.preprocess((value) => (value === '' ? undefined : value), z.string().max(100).optional()),
})

/** HR pages: the institution's gap dashboard, its drill-down, and the audit log. */
const hrPages: FastifyPluginAsync = async (app) => {
  const { reports, institution, frameworks } = app.services

  async function frameworkOf(user: SessionUser) {
    const framework = await frameworks.get(user.frameworkId)
    if (framework === undefined) throw NotFoundError.of('noFramework', {})
    return framework
  }

  app.get<{ Querystring: Record<string, string> }>('/hr', { config: { access: HR_ROLES } }, async (request, reply) => {
    const user = signedInUser(request)
    const parsed = dashboardQuery.safeParse(request.query)
    if (!parsed.success) throw Object.assign(new Error('The filters are not valid: choose them from the form'), { statusCode: 400 })
    const filter = parsed.data
    if (filter.department !== undefined) await institution.requireDepartment(user, filter.department)
    if (filter.roleProfile !== undefined) await institution.requireRoleProfile(user, filter.roleProfile)
    const [framework, departments, roleProfiles, byDepartment, institutionTotals] = await Promise.all([
      frameworkOf(user),
      institution.departments(user),
      institution.roleProfiles(user),
      reports.gaps(user, { by: 'department', departmentId: filter.department, roleProfileId: filter.roleProfile, basis: filter.basis }),
      reports.gaps(user, { by: 'domain', roleProfileId: filter.roleProfile, basis: filter.basis }),
    ])
    return reply.html(
      hrDashboardPage(request.viewContext(reply), {
        institutionName: user.institutionName,
        tree: framework.tree,
        maxLevel: maxLevel(framework.row.scale),
        departments,
        roleProfiles,
        byDepartment,
        institutionTotals,
        filter: { department: filter.department, roleProfile: filter.roleProfile, basis: filter.basis, metric: filter.metric as HeatMetric },
      }),
    )
  })

  app.get<{ Params: { id: string }; Querystring: Record<string, string> }>('/hr/departments/:id', { config: { access: HR_ROLES } }, async (request, reply) => {
    const user = signedInUser(request)
    const departmentId = parseId(request.params.id)
    if (departmentId === undefined) throw NotFoundError.of('notFound', { thing: 'department', id: request.params.id })
    const department = await institution.requireDepartment(user, departmentId)
    const framework = await frameworkOf(user)
    const domainId = parseId(request.query['domain'])
    const domain = domainId === undefined ? framework.tree.roots[0] : framework.tree.byId.get(domainId)
    if (domain === undefined || domain.kind !== 'domain') throw NotFoundError.of('notFound', { thing: 'domain' })
    const roleProfile = parseId(request.query['roleProfile'])
    if (roleProfile !== undefined) await institution.requireRoleProfile(user, roleProfile)
    const chosenBasis = request.query['basis'] === 'validated' ? 'validated' : 'self'
    const report = await reports.gaps(user, { by: 'competency', departmentId, roleProfileId: roleProfile, basis: chosenBasis })
    return reply.html(hrDepartmentPage(request.viewContext(reply), { department, domain, report, roleProfile, basis: chosenBasis }))
  })

  app.get<{ Querystring: { saved?: string } }>('/hr/settings', { config: { access: HR_ROLES } }, async (request, reply) => {
    const settings = await institution.settings(signedInUser(request))
    const values = { minGroupSize: String(settings.minGroupSize), staleAfterMonths: String(settings.staleAfterMonths), ratingVisibility: settings.ratingVisibility }
    return reply.html(hrSettingsPage(request.viewContext(reply), { values, error: undefined, saved: request.query.saved === '1' }))
  })

  app.post('/hr/settings', { config: { access: HR_ROLES } }, async (request, reply) => {
    const user = signedInUser(request)
    const body = (request.body ?? {}) as Record<string, unknown>
    const text = (key: string) => (typeof body[key] === 'string' ? (body[key] as string).trim() : '')
    const values = { minGroupSize: text('minGroupSize'), staleAfterMonths: text('staleAfterMonths'), ratingVisibility: text('ratingVisibility') }
    const context = request.viewContext(reply)
    if (!isRatingVisibility(values.ratingVisibility)) return reply.html(hrSettingsPage(context, { values, error: context.m.visibility.settingInvalid, saved: false }), 422)
    try {
      await institution.updateSettings(user, { minGroupSize: Number(values.minGroupSize || 'x'), staleAfterMonths: Number(values.staleAfterMonths || 'x'), ratingVisibility: values.ratingVisibility })
    } catch (error) {
      if (!(error instanceof InvalidInputError)) throw error
      return reply.html(hrSettingsPage(context, { values, error: context.m.hr.settingsInvalid, saved: false }), 422)
    }
    return reply.redirect('/hr/settings?saved=1', 303)
  })

  app.get<{ Params: { view: string } }>('/hr/insights/:view.csv', { config: { access: HR_ROLES } }, async (request, reply) => {
    const user = signedInUser(request)
    const { insights } = app.services
    const framework = await frameworkOf(user)
    let csv: string
    if (request.params.view === 'participation') {
      const departments = new Map((await institution.departments(user)).map((department) => [department.id, department.name]))
      csv = participationCsv(await insights.participation(user), departments)
    } else if (request.params.view === 'distribution') {
      const top = maxLevel(framework.row.scale)
      csv = distributionCsv(await insights.distribution(user, top), framework.tree, top)
    } else if (request.params.view === 'trend') {
      csv = trendCsv(await insights.trend(user, 6, new Date()))
    } else {
      throw NotFoundError.of('reportNotFound', { view: request.params.view })
    }
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${request.params.view}.csv"`)
      .header('cache-control', 'no-store')
      .send(csv)
  })

  app.get('/hr/insights', { config: { access: HR_ROLES } }, async (request, reply) => {
    const user = signedInUser(request)
    const framework = await frameworkOf(user)
    const top = maxLevel(framework.row.scale)
    const { insights, programmes } = app.services
    const [k, departments, participation, distribution, trend, byCompetency] = await Promise.all([
      insights.k(user),
      institution.departments(user),
      insights.participation(user),
      insights.distribution(user, top),
      insights.trend(user, 6, new Date()),
      reports.gaps(user, { by: 'competency' }),
    ])
    const largest = byCompetency.cells
      .filter((cell) => !cell.suppressed && cell.meanGap !== null && cell.meanGap > 0)
      .sort((a, b) => b.meanGap! - a.meanGap!)
      .slice(0, 5)
    const topGaps = await Promise.all(
      largest.map(async (cell) => ({
        competencyId: cell.nodeId,
        meanGap: cell.meanGap!,
        programmes: (await programmes.list(user.frameworkId, { competencyId: cell.nodeId }))
          .sort((a, b) => a.hours - b.hours)
          .slice(0, 3)
          .map(({ id, code, title, translations, hours }) => ({ id, code, title, translations, hours })),
      })),
    )
    return reply.html(hrInsightsPage(request.viewContext(reply), { k, tree: framework.tree, scale: framework.row.scale, departments, participation, topGaps, distribution, trend }))
  })

  app.get<{ Querystring: Record<string, string> }>('/hr/audit', { config: { access: HR_ROLES } }, async (request, reply) => {
    const user = signedInUser(request)
    const parsed = auditQuery.safeParse(request.query)
    if (!parsed.success) throw Object.assign(new Error('That page of the audit log does not exist'), { statusCode: 400 })
    const [{ entries, total }, actions] = await Promise.all([institution.audit(user, parsed.data), institution.auditActions(user)])
    return reply.html(
      auditPage(request.viewContext(reply), { entries, actions, action: parsed.data.action, page: parsed.data.page, pages: Math.ceil(total / AUDIT_PAGE_SIZE) }),
    )
  })
}

export default hrPages
