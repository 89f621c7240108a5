import type { FrameworkUse } from '../../server/domain/framework-use.js'
import { frameworkSwitch } from '../partials/framework-switch.js'
import type { Translations } from '../../server/domain/translations.js'
import { competenciesIn, type FrameworkTree, type TreeNode } from '../../server/domain/tree.js'
import type { Department } from '../../server/services/institution.js'
import type { GapCell, GapReport } from '../../server/services/reports.js'
import type { ViewContext } from '../context.js'
import { formatNumber, formatPercent } from '../format.js'
import { html, type Html } from '../html.js'
import { localized, localizedText } from '../localize.js'
import { layout } from '../layout.js'
import { nextTo } from '../punctuation.js'

export type HeatMetric = 'gap' | 'below'

export interface HrFilter {
  readonly department?: number | undefined
  readonly roleProfile?: number | undefined
  readonly basis: 'self' | 'validated'
  readonly metric: HeatMetric
}

export interface HrDashboardProps {
  readonly institutionName: string
  /** The framework reported on, and the others the institution uses for people. */
  readonly frameworkId: number
  readonly uses: readonly FrameworkUse[]
  readonly tree: FrameworkTree
  readonly maxLevel: number
  readonly departments: readonly Department[]
  readonly roleProfiles: readonly { id: number; name: string; translations?: Translations | undefined }[]
  readonly byDepartment: GapReport
  readonly institutionTotals: GapReport
  readonly filter: HrFilter
}

/** The filters as a query string (framework, department and role profile only: what the API accepts too). */
function filterQuery(filter: { department?: number | undefined; roleProfile?: number | undefined; basis?: 'self' | 'validated' | undefined; framework?: number | undefined }, without: 'department' | null = null): string {
  const params = new URLSearchParams()
  if (filter.framework !== undefined) params.set('framework', String(filter.framework))
  if (filter.basis === 'validated') params.set('basis', 'validated')
  if (filter.department !== undefined && without !== 'department') params.set('department', String(filter.department))
  if (filter.roleProfile !== undefined) params.set('roleProfile', String(filter.roleProfile))
  const text = params.toString()
  return text === '' ? '' : `&${text}`
}

/** The HR dashboard: a heatmap of departments x domains, every cell a link to its drill-down. */
export function hrDashboardPage(context: ViewContext, props: HrDashboardProps): Html {
  const { m } = context
  const shownDepartments = props.departments.filter((department) => props.byDepartment.cells.some((cell) => cell.departmentId === department.id))
  const cellOf = (report: GapReport, departmentId: number | null, domainId: number) =>
    report.cells.find((cell) => cell.departmentId === departmentId && cell.nodeId === domainId)
  const filter = { ...props.filter, framework: props.frameworkId }
  const body = html`<h1>${m.hr.title}</h1>
${frameworkSwitch(context, { uses: props.uses, current: props.frameworkId, href: (id) => `/hr?framework=${id}` })}
<p>${nextTo(m.hr.intro(props.institutionName), props.filter.basis === 'validated' ? m.hr.basisValidated : m.hr.basisSelf)}</p>
<p class="notice">${m.hr.privacy(props.byDepartment.k)}</p>
<p><a href="/hr/insights?framework=${props.frameworkId}">${m.hr.insightsLink}</a> · <a href="/hr/settings">${m.hr.settingsLink}</a> · <a href="/hr/sign-in">${m.signInSettings.link}</a> · <a href="/hr/provisioning">${m.provisioning.link}</a> · <a href="/hr/frameworks">${m.hr.frameworksLink}</a></p>
${filterForm(context, props)}
<h2>${m.hr.heatmapTitle}</h2>
<p class="muted">${m.hr.heatmapCaption}</p>
${legend(context, props.filter.metric, props.maxLevel)}
<div class="table-scroll"><table class="heatmap">
  <caption class="visually-hidden">${m.hr.heatmapTitle}${m.punctuation.colon}${m.hr.metrics[props.filter.metric]}</caption>
  <thead><tr><th scope="col">${m.hr.department}</th>${props.tree.roots.map((domain) => html`<th scope="col"><span class="code">${domain.code}</span> <span class="domain-name">${localized(context, domain, 'title', domain.title)}</span></th>`)}</tr></thead>
  <tbody>
    ${shownDepartments.map(
      (department) => html`<tr><th scope="row">${department.name}</th>${props.tree.roots.map((domain) =>
        heatCell(context, cellOf(props.byDepartment, department.id, domain.id), props, `/hr/departments/${department.id}?domain=${domain.id}${filterQuery(filter, 'department')}`, domain),
      )}</tr>`,
    )}
    ${props.filter.department === undefined &&
    html`<tr class="total"><th scope="row">${m.hr.institutionRow}</th>${props.tree.roots.map((domain) => heatCell(context, cellOf(props.institutionTotals, null, domain.id), props, undefined, domain))}</tr>`}
  </tbody>
</table></div>
${shownDepartments.length === 0 && html`<p>${m.hr.noData}</p>`}
<p><a href="/api/v1/institution/gaps.csv?by=department${filterQuery(filter)}" download>${m.hr.exportCsv}</a></p>`
  return layout(context, { title: m.hr.title, body })
}

function filterForm(context: ViewContext, props: HrDashboardProps): Html {
  const { m } = context
  const { filter } = props
  return html`<form class="filters" method="get" action="/hr">
  <input type="hidden" name="framework" value="${props.frameworkId}">
  <fieldset>
    <legend>${m.hr.filters}</legend>
    <label for="hr-metric">${m.hr.metric}</label>
    <select id="hr-metric" name="metric">${(['gap', 'below'] as const).map((metric) => html`<option value="${metric}"${filter.metric === metric && html` selected`}>${m.hr.metrics[metric]}</option>`)}</select>
    <label for="hr-basis">${m.hr.basis}</label>
    <select id="hr-basis" name="basis">${(['self', 'validated'] as const).map((basis) => html`<option value="${basis}"${filter.basis === basis && html` selected`}>${m.hr.bases[basis]}</option>`)}</select>
    <label for="hr-department">${m.hr.department}</label>
    <select id="hr-department" name="department"><option value="">${m.hr.allDepartments}</option>${props.departments.map(
      (department) => html`<option value="${department.id}"${filter.department === department.id && html` selected`}>${department.name}</option>`,
    )}</select>
    <label for="hr-profile">${m.hr.roleProfile}</label>
    <select id="hr-profile" name="roleProfile"><option value="">${m.hr.allProfiles}</option>${props.roleProfiles.map(
      (profile) => html`<option value="${profile.id}"${filter.roleProfile === profile.id && html` selected`}>${localizedText(context, profile, 'name', profile.name)}</option>`,
    )}</select>
    <button type="submit">${m.hr.apply}</button>
  </fieldset>
</form>`
}

/** A heatmap cell: a colour class by bucket (no inline style, for the CSP), the figure, and a link. */
function heatCell(context: ViewContext, cell: GapCell | undefined, props: HrDashboardProps, href: string | undefined, domain: TreeNode): Html {
  const { m } = context
  if (cell === undefined) return html`<td class="heat-none"><span title="${m.hr.noTargetLabel}">${m.hr.noTarget}</span></td>`
  // Both metrics are gap figures: hidden with the cell, or on their own when too few people have a target here.
  if (cell.suppressed || cell.gapSuppressed) return html`<td class="heat-suppressed"><span aria-label="${m.hr.suppressedLabel}" title="${m.hr.suppressedLabel}">${m.hr.suppressed}</span></td>`
  const value = props.filter.metric === 'gap' ? cell.meanGap : cell.belowTarget
  if (value === null) return html`<td class="heat-none"><span title="${m.hr.noTargetLabel}">${m.hr.noTarget}</span></td>`
  const share = props.filter.metric === 'gap' ? value / props.maxLevel : value
  const bucket = Math.min(4, Math.floor(share * 5))
  const text = props.filter.metric === 'gap' ? formatNumber(context, value) : formatPercent(context, value)
  const label = `${localizedText(context, domain, 'title', domain.title)}${m.punctuation.colon}${m.hr.metrics[props.filter.metric]} ${text}; ${m.hr.people} ${cell.people}, ${m.hr.rated} ${cell.rated}`
  return html`<td class="heat-${bucket}">${href ? html`<a href="${href}" aria-label="${label}">${text}</a>` : html`<span aria-label="${label}">${text}</span>`}</td>`
}

function legend(context: ViewContext, metric: HeatMetric, maxLevel: number): Html {
  const { m } = context
  const step = (index: number) => (metric === 'gap' ? formatNumber(context, (index * maxLevel) / 5) : formatPercent(context, index / 5))
  return html`<p class="legend" aria-hidden="true">${m.hr.legend}${m.punctuation.colon}${[0, 1, 2, 3, 4].map((index) => html`<span class="heat-${index}">${step(index)}+</span> `)}<span class="heat-suppressed">${m.hr.suppressed}</span> ${m.hr.suppressedLabel}</p>`
}

export interface HrDepartmentProps {
  readonly department: Department
  readonly domain: TreeNode
  readonly report: GapReport
  readonly roleProfile?: number | undefined
  readonly basis: 'self' | 'validated'
  readonly frameworkId: number
}

/** The drill-down: one department, the competencies of one domain, every figure in a table. */
export function hrDepartmentPage(context: ViewContext, props: HrDepartmentProps): Html {
  const { m } = context
  const competencies = competenciesIn(props.domain)
  const figure = (value: number | null, format: (v: number) => string) => (value === null ? m.hr.suppressed : format(value))
  const body = html`<p class="breadcrumb"><a href="/hr?department=${props.department.id}${filterQuery({ roleProfile: props.roleProfile, basis: props.basis, framework: props.frameworkId })}">${m.hr.backToDashboard}</a></p>
<h1>${m.hr.drillTitle(props.department.name, localizedText(context, props.domain, 'title', props.domain.title))}</h1>
<p>${props.basis === 'validated' ? m.hr.basisValidated : m.hr.basisSelf}</p>
<p class="notice">${m.hr.privacy(props.report.k)}</p>
<div class="table-scroll"><table>
  <thead><tr><th scope="col">${m.hr.competency}</th><th scope="col">${m.hr.people}</th><th scope="col">${m.hr.rated}</th><th scope="col">${m.hr.meanLevel}</th><th scope="col">${m.hr.meanGap}</th><th scope="col">${m.hr.belowTarget}</th></tr></thead>
  <tbody>${competencies.map((competency) => {
    const cell = props.report.cells.find((candidate) => candidate.nodeId === competency.id)
    return html`<tr${cell?.suppressed && html` class="suppressed"`}>
      <th scope="row"><span class="code">${competency.code}</span> ${localized(context, competency, 'title', competency.title)}</th>
      ${cell === undefined || cell.suppressed
        ? html`<td colspan="5"><span title="${m.hr.suppressedLabel}">${m.hr.suppressed}</span> <span class="muted">${m.hr.suppressedLabel}</span></td>`
        : html`<td>${cell.people}</td><td>${cell.rated}</td><td>${figure(cell.meanLevel, (v) => formatNumber(context, v))}</td><td>${figure(cell.meanGap, (v) => formatNumber(context, v))}</td><td>${figure(cell.belowTarget, (v) => formatPercent(context, v))}</td>`}
    </tr>`
  })}</tbody>
</table></div>
<p><a href="/api/v1/institution/gaps.csv?by=competency${filterQuery({ department: props.department.id, roleProfile: props.roleProfile, basis: props.basis })}" download>${m.hr.exportCsv}</a></p>`
  return layout(context, { title: m.hr.drillTitle(props.department.name, props.domain.title), body })
}
