import { csvDocument } from '../../server/domain/csv.js'
import type { FrameworkTree } from '../../server/domain/tree.js'
import type { GapReport } from '../../server/services/reports.js'

/**
 * A gap report as CSV, one row per cell, with the same suppression as pages and API: a suppressed
 * cell says so and carries no figure.
 */
export function gapReportCsv(report: GapReport, labels: { tree: FrameworkTree; departments: ReadonlyMap<number, string> }): string {
  const rows = report.cells.map((cell) => {
    const node = labels.tree.byId.get(cell.nodeId)
    return [
      cell.departmentId === null ? '' : (labels.departments.get(cell.departmentId) ?? String(cell.departmentId)),
      node?.code ?? '',
      node?.title ?? '',
      cell.suppressed ? 'suppressed' : '',
      cell.people ?? '',
      cell.rated ?? '',
      round(cell.meanLevel),
      round(cell.meanGap),
      round(cell.belowTarget),
    ]
  })
  const header = ['department', report.by === 'competency' ? 'competency_code' : 'domain_code', report.by === 'competency' ? 'competency' : 'domain', 'suppressed', 'people', 'rated', 'mean_level', 'mean_gap', 'share_below_target']
  return csvDocument([header, ...rows], { lineEnd: 'windows' })
}

function round(value: number | null): string {
  return value === null ? '' : value.toFixed(2)
}
