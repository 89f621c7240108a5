import { closingDay, openingDay } from '../../server/domain/rounds.js'
import type { TrendPoint } from '../../server/services/insights.js'
import type { RoundDetail, RoundSummary } from '../../server/services/rounds.js'
import type { Translations } from '../../server/domain/translations.js'
import { timeZoneOf, type ViewContext } from '../context.js'
import { formatDateTime, formatDay, formatNumber } from '../format.js'
import { html, type Html } from '../html.js'
import { csrfField, layout } from '../layout.js'
import { localizedText } from '../localize.js'
import { inlineListText } from '../punctuation.js'

export interface RoundFormValues {
  readonly title: string
  readonly opensOn: string
  readonly closesOn: string
  readonly departmentIds: readonly string[]
  readonly roleProfileIds: readonly string[]
}

export interface RoundsPageProps {
  readonly rounds: readonly (RoundSummary & { readonly invited: number })[]
  readonly departments: readonly { readonly id: number; readonly name: string }[]
  readonly roleProfiles: readonly { readonly id: number; readonly name: string; readonly translations?: Translations | undefined }[]
  readonly values: RoundFormValues
  /** What is wrong with the form, per field (`title`, `dates`) or for the whole (`form`). */
  readonly errors: Readonly<Record<string, string>>
  /** Mail goes out (MAIL_URL): invitations and reminders are sent. */
  readonly byMail: boolean
}

function windowText(context: ViewContext, round: { opensAt: Date; closesAt: Date }): string {
  return context.m.rounds.between(formatDay(context, openingDay(round.opensAt, timeZoneOf(context))), formatDay(context, closingDay(round.closesAt, timeZoneOf(context))))
}

/** HR's rounds: the list, and the form that opens one (a plain POST form). */
export function roundsPage(context: ViewContext, props: RoundsPageProps): Html {
  const { m } = context
  const r = m.rounds
  const body = html`<h1>${r.title}</h1>
<p>${r.intro}</p>
${!props.byMail && html`<p class="notice">${r.mailOff}</p>`}
${props.rounds.length === 0
    ? html`<p>${r.none}</p>`
    : html`<div class="table-scroll"><table>
  <thead><tr><th scope="col">${r.round}</th><th scope="col">${r.window}</th><th scope="col">${r.status}</th><th scope="col" class="num">${r.members}</th></tr></thead>
  <tbody>${props.rounds.map(
    (round) => html`<tr><th scope="row"><a href="/hr/rounds/${round.id}">${round.title}</a></th><td>${windowText(context, round)}</td><td>${r.statuses[round.status]}</td><td class="num">${formatNumber(context, round.invited, 0)}</td></tr>`,
  )}</tbody>
</table></div>`}
<section aria-labelledby="new-round-title" class="narrow">
  <h2 id="new-round-title">${r.newTitle}</h2>
  ${props.errors['form'] && html`<p class="form-error" role="alert">${props.errors['form']}</p>`}
  <form method="post" action="/hr/rounds" class="stack">
    ${csrfField(context)}
    <label for="round-title">${r.titleLabel}</label>
    <p class="hint" id="round-title-hint">${r.titleHint}</p>
    ${props.errors['title'] && html`<p class="field-error" id="round-title-error">${props.errors['title']}</p>`}
    <input id="round-title" name="title" maxlength="200" required value="${props.values.title}" aria-describedby="round-title-hint${props.errors['title'] ? ' round-title-error' : ''}"${props.errors['title'] ? html` aria-invalid="true"` : ''}>
    <p class="hint" id="round-dates-hint">${r.datesHint(timeZoneOf(context))}</p>
    ${props.errors['dates'] && html`<p class="field-error" id="round-dates-error">${props.errors['dates']}</p>`}
    <label for="round-opens">${r.opensLabel}</label>
    <input id="round-opens" name="opensOn" type="date" required value="${props.values.opensOn}" aria-describedby="round-dates-hint"${props.errors['dates'] ? html` aria-invalid="true"` : ''}>
    <label for="round-closes">${r.closesLabel}</label>
    <input id="round-closes" name="closesOn" type="date" required value="${props.values.closesOn}" aria-describedby="round-dates-hint"${props.errors['dates'] ? html` aria-invalid="true"` : ''}>
    ${props.departments.length > 0 &&
    html`<fieldset>
      <legend>${r.departments}</legend>
      <p class="hint">${r.departmentsHint}</p>
      <ul class="checks">${props.departments.map(
        (department) => html`<li><label><input type="checkbox" name="departmentIds" value="${department.id}"${props.values.departmentIds.includes(String(department.id)) ? ' checked' : ''}> ${department.name}</label></li>`,
      )}</ul>
    </fieldset>`}
    ${props.roleProfiles.length > 0 &&
    html`<fieldset>
      <legend>${r.roleProfiles}</legend>
      <p class="hint">${r.roleProfilesHint}</p>
      <ul class="checks">${props.roleProfiles.map(
        (profile) => html`<li><label><input type="checkbox" name="roleProfileIds" value="${profile.id}"${props.values.roleProfileIds.includes(String(profile.id)) ? ' checked' : ''}> ${localizedText(context, profile, 'name', profile.name)}</label></li>`,
      )}</ul>
    </fieldset>`}
    <button type="submit">${r.submit}</button>
  </form>
</section>`
  return layout(context, { title: r.title, body })
}

export interface RoundPageProps {
  readonly round: RoundDetail
  readonly departments: readonly { readonly id: number; readonly name: string }[]
  readonly roleProfiles: readonly { readonly id: number; readonly name: string; readonly translations?: Translations | undefined }[]
  readonly byMail: boolean
  /** Just created, for how many; or a reminder just queued (or refused as a repeat). */
  readonly created?: number | undefined
  readonly reminded?: { readonly queued: number; readonly already: boolean } | undefined
  readonly error?: string | undefined
  /** The round's results as the trend shows them; undefined until it closes. */
  readonly results?: TrendPoint | undefined
}

/** One round: its window and scope, participation per department (counts only), the reminder button. */
export function roundPage(context: ViewContext, props: RoundPageProps): Html {
  const { m } = context
  const r = m.rounds
  const { round } = props
  const { participation } = round
  const departmentName = (id: number | null) => (id === null ? r.noDepartment : (props.departments.find((department) => department.id === id)?.name ?? String(id)))
  const scope = [
    ...(round.departmentIds ?? []).map((id) => departmentName(id)),
    ...(round.roleProfileIds ?? []).map((id) => {
      const profile = props.roleProfiles.find((candidate) => candidate.id === id)
      return profile === undefined ? String(id) : localizedText(context, profile, 'name', profile.name)
    }),
  ]
  const count = (value: number | null) => (value === null ? '—' : formatNumber(context, value, 0))
  const body = html`<p class="breadcrumb"><a href="/hr/rounds">${r.allRounds}</a></p>
<h1>${round.title}</h1>
${props.created !== undefined && html`<p class="saved" role="status">${r.created(props.created)}</p>`}
${props.reminded !== undefined && html`<p class="saved" role="status">${props.reminded.already ? r.remindedAlready : r.reminded(props.reminded.queued)}</p>`}
${props.error && html`<p class="form-error" role="alert">${props.error}</p>`}
<dl class="facts">
  <dt>${r.window}</dt><dd>${windowText(context, round)} <span class="muted">(${r.statuses[round.status]})</span></dd>
  <dt>${r.scope}</dt><dd>${scope.length === 0 ? r.everyone : inlineListText(context, scope)}</dd>
</dl>
${!props.byMail && html`<p class="notice">${r.mailOff}</p>`}
<section aria-labelledby="participation-title">
  <h2 id="participation-title">${r.participationTitle}</h2>
  <p class="muted">${r.participationIntro(round.k)}</p>
  ${participation.started === null && html`<p>${r.tooFew(round.k)}</p>`}
  <div class="table-scroll"><table class="participation">
    <thead><tr><th scope="col">${r.department}</th><th scope="col" class="num">${r.invited}</th><th scope="col" class="num">${r.started}</th><th scope="col" class="num">${r.completed}</th></tr></thead>
    <tbody>${participation.rows.map(
      (row) => html`<tr><th scope="row">${inlineListText(context, row.departmentIds.map(departmentName))}</th><td class="num">${count(row.invited)}</td><td class="num">${count(row.started)}</td><td class="num">${count(row.completed)}</td></tr>`,
    )}</tbody>
    <tfoot><tr><th scope="row">${r.whole}</th><td class="num">${count(participation.invited)}</td><td class="num">${count(participation.started)}</td><td class="num">${count(participation.completed)}</td></tr></tfoot>
  </table></div>
</section>
<section aria-labelledby="results-title">
  <h2 id="results-title">${r.resultsTitle}</h2>
  ${props.results === undefined
    ? html`<p class="muted">${r.resultsPending}</p>`
    : props.results.suppressed || props.results.meanLevel === null
      ? html`<p>${r.resultsWithheld(round.k)}</p>`
      : html`<p>${r.resultsFigures(count(props.results.rated), formatNumber(context, props.results.meanLevel))}</p>`}
  ${round.status === 'closed' && html`<p><a href="/hr/insights?framework=${round.frameworkId}">${r.compareRounds}</a></p>`}
</section>
${round.status === 'open' &&
  html`<section aria-labelledby="remind-title">
  <h2 id="remind-title">${r.remindTitle}</h2>
  <p class="muted">${r.remindHint}</p>
  <form method="post" action="/hr/rounds/${round.id}/reminders">
    ${csrfField(context)}
    <button type="submit">${r.remind}</button>
  </form>
</section>`}
${round.reminders.length > 0 &&
  html`<section aria-labelledby="reminders-title">
  <h2 id="reminders-title">${r.remindersTitle}</h2>
  <ul>${round.reminders.map((reminder) => html`<li>${r.reminderRow(formatDateTime(context, reminder.at, timeZoneOf(context)), r.reminderKind(reminder.key.startsWith('days:') ? Number(reminder.key.slice(5)) : 0), reminder.queued)}</li>`)}</ul>
</section>`}`
  return layout(context, { title: round.title, body })
}
