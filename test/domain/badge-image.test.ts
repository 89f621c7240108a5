import t from 'tap'
import { inflateSync } from 'node:zlib'
import { badgePng, bakePng, unbakePng } from '../../server/domain/badge-image.js'

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])

/** CRC-32 bit by bit, written here rather than taken from zlib so the test does not check the module with the module's own tool. */
function crc(bytes: Buffer): number {
  let value = 0xffffffff
  for (const byte of bytes) {
    value ^= byte
    for (let bit = 0; bit < 8; bit++) value = value & 1 ? (value >>> 1) ^ 0xedb88320 : value >>> 1
  }
  return (value ^ 0xffffffff) >>> 0
}

interface ParsedChunk {
  type: string
  data: Buffer
  crcOk: boolean
}

/** The chunks of a PNG, read by hand; throws if the signature is wrong or a chunk is cut. */
function parse(png: Buffer): ParsedChunk[] {
  if (!png.subarray(0, 8).equals(SIGNATURE)) throw new Error('no PNG signature')
  const chunks: ParsedChunk[] = []
  let at = 8
  while (at < png.length) {
    const length = png.readUInt32BE(at)
    if (at + 12 + length > png.length) throw new Error('cut chunk')
    const typeAndData = png.subarray(at + 4, at + 8 + length)
    chunks.push({ type: typeAndData.subarray(0, 4).toString('latin1'), data: typeAndData.subarray(4), crcOk: crc(typeAndData) === png.readUInt32BE(at + 8 + length) })
    at += 12 + length
  }
  return chunks
}

/** One chunk built by hand, for PNGs the module did not make. */
function makeChunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8)
  head.writeUInt32BE(data.length, 0)
  head.write(type, 4, 'latin1')
  const tail = Buffer.alloc(4)
  tail.writeUInt32BE(crc(Buffer.concat([head.subarray(4), data])), 0)
  return Buffer.concat([head, data, tail])
}

/** The PNG with a chunk put just before IEND (the last 12 bytes). */
function withChunkBeforeEnd(png: Buffer, extra: Buffer): Buffer {
  return Buffer.concat([png.subarray(0, png.length - 12), extra, png.subarray(png.length - 12)])
}

/** The RGBA pixel at x, y of an unfiltered 8-bit RGBA image. */
function pixel(scanlines: Buffer, width: number, x: number, y: number): number[] {
  const at = y * (1 + width * 4) + 1 + x * 4
  return [...scanlines.subarray(at, at + 4)]
}

const base64url = (text: string) => Buffer.from(text, 'utf8').toString('base64url')
const LONG_JWT = [
  base64url(JSON.stringify({ alg: 'ES256', typ: 'JWT', kid: 'https://example.edu/issuers/1#key-1' })),
  base64url(JSON.stringify({ iss: 'https://example.edu/issuers/1', vc: { type: ['VerifiableCredential', 'OpenBadgeCredential'], filler: 'x'.repeat(4000) } })),
  base64url('s'.repeat(64)),
].join('.')
const UTF8_CREDENTIAL = JSON.stringify({ type: ['VerifiableCredential', 'OpenBadgeCredential'], name: '证书 é', credentialSubject: { achievement: { name: '教学设计 — niveau avancé' } } })

t.test('the badge is a valid 256x256 RGBA PNG: transparent corners, an opaque medallion, a lighter ring, a white check mark', async (t) => {
  const png = badgePng({ hue: 0 })
  t.ok(png.subarray(0, 8).equals(SIGNATURE), 'the PNG signature')
  const chunks = parse(png)
  t.same(chunks.map((chunk) => chunk.type), ['IHDR', 'IDAT', 'IEND'])
  t.same(chunks.map((chunk) => chunk.crcOk), [true, true, true], 'every CRC is right')
  const header = chunks[0]!.data
  t.same(
    { length: header.length, width: header.readUInt32BE(0), height: header.readUInt32BE(4), depth: header[8], colour: header[9], compression: header[10], filter: header[11], interlace: header[12] },
    { length: 13, width: 256, height: 256, depth: 8, colour: 6, compression: 0, filter: 0, interlace: 0 },
  )
  t.equal(chunks[2]!.data.length, 0, 'IEND is empty')
  const scanlines = inflateSync(chunks[1]!.data)
  t.equal(scanlines.length, 256 * (1 + 256 * 4), 'IDAT inflates to height x (filter byte + width x 4)')
  t.same(new Set(Array.from({ length: 256 }, (_, y) => scanlines[y * (1 + 256 * 4)])), new Set([0]), 'every scanline has filter 0')
  for (const [x, y] of [[0, 0], [255, 0], [0, 255], [255, 255]] as const) t.same(pixel(scanlines, 256, x, y), [0, 0, 0, 0], `corner ${x},${y} is transparent`)
  t.same(pixel(scanlines, 256, 128, 128), [166, 48, 48, 255], 'the centre is the hue at 55% saturation, 42% lightness, opaque')
  t.same(pixel(scanlines, 256, 226, 128), [212, 125, 125, 255], 'the ring is the same hue, lighter')
  t.same(pixel(scanlines, 256, 113, 161), [255, 255, 255, 255], 'the check mark is white')
  const alphas = Array.from({ length: 256 }, (_, x) => pixel(scanlines, 256, x, 128)[3]!)
  t.ok(alphas.some((alpha) => alpha > 0 && alpha < 255), 'the edge is anti-aliased: some pixels are partly covered')
  t.ok(png.length < 12 * 1024, `it is small (${png.length} bytes)`)
})

t.test('the size can be chosen', async (t) => {
  const chunks = parse(badgePng({ hue: 120, size: 64 }))
  t.same([chunks[0]!.data.readUInt32BE(0), chunks[0]!.data.readUInt32BE(4)], [64, 64])
  t.equal(inflateSync(chunks[1]!.data).length, 64 * (1 + 64 * 4))
  t.same(chunks.map((chunk) => chunk.crcOk), [true, true, true])
})

t.test('the same options give the same bytes; another hue gives others', async (t) => {
  t.ok(badgePng({ hue: 210 }).equals(badgePng({ hue: 210 })), 'drawn twice, identical')
  t.ok(badgePng({ hue: 210 }).equals(badgePng({ hue: 210, size: 256 })), '256 is the default size')
  t.ok(badgePng({ hue: 210 }).equals(badgePng({ hue: 570 })), 'hues go round the circle')
  t.ok(badgePng({ hue: 210 }).equals(badgePng({ hue: -150 })), 'negative hues too')
  t.notOk(badgePng({ hue: 210 }).equals(badgePng({ hue: 30 })), 'another hue, other bytes')
})

t.test('a hue that is no number and a size out of range are refused', async (t) => {
  t.throws(() => badgePng({ hue: Number.NaN }), RangeError)
  t.throws(() => badgePng({ hue: Number.POSITIVE_INFINITY }), RangeError)
  for (const size of [0, 15, 10.5, 1025]) t.throws(() => badgePng({ hue: 0, size }), RangeError, `size ${size}`)
})

t.test('a baked credential is read back exactly, UTF-8 included', async (t) => {
  const png = badgePng({ hue: 210 })
  t.equal(unbakePng(png), undefined, 'an unbaked badge carries nothing')
  t.ok(LONG_JWT.length > 5000, `the JWT is long (${LONG_JWT.length} characters)`)
  t.equal(unbakePng(bakePng(png, LONG_JWT)), LONG_JWT)
  t.equal(unbakePng(bakePng(png, UTF8_CREDENTIAL)), UTF8_CREDENTIAL)
  t.equal(unbakePng(bakePng(png, '证书 é')), '证书 é')
})

t.test('the baked file is still a valid PNG: the original chunks untouched, the iTXt chunk just before IEND, its fields as the spec says', async (t) => {
  const png = badgePng({ hue: 210 })
  const baked = bakePng(png, UTF8_CREDENTIAL)
  const chunks = parse(baked)
  t.same(chunks.map((chunk) => chunk.type), ['IHDR', 'IDAT', 'iTXt', 'IEND'])
  t.same(chunks.map((chunk) => chunk.crcOk), [true, true, true, true])
  t.ok(baked.subarray(0, png.length - 12).equals(png.subarray(0, png.length - 12)), 'the chunks before are the same bytes')
  t.ok(baked.subarray(baked.length - 12).equals(png.subarray(png.length - 12)), 'IEND is the same bytes')
  const expected = Buffer.concat([Buffer.from('openbadgecredential', 'latin1'), Buffer.from([0, 0, 0, 0, 0]), Buffer.from(UTF8_CREDENTIAL, 'utf8')])
  t.equal(chunks[2]!.data.toString('hex'), expected.toString('hex'), 'keyword, null, compression flag 0, method 0, empty language tag + null, empty translated keyword + null, text')
})

t.test('a baked image is not baked again', async (t) => {
  const baked = bakePng(badgePng({ hue: 210 }), LONG_JWT)
  t.throws(() => bakePng(baked, LONG_JWT), { message: /already carries an Open Badges credential/ })
  t.throws(() => bakePng(baked, 'another.credential.here'), { message: /already carries an Open Badges credential/ })
})

t.test('other text chunks are not taken for a credential', async (t) => {
  const png = badgePng({ hue: 210 })
  for (const keyword of ['openbadges', 'openbadgecredentialX', 'OpenBadgeCredential']) {
    const other = withChunkBeforeEnd(png, makeChunk('iTXt', Buffer.concat([Buffer.from(keyword, 'latin1'), Buffer.from([0, 0, 0, 0, 0]), Buffer.from('not this one')])))
    t.equal(unbakePng(other), undefined, keyword)
    t.equal(unbakePng(bakePng(other, LONG_JWT)), LONG_JWT, `${keyword}: baking still works`)
  }
})

t.test('what is not a whole PNG is refused', async (t) => {
  const png = badgePng({ hue: 210 })
  const damaged: [string, Buffer][] = [
    ['SVG', Buffer.from('<svg/>')],
    ['empty', Buffer.alloc(0)],
    ['the signature alone', SIGNATURE],
    ['JPEG', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10])],
    ['cut inside IDAT', png.subarray(0, 100)],
    ['cut inside IEND', png.subarray(0, png.length - 5)],
    ['without IEND', png.subarray(0, png.length - 12)],
    ['bytes after IEND', Buffer.concat([png, Buffer.from('trailing')])],
  ]
  for (const [name, bytes] of damaged) {
    t.throws(() => bakePng(bytes, LONG_JWT), { message: /^Not a PNG image/ }, `bake: ${name}`)
    t.throws(() => unbakePng(bytes), { message: /^Not a PNG image/ }, `unbake: ${name}`)
  }
})

t.test('a PNG with a wrong CRC is refused by bake and unbake', async (t) => {
  const baked = bakePng(badgePng({ hue: 210 }), LONG_JWT)
  const badCrc = Buffer.from(baked)
  badCrc[8 + 8 + 13 + 3]! ^= 0xff // the last byte of IHDR's CRC
  const badData = Buffer.from(baked)
  badData[8 + 12 + 13 + 8 + 100]! ^= 0x01 // a byte inside IDAT
  const badCredential = Buffer.from(baked)
  badCredential[baked.length - 12 - 4 - 10]! ^= 0x01 // a byte of the credential's text
  for (const [name, bytes, type] of [['IHDR CRC', badCrc, 'IHDR'], ['IDAT data', badData, 'IDAT'], ['credential text', badCredential, 'iTXt']] as const) {
    t.same(parse(bytes).map((chunk) => chunk.crcOk), ['IHDR', 'IDAT', 'iTXt', 'IEND'].map((each) => each !== type), `${name}: only the ${type} CRC fails`)
    t.throws(() => bakePng(bytes, LONG_JWT), { message: `Not a PNG image: its ${type} chunk fails its CRC check (the file is damaged)` }, `bake: ${name}`)
    t.throws(() => unbakePng(bytes), { message: `Not a PNG image: its ${type} chunk fails its CRC check (the file is damaged)` }, `unbake: ${name}`)
  }
})

t.test('an empty credential, or one with a null in it, is not baked', async (t) => {
  const png = badgePng({ hue: 210 })
  t.throws(() => bakePng(png, ''), { message: /empty/ })
  t.throws(() => bakePng(png, 'a.b\u0000.c'), { message: /null character/ })
})

t.test('a credential chunk that is compressed, malformed or not UTF-8 is refused when read', async (t) => {
  const png = badgePng({ hue: 210 })
  const itxt = (fields: number[], text: Buffer) => withChunkBeforeEnd(png, makeChunk('iTXt', Buffer.concat([Buffer.from('openbadgecredential', 'latin1'), Buffer.from(fields), text])))
  t.throws(() => unbakePng(itxt([0, 1, 0, 0, 0], Buffer.from('x'))), { message: /compressed/ })
  t.throws(() => unbakePng(itxt([0, 0, 0], Buffer.from('no terminators'))), { message: /malformed/ })
  t.throws(() => unbakePng(itxt([0, 0], Buffer.alloc(0))), { message: /cut short/ })
  t.throws(() => unbakePng(itxt([0, 0, 0, 0, 0], Buffer.from([0xc3, 0x28]))), { message: /UTF-8/ })
  t.equal(unbakePng(itxt([0, 0, 0, 0x65, 0x6e, 0, 0x42, 0], Buffer.from('jwt'))), 'jwt', 'a language tag and a translated keyword are skipped')
})
