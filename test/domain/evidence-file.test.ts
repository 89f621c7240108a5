import t from 'tap'
import { evidenceFileName, sniffEvidence } from '../../server/domain/evidence-file.js'
import { docx, pdf, PNG, zip } from '../helpers/zip.js'

const CONTENT_TYPES = '[Content_Types].xml'
const types = (main: string) => Buffer.from(`<Types><Override PartName="/x" ContentType="${main}"/></Types>`)

t.test('the type is read from the content, whatever the name', async (t) => {
  t.same(sniffEvidence(pdf()), { type: 'application/pdf' })
  t.same(sniffEvidence(PNG), { type: 'image/png' })
  t.same(sniffEvidence(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10])), { type: 'image/jpeg' })
  t.same(sniffEvidence(Buffer.from('GIF89a\x01\x00\x01\x00', 'latin1')), { type: 'image/gif' })
  t.same(sniffEvidence(Buffer.from('RIFF\x10\x00\x00\x00WEBPVP8 ', 'latin1')), { type: 'image/webp' })
  t.same(sniffEvidence(docx()), { type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' })
  t.same(sniffEvidence(zip([{ name: CONTENT_TYPES, content: types('sheet') }, { name: 'xl/workbook.xml', content: Buffer.from('<workbook/>') }])), { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' })
  t.same(sniffEvidence(zip([{ name: CONTENT_TYPES, content: types('slides') }, { name: 'ppt/presentation.xml', content: Buffer.from('<p/>') }])), { type: 'application/vnd.openxmlformats-officedocument.presentationml.presentation' })
  t.same(
    sniffEvidence(zip([{ name: 'mimetype', content: Buffer.from('application/vnd.oasis.opendocument.text'), store: true }, { name: 'content.xml', content: Buffer.from('<office:document-content/>') }])),
    { type: 'application/vnd.oasis.opendocument.text' },
  )
})

t.test('HTML, SVG, scripts, plain zips and empty files are refused', async (t) => {
  for (const hostile of [
    '<!doctype html><script>alert(1)</script>',
    '<html><body onload=alert(1)>',
    '<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
    '<svg onload=alert(1)>',
    '  %PDF-1.4 starts late',
    '#!/bin/sh\nrm -rf /',
    'MZ\x90\x00',
    '',
  ]) {
    t.same(sniffEvidence(Buffer.from(hostile, 'latin1')), { refused: 'unknownType' }, JSON.stringify(hostile.slice(0, 20)))
  }
  t.same(sniffEvidence(zip([{ name: 'notes.txt', content: Buffer.from('hello') }])), { refused: 'unknownType' }, 'a zip that is no office document')
  t.same(sniffEvidence(zip([{ name: 'mimetype', content: Buffer.from('text/html'), store: true }])), { refused: 'unknownType' }, 'an OpenDocument of another kind')
})

t.test('zip bombs and lying archives named .docx are refused before anything is unpacked past what they declare', async (t) => {
  const zeros = Buffer.alloc(40 * 1024 * 1024)
  const bomb = zip([{ name: CONTENT_TYPES, content: types('doc') }, { name: 'word/document.xml', content: Buffer.from('<w/>') }, ...[1, 2, 3].map((n) => ({ name: `word/media/${n}.bin`, content: zeros }))])
  t.ok(bomb.length < 200 * 1024, `the bomb is small (${bomb.length} bytes)`)
  t.same(sniffEvidence(bomb), { refused: 'badArchive' }, '120 MB unpacked')
  const lying = zip([{ name: CONTENT_TYPES, content: types('doc') }, { name: 'word/document.xml', content: Buffer.alloc(5 * 1024 * 1024, 0x41), declaredSize: 1000 }])
  t.same(sniffEvidence(lying), { refused: 'badArchive' }, 'an entry that unpacks to more than it declares')
  const overlapping = zip([{ name: CONTENT_TYPES, content: types('doc') }, { name: 'word/document.xml', content: Buffer.from('<w/>') }], { duplicateLast: 3 })
  t.same(sniffEvidence(overlapping), { refused: 'badArchive' }, 'entries sharing their data')
  const cut = docx().subarray(0, 60)
  t.same(sniffEvidence(cut), { refused: 'badArchive' }, 'cut short')
})

t.test('documents with macros are refused', async (t) => {
  t.same(sniffEvidence(zip([{ name: CONTENT_TYPES, content: types('application/vnd.ms-word.document.macroEnabled.main+xml') }, { name: 'word/document.xml', content: Buffer.from('<w/>') }])), { refused: 'macros' })
  t.same(sniffEvidence(zip([{ name: CONTENT_TYPES, content: types('doc') }, { name: 'word/document.xml', content: Buffer.from('<w/>') }, { name: 'word/vbaProject.bin', content: Buffer.from('x') }])), { refused: 'macros' })
})

t.test('the kept name has no folders, no control characters, and the extension of the real type', async (t) => {
  t.equal(evidenceFileName('../../etc/passwd.pdf', 'application/pdf'), 'passwd.pdf')
  t.equal(evidenceFileName('C:\\Users\\amina\\Desktop\\cv.PDF', 'application/pdf'), 'cv.pdf')
  t.equal(evidenceFileName('photo.pdf', 'image/png'), 'photo.pdf.png')
  t.equal(evidenceFileName('', 'image/png'), 'evidence.png')
  t.equal(evidenceFileName('...', 'application/pdf'), 'evidence.pdf')
  t.equal(evidenceFileName('a\u0000b\r\nc"<d>.pdf', 'application/pdf'), 'abcd.pdf')
  t.equal(evidenceFileName('report\u202egnp.pdf', 'application/pdf'), 'reportgnp.pdf', 'no right-to-left override to disguise the extension')
  t.equal(evidenceFileName('教学大纲.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'), '教学大纲.docx')
  t.equal(evidenceFileName(`${'x'.repeat(300)}.pdf`, 'application/pdf'), `${'x'.repeat(110)}.pdf`)
})
