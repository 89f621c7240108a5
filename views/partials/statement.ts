import type { TreeNode } from '../../server/domain/tree.js'
import type { ViewContext } from '../context.js'
import { formatDate } from '../format.js'
import { html, type Html } from '../html.js'
import { localizedBlock } from '../rich-text.js'
import { labelled } from '../punctuation.js'

/**
 * What a node says below its title: the full statement where the title is a short form of it (the
 * abbreviated statement, a cut of a long one, or its words without markup, kept from CASE), then its
 * description; markdown and HTML in them rendered, sanitised (views/rich-text.ts).
 */
export function statement(context: ViewContext, node: TreeNode): Html {
  const full = node.case?.fullStatement?.trim()
  return html`${full && localizedBlock(context, { language: node.language }, 'title', full, { className: 'statement' })}${node.description && localizedBlock(context, node, 'description', node.description)}`
}

/** The rest of what the item's CASE data says (education levels, keywords, dates...), as facts; nothing when it says nothing more. */
export function caseDetails(context: ViewContext, node: TreeNode): Html {
  const kept = node.case
  if (kept === undefined) return html``
  const m = context.m.framework.caseDetails
  const date = (value: string) => (Number.isNaN(Date.parse(value)) ? value : formatDate(context, new Date(value)))
  const inForce = [kept.statusStartDate && m.inForceFrom(date(kept.statusStartDate)), kept.statusEndDate && m.inForceUntil(date(kept.statusEndDate))].filter(Boolean).join(' ')
  const facts = ([
    [m.alternativeLabel, kept.alternativeLabel ?? ''],
    [m.listEnumeration, kept.listEnumeration ?? ''],
    [m.itemType, kept.CFItemType ?? ''],
    [m.educationLevel, (kept.educationLevel ?? []).join(', ')],
    [m.conceptKeywords, (kept.conceptKeywords ?? []).join(', ')],
    [m.language, kept.language ?? ''],
    [m.licence, kept.licenseURI?.title ?? ''],
    [m.inForce, inForce],
    [m.lastChange, kept.lastChangeDateTime === undefined ? '' : date(kept.lastChangeDateTime)],
  ] as [string, string][]).filter(([, value]) => value.trim() !== '')
  if (facts.length === 0) return html``
  return html`<section aria-labelledby="case-details-title" class="related">
  <h2 id="case-details-title">${m.title}</h2>
  <ul>${facts.map(([label, value]) => html`<li>${labelled(context, label, value)}</li>`)}</ul>
</section>`
}
