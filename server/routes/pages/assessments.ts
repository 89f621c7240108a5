import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { assessmentAreaPage, areaSection, assessmentIndexPage, assessmentPage, assessmentPanelPage, assessmentReportPage, type AssessmentProps } from '../../../views/pages/assessment.js'
import { problemText } from '../../../views/problem-text.js'
import { HR_ROLES, INSTITUTION_ROLES } from '../../domain/roles.js'
import { isResultsVisibility, MAX_PANEL_SIZE, nextUnjudged } from '../../domain/subject-assessment.js'
import { requireCompetencyId, requireFrameworkId } from '../../http/ids.js'
import { parseJudgementForm } from '../../http/judgement-input.js'
import { signedInUser } from '../../plugins/access.js'
import { InvalidInputError, NotFoundError } from '../../services/errors.js'
import type { AreaJudgement, AssessmentContext } from '../../services/subject-assessments.js'
import type { SessionUser } from '../../services/users.js'

const unitQuery = z.object({
  unit: z.preprocess((value) => (value === '' ? undefined : value), z.coerce.number().int().positive().max(2_147_483_647).optional()),
  outcome: z.enum(['saved', 'unchanged']).optional(),
  from: z.preprocess((value) => (value === '' ? undefined : value), z.coerce.number().int().positive().max(2_147_483_647).optional()),
})

type AreaRoute = { Params: { frameworkId: string; competencyId: string }; Querystring: Record<string, string> }
type AssessmentRoute = { Params: { frameworkId: string }; Querystring: Record<string, string> }

/**
 * The unit and institution assessments: the index, one assessment by component, the panel's form per
 * area (save and go on to the next), the report, and HR's panel page. Plain forms; htmx swaps the area
 * after a save instead of loading the page again.
 */
const assessmentPages: FastifyPluginAsync = async (app) => {
  const { subjectAssessments, institution } = app.services
  const access = [...INSTITUTION_ROLES]

  function query(request: FastifyRequest<{ Querystring: Record<string, string> }>) {
    const parsed = unitQuery.safeParse(request.query)
    if (!parsed.success) throw NotFoundError.of('notFound', { thing: 'department', id: String(request.query['unit']) })
    return parsed.data
  }

  /** Everything the assessment's pages show: its areas with their current level, for the unit asked (else the first). */
  async function assessment(user: SessionUser, context: AssessmentContext, requestedUnit: number | undefined): Promise<AssessmentProps & { context: AssessmentContext; history: AreaJudgement[] }> {
    const units = context.use.subject === 'unit' ? (await institution.departments(user)).map(({ id, name }) => ({ id, name })) : []
    // A page about the whole institution has no unit: a `?unit=` left in a link is not an error there.
    const unit = context.use.subject === 'unit' ? (requestedUnit ?? units[0]?.id) : undefined
    const overview = await subjectAssessments.overview(user, context, unit)
    const levels = new Map([...overview.current].map(([id, judgement]) => [id, judgement.level]))
    return {
      context,
      framework: context.framework,
      use: context.use,
      visibility: context.visibility,
      access: context.access,
      current: overview.current,
      unitId: overview.unitId,
      units,
      nextArea: nextUnjudged(context.framework.tree, levels),
      history: overview.history,
    }
  }

  app.get('/assessments', { config: { access } }, async (request, reply) => {
    const user = signedInUser(request)
    const listings = await subjectAssessments.available(user)
    return reply.html(assessmentIndexPage(request.viewContext(reply), { listings, mayManage: user.role === 'hr' }))
  })

  app.get<AssessmentRoute>('/assessments/:frameworkId', { config: { access } }, async (request, reply) => {
    const user = signedInUser(request)
    const props = await assessment(user, await subjectAssessments.context(user, requireFrameworkId(request.params.frameworkId)), query(request).unit)
    return reply.html(assessmentPage(request.viewContext(reply), props))
  })

  async function areaProps(user: SessionUser, context: AssessmentContext, competencyId: number, unit: number | undefined) {
    const props = await assessment(user, context, unit)
    const area = props.framework.tree.byId.get(competencyId)
    if (area === undefined || area.kind !== 'competency') throw NotFoundError.of('notFound', { thing: 'competency', id: competencyId })
    return { ...props, area, history: props.history.filter((judgement) => judgement.competencyId === competencyId) }
  }

  app.get<AreaRoute>('/assessments/:frameworkId/areas/:competencyId', { config: { access } }, async (request, reply) => {
    const { unit, outcome, from } = query(request)
    const user = signedInUser(request)
    const context = await subjectAssessments.context(user, requireFrameworkId(request.params.frameworkId))
    const props = await areaProps(user, context, requireCompetencyId(request.params.competencyId), unit)
    const outcomeArea = from === undefined ? undefined : props.framework.tree.byId.get(from)
    return reply.html(assessmentAreaPage(request.viewContext(reply), { ...props, outcome, outcomeArea: outcomeArea?.kind === 'competency' ? outcomeArea : undefined }))
  })

  app.post<AreaRoute>('/assessments/:frameworkId/areas/:competencyId', { config: { access } }, async (request, reply) => {
    const user = signedInUser(request)
    const frameworkId = requireFrameworkId(request.params.frameworkId)
    const competencyId = requireCompetencyId(request.params.competencyId)
    const { unit } = query(request)
    const props = await areaProps(user, await subjectAssessments.context(user, frameworkId), competencyId, unit)
    const render = (status: number, extra: Partial<Parameters<typeof areaSection>[1]>) => {
      const context = request.viewContext(reply)
      const all = { ...props, outcome: undefined, ...extra }
      return reply.html(request.isHtmx ? areaSection(context, all) : assessmentAreaPage(context, all), status)
    }
    const parsed = parseJudgementForm(request.body)
    if (!parsed.ok) return render(422, { refused: { values: parsed.kept, fields: parsed.fields } })
    let changed: boolean
    try {
      ;({ changed } = await subjectAssessments.record(user, props.context, competencyId, { ...parsed.input, unitId: props.unitId ?? undefined }))
    } catch (error) {
      // A level off this framework's scale: the form is shown again with what was sent.
      if (!(error instanceof InvalidInputError)) throw error
      const form = request.body as Record<string, string>
      return render(422, { refused: { values: { level: String(form['level'] ?? ''), evidence: String(form['evidence'] ?? ''), comment: String(form['comment'] ?? '') }, fields: new Set(Object.keys(error.fields)) } })
    }
    const outcome = changed ? 'saved' : 'unchanged'
    const areas = props.framework.tree.competencies
    const then = (request.body as Record<string, unknown>)['then']
    const next = then === 'next' ? areas[areas.findIndex((area) => area.id === competencyId) + 1] : undefined
    const target = next ?? props.area
    const unitPart = props.unitId === null ? '' : `unit=${props.unitId}&`
    const location = `/assessments/${frameworkId}/areas/${target.id}?${unitPart}outcome=${outcome}&from=${competencyId}`
    if (!request.isHtmx) return reply.redirect(location, 303)
    // Read again after the save: the shown area's level and history include it.
    const shown = await areaProps(user, props.context, target.id, props.unitId ?? undefined)
    reply.header('HX-Push-Url', `/assessments/${frameworkId}/areas/${target.id}${props.unitId === null ? '' : `?unit=${props.unitId}`}`)
    return reply.html(areaSection(request.viewContext(reply), { ...shown, outcome, outcomeArea: props.area }))
  })

  app.get<AssessmentRoute>('/assessments/:frameworkId/report', { config: { access } }, async (request, reply) => {
    const user = signedInUser(request)
    const frameworkId = requireFrameworkId(request.params.frameworkId)
    const { unit } = query(request)
    const context = await subjectAssessments.context(user, frameworkId)
    const firstUnit = context.use.subject !== 'unit' ? undefined : (unit ?? (await institution.departments(user))[0]?.id)
    const { report, unitId } = await subjectAssessments.report(user, context, firstUnit)
    return reply.html(assessmentReportPage(request.viewContext(reply), { framework: context.framework, report, unitId }))
  })

  async function panelPage(request: FastifyRequest<AssessmentRoute>, reply: FastifyReply, extra: { emails?: string; error?: string; saved: boolean; visibility?: 'panel' | 'staff' }, status = 200) {
    const user = signedInUser(request)
    const frameworkId = requireFrameworkId(request.params.frameworkId)
    const context = await subjectAssessments.context(user, frameworkId)
    const members = await subjectAssessments.panel(user, context)
    return reply.html(assessmentPanelPage(request.viewContext(reply), { framework: context.framework, members, visibility: extra.visibility ?? context.visibility, emails: extra.emails, error: extra.error, saved: extra.saved }), status)
  }

  app.get<AssessmentRoute>('/assessments/:frameworkId/panel', { config: { access: HR_ROLES } }, async (request, reply) => panelPage(request, reply, { saved: request.query['saved'] === '1' }))

  app.post<AssessmentRoute>('/assessments/:frameworkId/panel', { config: { access: HR_ROLES } }, async (request, reply) => {
    const user = signedInUser(request)
    const frameworkId = requireFrameworkId(request.params.frameworkId)
    const form = (typeof request.body === 'object' && request.body !== null ? request.body : {}) as Record<string, unknown>
    const text = typeof form['members'] === 'string' ? form['members'] : ''
    const visibility = isResultsVisibility(form['visibility']) ? form['visibility'] : undefined
    const m = request.viewContext(reply).m
    if (visibility === undefined) return panelPage(request, reply, { emails: text, error: problemText(m, InvalidInputError.of('resultsVisibilityInvalid', {})), saved: false }, 422)
    const emails = [...new Set(text.split(/[\s,;]+/).map((email) => email.trim()).filter((email) => email !== ''))]
    if (emails.length > MAX_PANEL_SIZE) return panelPage(request, reply, { emails: text, visibility, error: m.assessment.panel.tooMany(MAX_PANEL_SIZE), saved: false }, 422)
    const { ids, unknown } = await subjectAssessments.staffByEmail(user, emails)
    if (unknown !== undefined) return panelPage(request, reply, { emails: text, visibility, error: m.assessment.panel.unknownEmail(unknown.slice(0, 200)), saved: false }, 422)
    await subjectAssessments.setPanel(user, await subjectAssessments.context(user, frameworkId), { members: ids, visibility })
    return reply.redirect(`/assessments/${frameworkId}/panel?saved=1`, 303)
  })
}

export default assessmentPages
