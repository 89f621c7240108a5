import type { PersonalReport } from '../../server/domain/personal-report.js'
import type { ReportShare } from '../../server/services/report-shares.js'
import type { FrameworkUse } from '../../server/domain/framework-use.js'
import type { Plan } from '../../server/services/plan.js'
import type { ViewContext } from '../context.js'
import { formatDate, formatNumber } from '../format.js'
import { html, type Html } from '../html.js'
import { csrfField, layout } from '../layout.js'
import { localized, localizedText } from '../localize.js'
import { levelNameText } from '../partials/level-name.js'
import { frameworkSwitch } from '../partials/framework-switch.js'

export interface ReportPageProps {
  readonly plan: Plan
  readonly report: PersonalReport
  readonly previousRound: { readonly title: string; readonly closesAt: Date } | undefined
  readonly uses?: readonly FrameworkUse[]
  /** The person's own report: whether it is shared with their reviewer. */
  readonly share?: ReportShare
  /** Just shared (`on`) or stopped (`off`), to say so. */
  readonly notice?: 'on' | 'off' | undefined
  /** The reviewer reads a report its person shared with them. */
  readonly sharedBy?: { readonly id: number; readonly name: string; readonly at: Date }
}

/**
 * The personal feedback report: printable HTML (the print stylesheet drops the header and forms), in
 * the reader's language. Where the person stands per domain in words, strengths, three priorities
 * with programmes in their languages, and the change since their previous round. The person can
 * download it as a PDF and share it with their reviewer; the reviewer's read of a shared report is
 * the same page with the person named and no forms.
 */
export function reportPage(context: ViewContext, props: ReportPageProps): Html {
  const { m } = context
  const r = m.report
  const { plan, report, sharedBy } = props
  const framework = plan.framework
  const scale = framework.row.scale
  const competency = (id: number) => framework.tree.byId.get(id)
  const name = (id: number) => {
    const node = competency(id)
    return html`<a href="/framework/${id}"><span class="code">${node?.code}</span> ${node && localized(context, node, 'title', node.title)}</a>`
  }
  const level = (value: number) => levelNameText(context, scale, value)
  const anyRated = report.domains.some((domain) => domain.rated > 0)
  const change = (value: number | null) =>
    value === null ? '—' : r.change(formatNumber(context, Math.abs(value)), Math.abs(value) < 0.05 ? 'same' : value > 0 ? 'up' : 'down')
  const title = sharedBy === undefined ? r.title : r.sharedTitle(sharedBy.name)
  const pdfHref = sharedBy === undefined ? `/me/report.pdf?framework=${framework.row.id}` : `/people/${sharedBy.id}/report.pdf?framework=${framework.row.id}`
  const body = html`<div class="report"><h1>${title}</h1>
${sharedBy === undefined && frameworkSwitch(context, { uses: props.uses ?? [], current: framework.row.id, href: (id) => `/me/report?framework=${id}` })}
${props.notice !== undefined && props.share !== undefined && html`<p class="saved" role="status">${props.notice === 'on' && props.share.reviewer !== null ? r.shareSaved(props.share.reviewer.name) : r.shareStopped}</p>`}
<p>${r.intro(localizedText(context, framework.row, 'title', framework.row.title))}</p>
<p class="muted no-print">${sharedBy === undefined ? r.private : r.sharedBy(sharedBy.name, formatDate(context, sharedBy.at))}</p>
<p class="no-print"><a class="button" href="${pdfHref}" download>${r.pdf}</a></p>
${!anyRated
    ? html`<section class="card"><h2>${m.plan.rateFirstTitle}</h2><p>${m.plan.rateFirst}</p>${sharedBy === undefined && html`<p><a class="button" href="/self-assessment?framework=${framework.row.id}">${m.plan.rateFirstLink}</a></p>`}</section>`
    : html`<section aria-labelledby="domains-title">
  <h2 id="domains-title">${r.domainsTitle}</h2>
  <div class="table-scroll"><table>
    <thead><tr><th scope="col">${r.domain}</th><th scope="col">${r.standingHeader}</th><th scope="col">${r.rated}</th>${props.previousRound && html`<th scope="col">${r.changeSince(props.previousRound.title)}</th>`}</tr></thead>
    <tbody>${report.domains.map((domain) => {
      const node = competency(domain.domainId)
      return html`<tr class="standing-${domain.standing}"><th scope="row"><span class="code">${node?.code}</span> ${node && localized(context, node, 'title', node.title)}</th><td>${r.standings[domain.standing]}</td><td>${r.ratedOf(domain.rated, domain.asked)}</td>${props.previousRound && html`<td>${change(domain.change)}</td>`}</tr>`
    })}</tbody>
  </table></div>
</section>
<section aria-labelledby="strengths-title">
  <h2 id="strengths-title">${r.strengthsTitle}</h2>
  ${report.strengths.length === 0
    ? html`<p>${r.noStrengths}</p>`
    : html`<ul>${report.strengths.map((line) => html`<li>${name(line.competencyId)}: ${r.levelAgainst(level(line.current), level(line.target))}</li>`)}</ul>`}
</section>
<section aria-labelledby="priorities-title">
  <h2 id="priorities-title">${r.prioritiesTitle}</h2>
  ${report.priorities.length === 0
    ? html`<p>${r.noPriorities}</p>`
    : html`<ol class="priorities">${report.priorities.map(
        (priority) => html`<li>${name(priority.competencyId)}: ${r.levelAgainst(level(priority.current), level(priority.target))}
      ${priority.programmes.length === 0
        ? html`<p class="muted">${r.noProgramme}</p>`
        : html`<p>${r.programmesFor}</p><ul>${priority.programmes.map(
            (programme) => html`<li><a href="/programmes/${programme.id}?framework=${framework.row.id}">${localized(context, programme, 'title', programme.title)}</a> <span class="code">${programme.code}</span> <span class="muted">${m.programmes.hours(formatNumber(context, programme.hours))}</span></li>`,
          )}</ul>`}</li>`,
      )}</ol>`}
  ${sharedBy === undefined && html`<p class="no-print"><a href="/plan?framework=${framework.row.id}">${r.openPlan}</a></p>`}
</section>`}
${props.share !== undefined && shareSection(context, framework.row.id, props.share)}</div>`
  return layout(context, { title, body })
}

/** Sharing the report with the reviewer: a plain form, one button each way; who will see it said first. */
function shareSection(context: ViewContext, frameworkId: number, share: ReportShare): Html {
  const r = context.m.report
  const form = (shared: 'on' | 'off', label: string) =>
    html`<form method="post" action="/me/report/share" class="no-print">${csrfField(context)}<input type="hidden" name="framework" value="${frameworkId}"><input type="hidden" name="shared" value="${shared}"><button type="submit"${shared === 'off' ? html` class="secondary"` : ''}>${label}</button></form>`
  return html`<section aria-labelledby="share-title" class="no-print">
  <h2 id="share-title">${r.shareTitle}</h2>
  ${share.reviewer === null
    ? html`<p>${r.noReviewer}</p>`
    : share.sharedAt === null
      ? html`<p>${r.shareExplain(share.reviewer.name)}</p>${form('on', r.shareButton(share.reviewer.name))}`
      : html`<p>${r.sharedSince(share.reviewer.name, formatDate(context, share.sharedAt))}</p>${form('off', r.stopButton)}`}
</section>`
}
