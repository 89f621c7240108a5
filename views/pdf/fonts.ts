import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { inflateSync } from 'node:zlib'
import * as fontkit from 'fontkit'

/**
 * The fonts of our PDFs, parsed once per process. Noto Sans SC (the fontsource package, OFL) holds
 * Latin with French accents and the Chinese of GB 2312, so one font serves every language the app
 * speaks. npm ships it as WOFF; fontkit reads WOFF but inflates a table again on every read, in
 * JavaScript, which made a report take 2.5 s to subset. So the WOFF is unwrapped once, with Node's
 * zlib, into the OpenType font it wraps, and fontkit reads that (a report then takes ~0.1 s).
 */

const require = createRequire(import.meta.url)
const file = (weight: number) => require.resolve(`@fontsource/noto-sans-sc/files/noto-sans-sc-chinese-simplified-${weight}-normal.woff`)

let loaded: { readonly regular: fontkit.Font; readonly bold: fontkit.Font } | undefined

export function pdfFonts() {
  loaded ??= {
    regular: fontkit.create(woffToSfnt(readFileSync(file(400)))) as fontkit.Font,
    bold: fontkit.create(woffToSfnt(readFileSync(file(700)))) as fontkit.Font,
  }
  return loaded
}

/**
 * The OpenType/TrueType font inside a WOFF 1.0 file (W3C WOFF 1.0, sections 3-5): the same tables,
 * each inflated when stored compressed, laid out 4-byte aligned behind an sfnt table directory.
 */
export function woffToSfnt(woff: Buffer): Buffer {
  if (woff.toString('latin1', 0, 4) !== 'wOFF') throw new Error('Not a WOFF 1.0 font')
  const flavor = woff.readUInt32BE(4)
  const count = woff.readUInt16BE(12)
  const tables = Array.from({ length: count }, (_, index) => {
    const entry = 44 + index * 20
    const offset = woff.readUInt32BE(entry + 4)
    const compressed = woff.readUInt32BE(entry + 8)
    const length = woff.readUInt32BE(entry + 12)
    const stored = woff.subarray(offset, offset + compressed)
    const data = compressed < length ? inflateSync(stored) : stored
    if (data.length !== length) throw new Error(`WOFF table ${woff.toString('latin1', entry, entry + 4)} has ${data.length} bytes, not ${length}`)
    return { tag: woff.subarray(entry, entry + 4), checksum: woff.readUInt32BE(entry + 16), data }
  })
  const power = 2 ** Math.floor(Math.log2(count))
  const header = Buffer.alloc(12 + 16 * count)
  header.writeUInt32BE(flavor, 0)
  header.writeUInt16BE(count, 4)
  header.writeUInt16BE(power * 16, 6)
  header.writeUInt16BE(Math.log2(power), 8)
  header.writeUInt16BE(count * 16 - power * 16, 10)
  const parts: Buffer[] = [header]
  let offset = header.length
  tables.forEach((table, index) => {
    const record = 12 + index * 16
    table.tag.copy(header, record)
    header.writeUInt32BE(table.checksum, record + 4)
    header.writeUInt32BE(offset, record + 8)
    header.writeUInt32BE(table.data.length, record + 12)
    const padded = (table.data.length + 3) & ~3
    parts.push(table.data, Buffer.alloc(padded - table.data.length))
    offset += padded
  })
  return Buffer.concat(parts)
}
