import { Readable } from 'node:stream'
import { jsonPieces } from '../domain/json-pieces.js'

/** Text is handed on in pieces of about this size: small enough to keep memory flat, large enough to compress well. */
const CHUNK_CHARACTERS = 64 * 1024

/**
 * Compact JSON of `value` as a stream, written a piece at a time: a CASE package of 15,000 items is
 * 24 MB of text, which as one string (and its compressed copy) would sit in memory whole. Objects and
 * arrays are walked `depth` levels down (domain/json-pieces.ts). The text is JSON.stringify(value)'s.
 *
 * ```ts
 * reply.type('application/json').send(jsonStream(pkg))
 * ```
 */
export function jsonStream(value: unknown, depth = 4): Readable {
  return Readable.from(batched(jsonPieces(value, depth)), { objectMode: false })
}

function* batched(source: Iterable<string>): Generator<string> {
  let buffer = ''
  for (const piece of source) {
    buffer += piece
    if (buffer.length >= CHUNK_CHARACTERS) {
      yield buffer
      buffer = ''
    }
  }
  if (buffer !== '') yield buffer
}
