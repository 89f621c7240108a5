import { Buffer, isUtf8 } from 'node:buffer'
import { crc32, deflateSync } from 'node:zlib'

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])

/** The iTXt keyword Open Badges 3.0 bakes a credential under ("openbadges" was 2.0's). */
const CREDENTIAL_KEYWORD = Buffer.from('openbadgecredential', 'latin1')
/** The keyword with its null separator, so "openbadgecredentialX" is not taken for it. */
const CREDENTIAL_PREFIX = Buffer.concat([CREDENTIAL_KEYWORD, Buffer.from([0])])

/** The PNG specification caps a chunk's length at 2^31 - 1. */
const CHUNK_LENGTH_MAX = 0x7fffffff

const BADGE_SIZE_DEFAULT = 256
const BADGE_SIZE_MIN = 16
const BADGE_SIZE_MAX = 1024

/**
 * A badge image drawn from a hue alone, so every badge class has one without anybody uploading it:
 * a medallion in that hue (HSL 55% / 42%), a lighter ring inside its rim and a white check mark,
 * transparent around it, edges smoothed by how much of each pixel they cover. The PNG is built by
 * hand (RGBA, 8 bits, one IDAT) so it needs no image library, and the same options give the same
 * bytes (with the same zlib, the one Node bundles), so a badge can be drawn again rather than kept.
 *
 * ```ts
 * badgePng({ hue: 210 }) // a 256x256 blue medallion, about 5 KB
 * badgePng({ hue: 30, size: 64 }) // a small orange one
 * ```
 */
export function badgePng(options: { readonly hue: number; readonly size?: number }): Buffer {
  const size = options.size ?? BADGE_SIZE_DEFAULT
  if (!Number.isFinite(options.hue)) throw new RangeError(`The badge hue must be a number of degrees, not ${options.hue}`)
  if (!Number.isInteger(size) || size < BADGE_SIZE_MIN || size > BADGE_SIZE_MAX) {
    throw new RangeError(`The badge size must be a whole number of pixels from ${BADGE_SIZE_MIN} to ${BADGE_SIZE_MAX}, not ${size}`)
  }
  const hue = ((options.hue % 360) + 360) % 360
  const base = hsl(hue, 0.55, 0.42)
  const ring = hsl(hue, 0.5, 0.66)
  const white: Rgb = [1, 1, 1]

  const centre = size / 2
  const radius = size * 0.47
  const ringInner = radius * 0.78
  const ringOuter = radius * 0.86
  const strokeHalf = radius * 0.085
  // The check mark's three points, relative to the centre in pixels: down to the left, then up to the right.
  const [ax, ay, bx, by, cx, cy] = [-0.38, 0.02, -0.12, 0.28, 0.4, -0.26].map((unit) => unit * radius) as [number, number, number, number, number, number]

  const stride = 1 + size * 4
  // Every scanline starts with filter byte 0 (none): left at zero by alloc.
  const scanlines = Buffer.alloc(size * stride)
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      // Measured from the pixel's centre; sqrt rather than hypot because sqrt is exactly rounded everywhere, which keeps the bytes the same on every machine.
      const px = x + 0.5 - centre
      const py = y + 0.5 - centre
      const distance = Math.sqrt(px * px + py * py)
      const disc = coverage(radius - distance)
      if (disc === 0) continue
      // The ring and the check mark lie wholly inside the disc, so where they show the disc is opaque and a plain mix is enough.
      const band = Math.min(coverage(ringOuter - distance), coverage(distance - ringInner))
      const stroke = coverage(strokeHalf - Math.min(segmentDistance(px, py, ax, ay, bx, by), segmentDistance(px, py, bx, by, cx, cy)))
      const at = y * stride + 1 + x * 4
      for (let channel = 0; channel < 3; channel++) {
        const under = base[channel]! + (ring[channel]! - base[channel]!) * band
        scanlines[at + channel] = Math.round((under + (white[channel]! - under) * stroke) * 255)
      }
      scanlines[at + 3] = Math.round(disc * 255)
    }
  }

  const header = Buffer.alloc(13)
  header.writeUInt32BE(size, 0)
  header.writeUInt32BE(size, 4)
  header[8] = 8 // bits per channel
  header[9] = 6 // colour type: RGBA
  // Compression 0 (deflate), filter method 0, no interlace: the zeros alloc left.
  return Buffer.concat([PNG_SIGNATURE, chunk('IHDR', header), chunk('IDAT', deflateSync(scanlines, { level: 9 })), chunk('IEND', Buffer.alloc(0))])
}

/**
 * The badge image with a credential baked into it, as Open Badges 3.0 says for PNG: an iTXt chunk
 * with keyword `openbadgecredential`, uncompressed, no language tag, no translated keyword, the
 * credential as its text (a compact JWT, or the credential's JSON), put just before IEND; the
 * chunks already there are kept byte for byte. Refuses what is not a whole, intact PNG, and a PNG
 * that already carries a credential: the keyword may appear only once, and silently replacing a
 * credential would hide that the image was somebody else's badge.
 *
 * ```ts
 * bakePng(badgePng({ hue: 210 }), 'eyJhbGciOiJFUzI1NiJ9.eyJ2YyI6e319.c2ln') // the PNG with the JWT inside
 * bakePng(Buffer.from('<svg/>'), jwt) // throws: not a PNG image
 * ```
 */
export function bakePng(png: Buffer, credential: string): Buffer {
  const chunks = readChunks(png)
  if (chunks.some(isCredentialChunk)) throw new Error('This PNG already carries an Open Badges credential (an iTXt "openbadgecredential" chunk): a baked image is not baked again')
  if (credential === '') throw new Error('There is no credential to bake: it is empty')
  // The text runs to the chunk's end, but PNG text may not hold a null, and a credential never does.
  if (credential.includes('\u0000')) throw new Error('The credential holds a null character, which a PNG text chunk may not')
  const text = Buffer.from(credential, 'utf8')
  if (text.length > CHUNK_LENGTH_MAX - CREDENTIAL_PREFIX.length - 4) throw new Error('The credential is too long for one PNG chunk')
  // Compression flag 0, compression method 0, an empty language tag and an empty translated keyword, each ended by its null.
  const data = Buffer.concat([CREDENTIAL_PREFIX, Buffer.from([0, 0, 0, 0]), text])
  const end = chunks[chunks.length - 1]!.offset
  return Buffer.concat([png.subarray(0, end), chunk('iTXt', data), png.subarray(end)])
}

/**
 * The credential baked into a PNG, or undefined if it carries none; the whole file is checked
 * first (signature, every chunk whole and its CRC right), so a damaged image is refused rather
 * than half read. A credential chunk that is compressed or not UTF-8 is refused too: the baking
 * specification forbids the first, and the second cannot be the credential it claims to be.
 *
 * ```ts
 * unbakePng(bakePng(badgePng({ hue: 210 }), jwt)) // jwt
 * unbakePng(badgePng({ hue: 210 })) // undefined
 * ```
 */
export function unbakePng(png: Buffer): string | undefined {
  const found = readChunks(png).find(isCredentialChunk)
  if (found === undefined) return undefined
  const data = found.data
  const flagAt = CREDENTIAL_PREFIX.length
  if (data.length < flagAt + 4) throw new Error('The PNG\'s "openbadgecredential" chunk is cut short')
  if (data[flagAt] !== 0) throw new Error('The PNG\'s "openbadgecredential" chunk is compressed, which Open Badges baking forbids')
  const languageEnd = data.indexOf(0, flagAt + 2)
  const translatedEnd = languageEnd < 0 ? -1 : data.indexOf(0, languageEnd + 1)
  if (translatedEnd < 0) throw new Error('The PNG\'s "openbadgecredential" chunk is malformed: its language tag or translated keyword is not ended')
  const text = data.subarray(translatedEnd + 1)
  if (!isUtf8(text)) throw new Error('The PNG\'s "openbadgecredential" chunk does not hold UTF-8 text')
  return text.toString('utf8')
}

type Rgb = readonly [number, number, number]

/** HSL to RGB, each 0..1, by the CSS Color 4 formula. */
function hsl(hue: number, saturation: number, lightness: number): Rgb {
  const amount = saturation * Math.min(lightness, 1 - lightness)
  const channel = (n: number) => {
    const k = (n + hue / 30) % 12
    return lightness - amount * Math.max(-1, Math.min(k - 3, 9 - k, 1))
  }
  return [channel(0), channel(8), channel(4)]
}

/** How much of a pixel a shape covers, from how far the pixel's centre lies inside its edge: half a pixel either side of the edge is the blend. */
function coverage(inside: number): number {
  return Math.min(1, Math.max(0, inside + 0.5))
}

/** The distance from a point to the segment a-b, so the stroke gets round ends and a round joint. */
function segmentDistance(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax
  const dy = by - ay
  const along = Math.min(1, Math.max(0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)))
  const ex = px - (ax + along * dx)
  const ey = py - (ay + along * dy)
  return Math.sqrt(ex * ex + ey * ey)
}

/** One PNG chunk: length, type, data, and the CRC-32 of type and data. */
function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8)
  head.writeUInt32BE(data.length, 0)
  head.write(type, 4, 'latin1')
  const tail = Buffer.alloc(4)
  tail.writeUInt32BE(crc32(data, crc32(head.subarray(4))), 0)
  return Buffer.concat([head, data, tail])
}

interface Chunk {
  readonly type: string
  readonly data: Buffer
  /** Where the chunk starts in the file (its length field). */
  readonly offset: number
}

/** The chunks of a whole, intact PNG: the signature, IHDR first, every chunk within the file with its CRC right, IEND last and nothing after it. */
function readChunks(png: Buffer): Chunk[] {
  if (!png.subarray(0, PNG_SIGNATURE.length).equals(PNG_SIGNATURE)) throw new Error('Not a PNG image: it does not start with the PNG signature')
  const chunks: Chunk[] = []
  let offset = PNG_SIGNATURE.length
  while (offset < png.length) {
    if (png.length - offset < 12) throw new Error('Not a PNG image: it is truncated in the middle of a chunk')
    const length = png.readUInt32BE(offset)
    if (length > CHUNK_LENGTH_MAX || png.length - offset - 12 < length) throw new Error('Not a PNG image: a chunk runs past the end of the file (truncated)')
    const typeBytes = png.subarray(offset + 4, offset + 8)
    const type = typeBytes.toString('latin1')
    if (!/^[A-Za-z]{4}$/.test(type)) throw new Error('Not a PNG image: a chunk has no valid type')
    const data = png.subarray(offset + 8, offset + 8 + length)
    if (crc32(data, crc32(typeBytes)) !== png.readUInt32BE(offset + 8 + length)) throw new Error(`Not a PNG image: its ${type} chunk fails its CRC check (the file is damaged)`)
    if (chunks.length === 0 && type !== 'IHDR') throw new Error('Not a PNG image: it does not start with an IHDR chunk')
    chunks.push({ type, data, offset })
    offset += 12 + length
    if (type === 'IEND') break
  }
  if (chunks[chunks.length - 1]?.type !== 'IEND') throw new Error('Not a PNG image: it has no IEND chunk (truncated)')
  if (offset !== png.length) throw new Error('Not a PNG image: there are bytes after its IEND chunk')
  return chunks
}

function isCredentialChunk(chunk: Chunk): boolean {
  return chunk.type === 'iTXt' && chunk.data.subarray(0, CREDENTIAL_PREFIX.length).equals(CREDENTIAL_PREFIX)
}

/** The colour of an institution's badges: the same on each of its credentials, apart from its neighbours'. */
export function badgeHue(institutionId: number): number {
  return (institutionId * 137) % 360
}
