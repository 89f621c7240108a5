import type { FastifyInstance } from 'fastify'
import type { Messages } from '../../views/messages/en/index.js'
import type { CompetencyCardProps } from '../../views/partials/competency-card.js'
import { NotFoundError } from '../services/errors.js'
import type { SessionUser } from '../services/users.js'

/**
 * What the re-rating page shows (after the activity pages' link, and after a save from its forms on
 * the framework pages): the programme's competencies, each form open with the completion
 * as evidence, or the outcome of the last save for `focus`.
 */
export async function rerateView(
  app: FastifyInstance,
  user: SessionUser,
  activityId: number,
  focus: { competencyId: number; saved: boolean; form: CompetencyCardProps['form'] } | undefined,
  m: Messages,
) {
  const { activities, programmes, frameworks, ratings } = app.services
  const activity = await activities.get(user, activityId)
  const framework = await frameworks.get(user.frameworkId)
  if (framework === undefined || activity.programmeId === null || activity.status !== 'completed') {
    throw NotFoundError.of('rerateNeedsCompletion', {})
  }
  const links = await programmes.linksOf(user.frameworkId, activity.programmeId)
  const [currentRatings, visibility] = await Promise.all([ratings.current(user), app.services.visibility.of(user)])
  const current = new Map(currentRatings.map((rating) => [rating.competencyId, rating]))
  const evidence = m.activities.rerateEvidence(activity.programmeCode ?? '', activity.title, activity.completedAt ?? '')
  const cards: CompetencyCardProps[] = links.flatMap((link) => {
    const competency = framework.tree.byId.get(link.competencyId)
    if (competency === undefined) return []
    const focused = focus?.competencyId === link.competencyId ? focus : undefined
    return [
      {
        competency,
        scale: framework.row.scale,
        staffGroups: framework.row.staff_groups,
        current: current.get(link.competencyId),
        form: focused?.form ?? { values: { evidence, evidenceUrl: activity.certificateUrl ?? '' }, errors: {} },
        saved: focused?.saved ?? false,
        returnTo: `activity:${activityId}` as const,
        openForm: focused?.saved !== true,
      },
    ]
  })
  return { activity, cards, visibility }
}
