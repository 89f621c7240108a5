import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import type { ViewContext } from '../../../views/context.js'
import { competencyDetail, competencyPage, type CompetencyPageProps, type LinkedItem } from '../../../views/pages/competency.js'
import { frameworkCompetencyCard, frameworkPage, type FrameworkPageProps } from '../../../views/pages/framework.js'
import { reratePage } from '../../../views/pages/rerate.js'
import { targetSection } from '../../../views/partials/target-form.js'
import { competencyCard } from '../../../views/partials/competency-card.js'
import { EMPTY_FORM, type RatingFormState, type ReturnTo } from '../../../views/partials/rating-form.js'
import { signedInUser } from '../../plugins/access.js'
import { ConflictError, InvalidInputError } from '../../services/errors.js'
import { sayProblem } from '../../domain/problems.js'
import { EVIDENCE_FILE_MAX_BYTES } from '../../domain/evidence-file.js'
import type { Rating } from '../../services/ratings.js'
import type { SessionUser } from '../../services/users.js'
import { formIds, parseId, requireCompetencyId, requireFrameworkParam } from '../../http/ids.js'
import { parseRatingForm, ratingFormValues } from '../../http/rating-input.js'
import { rerateView } from '../../http/rerate-view.js'
import { linksOf } from '../../domain/associations.js'
import { isRateable } from '../../domain/tree.js'
import type { Framework } from '../../services/frameworks.js'

/**
 * The framework tree, one competency with its history, and the rating form they share. Each save is a
 * plain POST answered by a redirect; with htmx, by the fragment that changed.
 */
const frameworkPages: FastifyPluginAsync = async (app) => {
  const { frameworkUses, ratings, targets } = app.services

  /**
   * The tree of one framework: the one a saved or failed competency belongs to, else the one asked
   * for (`?framework=`), else the institution's first for the person's role.
   */
  async function treeProps(user: SessionUser, which: { requested?: number | undefined; competencyId?: number | undefined }, focus?: FrameworkPageProps['focus']): Promise<FrameworkPageProps> {
    const ofCompetency = which.competencyId === undefined ? undefined : await frameworkUses.ofNode(user, which.competencyId)
    const { framework, uses } = await frameworkUses.choose(user, { requested: ofCompetency?.row.id ?? which.requested })
    const [currentRatings, visibility] = await Promise.all([ratings.current(user, framework.row.id), app.services.visibility.of(user)])
    const current = new Map<number, Rating>(currentRatings.map((rating) => [rating.competencyId, rating]))
    return { framework: framework.row, tree: framework.tree, current, visibility, uses, ...(focus ? { focus } : {}) }
  }

  async function detailProps(user: SessionUser, competencyId: number, form: RatingFormState, saved: boolean, targetSaved = false): Promise<CompetencyPageProps> {
    const { framework, competency } = await ratings.rateableCompetency(user, competencyId)
    const [history, validation, { targets: userTargets, notApplicable }, profile, related, visibility, library] = await Promise.all([
      ratings.history(user, competencyId),
      ratings.validation(user, competencyId),
      targets.withNotApplicable(user, framework.row.id),
      targets.profileOf(user, framework.row.id),
      app.services.crosswalks.related(framework.row.slug, competency.code),
      app.services.visibility.of(user),
      app.services.evidence.library(user),
    ])
    const target = { competencyId, scale: framework.row.scale, target: userTargets.get(competencyId), notApplicable: notApplicable.has(competencyId), profile, saved: targetSaved }
    return { framework: framework.row, domain: framework.tree.byId.get(competency.domainId), competency, history, validation, form, saved, target, related, visibility, linked: linkedItems(framework, competency.code), library }
  }

  app.get<{ Querystring: { saved?: string; domain?: string; framework?: string } }>('/framework', { config: { access: 'signed-in' } }, async (request, reply) => {
    const saved = parseId(request.query.saved)
    const openDomain = parseId(request.query.domain)
    const requested = requireFrameworkParam(request.query.framework)
    const props = await treeProps(signedInUser(request), { requested, competencyId: saved ?? openDomain }, saved === undefined ? undefined : { competencyId: saved, saved: true, form: EMPTY_FORM })
    return reply.html(frameworkPage(request.viewContext(reply), openDomain === undefined ? props : { ...props, openDomainId: openDomain }))
  })

  app.get<{ Params: { competencyId: string }; Querystring: { saved?: string; target?: string } }>(
    '/framework/:competencyId',
    { config: { access: 'signed-in' } },
    async (request, reply) => {
      const competencyId = requireCompetencyId(request.params.competencyId)
      const props = await detailProps(signedInUser(request), competencyId, EMPTY_FORM, request.query.saved === '1', request.query.target === '1')
      return reply.html(competencyPage(request.viewContext(reply), props))
    },
  )

  // The competency's own page uploads a file with the rating (multipart); the other forms send none.
  const ratingUploads = { limits: { files: 1, fileSize: EVIDENCE_FILE_MAX_BYTES } }
  app.post<{ Params: { competencyId: string } }>('/framework/:competencyId/rating', { config: { access: 'signed-in', multipartOptions: ratingUploads } }, async (request, reply) => {
    const user = signedInUser(request)
    const competencyId = requireCompetencyId(request.params.competencyId)
    const { framework } = await ratings.rateableCompetency(user, competencyId)
    const context = request.viewContext(reply)
    const body = { ...((request.body ?? {}) as Record<string, unknown>) }
    // A file sent with the rating goes to the person's evidence first, and is ticked: refused, the
    // form says why with everything else kept; kept, it stays in their evidence even if the rating is refused.
    const upload = await uploadWithRating(user, body, request.uploadedFileNames?.['evidenceFile'] ?? '', context)
    if (upload.error !== undefined) {
      const form = { values: ratingFormValues(body), errors: { evidenceFile: upload.error } }
      return respond(request, reply, context, { competencyId, returnTo: 'detail', form, saved: false, status: 422 })
    }
    const parsed = parseRatingForm(body, context.m, framework.row.scale.levels.map((level) => level.level))
    if (!parsed.ok) {
      const form = { values: ratingFormValues(body), errors: parsed.errors }
      return respond(request, reply, context, { competencyId, returnTo: parsed.returnTo, form, saved: false, status: 422 })
    }
    await ratings.rateSelf(user, competencyId, parsed.input)
    if (!request.isHtmx) return reply.redirect(savedLocation(parsed.returnTo, competencyId), 303)
    return respond(request, reply, context, { competencyId, returnTo: parsed.returnTo, form: EMPTY_FORM, saved: true, status: 200 })
  })

  app.post<{ Params: { competencyId: string } }>('/framework/:competencyId/target', { config: { access: 'signed-in' } }, async (request, reply) => {
    const user = signedInUser(request)
    const competencyId = requireCompetencyId(request.params.competencyId)
    const body = (request.body ?? {}) as Record<string, unknown>
    const level = typeof body['level'] === 'string' ? body['level'] : ''
    if (level === 'profile') await targets.clearPersonal(user, competencyId)
    else if (/^[0-9]{1,2}$/.test(level)) await targets.setPersonal(user, competencyId, Number(level))
    else throw InvalidInputError.of('targetLevelMissing', {})
    if (!request.isHtmx) return reply.redirect(`/framework/${competencyId}?target=1#target-section`, 303)
    const props = await detailProps(user, competencyId, EMPTY_FORM, false, true)
    return reply.html(targetSection(request.viewContext(reply), props.target))
  })

  /** Keeps the file sent with a rating (if any) and ticks it in the body; or says, in the reader's language, why it was refused. */
  async function uploadWithRating(user: SessionUser, body: Record<string, unknown>, name: string, context: ViewContext): Promise<{ error?: string }> {
    const content = body['evidenceFile']
    delete body['evidenceFile']
    if (!Buffer.isBuffer(content) || content.length === 0) return {}
    try {
      const file = await app.services.evidence.upload(user, { name, content })
      body['evidenceFiles'] = [...formIds(body['evidenceFiles']), file.id].map(String)
      return {}
    } catch (error) {
      if (error instanceof InvalidInputError || error instanceof ConflictError) return { error: sayProblem(context.m.problems, error.reason) }
      throw error
    }
  }

  /** Renders the outcome of a save: the changed fragment for htmx, else the whole page. */
  async function respond(
    request: FastifyRequest,
    reply: FastifyReply,
    context: ViewContext,
    outcome: { competencyId: number; returnTo: ReturnTo; form: RatingFormState; saved: boolean; status: number },
  ) {
    const user = signedInUser(request)
    if (outcome.returnTo === 'detail') {
      const props = await detailProps(user, outcome.competencyId, outcome.form, outcome.saved)
      return reply.html(request.isHtmx ? competencyDetail(context, props) : competencyPage(context, props), outcome.status)
    }
    if (outcome.returnTo.startsWith('activity:')) {
      const activityId = Number(outcome.returnTo.slice('activity:'.length))
      const view = await rerateView(app, user, activityId, { competencyId: outcome.competencyId, saved: outcome.saved, form: outcome.form }, context.m)
      const card = view.cards.find((candidate) => candidate.competency.id === outcome.competencyId)
      if (request.isHtmx && card !== undefined) return reply.html(competencyCard(context, card), outcome.status)
      return reply.html(reratePage(context, view), outcome.status)
    }
    const props = await treeProps(user, { competencyId: outcome.competencyId }, { competencyId: outcome.competencyId, saved: outcome.saved, form: outcome.form })
    const competency = props.tree.byId.get(outcome.competencyId)!
    return reply.html(request.isHtmx ? frameworkCompetencyCard(context, { ...props, competency }) : frameworkPage(context, props), outcome.status)
  }
}

export default frameworkPages


/** Where a plain form goes after a save (Post/Redirect/Get), back to where the person was. */
function savedLocation(returnTo: ReturnTo, competencyId: number): string {
  if (returnTo === 'detail') return `/framework/${competencyId}?saved=1`
  if (returnTo.startsWith('activity:')) return `/activities/${returnTo.slice('activity:'.length)}/rerate?saved=${competencyId}#c-${competencyId}`
  return `/framework?saved=${competencyId}#c-${competencyId}`
}

/** The associations of the framework's CASE data a competency is an end of, the other end named (and linked when it is rated). */
function linkedItems(framework: Framework, code: string): LinkedItem[] {
  const links = linksOf(framework.row.associations, code)
  if (links.length === 0) return []
  const byCode = new Map([...framework.tree.byId.values()].map((node) => [node.code, node]))
  return links.map((link) => {
    const end = link.other
    const node = 'code' in end ? byCode.get(end.code) : undefined
    const other =
      node !== undefined ? { code: node.code, title: node.title, ...(isRateable(node) ? { id: node.id } : {}) }
        : 'code' in end ? { title: end.code }
          : end.identifier.toLowerCase() === framework.row.case_identifier.toLowerCase() ? { title: framework.row.title }
            : { title: end.title ?? end.identifier, ...(end.uri === undefined ? {} : { uri: end.uri }) }
    return { type: link.type, outgoing: link.outgoing, other, ...(link.notes === undefined ? {} : { notes: link.notes }) }
  })
}
