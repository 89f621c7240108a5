import type { FrameworkRow } from '../../server/db/schema.js'
import type { ViewContext } from '../context.js'
import { html, type Html } from '../html.js'

/**
 * What a reader should know of the framework's standing before rating against it: that we modelled
 * it from public sources (provisional), or, for the publisher's own text, the adoption status its
 * CASE document gives where that is not "Adopted" (a draft, a deprecated framework).
 */
export function frameworkNotice(context: ViewContext, framework: Pick<FrameworkRow, 'status' | 'case_details'>): Html {
  if (framework.status === 'provisional') return html`<p class="notice">${context.m.framework.provisional}</p>`
  const adoption = framework.case_details.adoptionStatus?.trim()
  return html`${adoption && html`<p class="notice">${context.m.framework.adoptionStatus(adoption)}</p>`}`
}
