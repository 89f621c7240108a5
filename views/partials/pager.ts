import type { ViewContext } from '../context.js'
import { html, type Html } from '../html.js'

/** Newer/older links around "Page n of m": plain links, so paging works without JavaScript. */
export function pager(context: ViewContext, props: { page: number; pages: number; link: (page: number) => string }): Html {
  const { m } = context
  return html`<nav class="pager" aria-label="Pages">
  ${props.page > 1 && html`<a href="${props.link(props.page - 1)}" rel="prev">${m.hr.previous}</a>`}
  <span>${m.hr.pageOf(props.page, Math.max(1, props.pages))}</span>
  ${props.page < props.pages && html`<a href="${props.link(props.page + 1)}" rel="next">${m.hr.next}</a>`}
</nav>`
}
