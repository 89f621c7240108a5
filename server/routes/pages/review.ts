import type { FastifyPluginAsync } from 'fastify'
import { reviewItem, reviewPage } from '../../../views/pages/review.js'
import { signedInUser } from '../../plugins/access.js'
import { InvalidInputError, NotFoundError } from '../../services/errors.js'
import type { SessionUser } from '../../services/users.js'
import { parseId, requireFrameworkParam } from '../../http/ids.js'

/** Validation of ratings by a person's reviewer or HR. */
const reviewPages: FastifyPluginAsync = async (app) => {
  const { validations, frameworkUses } = app.services

  /** The person's ratings in one framework: the one of the competency just validated, else `?framework=`, else the first. */
  async function pageProps(user: SessionUser, personId: number, savedCompetencyId: number | undefined, requested: number | undefined) {
    const ofSaved = savedCompetencyId === undefined ? undefined : await frameworkUses.ofNode(user, savedCompetencyId)
    const { person, rows } = await validations.ratingsOf(user, personId)
    const { framework, uses } = await frameworkUses.choose(user, { requested: ofSaved?.row.id ?? requested })
    return { person, tree: framework.tree, scale: framework.row.scale, rows, savedCompetencyId, frameworkId: framework.row.id, uses }
  }

  app.get<{ Params: { id: string }; Querystring: { validated?: string; framework?: string } }>('/people/:id/ratings', { config: { access: 'signed-in' } }, async (request, reply) => {
    const personId = parseId(request.params.id)
    if (personId === undefined) throw NotFoundError.of('notFound', { thing: 'person', id: request.params.id })
    const props = await pageProps(signedInUser(request), personId, parseId(request.query.validated), requireFrameworkParam(request.query.framework))
    return reply.html(reviewPage(request.viewContext(reply), props))
  })

  app.post<{ Params: { ratingId: string } }>('/ratings/:ratingId/validate', { config: { access: 'signed-in' } }, async (request, reply) => {
    const user = signedInUser(request)
    const ratingId = parseId(request.params.ratingId)
    if (ratingId === undefined) throw NotFoundError.of('notFound', { thing: 'selfRating', id: request.params.ratingId })
    const body = (request.body ?? {}) as Record<string, unknown>
    const levelText = typeof body['level'] === 'string' ? body['level'] : ''
    if (!/^[0-9]{1,2}$/.test(levelText)) throw InvalidInputError.of('validatedLevelMissing', {})
    const comment = typeof body['comment'] === 'string' ? body['comment'] : ''
    if (comment.length > 2000) throw InvalidInputError.of('reviewCommentTooLong', { max: 2000 })
    await validations.validate(user, ratingId, { level: Number(levelText), comment })
    const rating = await app.services.validations.ratingOwner(user, ratingId)
    if (!request.isHtmx) return reply.redirect(`/people/${rating.userId}/ratings?validated=${rating.competencyId}#v-${rating.competencyId}`, 303)
    const props = await pageProps(user, rating.userId, rating.competencyId, undefined)
    const row = props.rows.find((candidate) => candidate.competencyId === rating.competencyId)!
    return reply.html(reviewItem(request.viewContext(reply), props, row, true))
  })
}

export default reviewPages
