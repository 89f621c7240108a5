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
  const { activities, programmes, frameworks, frameworkUses, ratings } = app.services
  const activity = await activities.get(user, activityId)
  const programmeId = activity.programmeId
  if (programmeId === null || activity.status !== 'completed') throw NotFoundError.of('rerateNeedsCompletion', {})
  // The programme's competencies in every framework the institution uses for people, in its order.
  const uses = (await frameworkUses.list(user.institutionId)).filter((use) => use.subject === 'person')
  const perFramework = await Promise.all(
    uses.map(async (use) => {
      const [framework, links, currentRatings] = await Promise.all([frameworks.get(use.frameworkId), programmes.linksOf(use.frameworkId, programmeId), ratings.current(user, use.frameworkId)])
      return framework === undefined ? [] : links.map((link) => ({ framework, link, current: currentRatings.find((rating) => rating.competencyId === link.competencyId) }))
    }),
  )
  const visibility = await app.services.visibility.of(user)
  const evidence = m.activities.rerateEvidence(activity.programmeCode ?? '', activity.title, activity.completedAt ?? '')
  const cards: CompetencyCardProps[] = perFramework.flat().flatMap(({ framework, link, current }) => {
    const competency = framework.tree.byId.get(link.competencyId)
    if (competency === undefined) return []
    const focused = focus?.competencyId === link.competencyId ? focus : undefined
    return [
      {
        competency,
        scale: framework.row.scale,
        staffGroups: framework.row.staff_groups,
        current,
        form: focused?.form ?? { values: { evidence, evidenceUrl: activity.certificateUrl ?? '' }, errors: {} },
        saved: focused?.saved ?? false,
        returnTo: `activity:${activityId}` as const,
        openForm: focused?.saved !== true,
      },
    ]
  })
  return { activity, cards, visibility }
}
