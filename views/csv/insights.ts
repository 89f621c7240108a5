import { csvDocument } from '../../server/domain/csv.js'
import { closingDay } from '../../server/domain/rounds.js'
import type { FrameworkTree } from '../../server/domain/tree.js'
import type { LevelDistribution, Participation, Trend, TrendPoint } from '../../server/services/insights.js'

const options = { lineEnd: 'windows' } as const
const figure = (value: number | null, digits = 0) => (value === null ? '' : digits === 0 ? String(value) : value.toFixed(digits))

/** Participation per department as CSV; a suppressed department says so and carries no figure. */
export function participationCsv(rows: readonly Participation[], departments: ReadonlyMap<number, string>): string {
  return csvDocument(
    [['department', 'suppressed', 'people', 'rated'], ...rows.map((row) => [departments.get(row.departmentId) ?? String(row.departmentId), row.suppressed ? 'suppressed' : '', figure(row.people), figure(row.rated)])],
    options,
  )
}

/** People per level per competency as CSV; suppressed counts are empty and marked. */
export function distributionCsv(rows: readonly LevelDistribution[], tree: FrameworkTree, maxLevel: number): string {
  const levels = Array.from({ length: maxLevel + 1 }, (_, level) => level)
  return csvDocument(
    [
      // level_0 is "not yet", below the first level; not_rated, people with no rating.
      ['competency_code', 'competency', 'people', 'not_rated', ...levels.map((level) => `level_${level}`), 'suppressed_levels'],
      ...rows.map((row) => {
        const node = tree.byId.get(row.competencyId)
        const hidden = [...(row.notRated === null ? ['not_rated'] : []), ...levels.filter((level) => row.counts[level] === null)]
        return [node?.code ?? '', node?.title ?? '', String(row.people), figure(row.notRated), ...levels.map((level) => figure(row.counts[level] ?? null)), hidden.join(' ')]
      }),
    ],
    options,
  )
}

/** The trend as CSV: one row per closed round (its title and last day) or per quarter. */
export function trendCsv(trend: Trend, timeZone: string): string {
  const period = (point: TrendPoint) => (point.round === undefined ? [point.quarter ?? '', ''] : [point.round.title, closingDay(point.round.closesAt, timeZone)])
  return csvDocument(
    [[trend.by, 'closed_on', 'suppressed', 'rated', 'mean_level'], ...trend.points.map((point) => [...period(point), point.suppressed ? 'suppressed' : '', figure(point.rated), figure(point.meanLevel, 2)])],
    options,
  )
}
