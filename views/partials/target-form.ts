import type { Scale } from '../../server/domain/scale.js'
import type { Translations } from '../../server/domain/translations.js'
import type { Target } from '../../server/domain/gaps.js'
import type { ViewContext } from '../context.js'
import { html, type Html } from '../html.js'
import { fallbackLanguage, langAttribute, localizedText } from '../localize.js'
import { csrfField } from '../layout.js'
import { levelName } from './level-name.js'
import { parenthetical } from '../punctuation.js'

export interface TargetSectionProps {
  readonly competencyId: number
  readonly scale: Scale
  readonly target: Target | undefined
  /** The person marked the competency "not applicable to my role" (so it has no target for them). */
  readonly notApplicable?: boolean
  /** The person's role profile, whose name the target's source shows. */
  readonly profile: { readonly name: string; readonly translations?: Translations | undefined } | undefined
  readonly saved: boolean
}

/** The person's target for one competency, and a form to set their own or go back to the profile's. */
export function targetSection(context: ViewContext, props: TargetSectionProps): Html {
  const { m } = context
  const action = `/framework/${props.competencyId}/target`
  return html`<section id="target-section" aria-labelledby="target-heading">
  <h2 id="target-heading">${m.framework.yourTarget}</h2>
  ${props.saved && html`<p class="saved" role="status">${m.framework.targetSaved}</p>`}
  <p>${props.notApplicable
    ? m.framework.targetNotApplicable
    : props.target === undefined
    ? m.framework.noTarget
    : html`${levelName(context, props.scale, props.target.level)}${parenthetical(context, props.target.source === 'personal' ? m.framework.targetPersonal : m.framework.targetFromProfile(props.profile === undefined ? '' : localizedText(context, props.profile, 'name', props.profile.name)), { muted: true })}`}</p>
  <form method="post" action="${action}" hx-post="${action}" hx-target="#target-section" hx-swap="outerHTML" class="inline-actions">
    ${csrfField(context)}
    <label for="target-level">${m.framework.setTarget}</label>
    <select id="target-level" name="level">
      ${props.scale.levels.map((level) => html`<option value="${level.level}"${props.target?.level === level.level && html` selected`}${langAttribute(fallbackLanguage(context, level, 'label', level.label, props.scale.language))}>${level.level} ${localizedText(context, level, 'label', level.label, props.scale.language)}</option>`)}
    </select>
    <button type="submit">${m.framework.saveTarget}</button>
    ${(props.target?.source === 'personal' || props.notApplicable) && html`<button type="submit" name="level" value="profile" class="secondary">${m.framework.useProfileTarget}</button>`}
  </form>
</section>`
}
