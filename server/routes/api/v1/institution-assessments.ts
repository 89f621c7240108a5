import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { HR_ROLES, INSTITUTION_ROLES } from '../../../domain/roles.js'
import { MAX_PANEL_SIZE, PANEL_CAPACITIES, RESULTS_VISIBILITIES } from '../../../domain/subject-assessment.js'
import { errorResponse, programmeJson } from '../../../http/api-schemas.js'
import { requireCompetencyId, requireFrameworkId } from '../../../http/ids.js'
import { judgementBody } from '../../../http/judgement-input.js'
import { signedInUser } from '../../../plugins/access.js'
import type { AreaJudgement, AssessmentContext } from '../../../services/subject-assessments.js'

const frameworkParams = z.object({ frameworkId: z.string().max(20) })
const areaParams = z.object({ frameworkId: z.string().max(20), competencyId: z.string().max(20) })
const unitQuery = z.object({ unit: z.coerce.number().int().min(1).max(2_147_483_647).optional().describe('For a framework that assesses units: the department') }).strict()

const judgementJson = z.object({
  id: z.number().int(),
  competencyId: z.number().int(),
  code: z.string(),
  unitId: z.number().int().nullable(),
  level: z.number().int().describe('0: not in place yet; else a level of the scale'),
  evidence: z.string(),
  comment: z.string(),
  ratedBy: z.object({ id: z.number().int(), name: z.string() }),
  raterRole: z.enum(PANEL_CAPACITIES).describe('hr, or a member of the panel HR appointed'),
  ratedAt: z.string(),
})

const assessmentJson = z.object({
  frameworkId: z.number().int(),
  slug: z.string(),
  version: z.string(),
  title: z.string(),
  subject: z.enum(['unit', 'institution']),
  unitId: z.number().int().nullable(),
  resultsVisibleTo: z.enum(RESULTS_VISIBILITIES),
  youAssessAs: z.enum(PANEL_CAPACITIES).nullable().describe('null: you read the results but do not record them'),
  areas: z.number().int(),
  current: z.array(judgementJson),
  history: z.array(judgementJson),
})

const reportJson = z.object({
  frameworkId: z.number().int(),
  unitId: z.number().int().nullable(),
  areas: z.number().int(),
  judged: z.number().int(),
  components: z.array(
    z.object({
      componentId: z.number().int(),
      code: z.string(),
      title: z.string(),
      areas: z.number().int(),
      judged: z.number().int(),
      level: z.number().nullable().describe('The mean level of its judged areas; null when none is judged'),
      weakest: z.array(z.object({ competencyId: z.number().int(), code: z.string(), level: z.number().int() })),
    }),
  ),
  advice: z.array(
    z.object({
      competencyId: z.number().int(),
      code: z.string(),
      level: z.number().int(),
      related: z.array(
        z.object({
          frameworkId: z.number().int(),
          competencyId: z.number().int(),
          code: z.string(),
          title: z.string(),
          programmes: z.array(programmeJson.pick({ id: true, code: true, title: true, hours: true, languages: true })),
          staff: z
            .object({ suppressed: z.boolean(), rated: z.number().int().nullable(), meanGap: z.number().nullable(), belowTarget: z.number().nullable() })
            .nullable()
            .describe("HR only (null for others): the staff gap report's institution-wide figures for the competency, suppressed as there"),
        }),
      ),
    }),
  ),
})

const panelJson = z.object({
  frameworkId: z.number().int(),
  resultsVisibleTo: z.enum(RESULTS_VISIBILITIES),
  members: z.array(z.object({ id: z.number().int(), name: z.string(), email: z.string(), appointedAt: z.string() })),
})

/**
 * Assessments of a unit or the whole institution (the IIOE QA self-assessment): the panel records a
 * level per area, everyone allowed reads the current levels, the history and the report; HR appoint
 * the panel and say who reads the results.
 */
const institutionAssessmentsApi: FastifyPluginAsyncZod = async (app) => {
  const { subjectAssessments } = app.services
  const access = [...INSTITUTION_ROLES]

  const code = (context: AssessmentContext, id: number) => context.framework.tree.byId.get(id)?.code ?? ''
  const judgementOut = (context: AssessmentContext) => (judgement: AreaJudgement) => ({
    id: judgement.id,
    competencyId: judgement.competencyId,
    code: code(context, judgement.competencyId),
    unitId: judgement.unitId,
    level: judgement.level,
    evidence: judgement.evidence,
    comment: judgement.comment,
    ratedBy: judgement.ratedBy,
    raterRole: judgement.raterRole,
    ratedAt: judgement.createdAt.toISOString(),
  })

  app.get(
    '/institution/assessments/:frameworkId',
    {
      config: { access },
      schema: {
        tags: ['assessments'],
        summary: 'The current level of each judged area of a unit or institution assessment, and its whole history (newest first)',
        params: frameworkParams,
        querystring: unitQuery,
        response: { 200: assessmentJson, 400: errorResponse, 403: errorResponse, 404: errorResponse },
      },
    },
    async (request) => {
      const user = signedInUser(request)
      const context = await subjectAssessments.context(user, requireFrameworkId(request.params.frameworkId))
      const { unitId, current, history } = await subjectAssessments.overview(user, context, request.query.unit)
      const out = judgementOut(context)
      return {
        frameworkId: context.framework.row.id,
        slug: context.framework.row.slug,
        version: context.framework.row.version,
        title: context.framework.row.title,
        subject: context.use.subject === 'unit' ? ('unit' as const) : ('institution' as const),
        unitId,
        resultsVisibleTo: context.visibility,
        youAssessAs: context.access.assessAs ?? null,
        areas: context.framework.tree.competencies.length,
        current: context.framework.tree.competencies.flatMap((area) => {
          const judgement = current.get(area.id)
          return judgement === undefined ? [] : [out(judgement)]
        }),
        history: history.map(out),
      }
    },
  )

  app.put(
    '/institution/assessments/:frameworkId/ratings/:competencyId',
    {
      config: { access },
      schema: {
        tags: ['assessments'],
        summary: "Record the panel's level of one area (HR or an appointed panel member); a repeat of the current judgement writes nothing",
        params: areaParams,
        body: judgementBody,
        response: { 200: judgementJson.extend({ changed: z.boolean().describe('false: the same as the current judgement, nothing written') }), 400: errorResponse, 403: errorResponse, 404: errorResponse },
      },
    },
    async (request) => {
      const user = signedInUser(request)
      const frameworkId = requireFrameworkId(request.params.frameworkId)
      const competencyId = requireCompetencyId(request.params.competencyId)
      const context = await subjectAssessments.context(user, frameworkId)
      const { changed, judgement } = await subjectAssessments.record(user, context, competencyId, request.body)
      return { ...judgementOut(context)(judgement), changed }
    },
  )

  app.get(
    '/institution/assessments/:frameworkId/report',
    {
      config: { access },
      schema: {
        tags: ['assessments'],
        summary: 'Per component the level, the weakest areas, and for each weak area the staff competencies linked to it with programmes that teach them',
        params: frameworkParams,
        querystring: unitQuery,
        response: { 200: reportJson, 400: errorResponse, 403: errorResponse, 404: errorResponse },
      },
    },
    async (request) => {
      const user = signedInUser(request)
      const context = await subjectAssessments.context(user, requireFrameworkId(request.params.frameworkId))
      const { unitId, report } = await subjectAssessments.report(user, context, request.query.unit)
      return {
        frameworkId: context.framework.row.id,
        unitId,
        areas: report.areas,
        judged: report.judged,
        components: report.components.map((result) => ({
          componentId: result.component.id,
          code: result.component.code,
          title: result.component.title,
          areas: result.areas,
          judged: result.judged,
          level: result.level,
          weakest: result.weakest.map((area) => ({ ...area, code: code(context, area.competencyId) })),
        })),
        advice: report.advice.map((area) => ({
          competencyId: area.competencyId,
          code: code(context, area.competencyId),
          level: area.level,
          related: area.related.map((related) => ({
            frameworkId: related.frameworkId,
            competencyId: related.competencyId,
            code: related.code,
            title: related.title,
            programmes: related.programmes.map((programme) => ({ id: programme.id, code: programme.code, title: programme.title, hours: programme.hours, languages: [...programme.languages] })),
            staff: related.staff ?? null,
          })),
        })),
      }
    },
  )

  app.get(
    '/institution/assessments/:frameworkId/panel',
    {
      config: { access: HR_ROLES },
      schema: { tags: ['assessments'], summary: 'Who HR appointed to the panel, and who reads the results', params: frameworkParams, response: { 200: panelJson, 403: errorResponse, 404: errorResponse } },
    },
    async (request) => {
      const user = signedInUser(request)
      const frameworkId = requireFrameworkId(request.params.frameworkId)
      const context = await subjectAssessments.context(user, frameworkId)
      const members = await subjectAssessments.panel(user, context)
      return { frameworkId, resultsVisibleTo: context.visibility, members: members.map((member) => ({ ...member, appointedAt: member.appointedAt.toISOString() })) }
    },
  )

  app.put(
    '/institution/assessments/:frameworkId/panel',
    {
      config: { access: HR_ROLES },
      schema: {
        tags: ['assessments'],
        summary: 'Appoint the panel (replaces it) and say who reads the results; audited',
        params: frameworkParams,
        body: z
          .object({
            members: z.array(z.number().int().min(1).max(2_147_483_647)).max(MAX_PANEL_SIZE),
            resultsVisibleTo: z.enum(RESULTS_VISIBILITIES).default('panel'),
          })
          .strict(),
        response: { 200: panelJson, 400: errorResponse, 403: errorResponse, 404: errorResponse },
      },
    },
    async (request) => {
      const user = signedInUser(request)
      const frameworkId = requireFrameworkId(request.params.frameworkId)
      const context = await subjectAssessments.context(user, frameworkId)
      await subjectAssessments.setPanel(user, context, { members: request.body.members, visibility: request.body.resultsVisibleTo })
      const members = await subjectAssessments.panel(user, context)
      return { frameworkId, resultsVisibleTo: request.body.resultsVisibleTo, members: members.map((member) => ({ ...member, appointedAt: member.appointedAt.toISOString() })) }
    },
  )
}

export default institutionAssessmentsApi
