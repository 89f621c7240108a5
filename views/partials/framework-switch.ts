import type { FrameworkUse } from '../../server/domain/framework-use.js'
import type { ViewContext } from '../context.js'
import { html, type Html } from '../html.js'
import { localized } from '../localize.js'

/**
 * The frameworks a page can show, as plain links (no script needed): the one shown is marked
 * current. Nothing when the institution uses only one, so a single-framework page stays as it was.
 *
 * ```ts
 * frameworkSwitch(context, { uses, current: framework.row.id, href: (id) => `/plan?framework=${id}` })
 * ```
 */
export function frameworkSwitch(context: ViewContext, props: { readonly uses: readonly FrameworkUse[]; readonly current: number; readonly href: (frameworkId: number) => string }): Html {
  if (props.uses.length < 2) return html``
  const { m } = context
  return html`<nav class="framework-switch" aria-label="${m.framework.switchLabel}"><ul>${props.uses.map(
    (use) =>
      html`<li><a href="${props.href(use.frameworkId)}"${use.frameworkId === props.current && html` aria-current="page"`}>${localized(context, use, 'title', use.title)}</a>${use.purpose !== '' && html`<span class="muted">${m.framework.switchPurpose(use.purpose)}</span>`}</li>`,
  )}</ul></nav>`
}
