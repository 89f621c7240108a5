import type { FrameworkUse } from '../../server/domain/framework-use.js'
import { frameworkSwitch } from '../partials/framework-switch.js'
import type { Scale } from '../../server/domain/scale.js'
import type { Translations } from '../../server/domain/translations.js'
import type { FrameworkTree } from '../../server/domain/tree.js'
import { closingDay } from '../../server/domain/rounds.js'
import type { LevelDistribution, Participation, Trend, TrendPoint } from '../../server/services/insights.js'
import type { Department } from '../../server/services/institution.js'
import { timeZoneOf, type ViewContext } from '../context.js'
import { formatDay, formatNumber, formatPercent } from '../format.js'
import { html, type Html } from '../html.js'
import { inlineListText } from '../punctuation.js'
import { localized } from '../localize.js'
import { layout } from '../layout.js'

export interface TopGap {
  readonly competencyId: number
  readonly meanGap: number
  readonly programmes: readonly { id: number; code: string; title: string; translations?: Translations | undefined; hours: number }[]
}

export interface HrInsightsProps {
  readonly k: number
  /** The framework reported on, and the others the institution uses for people. */
  readonly frameworkId: number
  readonly uses: readonly FrameworkUse[]
  readonly tree: FrameworkTree
  readonly scale: Scale
  readonly departments: readonly Department[]
  readonly participation: readonly Participation[]
  readonly topGaps: readonly TopGap[]
  readonly distribution: readonly LevelDistribution[]
  readonly trend: Trend
}

/** Participation, top gaps with programmes, level distribution and trend: charts drawn as SVG, each with its table. */
export function hrInsightsPage(context: ViewContext, props: HrInsightsProps): Html {
  const { m } = context
  const dash = m.hr.suppressed
  const departmentName = new Map(props.departments.map((department) => [department.id, department.name]))
  const body = html`<p class="breadcrumb"><a href="/hr?framework=${props.frameworkId}">${m.hr.backToDashboard}</a></p>
<h1>${m.hr.insightsTitle}</h1>
${frameworkSwitch(context, { uses: props.uses, current: props.frameworkId, href: (id) => `/hr/insights?framework=${id}` })}
<p class="notice">${m.hr.privacy(props.k)}</p>

<h2>${m.hr.participationTitle}</h2>
<p class="muted">${m.hr.participationIntro}</p>
<div class="table-scroll"><table class="compact">
  <thead><tr><th scope="col">${m.hr.department}</th><th scope="col">${m.hr.people}</th><th scope="col">${m.hr.rated}</th><th scope="col">${m.hr.share}</th></tr></thead>
  <tbody>${props.participation.map(
    (row) => html`<tr><th scope="row">${departmentName.get(row.departmentId) ?? row.departmentId}</th>${row.suppressed
      ? html`<td colspan="3"><span title="${m.hr.suppressedLabel}">${dash}</span> <span class="muted">${m.hr.suppressedLabel}</span></td>`
      : html`<td>${row.people}</td><td>${row.rated}</td><td>${formatPercent(context, (row.rated ?? 0) / Math.max(1, row.people ?? 1))}</td>`}</tr>`,
  )}</tbody>
</table></div>
<p><a href="/hr/insights/participation.csv?framework=${props.frameworkId}" download>${m.hr.exportCsv}</a></p>

<h2>${m.hr.topGapsTitle}</h2>
<p class="muted">${m.hr.topGapsIntro}</p>
<ol>${props.topGaps.map((gap) => {
    const competency = props.tree.byId.get(gap.competencyId)
    return html`<li><strong><span class="code">${competency?.code}</span> ${competency && localized(context, competency, 'title', competency.title)}</strong>${m.punctuation.colon}${m.hr.meanGap} ${formatNumber(context, gap.meanGap)}
    ${gap.programmes.length === 0
      ? html`<p class="muted">${m.hr.noProgramme}</p>`
      : html`<ul>${gap.programmes.map((programme) => html`<li><a href="/programmes/${programme.id}">${localized(context, programme, 'title', programme.title)}</a> <span class="code">${programme.code}</span> ${m.programmes.hours(formatNumber(context, programme.hours))}</li>`)}</ul>`}</li>`
  })}</ol>

${trendSection(context, props.trend, props.scale.levels.length, props.k)}
<p><a href="/hr/insights/trend.csv?framework=${props.frameworkId}" download>${m.hr.exportCsv}</a></p>

<h2>${m.hr.distributionTitle}</h2>
<p class="muted">${m.hr.distributionIntro(props.k)}</p>
<div class="table-scroll"><table class="distribution">
  <caption class="visually-hidden">${m.hr.distributionChart}</caption>
  <thead><tr><th scope="col">${m.hr.competency}</th><th scope="col">${m.plan.notRated}</th><th scope="col">0 ${m.plan.notYet}</th>${props.scale.levels.map((level) => html`<th scope="col">${m.hr.level} ${level.level}</th>`)}<th scope="col">${m.hr.share}</th></tr></thead>
  <tbody>${props.tree.competencies.map((competency) => {
    const row = props.distribution.find((candidate) => candidate.competencyId === competency.id)
    if (row === undefined) return null
    return html`<tr><th scope="row"><span class="code">${competency.code}</span> ${localized(context, competency, 'title', competency.title)}</th><td>${row.notRated ?? dash}</td>${row.counts.map((count) => html`<td>${count ?? dash}</td>`)}<td>${distributionBar(row)}</td></tr>`
  })}</tbody>
</table></div>
<p><a href="/hr/insights/distribution.csv?framework=${props.frameworkId}" download>${m.hr.exportCsv}</a></p>`
  return layout(context, { title: m.hr.insightsTitle, body })
}

/** One horizontal stacked bar: the share of people at each level (suppressed counts drawn as hatched). */
function distributionBar(row: LevelDistribution): Html {
  const width = 120
  let x = 0
  const parts = [row.notRated, ...row.counts].map((count, index) => {
    const share = count === null ? 0 : count / Math.max(1, row.people)
    const part = html`<rect class="${index === 0 ? 'not-rated' : `level-${index - 1}`}" x="${x.toFixed(1)}" y="0" width="${(share * width).toFixed(1)}" height="12"/>`
    x += share * width
    return part
  })
  return html`<svg class="distribution-bar" viewBox="0 0 ${width} 12" width="${width}" height="12" aria-hidden="true"><rect class="hidden-share" x="0" y="0" width="${width}" height="12"/>${parts}</svg>`
}

/** The trend by round (a table with the change from one round shown to the next) or by quarter. */
function trendSection(context: ViewContext, trend: Trend, maxLevel: number, k: number): Html {
  const { m } = context
  const dash = m.hr.suppressed
  const byRound = trend.by === 'round'
  let previous: number | undefined
  const rows = trend.points.map((point) => {
    const change = point.meanLevel !== null && previous !== undefined ? point.meanLevel - previous : null
    if (point.meanLevel !== null) previous = point.meanLevel
    const figures = html`<td>${point.rated ?? dash}</td><td>${point.meanLevel === null ? dash : formatNumber(context, point.meanLevel)}</td>`
    return point.round === undefined
      ? html`<tr><th scope="row">${pointLabel(context, point)}</th>${figures}</tr>`
      : html`<tr><th scope="row"><a href="/hr/rounds/${point.round.id}">${point.round.title}</a></th><td>${formatDay(context, closingDay(point.round.closesAt, timeZoneOf(context)))}</td>${figures}<td>${change === null ? '' : signed(context, change)}</td></tr>`
  })
  return html`<h2>${byRound ? m.hr.trendByRoundTitle : m.hr.trendTitle}</h2>
<p class="muted">${byRound ? m.hr.trendByRoundIntro(k) : m.hr.trendIntro}</p>
${trendChart(context, trend.points, maxLevel, byRound ? m.hr.trendByRoundChart : m.hr.trendChart)}
<div class="table-scroll"><table class="compact">
  <thead><tr>${byRound
    ? html`<th scope="col">${m.hr.round}</th><th scope="col">${m.hr.roundClosedOn}</th><th scope="col">${m.hr.answered}</th><th scope="col">${m.hr.meanLevel}</th><th scope="col">${m.hr.changeSincePrevious}</th>`
    : html`<th scope="col">${m.hr.quarter}</th><th scope="col">${m.hr.rated}</th><th scope="col">${m.hr.meanLevel}</th>`}</tr></thead>
  <tbody>${rows}</tbody>
</table></div>
`
}

/** A change of mean level with its sign: "+0.4", "−0.2", "0.0". */
function signed(context: ViewContext, change: number): string {
  const text = formatNumber(context, Math.abs(change))
  if (Number(change.toFixed(1)) === 0) return text
  return `${change > 0 ? '+' : '−'}${text}`
}

/** A point's label under the chart: the quarter, or the round's closing day. */
function pointLabel(context: ViewContext, point: TrendPoint): string {
  return point.round === undefined ? quarterLabel(context, point.quarter ?? '') : formatDay(context, closingDay(point.round.closesAt, timeZoneOf(context)))
}

function trendChart(context: ViewContext, trend: readonly TrendPoint[], maxLevel: number, title: string): Html {
  const { m } = context
  // The points' labels are centred under their points: the first and last keep half a label's room
  // (a Chinese one is about 70 units wide) between them and the edges.
  const width = 480
  const height = 140
  const first = 45
  const last = width - 45
  const x = (index: number) => (trend.length > 1 ? first + (index * (last - first)) / (trend.length - 1) : first)
  const y = (level: number) => height - 24 - (level / maxLevel) * (height - 40)
  const points = trend.flatMap((row, index) => (row.meanLevel === null ? [] : [`${x(index).toFixed(1)},${y(row.meanLevel).toFixed(1)}`]))
  return html`<svg class="trend-chart" viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="trend-title">
  <title id="trend-title">${title}${m.punctuation.colon}${inlineListText(context, trend.map((row) => `${row.round?.title ?? pointLabel(context, row)} ${row.meanLevel === null ? m.hr.suppressed : formatNumber(context, row.meanLevel)}`))}</title>
  ${Array.from({ length: maxLevel + 1 }, (_, level) => html`<line class="tick" x1="${first - 10}" x2="${width - 10}" y1="${y(level)}" y2="${y(level)}"/><text class="tick-label" x="${first - 16}" y="${y(level) + 4}" text-anchor="end">${level}</text>`)}
  ${points.length > 1 && html`<polyline class="trend-line" points="${points.join(' ')}"/>`}
  ${trend.map((row, index) => html`${row.meanLevel !== null && html`<circle class="trend-point" cx="${x(index).toFixed(1)}" cy="${y(row.meanLevel)}" r="3"/>`}<text class="tick-label" x="${x(index).toFixed(1)}" y="${height - 6}" text-anchor="middle">${pointLabel(context, row)}</text>`)}
</svg>`
}

/** A quarter as the service labels it ('2026-Q1') in the reader's language: 'Q1 2026', 'T1 2026', '2026年第1季度'. */
function quarterLabel(context: ViewContext, quarter: string): string {
  const match = /^(\d{4})-Q([1-4])$/.exec(quarter)
  return match === null ? quarter : context.m.hr.quarterLabel(Number(match[1]), Number(match[2]))
}
