import MarkdownIt from 'markdown-it'
import sanitizeHtml from 'sanitize-html'

const markdown = new MarkdownIt({ html: true })

/**
 * The words of a statement written in markdown or in the HTML subset CASE publishers use, without
 * its markup: for titles, which show in headings, menus and page titles as plain text (the statement
 * itself is kept and shown rendered, views/rich-text.ts). Tags are dropped, entities decoded, line
 * breaks and runs of white space made one space; text without markup comes back trimmed, as it was.
 *
 * ```ts
 * plainText('Solve *linear* equations') // 'Solve linear equations'
 * plainText('H<sub>2</sub>O &amp; salts') // 'H2O & salts'
 * ```
 */
export function plainText(text: string): string {
  const words: string[] = []
  for (const block of markdown.parse(text, {})) {
    // A numbered list keeps its numbers ("1. Plans lessons" stays so); bullets and heading marks go.
    if (block.type === 'list_item_open' && block.info !== '') words.push(`${block.info}${block.markup} `)
    let hidden = false
    for (const token of block.children ?? []) {
      // What a script or style holds is not words of the statement.
      if (token.type === 'html_inline' && /^<(script|style)\b/i.test(token.content)) hidden = true
      else if (token.type === 'html_inline' && /^<\/(script|style)\b/i.test(token.content)) hidden = false
      else if (hidden) continue
      else if (token.type === 'text' || token.type === 'code_inline') words.push(token.content)
      else if (token.type === 'softbreak' || token.type === 'hardbreak') words.push(' ')
      else if (token.type === 'image') words.push(token.content)
    }
    if (block.type === 'code_block' || block.type === 'fence') words.push(block.content)
    // A block of HTML is not parsed as markdown: its text, without tags (nor what a script or style holds).
    if (block.type === 'html_block') words.push(markdown.utils.unescapeAll(sanitizeHtml(block.content.replace(/<(\/?)(p|div|li|tr|td|th|br|h[1-6])\b/gi, ' <$1$2'), { allowedTags: [], allowedAttributes: {} })))
    if (block.type === 'inline' || block.type === 'code_block' || block.type === 'fence' || block.type === 'html_block') words.push(' ')
  }
  return words.join('').replace(/\s+/g, ' ').trim()
}

/** The text cut to at most `max` code points at the last space that leaves at least half, an ellipsis marking the cut. */
export function cutAtWord(text: string, max: number): string {
  const chars = Array.from(text.trim())
  if (chars.length <= max) return chars.join('')
  const head = chars.slice(0, max - 1).join('')
  const space = head.search(/\s\S*$/)
  return `${(space >= head.length / 2 ? head.slice(0, space) : head).trimEnd()}…`
}

/** The text cut to `max` code points (as JSON Schema counts length), an ellipsis marking the cut. */
export function clip(text: string, max: number): string {
  const chars = Array.from(text)
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`
}
