import type { DomainSummary } from '../../server/domain/profile.js'
import type { ViewContext } from '../context.js'
import { formatNumber } from '../format.js'
import { html, type Html } from '../html.js'

/**
 * Mean level per domain as a horizontal bar chart in SVG, drawn on the server: no script, a few
 * hundred bytes, and a text alternative (title, description; the table beside it has the figures).
 */
export function profileChart(context: ViewContext, domains: readonly DomainSummary[], maxLevel: number): Html {
  const { m } = context
  const rowHeight = 28
  const labelWidth = 64
  const barWidth = 300
  const height = domains.length * rowHeight + 24
  const x = (level: number) => labelWidth + (level / maxLevel) * barWidth
  const ticks = Array.from({ length: maxLevel + 1 }, (_, level) => level)
  return html`<svg class="profile-chart" viewBox="0 0 ${labelWidth + barWidth + 16} ${height}" role="img" aria-labelledby="chart-title chart-desc">
  <title id="chart-title">${m.home.chartTitle}</title>
  <desc id="chart-desc">${m.home.chartDescription(maxLevel)}</desc>
  ${ticks.map((level) => html`<line class="tick" x1="${x(level)}" x2="${x(level)}" y1="0" y2="${height - 20}"/><text class="tick-label" x="${x(level)}" y="${height - 6}" text-anchor="middle">${level}</text>`)}
  ${domains.map((domain, index) => {
    const y = index * rowHeight + 4
    return html`<g>
    <text class="bar-label" x="${labelWidth - 6}" y="${y + 15}" text-anchor="end">${domain.code}</text>
    <rect class="bar-track" x="${labelWidth}" y="${y}" width="${barWidth}" height="20" rx="3"/>
    ${domain.meanLevel !== null && html`<rect class="bar" x="${labelWidth}" y="${y}" width="${(domain.meanLevel / maxLevel) * barWidth}" height="20" rx="3"><title>${domain.title}${m.punctuation.colon}${formatNumber(context, domain.meanLevel)}</title></rect>`}
    ${domain.meanTarget !== null && html`<rect class="target-mark" x="${x(domain.meanTarget) - 2}" y="${y - 3}" width="4" height="26"><title>${m.home.meanTarget}${m.punctuation.colon}${formatNumber(context, domain.meanTarget)}</title></rect>`}
  </g>`
  })}
</svg>`
}
