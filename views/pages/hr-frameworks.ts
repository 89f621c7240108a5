import type { FrameworkUse } from '../../server/domain/framework-use.js'
import type { Translations } from '../../server/domain/translations.js'
import type { ViewContext } from '../context.js'
import { html, type Html } from '../html.js'
import { csrfField, layout } from '../layout.js'
import { localized, localizedText } from '../localize.js'

/** A framework version HR may add: loaded, for people, and not one the institution already uses. */
export interface FrameworkChoice {
  readonly id: number
  readonly title: string
  readonly version: string
  readonly translations: Translations
}

export interface HrFrameworksProps {
  readonly uses: readonly FrameworkUse[]
  readonly choices: readonly FrameworkChoice[]
  readonly profiles: readonly { readonly code: string; readonly name: string; readonly translations?: Translations | undefined }[]
  /** The form as sent, kept when it was refused. */
  readonly values?: { readonly purpose: ReadonlyMap<number, string>; readonly audience: ReadonlyMap<number, readonly string[]>; readonly remove: ReadonlySet<number>; readonly add: string }
  readonly error: string | undefined
  readonly saved: boolean
}

/**
 * The frameworks the institution uses, each with its purpose and audience, one to add and those to
 * stop using: one plain form, saved all at once.
 */
export function hrFrameworksPage(context: ViewContext, props: HrFrameworksProps): Html {
  const { m } = context
  const f = m.hr.frameworks
  const purposeOf = (use: FrameworkUse) => props.values?.purpose.get(use.frameworkId) ?? use.purpose
  const audienceOf = (use: FrameworkUse) => props.values?.audience.get(use.frameworkId) ?? use.audience
  const body = html`<p class="breadcrumb"><a href="/hr">${m.hr.backToDashboard}</a></p>
<div class="narrow">
<h1>${f.title}</h1>
<p>${f.intro}</p>
${props.saved && html`<p class="saved" role="status">${f.saved}</p>`}
${props.error && html`<p class="form-error" role="alert">${props.error}</p>`}
<form method="post" action="/hr/frameworks" class="stack">
  ${csrfField(context)}
  ${props.uses.map(
    (use) => html`<fieldset>
    <legend>${localized(context, use, 'title', use.title)} <span class="muted">${use.version}</span>${use.primary && html` <strong>${f.primary}</strong>`}</legend>
    <input type="hidden" name="framework" value="${use.frameworkId}">
    ${use.subject !== 'person' && html`<p class="hint">${f.subjects[use.subject]} <a href="/assessments/${use.frameworkId}">${m.assessment.open}</a> · <a href="/assessments/${use.frameworkId}/panel">${m.assessment.managePanel}</a></p>`}
    <label for="purpose-${use.frameworkId}">${f.purpose}</label>
    <input id="purpose-${use.frameworkId}" name="purpose-${use.frameworkId}" type="text" maxlength="200" value="${purposeOf(use)}" aria-describedby="purpose-hint">
    ${use.subject === 'person' && props.profiles.length > 0 &&
    html`<fieldset><legend>${f.audience}</legend>
      <p class="hint">${f.audienceHint}</p>
      ${props.profiles.map(
        (profile) => html`<label class="level-choice"><input type="checkbox" name="audience-${use.frameworkId}" value="${profile.code}"${audienceOf(use).includes(profile.code) && html` checked`}> <span>${localized(context, profile, 'name', profile.name)}</span></label>`,
      )}
    </fieldset>`}
    ${use.primary
      ? html`<p class="hint">${f.primaryHint}</p>`
      : html`<label class="level-choice"><input type="checkbox" name="remove" value="${use.frameworkId}"${props.values?.remove.has(use.frameworkId) === true && html` checked`}> <span>${f.remove}</span></label>`}
  </fieldset>`,
  )}
  <p class="hint" id="purpose-hint">${f.purposeHint}</p>
  <p class="hint">${f.removeHint}</p>
  <label for="add-framework">${f.add}</label>
  ${props.choices.length === 0
    ? html`<p class="muted" id="add-framework">${f.addNone}</p>`
    : html`<select id="add-framework" name="add"><option value="">${f.addNothing}</option>${props.choices.map(
        (choice) => html`<option value="${choice.id}"${props.values?.add === String(choice.id) && html` selected`}>${localizedText(context, choice, 'title', choice.title)} (${choice.version})</option>`,
      )}</select>`}
  <button type="submit">${m.staff.save}</button>
</form></div>`
  return layout(context, { title: f.title, body })
}
