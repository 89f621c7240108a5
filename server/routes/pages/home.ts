import type { FastifyPluginAsync } from 'fastify'
import { homePage } from '../../../views/pages/home.js'
import { signedInUser } from '../../plugins/access.js'
import { summariseProfile } from '../../domain/profile.js'
import { maxLevel } from '../../domain/scale.js'
import { NotFoundError } from '../../services/errors.js'

/** The person's home page: their profile per domain. */
const homePages: FastifyPluginAsync = async (app) => {
  app.get('/', { config: { access: 'signed-in' } }, async (request, reply) => {
    const user = signedInUser(request)
    const framework = await app.services.frameworks.get(user.frameworkId)
    if (framework === undefined) throw new NotFoundError('Your institution has no framework')
    const [current, targets, reviewees] = await Promise.all([app.services.ratings.current(user), app.services.targets.of(user), app.services.validations.reviewees(user)])
    const targetLevels = new Map([...targets].map(([competencyId, target]) => [competencyId, target.level]))
    const levels = new Map(current.map((rating) => [rating.competencyId, rating.level]))
    const lastRatedAt = current.reduce<Date | undefined>((latest, rating) => (latest === undefined || rating.ratedAt > latest ? rating.ratedAt : latest), undefined)
    return reply.html(
      homePage(request.viewContext(reply), {
        framework: framework.row,
        tree: framework.tree,
        domains: summariseProfile(framework.tree, levels, targetLevels),
        maxLevel: maxLevel(framework.row.scale),
        lastRatedAt,
        reviewees,
      }),
    )
  })
}

export default homePages
