import type { FastifyPluginAsync } from 'fastify'
import { z } from 'zod'
import { distributionCsv, participationCsv, trendCsv } from '../../../views/csv/insights.js'
import { auditPage } from '../../../views/pages/hr-audit.js'
import { hrInsightsPage } from '../../../views/pages/hr-insights.js'
import { hrFrameworksPage } from '../../../views/pages/hr-frameworks.js'
import { hrSettingsPage } from '../../../views/pages/hr-settings.js'
import { problemText } from '../../../views/problem-text.js'
import { readFrameworksForm } from '../../http/framework-use-input.js'
import { hrDashboardPage, hrDepartmentPage, type HeatMetric } from '../../../views/pages/hr.js'
import { maxLevel } from '../../domain/scale.js'
import { isRatingVisibility } from '../../domain/visibility.js'
import { signedInUser } from '../../plugins/access.js'
import { InvalidInputError, NotFoundError } from '../../services/errors.js'
import { AUDIT_PAGE_SIZE } from '../../services/institution.js'
import type { SessionUser } from '../../services/users.js'
import { HR_ROLES } from '../../domain/roles.js'
import { parseId, requireFrameworkParam } from '../../http/ids.js'

const optionalId = z.preprocess((value) => (value === '' ? undefined : value), z.coerce.number().int().positive().max(2_147_483_647).optional())
const basis = z.preprocess((value) => (value === '' ? undefined : value), z.enum(['self', 'validated']).default('self'))
const dashboardQuery = z.object({ department: optionalId, roleProfile: optionalId, basis, metric: z.enum(['gap', 'below']).default('gap'), framework: optionalId })
const auditQuery = z.object({
  page: z.preprocess((value) => (value === '' ? undefined : value), z.coerce.number().int().min(1).max(100_000).default(1)),
  action: z.preprocess((value) => (value === '' ? undefined : value), z.string().max(100).optional()),
})

/** HR pages: the institution's gap dashboard, its drill-down, and the audit log. */
const hrPages: FastifyPluginAsync = async (app) => {
  const { reports, institution, frameworkUses } = app.services

  /** The framework a report is about (`?framework=`, else the institution's first), with the others to switch to. */
  function frameworkOf(user: SessionUser, requested: number | undefined) {
    return frameworkUses.choose(user, { requested })
  }

  app.get<{ Querystring: Record<string, string> }>('/hr', { config: { access: HR_ROLES } }, async (request, reply) => {
    const user = signedInUser(request)
    const parsed = dashboardQuery.safeParse(request.query)
    if (!parsed.success) throw Object.assign(new Error('The filters are not valid: choose them from the form'), { statusCode: 400 })
    const filter = parsed.data
    if (filter.department !== undefined) await institution.requireDepartment(user, filter.department)
    if (filter.roleProfile !== undefined) await institution.requireRoleProfile(user, filter.roleProfile)
    const { framework, uses } = await frameworkOf(user, filter.framework)
    const [departments, roleProfiles, byDepartment, institutionTotals] = await Promise.all([
      institution.departments(user),
      institution.roleProfiles(user),
      reports.gaps(user, framework.row.id, { by: 'department', departmentId: filter.department, roleProfileId: filter.roleProfile, basis: filter.basis }),
      reports.gaps(user, framework.row.id, { by: 'domain', roleProfileId: filter.roleProfile, basis: filter.basis }),
    ])
    return reply.html(
      hrDashboardPage(request.viewContext(reply), {
        institutionName: user.institutionName,
        frameworkId: framework.row.id,
        uses,
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
    const { framework } = await frameworkOf(user, requireFrameworkParam(request.query['framework']))
    const domainId = parseId(request.query['domain'])
    const domain = domainId === undefined ? framework.tree.roots[0] : framework.tree.byId.get(domainId)
    if (domain === undefined || domain.kind !== 'domain') throw NotFoundError.of('notFound', { thing: 'domain' })
    const roleProfile = parseId(request.query['roleProfile'])
    if (roleProfile !== undefined) await institution.requireRoleProfile(user, roleProfile)
    const chosenBasis = request.query['basis'] === 'validated' ? 'validated' : 'self'
    const report = await reports.gaps(user, framework.row.id, { by: 'competency', departmentId, roleProfileId: roleProfile, basis: chosenBasis })
    return reply.html(hrDepartmentPage(request.viewContext(reply), { department, domain, report, roleProfile, basis: chosenBasis, frameworkId: framework.row.id }))
  })

  app.get<{ Querystring: { saved?: string } }>('/hr/settings', { config: { access: HR_ROLES } }, async (request, reply) => {
    const settings = await institution.settings(signedInUser(request))
    const values = { minGroupSize: String(settings.minGroupSize), staleAfterMonths: String(settings.staleAfterMonths), ratingVisibility: settings.ratingVisibility, timeZone: settings.timeZone, reviewReminderDays: String(settings.reviewReminderDays) }
    return reply.html(hrSettingsPage(request.viewContext(reply), { values, error: undefined, saved: request.query.saved === '1' }))
  })

  app.post('/hr/settings', { config: { access: HR_ROLES } }, async (request, reply) => {
    const user = signedInUser(request)
    const body = (request.body ?? {}) as Record<string, unknown>
    const text = (key: string) => (typeof body[key] === 'string' ? (body[key] as string).trim() : '')
    const values = { minGroupSize: text('minGroupSize'), staleAfterMonths: text('staleAfterMonths'), ratingVisibility: text('ratingVisibility'), timeZone: text('timeZone'), reviewReminderDays: text('reviewReminderDays') }
    const context = request.viewContext(reply)
    if (!isRatingVisibility(values.ratingVisibility)) return reply.html(hrSettingsPage(context, { values, error: context.m.visibility.settingInvalid, saved: false }), 422)
    try {
      await institution.updateSettings(user, {
        minGroupSize: Number(values.minGroupSize || 'x'),
        staleAfterMonths: Number(values.staleAfterMonths || 'x'),
        ratingVisibility: values.ratingVisibility,
        // A form without the field (an older page) leaves the zone as it is.
        ...(values.timeZone === '' ? {} : { timeZone: values.timeZone }),
        ...(values.reviewReminderDays === '' ? {} : { reviewReminderDays: Number(values.reviewReminderDays) }),
      })
    } catch (error) {
      if (!(error instanceof InvalidInputError)) throw error
      const message = error.reason.code === 'timeZoneInvalid' || error.reason.code === 'reviewReminderDaysInvalid' ? problemText(context.m, error) : context.m.hr.settingsInvalid
      return reply.html(hrSettingsPage(context, { values, error: message, saved: false }), 422)
    }
    return reply.redirect('/hr/settings?saved=1', 303)
  })

  /** What the frameworks page shows: the list in use, those HR may add (the newest version of each other framework for people), the role profiles audiences name. */
  async function frameworksProps(user: SessionUser) {
    const [uses, loaded, profiles] = await Promise.all([frameworkUses.list(user.institutionId), app.services.frameworks.list(), institution.roleProfiles(user)])
    const used = new Set(uses.map((use) => use.slug))
    const choices = loaded.filter((row, index) => !used.has(row.slug) && loaded.findIndex((other) => other.slug === row.slug) === index)
    return { uses, choices: choices.map(({ id, title, version, translations }) => ({ id, title, version, translations })), profiles }
  }

  app.get<{ Querystring: { saved?: string } }>('/hr/frameworks', { config: { access: HR_ROLES } }, async (request, reply) => {
    const props = await frameworksProps(signedInUser(request))
    return reply.html(hrFrameworksPage(request.viewContext(reply), { ...props, error: undefined, saved: request.query.saved === '1' }))
  })

  app.post('/hr/frameworks', { config: { access: HR_ROLES } }, async (request, reply) => {
    const user = signedInUser(request)
    const form = readFrameworksForm(request.body)
    if (form.invalid) {
      const context = request.viewContext(reply)
      return reply.html(hrFrameworksPage(context, { ...(await frameworksProps(user)), values: form.values, error: context.m.hr.frameworks.invalid, saved: false }), 422)
    }
    try {
      await frameworkUses.set(user, user.institutionId, form.choices)
    } catch (error) {
      if (!(error instanceof InvalidInputError)) throw error
      const context = request.viewContext(reply)
      return reply.html(hrFrameworksPage(context, { ...(await frameworksProps(user)), values: form.values, error: problemText(context.m, error), saved: false }), 422)
    }
    return reply.redirect('/hr/frameworks?saved=1', 303)
  })

  app.get<{ Params: { view: string }; Querystring: { framework?: string } }>('/hr/insights/:view.csv', { config: { access: HR_ROLES } }, async (request, reply) => {
    const user = signedInUser(request)
    const { insights } = app.services
    const { framework } = await frameworkOf(user, requireFrameworkParam(request.query.framework))
    const frameworkId = framework.row.id
    let csv: string
    if (request.params.view === 'participation') {
      const departments = new Map((await institution.departments(user)).map((department) => [department.id, department.name]))
      csv = participationCsv(await insights.participation(user, frameworkId), departments)
    } else if (request.params.view === 'distribution') {
      const top = maxLevel(framework.row.scale)
      csv = distributionCsv(await insights.distribution(user, frameworkId, top), framework.tree, top)
    } else if (request.params.view === 'trend') {
      csv = trendCsv(await insights.trend(user, frameworkId, 6, new Date()), user.timeZone)
    } else {
      throw NotFoundError.of('reportNotFound', { view: request.params.view })
    }
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${request.params.view}-${framework.row.slug}.csv"`)
      .header('cache-control', 'no-store')
      .send(csv)
  })

  app.get<{ Querystring: { framework?: string } }>('/hr/insights', { config: { access: HR_ROLES } }, async (request, reply) => {
    const user = signedInUser(request)
    const { framework, uses } = await frameworkOf(user, requireFrameworkParam(request.query.framework))
    const frameworkId = framework.row.id
    const top = maxLevel(framework.row.scale)
    const { insights, programmes } = app.services
    const [k, departments, participation, distribution, trend, byCompetency] = await Promise.all([
      insights.k(user),
      institution.departments(user),
      insights.participation(user, frameworkId),
      insights.distribution(user, frameworkId, top),
      insights.trend(user, frameworkId, 6, new Date()),
      reports.gaps(user, frameworkId, { by: 'competency' }),
    ])
    const largest = byCompetency.cells
      .filter((cell) => !cell.suppressed && cell.meanGap !== null && cell.meanGap > 0)
      .sort((a, b) => b.meanGap! - a.meanGap!)
      .slice(0, 5)
    const topGaps = await Promise.all(
      largest.map(async (cell) => ({
        competencyId: cell.nodeId,
        meanGap: cell.meanGap!,
        programmes: (await programmes.list(frameworkId, { competencyId: cell.nodeId }))
          .sort((a, b) => a.hours - b.hours)
          .slice(0, 3)
          .map(({ id, code, title, translations, hours }) => ({ id, code, title, translations, hours })),
      })),
    )
    return reply.html(hrInsightsPage(request.viewContext(reply), { k, frameworkId, uses, tree: framework.tree, scale: framework.row.scale, departments, participation, topGaps, distribution, trend }))
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
