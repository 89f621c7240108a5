import { crc32, deflateRawSync } from 'node:zlib'

export interface ZipEntry {
  readonly name: string
  readonly content: Uint8Array
  /** Stored rather than deflated (OpenDocument's `mimetype`). */
  readonly store?: boolean
  /** Declare this unpacked size instead of the true one (a lying archive). */
  readonly declaredSize?: number
}

/**
 * A ZIP archive built byte by byte, as office documents are, for tests that need real ones and
 * hostile ones (sizes that lie, entries that overlap): `duplicateLast` adds a second central record
 * pointing at the last entry's data, as "better" zip bombs do.
 */
export function zip(entries: readonly ZipEntry[], options: { duplicateLast?: number } = {}): Buffer {
  const locals: Buffer[] = []
  const centrals: Buffer[] = []
  let offset = 0
  let lastCentral: Buffer | undefined
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8')
    const packed = entry.store ? Buffer.from(entry.content) : deflateRawSync(entry.content)
    const method = entry.store ? 0 : 8
    const crc = crc32(entry.content)
    const size = entry.declaredSize ?? entry.content.length
    const local = Buffer.alloc(30)
    local.writeUInt32LE(0x04034b50, 0)
    local.writeUInt16LE(20, 4)
    local.writeUInt16LE(0, 6)
    local.writeUInt16LE(method, 8)
    local.writeUInt32LE(crc, 14)
    local.writeUInt32LE(packed.length, 18)
    local.writeUInt32LE(size, 22)
    local.writeUInt16LE(name.length, 26)
    const central = Buffer.alloc(46)
    central.writeUInt32LE(0x02014b50, 0)
    central.writeUInt16LE(20, 4)
    central.writeUInt16LE(20, 6)
    central.writeUInt16LE(method, 10)
    central.writeUInt32LE(crc, 16)
    central.writeUInt32LE(packed.length, 20)
    central.writeUInt32LE(size, 24)
    central.writeUInt16LE(name.length, 28)
    central.writeUInt32LE(offset, 42)
    locals.push(local, name, packed)
    lastCentral = Buffer.concat([central, name])
    centrals.push(lastCentral)
    offset += 30 + name.length + packed.length
  }
  for (let copy = 0; copy < (options.duplicateLast ?? 0) && lastCentral !== undefined; copy++) centrals.push(lastCentral)
  const directory = Buffer.concat(centrals)
  const end = Buffer.alloc(22)
  end.writeUInt32LE(0x06054b50, 0)
  end.writeUInt16LE(centrals.length, 8)
  end.writeUInt16LE(centrals.length, 10)
  end.writeUInt32LE(directory.length, 12)
  end.writeUInt32LE(offset, 16)
  return Buffer.concat([...locals, directory, end])
}

const CONTENT_TYPES = (main: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="${main}"/></Types>`

/** A minimal Word document (enough for its type to be read from it). */
export function docx(text = 'Syllabus'): Buffer {
  return zip([
    { name: '[Content_Types].xml', content: Buffer.from(CONTENT_TYPES('application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml')) },
    { name: 'word/document.xml', content: Buffer.from(`<w:document><w:body><w:p><w:r><w:t>${text}</w:t></w:r></w:p></w:body></w:document>`) },
  ])
}

/** A tiny valid PDF. */
export function pdf(text = 'Certificate'): Buffer {
  return Buffer.from(`%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n% ${text}\ntrailer<</Root 1 0 R>>\n%%EOF\n`, 'latin1')
}

/** A 1×1 PNG. */
export const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64')
