import { isTimeZone, TIME_ZONES } from '../../server/domain/time-zone.js'
import { RATING_VISIBILITIES } from '../../server/domain/visibility.js'
import type { ViewContext } from '../context.js'
import { html, type Html } from '../html.js'
import { csrfField, layout } from '../layout.js'

export interface SettingsValues {
  readonly minGroupSize: string
  readonly staleAfterMonths: string
  readonly ratingVisibility: string
  readonly timeZone: string
  readonly reviewReminderDays: string
}

/** The institution's privacy threshold (K), stale period and who sees a person's self-ratings, kept by HR. */
export function hrSettingsPage(context: ViewContext, props: { values: SettingsValues; error: string | undefined; saved: boolean }): Html {
  const { m } = context
  const body = html`<p class="breadcrumb"><a href="/hr">${m.hr.backToDashboard}</a></p>
<div class="narrow">
<h1>${m.hr.settingsTitle}</h1>
${props.saved && html`<p class="saved" role="status">${m.hr.settingsSaved}</p>`}
${props.error && html`<p class="form-error" role="alert">${props.error}</p>`}
<form method="post" action="/hr/settings" class="stack">
  ${csrfField(context)}
  <label for="min-group-size">${m.hr.minGroupSize}</label>
  <p class="hint" id="min-group-size-hint">${m.hr.minGroupSizeHint}</p>
  <input id="min-group-size" name="minGroupSize" type="number" min="3" max="50" inputmode="numeric" required value="${props.values.minGroupSize}" aria-describedby="min-group-size-hint">
  <label for="stale-months">${m.hr.staleMonths}</label>
  <p class="hint" id="stale-months-hint">${m.hr.staleMonthsHint}</p>
  <input id="stale-months" name="staleAfterMonths" type="number" min="1" max="120" inputmode="numeric" required value="${props.values.staleAfterMonths}" aria-describedby="stale-months-hint">
  <fieldset aria-describedby="visibility-hint">
    <legend>${m.visibility.settingLegend}</legend>
    <p class="hint" id="visibility-hint">${m.visibility.settingHint}</p>
    ${RATING_VISIBILITIES.map(
      (mode) => html`<label class="level-choice">
      <input type="radio" name="ratingVisibility" value="${mode}"${props.values.ratingVisibility === mode && html` checked`} required>
      <span><strong>${m.visibility.modes[mode]}</strong> ${m.visibility.modeHints[mode]}</span>
    </label>`,
    )}
  </fieldset>
  <label for="time-zone">${m.hr.timeZone}</label>
  <p class="hint" id="time-zone-hint">${m.hr.timeZoneHint}</p>
  <select id="time-zone" name="timeZone" aria-describedby="time-zone-hint">
    ${!isTimeZone(props.values.timeZone) && props.values.timeZone !== '' && html`<option value="${props.values.timeZone}" selected>${props.values.timeZone}</option>`}
    ${TIME_ZONES.map((zone) => html`<option${zone === props.values.timeZone && html` selected`}>${zone}</option>`)}
  </select>
  <label for="review-reminder-days">${m.hr.reviewReminderDays}</label>
  <p class="hint" id="review-reminder-days-hint">${m.hr.reviewReminderDaysHint}</p>
  <input id="review-reminder-days" name="reviewReminderDays" type="number" min="1" max="90" inputmode="numeric" required value="${props.values.reviewReminderDays}" aria-describedby="review-reminder-days-hint">
  <button type="submit">${m.staff.save}</button>
</form></div>`
  return layout(context, { title: m.hr.settingsTitle, body })
}
