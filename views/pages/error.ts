import type { ViewContext } from '../context.js'
import { html, type Html } from '../html.js'
import { layout } from '../layout.js'

/** A full page telling what went wrong, in words a person can act on. */
export function errorPage(context: ViewContext, props: { title: string; message: string }): Html {
  const body = html`<h1>${props.title}</h1>
<p>${props.message}</p>
<p><a href="/">${context.m.errors.backHome}</a></p>`
  return layout(context, { title: props.title, body })
}

/** The same message as a fragment, for htmx to swap where the person is looking. */
export function errorFragment(props: { message: string }): Html {
  return html`<p class="form-error" role="alert">${props.message}</p>`
}
