import t from 'tap'
import { CATALOGUES } from '../../views/messages/index.js'

/**
 * Chinese text uses full-width parentheses, and no space follows a full-width mark: the spacing is
 * part of the mark. Every message is checked as a reader sees it, functions called with sample
 * arguments (a number, a word, or an object whose every field is a word).
 */
const ASCII_PARENTHESIS = /[()]/
const SPACE_AFTER_FULL_WIDTH = /[，。：；！？、）」』”］】》] /u

/** An object whose every field reads 'x', for messages that take their parameters as one object. */
const anyFields = new Proxy({}, { get: (_target, key) => (key === Symbol.toPrimitive ? () => 'x' : 'x') })

/** Each text of a catalogue with its path; a function yields one text per kind of sample argument that it accepts. */
function texts(value: unknown, path = ''): { path: string; text: string }[] {
  if (typeof value === 'string') return [{ path, text: value }]
  if (typeof value === 'function') {
    if (path.startsWith('format')) return []
    const samples: unknown[][] = [Array.from({ length: Math.max(1, value.length) }, (_, index) => (index === 0 ? 3 : 'x')), [anyFields, anyFields]]
    return samples.flatMap((args) => {
      try {
        const out: unknown = value(...args)
        return typeof out === 'string' && !out.includes('undefined') ? [{ path, text: out }] : []
      } catch {
        return []
      }
    })
  }
  if (value !== null && typeof value === 'object') return Object.entries(value).flatMap(([key, child]) => texts(child, path === '' ? key : `${path}.${key}`))
  return []
}

/** The faults of a Chinese text, as sentences naming the message. */
export function chinesePunctuationFaults(entries: readonly { path: string; text: string }[]): string[] {
  const faults: string[] = []
  for (const { path, text } of entries) {
    if (ASCII_PARENTHESIS.test(text)) faults.push(`${path}: ASCII parenthesis in “${text}”`)
    if (SPACE_AFTER_FULL_WIDTH.test(text)) faults.push(`${path}: space after a full-width mark in “${text}”`)
  }
  return [...new Set(faults)]
}

t.test('the check catches each fault (so the real check can fail)', async (t) => {
  t.same(chinesePunctuationFaults([{ path: 'a', text: '（评估于 2026年3月14日）' }]), [])
  t.same(chinesePunctuationFaults([{ path: 'a', text: '(评估于 2026年3月14日)' }]), ['a: ASCII parenthesis in “(评估于 2026年3月14日)”'])
  t.same(chinesePunctuationFaults([{ path: 'b', text: '已保存。 依据' }]), ['b: space after a full-width mark in “已保存。 依据”'])
  t.same(chinesePunctuationFaults([{ path: 'c', text: '更宽泛： A6.1' }]), ['c: space after a full-width mark in “更宽泛： A6.1”'])
  t.same(chinesePunctuationFaults(texts({ d: ({ name }: { name: string }) => `来自(${name})` })), ['d: ASCII parenthesis in “来自(x)”'], 'a message that takes an object is rendered')
})

t.test('no Chinese message has an ASCII parenthesis or a space after a full-width mark', async (t) => {
  const entries = texts(CATALOGUES.zh)
  t.ok(entries.length > 300, `${entries.length} texts checked`)
  t.same(chinesePunctuationFaults(entries), [])
})
