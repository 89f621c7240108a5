import type { FastifyPluginAsync } from 'fastify'
import { selfAssessmentPage, selfAssessmentScreen, selfAssessmentScreenPage, selfAssessmentSummaryPage, type SelfAssessmentProps } from '../../../views/pages/self-assessment.js'
import { EMPTY_FORM, type RatingFormState } from '../../../views/partials/rating-form.js'
import { nextToRate } from '../../domain/self-assessment.js'
import { NOT_APPLICABLE_ANSWER, SUMMARY_NEXT } from '../../../views/pages/self-assessment.js'
import { parseId, requireCompetencyId, requireFrameworkParam } from '../../http/ids.js'
import { parseRatingForm, ratingFormValues } from '../../http/rating-input.js'
import { signedInUser } from '../../plugins/access.js'
import type { Framework } from '../../services/frameworks.js'
import type { SessionUser } from '../../services/users.js'

/** The screen after this one as the form gives it (`then`): a competency's id, or the summary; undefined when absent or not one. */
function thenOf(body: unknown): number | 'summary' | undefined {
  const value = (body as Record<string, unknown> | undefined)?.['then']
  if (value === SUMMARY_NEXT) return 'summary'
  return typeof value === 'string' ? parseId(value) : undefined
}

type ScreenRoute = { Params: { competencyId: string }; Querystring: { saved?: string } }
type OverviewRoute = { Querystring: { framework?: string; saved?: string } }

/**
 * The guided self-assessment: an overview, one competency per screen ("Save and next" goes to the
 * next unrated competency the person's role asks of them), and a summary before finishing. Plain
 * forms; htmx swaps the screen instead of loading the page again and pushes its address.
 */
const selfAssessmentPages: FastifyPluginAsync = async (app) => {
  const { frameworkUses, ratings, visibility, selfAssessment, targets } = app.services

  /** What the person is asked in this framework and what they rated. */
  async function propsOf(user: SessionUser, framework: Framework): Promise<SelfAssessmentProps> {
    const { asked, current, next, done, notApplicable, round } = await selfAssessment.state(user, framework)
    return { framework, asked, current, next, done, notApplicable, round }
  }

  async function screenProps(user: SessionUser, competencyId: number, form: RatingFormState, savedId?: number) {
    const { framework, competency } = await ratings.rateableCompetency(user, competencyId)
    const [props, personVisibility] = await Promise.all([propsOf(user, framework), visibility.of(user)])
    const saved = savedId === undefined ? undefined : framework.tree.byId.get(savedId)
    return { ...props, competency, form, visibility: personVisibility, saved: saved?.kind === 'competency' ? saved : undefined }
  }

  app.get<OverviewRoute>('/self-assessment', { config: { access: 'signed-in' } }, async (request, reply) => {
    const user = signedInUser(request)
    const { framework, uses } = await frameworkUses.choose(user, { requested: requireFrameworkParam(request.query.framework) })
    return reply.html(selfAssessmentPage(request.viewContext(reply), { ...(await propsOf(user, framework)), uses }))
  })

  app.get<OverviewRoute>('/self-assessment/summary', { config: { access: 'signed-in' } }, async (request, reply) => {
    const user = signedInUser(request)
    const { framework } = await frameworkUses.choose(user, { requested: requireFrameworkParam(request.query.framework) })
    const saved = parseId(request.query.saved)
    const savedNode = saved === undefined ? undefined : framework.tree.byId.get(saved)
    const props = await propsOf(user, framework)
    return reply.html(selfAssessmentSummaryPage(request.viewContext(reply), { ...props, saved: savedNode?.kind === 'competency' ? savedNode : undefined }))
  })

  app.get<ScreenRoute>('/self-assessment/:competencyId', { config: { access: 'signed-in' } }, async (request, reply) => {
    const props = await screenProps(signedInUser(request), requireCompetencyId(request.params.competencyId), EMPTY_FORM, parseId(request.query.saved))
    return reply.html(selfAssessmentScreenPage(request.viewContext(reply), props))
  })

  app.post<ScreenRoute>('/self-assessment/:competencyId', { config: { access: 'signed-in' } }, async (request, reply) => {
    const user = signedInUser(request)
    const competencyId = requireCompetencyId(request.params.competencyId)
    // From memory: the save checks that the institution uses the framework (404 otherwise), as does the screen again.
    const { framework } = await ratings.competencyToRate(competencyId)
    const context = request.viewContext(reply)
    // "Not applicable to my role" is an answer too: the competency is asked of the person no more.
    const notApplicable = (request.body as Record<string, unknown> | undefined)?.['level'] === NOT_APPLICABLE_ANSWER
    const parsed = notApplicable ? undefined : parseRatingForm(request.body, context.m, framework.row.scale.levels.map((level) => level.level))
    if (parsed !== undefined && !parsed.ok) {
      // The screen again with what was sent and what is wrong with it; nothing saved.
      const props = await screenProps(user, competencyId, { values: ratingFormValues(request.body), errors: parsed.errors })
      return reply.html(request.isHtmx ? selfAssessmentScreen(context, props) : selfAssessmentScreenPage(context, props), 422)
    }
    if (parsed === undefined) await targets.setNotApplicable(user, competencyId)
    else await ratings.rateSelf(user, competencyId, parsed.input)
    const summary = `/self-assessment/summary?framework=${framework.row.id}&saved=${competencyId}`
    // Without JavaScript the next screen is a page of its own, which reads where the person is: the
    // form says which screen follows, so the save reads nothing more. (Done since in another tab, that
    // screen shows the level given, and saving it unchanged writes nothing and moves on.)
    const then = thenOf(request.body)
    if (!request.isHtmx && then !== undefined) return reply.redirect(then === 'summary' ? summary : `/self-assessment/${then}?saved=${competencyId}`, 303)
    // Where the person is, read once after the save.
    const [after, personVisibility] = await Promise.all([propsOf(user, framework), request.isHtmx ? visibility.of(user) : undefined])
    const next = nextToRate(after.asked, after.done, competencyId)
    if (next === undefined) {
      // Everything asked is done: the summary, before finishing.
      if (request.isHtmx) return reply.header('HX-Redirect', summary).code(204).send()
      return reply.redirect(summary, 303)
    }
    if (!request.isHtmx || personVisibility === undefined) return reply.redirect(`/self-assessment/${next.id}?saved=${competencyId}`, 303)
    const props = { ...after, competency: next, form: EMPTY_FORM, visibility: personVisibility, saved: framework.tree.byId.get(competencyId) }
    reply.header('HX-Push-Url', `/self-assessment/${next.id}`)
    return reply.html(selfAssessmentScreen(context, props))
  })
}

export default selfAssessmentPages
