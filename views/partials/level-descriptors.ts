import type { Scale } from '../../server/db/schema.js'
import type { TreeNode } from '../../server/domain/tree.js'
import { html, type Html } from '../html.js'

/** The scale's levels with what each means for this competency. */
export function levelDescriptors(competency: TreeNode, scale: Scale): Html {
  return html`<dl class="descriptors">
  ${scale.levels.map((level) => {
    const descriptor = competency.levelDescriptors[String(level.level)]
    return html`<dt><span class="level-badge">${level.level}</span> ${level.label}${descriptor?.label && html`: ${descriptor.label}`}</dt>
    <dd>${descriptor?.description ?? level.description}</dd>`
  })}
</dl>`
}
