import { inflateRawSync } from 'node:zlib'

/** Up to 10 MB a file. */
export const EVIDENCE_FILE_MAX_BYTES = 10 * 1024 * 1024

/** How many files one rating may cite. */
export const EVIDENCE_FILES_PER_RATING = 20

/** What one person may keep in all: the database is shared by the whole institution. */
export const EVIDENCE_QUOTA_BYTES = 200 * 1024 * 1024

/** The kinds of file taken as evidence: documents and pictures, each recognised by its content. */
export const EVIDENCE_TYPES = {
  'application/pdf': ['pdf'],
  'image/png': ['png'],
  'image/jpeg': ['jpg', 'jpeg'],
  'image/gif': ['gif'],
  'image/webp': ['webp'],
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': ['docx'],
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': ['xlsx'],
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': ['pptx'],
  'application/vnd.oasis.opendocument.text': ['odt'],
  'application/vnd.oasis.opendocument.spreadsheet': ['ods'],
  'application/vnd.oasis.opendocument.presentation': ['odp'],
} as const satisfies Record<string, readonly string[]>

export type EvidenceType = keyof typeof EVIDENCE_TYPES

export function isEvidenceType(value: string): value is EvidenceType {
  return Object.hasOwn(EVIDENCE_TYPES, value)
}

/** Why a file is not taken: not a kind we take, or a document whose archive is not what it claims. */
export type EvidenceRefusal = 'unknownType' | 'badArchive' | 'macros'

/** An archive inside an office document may hold this much in all, unpacked. */
const ARCHIVE_UNPACKED_MAX = 100 * 1024 * 1024
/** And no more entries than this. */
const ARCHIVE_ENTRIES_MAX = 5000

/**
 * The type of an uploaded file, read from its bytes alone (the name and the browser's type are the
 * sender's word): PDF, PNG, JPEG, GIF and WebP by their signatures; Word, Excel, PowerPoint and
 * OpenDocument files by the archive they are, checked whole without trusting it (a zip bomb, entries
 * overlapping, an archive that unpacks to more than it says, macros) before its entries say which
 * document it is. Anything else, HTML and SVG among them, is refused.
 *
 * ```ts
 * sniffEvidence(readFileSync('cv.pdf')) // { type: 'application/pdf' }
 * sniffEvidence(Buffer.from('<html>')) // { refused: 'unknownType' }
 * ```
 */
export function sniffEvidence(content: Uint8Array): { type: EvidenceType } | { refused: EvidenceRefusal } {
  const bytes = Buffer.from(content.buffer, content.byteOffset, content.byteLength)
  const startsWith = (signature: string, at = 0) => bytes.subarray(at, at + signature.length).equals(Buffer.from(signature, 'latin1'))
  if (startsWith('%PDF-')) return { type: 'application/pdf' }
  if (startsWith('\x89PNG\r\n\x1a\n')) return { type: 'image/png' }
  if (startsWith('\xff\xd8\xff')) return { type: 'image/jpeg' }
  if (startsWith('GIF87a') || startsWith('GIF89a')) return { type: 'image/gif' }
  if (startsWith('RIFF') && startsWith('WEBP', 8)) return { type: 'image/webp' }
  if (startsWith('PK\x03\x04')) return officeDocument(bytes)
  return { refused: 'unknownType' }
}

interface ArchiveEntry {
  readonly name: string
  readonly method: number
  readonly packed: number
  readonly unpacked: number
  readonly headerAt: number
  readonly dataAt: number
}

/** Which office document an archive is, once the whole archive has been checked. */
function officeDocument(bytes: Buffer): { type: EvidenceType } | { refused: EvidenceRefusal } {
  const entries = archiveEntries(bytes)
  if (entries === undefined) return { refused: 'badArchive' }
  const names = new Set(entries.map((entry) => entry.name))
  if (entries.some((entry) => /(^|\/)vbaProject\.bin$/i.test(entry.name))) return { refused: 'macros' }
  if (names.has('[Content_Types].xml')) {
    const types = unpack(bytes, entries.find((entry) => entry.name === '[Content_Types].xml')!).toString('utf8')
    if (/macroEnabled/i.test(types)) return { refused: 'macros' }
    if (names.has('word/document.xml')) return { type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' }
    if (names.has('xl/workbook.xml')) return { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }
    if (names.has('ppt/presentation.xml')) return { type: 'application/vnd.openxmlformats-officedocument.presentationml.presentation' }
    return { refused: 'unknownType' }
  }
  // OpenDocument: the first entry is `mimetype`, stored, naming the kind.
  const first = entries.reduce((a, b) => (a.headerAt <= b.headerAt ? a : b))
  if (first.name === 'mimetype' && first.method === 0) {
    const declared = unpack(bytes, first).toString('latin1')
    if (declared === 'application/vnd.oasis.opendocument.text' || declared === 'application/vnd.oasis.opendocument.spreadsheet' || declared === 'application/vnd.oasis.opendocument.presentation') {
      return { type: declared }
    }
  }
  return { refused: 'unknownType' }
}

/**
 * Every entry of a ZIP archive, from its central directory, or undefined when the archive is not one
 * to take: no end record, ZIP64 or split (an evidence file is far below 4 GB), encrypted entries,
 * entries that overlap (how "better" zip bombs multiply), more than 5000 entries, more than 100 MB
 * unpacked, or an entry that unpacks to other than it says. Each entry is unpacked with the size it
 * declares as the limit, so a lie costs no more than the truth.
 */
function archiveEntries(bytes: Buffer): ArchiveEntry[] | undefined {
  // The end-of-central-directory record: 22 bytes, then a comment of up to 65,535.
  let end = -1
  for (let at = bytes.length - 22; at >= Math.max(0, bytes.length - 22 - 0xffff); at--) {
    if (bytes.readUInt32LE(at) === 0x06054b50) {
      end = at
      break
    }
  }
  if (end < 0) return undefined
  const count = bytes.readUInt16LE(end + 10)
  const directorySize = bytes.readUInt32LE(end + 12)
  const directoryAt = bytes.readUInt32LE(end + 16)
  if (bytes.readUInt16LE(end + 4) !== 0 || count === 0xffff || directoryAt === 0xffffffff || count > ARCHIVE_ENTRIES_MAX) return undefined
  if (directoryAt + directorySize > end) return undefined
  const entries: ArchiveEntry[] = []
  let at = directoryAt
  let unpackedInAll = 0
  for (let index = 0; index < count; index++) {
    if (at + 46 > end || bytes.readUInt32LE(at) !== 0x02014b50) return undefined
    const flags = bytes.readUInt16LE(at + 8)
    const method = bytes.readUInt16LE(at + 10)
    const packed = bytes.readUInt32LE(at + 20)
    const unpacked = bytes.readUInt32LE(at + 24)
    const nameLength = bytes.readUInt16LE(at + 28)
    const extraLength = bytes.readUInt16LE(at + 30)
    const commentLength = bytes.readUInt16LE(at + 32)
    const headerAt = bytes.readUInt32LE(at + 42)
    if ((flags & 1) !== 0 || (method !== 0 && method !== 8) || packed === 0xffffffff || unpacked === 0xffffffff) return undefined
    const name = bytes.subarray(at + 46, at + 46 + nameLength).toString('utf8')
    // The local header: its own name and extra lengths say where the data starts.
    if (headerAt + 30 > directoryAt || bytes.readUInt32LE(headerAt) !== 0x04034b50) return undefined
    const dataAt = headerAt + 30 + bytes.readUInt16LE(headerAt + 26) + bytes.readUInt16LE(headerAt + 28)
    if (dataAt + packed > directoryAt) return undefined
    unpackedInAll += unpacked
    if (unpackedInAll > ARCHIVE_UNPACKED_MAX) return undefined
    entries.push({ name, method, packed, unpacked, headerAt, dataAt })
    at += 46 + nameLength + extraLength + commentLength
  }
  const byPlace = [...entries].sort((a, b) => a.headerAt - b.headerAt)
  for (let index = 1; index < byPlace.length; index++) {
    const before = byPlace[index - 1]!
    if (before.dataAt + before.packed > byPlace[index]!.headerAt) return undefined
  }
  for (const entry of entries) {
    try {
      if (unpack(bytes, entry).length !== entry.unpacked) return undefined
    } catch {
      return undefined
    }
  }
  return entries
}

/** One entry's content, never more than it declares (a larger one throws). */
function unpack(bytes: Buffer, entry: ArchiveEntry): Buffer {
  const packed = bytes.subarray(entry.dataAt, entry.dataAt + entry.packed)
  if (entry.method === 0) return packed
  return inflateRawSync(packed, { maxOutputLength: Math.max(1, entry.unpacked) })
}

/**
 * The name a file is kept and offered under: the last part of what was sent (no folders, of either
 * kind of slash), without control characters or the characters file systems refuse, at most 120
 * characters, and ending with an extension of the type the content is (so a PNG sent as "cv.pdf" is
 * "cv.pdf.png" on the reader's disk, opened as what it is).
 *
 * ```ts
 * evidenceFileName('../../etc/passwd.pdf', 'application/pdf') // 'passwd.pdf'
 * evidenceFileName('', 'image/png') // 'evidence.png'
 * ```
 */
export function evidenceFileName(sent: string, type: EvidenceType): string {
  const extensions: readonly string[] = EVIDENCE_TYPES[type]
  const last = sent.split(/[\\/]/).pop() ?? ''
  // eslint-disable-next-line no-control-regex
  let name = last.normalize('NFC').replace(/[\u0000-\u001f\u007f-\u009f<>:"|?*\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '').replace(/\s+/g, ' ').trim().replace(/^\.+/, '')
  const extension = /\.([^.]+)$/.exec(name)?.[1]?.toLowerCase()
  const stem = extension !== undefined && extensions.includes(extension) ? name.slice(0, -(extension.length + 1)) : name
  const cut = [...stem].slice(0, 110).join('').trim()
  name = `${cut === '' ? 'evidence' : cut}.${extension !== undefined && extensions.includes(extension) ? extension : extensions[0]}`
  return name
}
