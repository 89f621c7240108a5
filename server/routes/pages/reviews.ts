import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import { reviewsPage, type DecisionFormState, type ReviewFramework, type ReviewsPageProps } from '../../../views/pages/reviews.js'
import { sayProblem } from '../../domain/problems.js'
import { REVIEW_TEXT_MAX } from '../../domain/reviews.js'
import { formIds, parseId, requireFrameworkParam } from '../../http/ids.js'
import { signedInUser } from '../../plugins/access.js'
import { ConflictError, InvalidInputError, NotFoundError } from '../../services/errors.js'
import type { SessionUser } from '../../services/users.js'

/** A code list said back in a notice: competency codes only, nothing else from the address. */
const CODES = /^[\p{L}\p{N}._\- ,]{1,200}$/u

/** Reviews: the reviewer's queue and decisions, the person's request and what became of it. */
const reviewsPages: FastifyPluginAsync = async (app) => {
  const { reviews, frameworks, frameworkUses, ratings, visibility } = app.services

  async function pageProps(user: SessionUser, requested: number | undefined, extra: Partial<Pick<ReviewsPageProps, 'notice' | 'decision'>> & { ask?: { values: { competencyIds: number[]; message: string }; error: string } } = {}): Promise<ReviewsPageProps> {
    const [queue, mine, chosen, seen] = await Promise.all([reviews.queue(user), reviews.mine(user), frameworkUses.choose(user, { requested }), visibility.of(user)])
    const ids = new Set([chosen.framework.row.id, ...queue.map((review) => review.frameworkId), ...mine.map((review) => review.frameworkId)])
    const loaded = new Map<number, ReviewFramework>()
    for (const id of ids) {
      const framework = id === chosen.framework.row.id ? chosen.framework : await frameworks.get(id)
      if (framework !== undefined) loaded.set(id, { id, tree: framework.tree, scale: framework.row.scale })
    }
    const current = new Map((await ratings.current(user, chosen.framework.row.id)).map((rating) => [rating.competencyId, rating]))
    const waiting = new Set(mine.filter((review) => review.status === 'open').map((review) => review.competencyId))
    return {
      queue,
      showQueue: queue.length > 0 || user.role === 'hr',
      frameworks: loaded,
      ask: { framework: loaded.get(chosen.framework.row.id)!, uses: chosen.uses, current, waiting, visibility: seen, values: extra.ask?.values, error: extra.ask?.error },
      mine,
      notice: extra.notice,
      decision: extra.decision,
    }
  }

  async function render(request: FastifyRequest, reply: FastifyReply, props: ReviewsPageProps, status = 200) {
    const page = reviewsPage(request.viewContext(reply), props)
    // Decisions shown are decisions seen: the "new" marks go once the page is rendered.
    if (props.mine.some((review) => review.status !== 'open' && !review.seen)) await reviews.markSeen(signedInUser(request))
    return reply.html(page, status)
  }

  app.get<{ Querystring: { framework?: string; asked?: string; already?: string; decided?: string } }>('/reviews', { config: { access: 'signed-in' } }, async (request, reply) => {
    const user = signedInUser(request)
    const props = await pageProps(user, requireFrameworkParam(request.query.framework))
    const { m } = request.viewContext(reply)
    const asked = parseId(request.query.asked)
    const made = asked === undefined ? [] : props.mine.filter((review) => review.requestId === asked)
    const already = request.query.already !== undefined && CODES.test(request.query.already) ? request.query.already : undefined
    const decided = request.query.decided !== undefined && CODES.test(request.query.decided) ? request.query.decided : undefined
    const notice =
      made.length > 0 ? `${m.reviews.asked(made.length, made[0]!.askedOf ?? m.reviews.hr)}${already === undefined ? '' : ` ${m.reviews.askedAlreadyWaiting(already)}`}` : decided !== undefined ? m.reviews.decided(decided) : undefined
    return render(request, reply, { ...props, notice })
  })

  app.post('/reviews/request', { config: { access: 'signed-in' } }, async (request, reply) => {
    const user = signedInUser(request)
    const body = (request.body ?? {}) as Record<string, unknown>
    const competencyIds = formIds(body['competencyIds'])
    const message = typeof body['message'] === 'string' ? body['message'] : ''
    const framework = typeof body['framework'] === 'string' ? parseId(body['framework']) : undefined
    try {
      if (competencyIds.length === 0) throw InvalidInputError.of('reviewNothingChosen', {})
      if (message.length > REVIEW_TEXT_MAX) throw InvalidInputError.of('reviewMessageTooLong', { max: REVIEW_TEXT_MAX })
      const made = await reviews.request(user, { competencyIds, message })
      const codes = (await reviews.mine(user)).filter((review) => made.alreadyWaiting.includes(review.competencyId) && review.status === 'open').map((review) => review.code)
      const already = codes.length === 0 ? '' : `&already=${encodeURIComponent(codes.join(', '))}`
      return reply.redirect(`/reviews?${framework === undefined ? '' : `framework=${framework}&`}asked=${made.id}${already}#mine`, 303)
    } catch (error) {
      if (!(error instanceof InvalidInputError || error instanceof ConflictError)) throw error
      const { m } = request.viewContext(reply)
      const props = await pageProps(user, framework, { ask: { values: { competencyIds, message }, error: sayProblem(m.problems, error.reason) } })
      return render(request, reply, props, error.statusCode)
    }
  })

  app.post<{ Params: { id: string } }>('/reviews/:id/decide', { config: { access: 'signed-in' } }, async (request, reply) => {
    const user = signedInUser(request)
    const reviewId = parseId(request.params.id)
    if (reviewId === undefined) throw NotFoundError.of('notFound', { thing: 'review', id: request.params.id })
    const body = (request.body ?? {}) as Record<string, unknown>
    const text = (key: string) => (typeof body[key] === 'string' ? (body[key] as string) : '')
    const levelText = text('level')
    const comment = text('comment')
    const ratingId = parseId(text('ratingId'))
    try {
      const decision = text('decision')
      if (decision !== 'validate' && decision !== 'more-evidence') throw InvalidInputError.of('validatedLevelMissing', {})
      if (decision === 'validate' && !/^[0-9]{1,2}$/.test(levelText)) throw InvalidInputError.of('validatedLevelMissing', {})
      if (comment.length > REVIEW_TEXT_MAX) throw InvalidInputError.of('reviewCommentTooLong', { max: REVIEW_TEXT_MAX })
      const decided = await reviews.decide(user, reviewId, { decision, comment, ...(decision === 'validate' ? { level: Number(levelText) } : {}), ...(ratingId === undefined ? {} : { ratingId }) })
      const code = (await frameworkUses.frameworkOf(decided.competencyId))?.tree.byId.get(decided.competencyId)?.code ?? ''
      return reply.redirect(`/reviews?decided=${encodeURIComponent(code)}#waiting-title`, 303)
    } catch (error) {
      if (!(error instanceof InvalidInputError || error instanceof ConflictError)) throw error
      const { m } = request.viewContext(reply)
      const decision: DecisionFormState = { reviewId, values: { level: levelText, comment }, error: sayProblem(m.problems, error.reason) }
      return render(request, reply, await pageProps(user, undefined, { decision }), error.statusCode)
    }
  })
}

export default reviewsPages
