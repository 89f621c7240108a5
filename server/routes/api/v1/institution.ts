import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { gapReportCsv } from '../../../../views/csv/gaps.js'
import { HR_ROLES } from '../../../domain/roles.js'
import { RATING_VISIBILITIES } from '../../../domain/visibility.js'
import { signedInUser } from '../../../plugins/access.js'
import { NotFoundError } from '../../../services/errors.js'
import { AUDIT_PAGE_SIZE } from '../../../services/institution.js'
import type { SessionUser } from '../../../services/users.js'
import { parseId } from '../../../http/ids.js'
import { errorResponse, frameworkQuery, frameworkRef, frameworkRefJson } from '../../../http/api-schemas.js'

/** Query of every gap report view, JSON and CSV alike. */
const gapQuerySchema = z
  .object({
    by: z.enum(['department', 'domain', 'competency']).default('department'),
    department: z.coerce.number().int().positive().max(2_147_483_647).optional(),
    roleProfile: z.coerce.number().int().positive().max(2_147_483_647).optional(),
    basis: z.enum(['self', 'validated']).default('self'),
    framework: frameworkQuery.shape.framework,
  })
  .strict()

const gapCell = z.object({
  department: z.number().int().nullable(),
  domain: z.number().int().optional(),
  competencyId: z.number().int().optional(),
  people: z.number().int().nullable(),
  rated: z.number().int().nullable(),
  meanLevel: z.number().nullable(),
  meanGap: z.number().nullable(),
  belowTarget: z.number().nullable(),
  suppressed: z.boolean(),
  /** meanGap and belowTarget withheld: too few people have a target here. */
  gapSuppressed: z.boolean(),
})

/** HR's view of their institution: gap reports (JSON and CSV) and the audit log. */
const institutionApi: FastifyPluginAsyncZod = async (app) => {
  const { reports, institution, frameworkUses } = app.services

  async function report(user: SessionUser, query: z.infer<typeof gapQuerySchema>) {
    if (query.department !== undefined) await institution.requireDepartment(user, query.department)
    if (query.roleProfile !== undefined) await institution.requireRoleProfile(user, query.roleProfile)
    const { framework } = await frameworkUses.choose(user, { requested: query.framework })
    return { framework, report: await reports.gaps(user, framework.row.id, { by: query.by, departmentId: query.department, roleProfileId: query.roleProfile, basis: query.basis }) }
  }

  app.get(
    '/institution/gaps',
    {
      config: { access: HR_ROLES },
      schema: {
        tags: ['institution'],
        summary: 'Gaps of your institution in a framework by department x domain, domain or competency; small groups suppressed',
        querystring: gapQuerySchema,
        response: { 200: z.object({ k: z.number().int(), basis: z.enum(['self', 'validated']), framework: frameworkRef, cells: z.array(gapCell) }), 400: errorResponse, 403: errorResponse, 404: errorResponse },
      },
    },
    async (request) => {
      const { framework, report: result } = await report(signedInUser(request), request.query)
      return {
        k: result.k,
        basis: result.basis,
        framework: frameworkRefJson(framework),
        cells: result.cells.map(({ departmentId, nodeId, ...figures }) => ({
          department: departmentId,
          ...(result.by === 'competency' ? { competencyId: nodeId } : { domain: nodeId }),
          ...figures,
        })),
      }
    },
  )

  app.get(
    '/institution/gaps.csv',
    {
      config: { access: HR_ROLES },
      schema: { tags: ['institution'], summary: 'The same gap report as CSV (text/csv), with the same suppression', querystring: gapQuerySchema },
    },
    async (request, reply) => {
      const user = signedInUser(request)
      const { framework, report: result } = await report(user, request.query)
      const departments = new Map((await institution.departments(user)).map((department) => [department.id, department.name]))
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="gaps-${framework.row.slug}-by-${result.by}-${result.basis}.csv"`)
        .header('cache-control', 'no-store')
        .send(gapReportCsv(result, { tree: framework.tree, departments }))
    },
  )

  app.post(
    '/institution/ratings/:ratingId/validate',
    {
      // The person's reviewer may validate whatever their role; the service checks who is asking.
      config: { access: 'signed-in' },
      schema: {
        tags: ['institution'],
        summary: "Validate a person's current self-rating (their reviewer, or HR): agree, or set a level with a comment",
        params: z.object({ ratingId: z.string().max(20) }),
        body: z.object({ level: z.number().int().min(1).max(10), comment: z.string().max(2000).optional() }).strict(),
        response: {
          200: z.object({ level: z.number().int(), comment: z.string(), reviewer: z.string(), at: z.string(), selfRatingId: z.number().int() }),
          400: errorResponse,
          403: errorResponse,
          404: errorResponse,
          409: errorResponse,
        },
      },
    },
    async (request) => {
      // parseId, not Number(): Number reads '0x1F', ' 1' and '1e3' as ids.
      const ratingId = parseId(request.params.ratingId)
      if (ratingId === undefined) throw NotFoundError.of('notFound', { thing: 'selfRating', id: request.params.ratingId })
      const validation = await app.services.validations.validate(signedInUser(request), ratingId, request.body)
      return { ...validation, at: validation.at.toISOString() }
    },
  )

  const settingsJson = z.object({ minGroupSize: z.number().int(), staleAfterMonths: z.number().int(), ratingVisibility: z.enum(RATING_VISIBILITIES), timeZone: z.string().describe('IANA time zone, e.g. Africa/Nairobi'), reviewReminderDays: z.number().int().describe('Reviewers are reminded of a review waiting this many days') })

  app.get(
    '/institution/settings',
    {
      config: { access: HR_ROLES },
      schema: { tags: ['institution'], summary: "Your institution's settings: K, the stale period, who sees a person's self-ratings, and the time zone of its days and times", response: { 200: settingsJson, 403: errorResponse } },
    },
    async (request) => institution.settings(signedInUser(request)),
  )

  app.patch(
    '/institution/settings',
    {
      config: { access: HR_ROLES },
      schema: {
        tags: ['institution'],
        summary: "Change any of your institution's settings (audited); leaving `shared` ends every person's share",
        body: z
          .object({
            minGroupSize: z.number().int().min(3).max(50).optional(),
            staleAfterMonths: z.number().int().min(1).max(120).optional(),
            ratingVisibility: z.enum(RATING_VISIBILITIES).optional(),
            timeZone: z.string().max(64).optional().describe('An IANA time zone: round days begin at its midnight; times are shown in it'),
            reviewReminderDays: z.number().int().min(1).max(90).optional().describe('Remind reviewers of a review waiting this many days (and again each as many days after)'),
          })
          .strict()
          .refine((body) => Object.keys(body).length > 0, { message: 'change at least one setting' }),
        response: { 200: settingsJson, 400: errorResponse, 403: errorResponse },
      },
    },
    async (request) => institution.updateSettings(signedInUser(request), request.body),
  )

  app.get(
    '/institution/audit',
    {
      config: { access: HR_ROLES },
      schema: {
        tags: ['institution'],
        summary: "Your institution's audit log, newest first, 50 a page",
        querystring: z.object({ page: z.coerce.number().int().min(1).max(100_000).default(1), action: z.string().max(100).optional() }).strict(),
        response: {
          200: z.object({
            page: z.number().int(),
            pageSize: z.number().int(),
            total: z.number().int(),
            entries: z.array(z.object({ id: z.number().int(), at: z.string(), actor: z.string().nullable(), action: z.string(), entity: z.string(), entityId: z.string().nullable(), data: z.record(z.string(), z.unknown()) })),
          }),
          400: errorResponse,
          403: errorResponse,
        },
      },
    },
    async (request) => {
      const { entries, total } = await institution.audit(signedInUser(request), { page: request.query.page, action: request.query.action })
      return { page: request.query.page, pageSize: AUDIT_PAGE_SIZE, total, entries: entries.map((entry) => ({ ...entry, at: entry.at.toISOString() })) }
    },
  )
}

export default institutionApi
