/**
 * HTML built from template literals, escaping every interpolated value unless it is already HTML
 * (made by `html` itself or marked with `trustedHtml`). Arrays are joined; null, undefined and false
 * render nothing, so `${cond && html`...`}` works.
 *
 * ```ts
 * html`<p>${user.name}</p>`.toString() // '<p>&lt;script&gt;...</p>' for a hostile name
 * ```
 */
export function html(strings: TemplateStringsArray, ...values: unknown[]): Html {
  let out = strings[0] ?? ''
  values.forEach((value, index) => {
    out += render(value) + (strings[index + 1] ?? '')
  })
  return new Html(out)
}

/** A string that is already HTML. */
export class Html {
  constructor(private readonly value: string) {}
  toString(): string {
    return this.value
  }
}

/** Marks text that we produced ourselves (never user input) as HTML. */
export function trustedHtml(value: string): Html {
  return new Html(value)
}

/** Escapes text for an HTML element or a double- or single-quoted attribute. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (character) => ESCAPES[character]!)
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }

function render(value: unknown): string {
  if (value === null || value === undefined || value === false) return ''
  if (value instanceof Html) return value.toString()
  if (Array.isArray(value)) return value.map(render).join('')
  return escapeHtml(String(value))
}
