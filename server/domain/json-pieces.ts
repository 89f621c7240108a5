/**
 * Compact JSON of `value` in pieces, the same text as JSON.stringify(value) once joined: objects and
 * arrays are walked `depth` levels down, and below that each value is one JSON.stringify. For
 * writing a large document a piece at a time (http/json-stream.ts) and for weighing one without
 * making it one string (jsonBytes).
 *
 * ```ts
 * [...jsonPieces({ a: [1, 2] }, 3)].join('') // '{"a":[1,2]}'
 * ```
 */
export function* jsonPieces(value: unknown, depth: number): Generator<string> {
  if (depth <= 0 || value === null || typeof value !== 'object' || typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    yield JSON.stringify(value) ?? 'null'
    return
  }
  if (Array.isArray(value)) {
    yield '['
    for (let index = 0; index < value.length; index++) {
      if (index > 0) yield ','
      // As JSON.stringify: undefined, functions and symbols in an array are null.
      const entry = value[index]
      yield* jsonPieces(entry === undefined || typeof entry === 'function' || typeof entry === 'symbol' ? null : entry, depth - 1)
    }
    yield ']'
    return
  }
  yield '{'
  let first = true
  for (const [key, entry] of Object.entries(value)) {
    if (entry === undefined || typeof entry === 'function' || typeof entry === 'symbol') continue
    yield `${first ? '' : ','}${JSON.stringify(key)}:`
    first = false
    yield* jsonPieces(entry, depth - 1)
  }
  yield '}'
}

/** The UTF-8 bytes of JSON.stringify(value), counted a piece at a time. */
export function jsonBytes(value: unknown, depth = 4): number {
  let bytes = 0
  for (const piece of jsonPieces(value, depth)) bytes += Buffer.byteLength(piece, 'utf8')
  return bytes
}
