import type { FrameworkUse } from '../../server/domain/framework-use.js'
import type { AssessmentAccess, ResultsVisibility } from '../../server/domain/subject-assessment.js'
import { MAX_JUDGEMENT_TEXT, MAX_PANEL_SIZE } from '../../server/domain/subject-assessment.js'
import type { TreeNode } from '../../server/domain/tree.js'
import { maxLevel } from '../../server/domain/scale.js'
import type { Framework } from '../../server/services/frameworks.js'
import type { AreaJudgement, AssessmentReport, PanelMember } from '../../server/services/subject-assessments.js'
import type { ViewContext } from '../context.js'
import { formatDate, formatNumber, formatPercent } from '../format.js'
import { html, type Html } from '../html.js'
import { frameworkNotice } from '../partials/framework-notice.js'
import { csrfField, layout } from '../layout.js'
import { localized, localizedText } from '../localize.js'
import { levelName } from '../partials/level-name.js'
import { statement } from '../partials/statement.js'

/** A unit or institution assessment as the index lists it. */
export interface AssessmentListing {
  readonly use: FrameworkUse
  readonly access: AssessmentAccess
  readonly judged: number
  readonly areas: number
}

export interface AssessmentProps {
  readonly framework: Framework
  readonly use: FrameworkUse
  readonly visibility: ResultsVisibility
  readonly access: AssessmentAccess
  readonly current: ReadonlyMap<number, AreaJudgement>
  /** The unit shown, for a framework about units (null: the institution). */
  readonly unitId: number | null
  readonly units: readonly { readonly id: number; readonly name: string }[]
  /** Where "continue" leads: the first area nobody judged, or undefined when all are. */
  readonly nextArea: TreeNode | undefined
}

export interface AreaProps extends AssessmentProps {
  readonly area: TreeNode
  readonly history: readonly AreaJudgement[]
  readonly outcome: 'saved' | 'unchanged' | undefined
  /** The area the outcome is about, when the panel went on to the next one. */
  readonly outcomeArea?: TreeNode | undefined
  /** The form as sent, when it was refused, and what was wrong with it. */
  readonly refused?: { readonly values: { readonly level: string; readonly evidence: string; readonly comment: string }; readonly fields: ReadonlySet<string> } | undefined
}

const unitQuery = (unitId: number | null, first = '?') => (unitId === null ? '' : `${first}unit=${unitId}`)
const base = (props: { framework: Framework }) => `/assessments/${props.framework.row.id}`

/** The assessments of units and of the institution the reader takes part in or may read. */
export function assessmentIndexPage(context: ViewContext, props: { readonly listings: readonly AssessmentListing[]; readonly mayManage: boolean }): Html {
  const a = context.m.assessment
  const body = html`<div class="narrow"><h1>${a.indexTitle}</h1>
<p>${a.indexIntro}</p>
${props.listings.length === 0
  ? html`<p class="muted">${a.none}</p>`
  : html`<ul class="stack">${props.listings.map(
      (listing) => html`<li><h2><a href="/assessments/${listing.use.frameworkId}">${localized(context, listing.use, 'title', listing.use.title)}</a> <span class="muted">${listing.use.version}</span></h2>
      <p class="hint">${a.subject[listing.use.subject === 'unit' ? 'unit' : 'institution']}${listing.use.purpose && html` · ${listing.use.purpose}`}</p>
      ${listing.use.subject === 'institution' && html`<p>${progressBar(context, listing.judged, listing.areas)}</p>`}
      <p><a href="/assessments/${listing.use.frameworkId}/report">${a.openReport}</a>${props.mayManage && html` · <a href="/assessments/${listing.use.frameworkId}/panel">${a.managePanel}</a>`}</p></li>`,
    )}</ul>`}</div>`
  return layout(context, { title: a.indexTitle, body })
}

/** One assessment: progress, where to go on, and every area with its current level, by component and sub-component. */
export function assessmentPage(context: ViewContext, props: AssessmentProps): Html {
  const a = context.m.assessment
  const { framework } = props
  const title = localizedText(context, framework.row, 'title', framework.row.title)
  const judged = framework.tree.competencies.filter((area) => props.current.has(area.id)).length
  const body = html`<p class="breadcrumb"><a href="/assessments">${a.indexTitle}</a></p>
<h1>${localized(context, framework.row, 'title', framework.row.title)}</h1>
${frameworkNotice(context, framework.row)}
${unitChooser(context, props)}
<p>${props.access.assessAs === undefined ? a.readOnly : a.assessAs[props.access.assessAs]} ${a.whoReads[props.visibility]}</p>
<p>${progressBar(context, judged, framework.tree.competencies.length)}</p>
${props.access.assessAs !== undefined &&
  html`<p>${props.nextArea === undefined
    ? a.allJudged
    : html`<a class="button" href="${base(props)}/areas/${props.nextArea.id}${unitQuery(props.unitId)}">${judged === 0 ? a.start : a.continue}</a>`}</p>`}
<p><a href="${base(props)}/report${unitQuery(props.unitId)}">${a.openReport}</a>${context.user?.role === 'hr' && html` · <a href="${base(props)}/panel">${a.managePanel}</a>`}</p>
${framework.tree.roots.map((component) => section(context, props, component, 2))}`
  return layout(context, { title, body })
}

function section(context: ViewContext, props: AssessmentProps, node: TreeNode, depth: number): Html {
  const heading = html`<span class="code">${node.code}</span> ${localized(context, node, 'title', node.title)}`
  const areas = node.children.filter((child) => child.kind === 'competency')
  const domains = node.children.filter((child) => child.kind === 'domain')
  return html`<section>
${depth === 2 ? html`<h2>${heading}</h2>` : html`<h3>${heading}</h3>`}
${areas.length > 0 &&
  html`<ul class="area-list">${areas.map((area) => {
    const judgement = props.current.get(area.id)
    const name = localized(context, area, 'title', area.title)
    return html`<li><a href="${base(props)}/areas/${area.id}${unitQuery(props.unitId)}"><span class="code">${area.code}</span> ${name}</a>: ${judgementText(context, props.framework, judgement)}</li>`
  })}</ul>`}
${domains.map((domain) => section(context, props, domain, depth + 1))}
</section>`
}

/** One area: the panel's form (or the level, for a reader), then the area's history. */
export function assessmentAreaPage(context: ViewContext, props: AreaProps): Html {
  const body = html`<p class="breadcrumb"><a href="${base(props)}${unitQuery(props.unitId)}">${context.m.assessment.back}</a></p>
${areaSection(context, props)}`
  return layout(context, { title: `${props.area.code} ${localizedText(context, props.area, 'title', props.area.title)}`, body })
}

/** The area's part of the page: what htmx swaps after a save. */
export function areaSection(context: ViewContext, props: AreaProps): Html {
  const a = context.m.assessment
  const { framework, area } = props
  const areas = framework.tree.competencies
  const index = areas.findIndex((each) => each.id === area.id)
  const previous = areas[index - 1]
  const next = areas[index + 1]
  const path = ancestors(framework, area)
  const current = props.current.get(area.id)
  const chosen = props.refused?.values.level ?? (current === undefined ? '' : String(current.level))
  const evidence = props.refused?.values.evidence ?? current?.evidence ?? ''
  const comment = props.refused?.values.comment ?? current?.comment ?? ''
  const invalid = (field: string) => props.refused?.fields.has(field) === true
  const action = `${base(props)}/areas/${area.id}${unitQuery(props.unitId)}`
  return html`<section id="assessment-area" class="narrow">
<p class="muted">${a.areaOf(index + 1, areas.length)} · ${path.map((node, i) => html`${i > 0 && ' › '}${localized(context, node, 'title', node.title)}`)}</p>
<h1><span class="code">${area.code}</span> ${localized(context, area, 'title', area.title)}</h1>
${statement(context, area)}
${props.outcome !== undefined &&
  html`<p class="saved" role="status">${props.outcomeArea !== undefined && props.outcomeArea.id !== area.id && html`<span class="code">${props.outcomeArea.code}</span> `}${props.outcome === 'saved' ? a.saved : a.unchanged}</p>`}
<p>${judgementText(context, framework, current)}</p>
${props.access.assessAs === undefined
  ? html``
  : html`<form method="post" action="${action}" hx-post="${action}" hx-target="#assessment-area" hx-swap="outerHTML" class="stack" novalidate>
  ${csrfField(context)}
  ${props.refused !== undefined && html`<p class="form-error" role="alert">${a.formInvalid}</p>`}
  <fieldset class="levels"${invalid('level') && html` aria-describedby="level-error"`}>
    <legend>${a.levelLegend}</legend>
    ${invalid('level') && html`<p class="field-error" id="level-error">${a.fieldLevel}</p>`}
    <label class="level-choice"><input type="radio" name="level" value="0"${chosen === '0' && html` checked`} required> <span><strong>0</strong> ${a.notInPlace}<br><span class="hint">${a.notInPlaceHint}</span></span></label>
    ${framework.row.scale.levels.map((level) => {
      const own = area.levelDescriptors[String(level.level)]
      return html`<label class="level-choice"><input type="radio" name="level" value="${level.level}"${chosen === String(level.level) && html` checked`} required> <span><strong>${level.level}</strong> ${localized(context, level, 'label', level.label, framework.row.scale.language)}<br><span class="hint">${own === undefined ? localized(context, level, 'description', level.description, framework.row.scale.language) : localized(context, own, 'description', own.description, area.language)}</span></span></label>`
    })}
  </fieldset>
  <label for="evidence">${a.evidence}</label>
  <p class="hint" id="evidence-hint">${a.evidenceHint}</p>
  ${invalid('evidence') && html`<p class="field-error" id="evidence-error">${a.fieldTooLong(MAX_JUDGEMENT_TEXT)}</p>`}
  <textarea id="evidence" name="evidence" rows="4" maxlength="${MAX_JUDGEMENT_TEXT}" aria-describedby="evidence-hint${invalid('evidence') && ' evidence-error'}"${invalid('evidence') && html` aria-invalid="true"`}>${evidence}</textarea>
  <label for="comment">${a.comment}</label>
  <p class="hint" id="comment-hint">${a.commentHint}</p>
  ${invalid('comment') && html`<p class="field-error" id="comment-error">${a.fieldTooLong(MAX_JUDGEMENT_TEXT)}</p>`}
  <textarea id="comment" name="comment" rows="3" maxlength="${MAX_JUDGEMENT_TEXT}" aria-describedby="comment-hint${invalid('comment') && ' comment-error'}"${invalid('comment') && html` aria-invalid="true"`}>${comment}</textarea>
  <p class="hint">${a.whoReads[props.visibility]}</p>
  <p class="actions">${next !== undefined && html`<button type="submit" name="then" value="next">${a.saveNext}</button> `}<button type="submit" name="then" value="stay"${next !== undefined && html` class="secondary"`}>${a.save}</button></p>
</form>`}
<nav class="pager" aria-label="${a.areaOf(index + 1, areas.length)}">
  ${previous !== undefined && html`<a href="${base(props)}/areas/${previous.id}${unitQuery(props.unitId)}">${a.previous}</a>`}
  ${next !== undefined && html`<a href="${base(props)}/areas/${next.id}${unitQuery(props.unitId)}">${a.next}</a>`}
</nav>
<h2>${a.history}</h2>
${props.history.length === 0
  ? html`<p class="muted">${a.noHistory}</p>`
  : html`<ol class="history">${props.history.map(
      (judgement) => html`<li>${levelOrNotInPlace(context, framework, judgement.level)}: ${a.judgedBy(judgement.ratedBy.name, formatDate(context, judgement.createdAt))}
      ${judgement.evidence && html`<p class="evidence">${judgement.evidence}</p>`}${judgement.comment && html`<p class="muted">${judgement.comment}</p>`}</li>`,
    )}</ol>`}
</section>`
}

/** The report: per component the level and weakest areas; per weak area the staff competencies and programmes. */
export function assessmentReportPage(context: ViewContext, props: { readonly framework: Framework; readonly report: AssessmentReport; readonly unitId: number | null }): Html {
  const a = context.m.assessment
  const r = a.report
  const { framework, report } = props
  const title = `${r.title}: ${localizedText(context, framework.row, 'title', framework.row.title)}`
  const node = (id: number) => framework.tree.byId.get(id)!
  const areaName = (id: number) => html`<span class="code">${node(id).code}</span> ${localized(context, node(id), 'title', node(id).title)}`
  const body = html`<p class="breadcrumb"><a href="${base(props)}${unitQuery(props.unitId)}">${a.back}</a></p>
<h1>${r.title}: ${localized(context, framework.row, 'title', framework.row.title)}</h1>
${frameworkNotice(context, framework.row)}
<p>${r.intro}</p>
<p>${progressBar(context, report.judged, report.areas)}</p>
<div class="table-scroll" role="region" aria-label="${r.component}" tabindex="0"><table class="report">
<thead><tr><th scope="col">${r.component}</th><th scope="col">${r.level}</th><th scope="col">${r.judged}</th><th scope="col">${r.weakest}</th></tr></thead>
<tbody>${report.components.map(
    (result) => html`<tr><th scope="row"><span class="code">${result.component.code}</span> ${localized(context, result.component, 'title', result.component.title)}</th>
    <td>${result.level === null ? html`<span class="muted">${r.noneJudged}</span>` : r.levelOf(formatNumber(context, result.level), maxLevel(framework.row.scale))}</td>
    <td>${result.judged} / ${result.areas}</td>
    <td>${result.judged === 0 ? '' : result.weakest.length === 0 ? html`<span class="muted">${r.noneWeak}</span>` : html`<ul>${result.weakest.map((area) => html`<li>${areaName(area.competencyId)}: ${levelOrNotInPlace(context, framework, area.level)}</li>`)}</ul>`}</td></tr>`,
  )}</tbody>
</table></div>
<h2>${r.advice}</h2>
${report.advice.length === 0
  ? html`<p class="muted">${r.adviceNone}</p>`
  : html`<p class="hint">${r.crosswalkNote}</p>${report.advice.map(
      (area) => html`<section class="advice"><h3>${areaName(area.competencyId)}: ${levelOrNotInPlace(context, framework, area.level)}</h3>
      ${area.related.length === 0
        ? html`<p class="muted">${r.noLinks}</p>`
        : html`<p>${r.related}:</p><ul>${area.related.map(
            (staff) => html`<li><a href="/framework/${staff.competencyId}"><span class="code">${staff.code}</span> ${localized(context, staff, 'title', staff.title)}</a>${staff.staff !== undefined && html`<br><span class="muted">${staffText(context, staff.staff)}</span> <a href="/hr/insights?framework=${staff.frameworkId}">${r.staffGaps}</a>`}
            ${staff.programmes.length === 0
              ? html`<br><span class="muted">${r.noProgrammes}</span>`
              : html`<br>${r.programmes}: ${staff.programmes.map((programme, i) => html`${i > 0 && ', '}<a href="/programmes/${programme.id}?framework=${staff.frameworkId}">${localized(context, programme, 'title', programme.title)}</a> (${r.hours(programme.hours)}, ${programme.languages.join('/')})`)}`}</li>`,
          )}</ul>`}
      </section>`,
    )}`}`
  return layout(context, { title, body })
}

/** HR appoint the panel and say who reads the results. */
export function assessmentPanelPage(
  context: ViewContext,
  props: { readonly framework: Framework; readonly members: readonly PanelMember[]; readonly visibility: ResultsVisibility; readonly emails?: string | undefined; readonly error?: string | undefined; readonly saved: boolean },
): Html {
  const p = context.m.assessment.panel
  const emails = props.emails ?? props.members.map((member) => member.email).join('\n')
  const body = html`<p class="breadcrumb"><a href="${base(props)}">${context.m.assessment.back}</a></p>
<div class="narrow"><h1>${p.title}: ${localized(context, props.framework.row, 'title', props.framework.row.title)}</h1>
<p>${p.intro}</p>
${props.saved && html`<p class="saved" role="status">${p.saved}</p>`}
${props.error && html`<p class="form-error" role="alert">${props.error}</p>`}
<h2>${p.current}</h2>
${props.members.length === 0 ? html`<p class="muted">${p.noMembers}</p>` : html`<ul>${props.members.map((member) => html`<li>${member.name} &lt;${member.email}&gt;</li>`)}</ul>`}
<form method="post" action="${base(props)}/panel" class="stack">
  ${csrfField(context)}
  <label for="members">${p.members}</label>
  <p class="hint" id="members-hint">${p.membersHint(MAX_PANEL_SIZE)}</p>
  <textarea id="members" name="members" rows="6" aria-describedby="members-hint"${props.error !== undefined && html` aria-invalid="true"`}>${emails}</textarea>
  <fieldset><legend>${p.visibility}</legend>
    <label class="level-choice"><input type="radio" name="visibility" value="panel"${props.visibility === 'panel' && html` checked`}> <span>${p.visibilityPanel}</span></label>
    <label class="level-choice"><input type="radio" name="visibility" value="staff"${props.visibility === 'staff' && html` checked`}> <span>${p.visibilityStaff}</span></label>
  </fieldset>
  <button type="submit">${context.m.staff.save}</button>
</form></div>`
  return layout(context, { title: p.title, body })
}

function unitChooser(context: ViewContext, props: AssessmentProps): Html {
  if (props.use.subject !== 'unit') return html``
  const a = context.m.assessment
  return html`<form method="get" action="${base(props)}" class="inline-form"><label for="unit">${a.unit}</label>
<select id="unit" name="unit">${props.units.map((unit) => html`<option value="${unit.id}"${props.unitId === unit.id && html` selected`}>${unit.name}</option>`)}</select>
<button type="submit">${a.chooseUnit}</button></form>`
}

function staffText(context: ViewContext, figures: NonNullable<AssessmentReport['advice'][number]['related'][number]['staff']>): string {
  const r = context.m.assessment.report
  if (figures.suppressed || figures.rated === null) return r.staffWithheld
  if (figures.meanGap === null || figures.belowTarget === null) return r.staffRated(figures.rated)
  return r.staffFigures(figures.rated, formatPercent(context, figures.belowTarget), formatNumber(context, figures.meanGap))
}

function progressBar(context: ViewContext, judged: number, total: number): Html {
  return html`<progress max="${total}" value="${judged}" aria-hidden="true"></progress> ${context.m.assessment.progress(judged, total)}`
}

function judgementText(context: ViewContext, framework: Framework, judgement: AreaJudgement | undefined): Html {
  if (judgement === undefined) return html`<span class="muted">${context.m.assessment.notJudged}</span>`
  return html`${levelOrNotInPlace(context, framework, judgement.level)} <span class="muted">(${context.m.assessment.judgedBy(judgement.ratedBy.name, formatDate(context, judgement.createdAt))})</span>`
}

function levelOrNotInPlace(context: ViewContext, framework: Framework, level: number): Html {
  return level === 0 ? html`<span class="level-badge">0</span> ${context.m.assessment.notInPlace}` : levelName(context, framework.row.scale, level)
}

/** The component and sub-components above an area, outermost first. */
function ancestors(framework: Framework, area: TreeNode): TreeNode[] {
  const path: TreeNode[] = []
  for (let node = area.parentId === null ? undefined : framework.tree.byId.get(area.parentId); node !== undefined; node = node.parentId === null ? undefined : framework.tree.byId.get(node.parentId)) path.unshift(node)
  return path
}
