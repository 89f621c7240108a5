import { isWebUrl } from '../../server/domain/framework-problems.js'
import type { Activity } from '../../server/services/activities.js'
import type { PersonVisibility } from '../../server/services/visibility.js'
import type { ViewContext } from '../context.js'
import { formatDay, formatNumber } from '../format.js'
import { html, type Html } from '../html.js'
import { csrfField, layout } from '../layout.js'
import { whoSees } from '../partials/who-sees.js'

export interface ActivityFormState {
  readonly values: Readonly<Record<string, string>>
  readonly errors: Readonly<Record<string, string>>
}

export interface ActivitiesPageProps {
  readonly activities: readonly Activity[]
  readonly hoursPerYear: readonly { year: number; hours: number; activities: number }[]
  readonly form: ActivityFormState
  /** The activity just changed, to confirm it where the person looks. */
  readonly savedId?: number | undefined
  /** Who sees the ratings a completed programme leads to. */
  readonly visibility: PersonVisibility
}

/** The PD log: hours per year, every activity with its next step, and a form to record another. */
export function activitiesPage(context: ViewContext, props: ActivitiesPageProps): Html {
  const { m } = context
  const body = html`<h1>${m.activities.title}</h1>
<p>${m.activities.intro}</p>
${whoSees(context, props.visibility)}
${props.hoursPerYear.length > 0 &&
html`<h2>${m.activities.hoursPerYear}</h2>
<div class="table-scroll"><table class="compact">
  <thead><tr><th scope="col">${m.activities.year}</th><th scope="col">${m.activities.hours}</th><th scope="col">${m.activities.count}</th></tr></thead>
  <tbody>${props.hoursPerYear.map((row) => html`<tr><th scope="row">${row.year}</th><td>${formatNumber(context, row.hours)}</td><td>${row.activities}</td></tr>`)}</tbody>
</table></div>`}
<h2>${m.activities.listTitle}</h2>
${props.activities.length === 0
  ? html`<p>${m.activities.none}</p>`
  : html`<ul class="activity-list">${props.activities.map((activity) => activityItem(context, activity, activity.id === props.savedId))}</ul>`}
${activityForm(context, props.form)}`
  return layout(context, { title: m.activities.title, body })
}

/** One activity with the step it can take next; also the fragment htmx swaps after a change. */
export function activityItem(context: ViewContext, activity: Activity, saved: boolean): Html {
  const { m } = context
  const id = `a-${activity.id}`
  return html`<li class="activity" id="${id}">
  <h3>${activity.programmeId === null ? activity.title : html`<a href="/programmes/${activity.programmeId}">${activity.title}</a> <span class="code">${activity.programmeCode}</span>`}</h3>
  ${saved && html`<p class="saved" role="status">${m.activities.saved}</p>`}
  <p><span class="tag status-${activity.status}">${m.activities.statuses[activity.status]}</span>
  ${activity.hours !== null && html` · ${m.programmes.hours(formatNumber(context, activity.hours))}`}
  ${activity.startedAt && html` · ${m.activities.started} ${formatDay(context, activity.startedAt)}`}
  ${activity.completedAt && html` · ${m.activities.completed} ${formatDay(context, activity.completedAt)}`}
  ${activity.certificateUrl && isWebUrl(activity.certificateUrl) && html` · <a href="${activity.certificateUrl}" rel="noopener noreferrer nofollow">${m.activities.certificate}</a>`}</p>
  ${activity.notes && html`<p class="muted">${activity.notes}</p>`}
  ${activity.status !== 'completed' &&
  html`<form method="post" action="/activities/${activity.id}/status" hx-post="/activities/${activity.id}/status" hx-target="#${id}" hx-swap="outerHTML" class="inline-actions">
    ${csrfField(context)}
    ${activity.status === 'planned' && html`<button type="submit" name="status" value="in_progress" class="secondary">${m.activities.start}</button>`}
    <button type="submit" name="status" value="completed">${m.activities.complete}</button>
  </form>`}
  ${activity.status === 'completed' && activity.programmeId !== null && html`<p><a href="/activities/${activity.id}/rerate">${m.activities.rerate}</a></p>`}
</li>`
}

function activityForm(context: ViewContext, form: ActivityFormState): Html {
  const { m } = context
  const value = (name: string) => form.values[name] ?? ''
  const error = (name: string) => form.errors[name] && html`<p class="field-error" id="af-${name}-error">${form.errors[name]}</p>`
  const invalid = (name: string) => form.errors[name] && html` aria-invalid="true" aria-describedby="af-${name}-error"`
  return html`<section aria-labelledby="add-title">
<h2 id="add-title">${m.activities.add}</h2>
<form method="post" action="/activities" class="stack" novalidate>
  ${csrfField(context)}
  ${Object.keys(form.errors).length > 0 && html`<p class="form-error" role="alert">${m.activities.fixErrors}</p>`}
  <label for="af-title">${m.activities.titleField}</label>
  ${error('title')}
  <input id="af-title" name="title" type="text" maxlength="300" value="${value('title')}"${invalid('title')}>
  <label for="af-status">${m.activities.status}</label>
  <select id="af-status" name="status">
    ${(['completed', 'in_progress', 'planned'] as const).map((status) => html`<option value="${status}"${value('status') === status && html` selected`}>${m.activities.statuses[status]}</option>`)}
  </select>
  <label for="af-hours">${m.activities.hoursField}</label>
  ${error('hours')}
  <input id="af-hours" name="hours" type="number" min="0" max="2000" step="0.5" inputmode="decimal" value="${value('hours')}"${invalid('hours')}>
  <label for="af-startedAt">${m.activities.startedField}</label>
  ${error('startedAt')}
  <input id="af-startedAt" name="startedAt" type="date" value="${value('startedAt')}"${invalid('startedAt')}>
  <label for="af-completedAt">${m.activities.completedField}</label>
  ${error('completedAt')}
  <input id="af-completedAt" name="completedAt" type="date" value="${value('completedAt')}"${invalid('completedAt')}>
  <label for="af-certificateUrl">${m.activities.certificateField}</label>
  ${error('certificateUrl')}
  <input id="af-certificateUrl" name="certificateUrl" type="url" maxlength="2000" value="${value('certificateUrl')}"${invalid('certificateUrl')}>
  <label for="af-notes">${m.activities.notesField}</label>
  <textarea id="af-notes" name="notes" rows="2" maxlength="2000">${value('notes')}</textarea>
  <button type="submit">${m.activities.save}</button>
</form>
</section>`
}
