import MarkdownIt from 'markdown-it'
import sanitizeHtml from 'sanitize-html'
import { plainText } from '../server/domain/plain-text.js'
import { html, trustedHtml, type Html } from './html.js'
import { localized, localizedChoice, type TranslatedField, type Translatable } from './localize.js'

const markdown = new MarkdownIt({ html: true })

/**
 * What sanitize-html lets through of a rendered statement: text formatting, lists, tables, quotes,
 * code and links to web and mail addresses. No attributes but a link's href, no images (pages stay
 * light and tell no one who reads them; a link is marked nofollow and opener-free), no script, style, forms or frames; headings become
 * paragraphs, so a statement cannot break the page's outline.
 */
const ALLOWED: sanitizeHtml.IOptions = {
  allowedTags: ['p', 'br', 'em', 'strong', 'i', 'b', 'u', 's', 'del', 'sub', 'sup', 'code', 'pre', 'blockquote', 'ul', 'ol', 'li', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'hr', 'a'],
  allowedAttributes: { a: ['href', 'rel'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowProtocolRelative: false,
  transformTags: {
    ...Object.fromEntries(['h1', 'h2', 'h3', 'h4', 'h5', 'h6'].map((tag) => [tag, 'p'])),
    a: sanitizeHtml.simpleTransform('a', { rel: 'nofollow noopener noreferrer' }),
  },
}

/**
 * A statement, description or note as a block: text without markup as one escaped paragraph (as
 * always); markdown or the HTML subset CASE publishers write (OpenSALT's editor writes markdown, with
 * tables) rendered by markdown-it and cut down to ALLOWED by sanitize-html, in a `<div>`, since it
 * may hold paragraphs, lists and tables. `lang` marks text in another language than the page's.
 *
 * ```ts
 * richBlock('Uses *digital* tools', { className: 'statement' }) // <div class="statement rich"><p>Uses <em>digital</em> tools</p></div>
 * richBlock('Plain words', { className: 'statement' })          // <p class="statement">Plain words</p>
 * ```
 */
export function richBlock(text: string, options: { className?: string; lang?: string | undefined } = {}): Html {
  const attributes = html`${options.lang !== undefined && html` lang="${options.lang}"`}`
  if (!hasMarkup(text)) return html`<p${options.className !== undefined && html` class="${options.className}"`}${attributes}>${text}</p>`
  const rendered = sanitizeHtml(markdown.render(text), ALLOWED)
  return html`<div class="${options.className === undefined ? 'rich' : `${options.className} rich`}"${attributes}>${trustedHtml(rendered)}</div>`
}

/** A text of the framework as a block in the reader's language (localized(), rendered by richBlock). */
export function localizedBlock(where: { readonly locale: string }, thing: Translatable | undefined, field: TranslatedField, original: string, options: { className?: string; written?: string | undefined } = {}): Html {
  const { text, lang } = localizedChoice(where, thing, field, original, options.written)
  return richBlock(text, { ...(options.className === undefined ? {} : { className: options.className }), lang })
}

/**
 * A text of the framework where it runs on in a sentence or a list (an indicator's description, a
 * level's descriptor): as localized() says it when it is plain, as a rendered block when it holds
 * markdown or HTML, so that a publisher's *emphasis* or list never shows as marks.
 */
export function localizedFlow(where: { readonly locale: string }, thing: Translatable | undefined, field: TranslatedField, original: string, written?: string): Html {
  const { text } = localizedChoice(where, thing, field, original, written)
  return hasMarkup(text) ? localizedBlock(where, thing, field, original, { written }) : localized(where, thing, field, original, written)
}

/**
 * Whether the text says anything through markup: taking it away changes more than white space. Most
 * texts hold none of markdown's or HTML's marks, and are told apart without parsing.
 */
function hasMarkup(text: string): boolean {
  if (!MARKS.test(text)) return false
  return plainText(text) !== text.replace(/\s+/g, ' ').trim()
}

/** Characters and line starts markdown or HTML gives a meaning to. */
const MARKS = /[*_`<>[\]#|~\\&=]|^\s*(?:[-+]|\d+[.)])\s|^ {4}|\n\s*\n/m
