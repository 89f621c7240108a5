import type { Scale } from '../../server/domain/scale.js'
import type { TreeNode } from '../../server/domain/tree.js'
import { html, type Html } from '../html.js'
import { localized } from '../localize.js'
import { localizedFlow } from '../rich-text.js'

/**
 * The scale's levels with what each means for this competency, in the reader's language where the
 * data has it (`where` is the ViewContext; without it, the English text).
 */
export function levelDescriptors(competency: TreeNode, scale: Scale, where: { readonly locale: string } = { locale: 'en' }): Html {
  return html`<dl class="descriptors">
  ${scale.levels.map((level) => {
    const descriptor = competency.levelDescriptors[String(level.level)]
    return html`<dt><span class="level-badge">${level.level}</span> ${localized(where, level, 'label', level.label, scale.language)}${descriptor?.label && html`: ${localized(where, descriptor, 'label', descriptor.label, competency.language)}`}</dt>
    <dd>${descriptor === undefined ? localizedFlow(where, level, 'description', level.description, scale.language) : localizedFlow(where, descriptor, 'description', descriptor.description, competency.language)}</dd>`
  })}
</dl>`
}
