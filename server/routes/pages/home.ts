import type { FastifyPluginAsync } from 'fastify'
import { homePage } from '../../../views/pages/home.js'
import { signedInUser } from '../../plugins/access.js'
import { summariseProfile } from '../../domain/profile.js'
import { competenciesToRate, nextToRate, selfAssessmentProgress } from '../../domain/self-assessment.js'
import { maxLevel } from '../../domain/scale.js'
import { InvalidInputError } from '../../services/errors.js'
import { requireFrameworkParam } from '../../http/ids.js'

/** How long the home page tells a person of a reviewer's validation. */
const RECENT_VALIDATION_DAYS = 30

/** The person's home page: their profile per domain, who sees their ratings, and sharing them. */
const homePages: FastifyPluginAsync = async (app) => {
  app.get<{ Querystring: { sharing?: string; framework?: string } }>('/', { config: { access: 'signed-in' } }, async (request, reply) => {
    const user = signedInUser(request)
    const { framework, uses } = await app.services.frameworkUses.choose(user, { requested: requireFrameworkParam(request.query.framework) })
    const [current, targets, reviewees, visibility, assessments, validations, rounds, sharedReports, decided, waiting] = await Promise.all([
      app.services.ratings.current(user, framework.row.id),
      app.services.targets.of(user, framework.row.id),
      app.services.validations.reviewees(user),
      app.services.visibility.of(user),
      // HR reach them from the menu; others see the ones they are on the panel of or may read here.
      user.role === 'hr' ? [] : app.services.subjectAssessments.available(user),
      app.services.ratings.recentValidations(user, framework.row.id, new Date(Date.now() - RECENT_VALIDATION_DAYS * 24 * 3600 * 1000)),
      app.services.rounds.mine(user),
      app.services.reportShares.sharedWith(user),
      app.services.reviews.unseen(user),
      app.services.reviews.waiting(user),
    ])
    const targetLevels = new Map([...targets].map(([competencyId, target]) => [competencyId, target.level]))
    const levels = new Map(current.map((rating) => [rating.competencyId, rating.level]))
    const asked = competenciesToRate(framework.tree, targetLevels)
    const ratedIds = new Set(levels.keys())
    const selfAssessment = { ...selfAssessmentProgress(asked, ratedIds), nextId: nextToRate(asked, ratedIds)?.id }
    const lastRatedAt = current.reduce<Date | undefined>((latest, rating) => (latest === undefined || rating.ratedAt > latest ? rating.ratedAt : latest), undefined)
    return reply.html(
      homePage(request.viewContext(reply), {
        framework: framework.row,
        uses,
        tree: framework.tree,
        domains: summariseProfile(framework.tree, levels, targetLevels),
        maxLevel: maxLevel(framework.row.scale),
        lastRatedAt,
        reviewees,
        sharedReports,
        visibility,
        selfAssessment,
        rounds: rounds.filter((round) => round.status === 'open'),
        reviews: { decided, waiting },
        validations: validations.flatMap((validation) => {
          const competency = framework.tree.byId.get(validation.competencyId)
          return competency === undefined ? [] : [{ ...validation, competency }]
        }),
        validationDays: RECENT_VALIDATION_DAYS,
        assessments: assessments.map((item) => ({ use: item.use, assessing: item.access.assessAs !== undefined })),
        sharingSaved: request.query.sharing === 'shared' || request.query.sharing === 'stopped' ? request.query.sharing : undefined,
      }),
    )
  })

  // Share one's self-ratings with one's reviewer (and so HR), or stop: a plain form on the profile.
  app.post('/me/sharing', { config: { access: 'signed-in' } }, async (request, reply) => {
    const shared = ((request.body ?? {}) as Record<string, unknown>)['shared']
    if (shared !== '1' && shared !== '0') throw InvalidInputError.of('sharingChoiceMissing', {})
    await app.services.visibility.setShared(signedInUser(request), shared === '1')
    return reply.redirect(`/?sharing=${shared === '1' ? 'shared' : 'stopped'}#sharing`, 303)
  })
}

export default homePages
