import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import t from 'tap'
import type { CrosswalkFile } from '../../server/domain/crosswalk-file.js'
import { createCrosswalkService } from '../../server/services/crosswalks.js'
import { DataFilesRejected, readCrosswalkFiles, shippedFiles } from '../../server/services/data-files.js'
import { browserGet, signIn, startTestApp } from '../helpers/app.js'

t.test('crosswalks: checked against the loaded frameworks, loaded all or nothing, shown on the competency page both ways', async (t) => {
  const { app, db } = await startTestApp(t)
  const crosswalks = createCrosswalkService(db)
  const shipped = await shippedFiles('crosswalks')
  t.same(shipped.map((file) => path.basename(file)), ['iioe-hew-ict-cft-digcompedu.json', 'iioe-qa-hew.json'])
  const [file, qaFile] = await readCrosswalkFiles(shipped, await crosswalks.knownCodes())
  const loaded = await db.selectFrom('crosswalk_links').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()
  t.equal(Number(loaded.n), file!.links.length + qaFile!.links.length, 'the shipped crosswalks are loaded at bootstrap')
  t.ok(file!.links.every((link) => link.from.framework === 'iioe-hew' && ['unesco-ict-cft', 'digcompedu'].includes(link.to.framework)))
  t.ok(qaFile!.links.every((link) => link.from.framework === 'iioe-qa' && link.to.framework === 'iioe-hew' && link.relation === 'related'), 'QA areas to the workforce competencies they rest on')

  // A bad file: every problem reported, nothing loaded.
  const dir = await mkdtemp(path.join(tmpdir(), 'crosswalks-'))
  const bad: CrosswalkFile = {
    ...structuredClone(file!),
    links: [
      { from: { framework: 'iioe-hew', code: 'PRO.1' }, to: { framework: 'digcompedu', code: 'DCE.9.9' }, relation: 'exact' },
      { from: { framework: 'no-such-framework', code: 'X.1' }, to: { framework: 'digcompedu', code: 'DCE.1.1' }, relation: 'related' },
      { from: { framework: 'iioe-hew', code: 'PRO.1' }, to: { framework: 'iioe-hew', code: 'PRO.2' }, relation: 'related' },
      { from: { framework: 'digcompedu', code: 'DCE.1.4' }, to: { framework: 'iioe-hew', code: 'PRO.1' }, relation: 'exact' },
      { from: { framework: 'iioe-hew', code: 'PRO.1' }, to: { framework: 'digcompedu', code: 'DCE.1.4' }, relation: 'wrong' as never },
    ],
  }
  await writeFile(path.join(dir, 'bad.json'), JSON.stringify(bad))
  const refused = await readCrosswalkFiles([path.join(dir, 'bad.json')], await crosswalks.knownCodes()).catch((error: unknown) => error)
  t.ok(refused instanceof DataFilesRejected)
  t.same(
    (refused as DataFilesRejected).errors.map((error) => error.pointer),
    ['/links/4/relation'],
    'the schema first: a relation that is not one of the four',
  )
  bad.links.pop()
  await writeFile(path.join(dir, 'bad.json'), JSON.stringify(bad))
  const rules = (await readCrosswalkFiles([path.join(dir, 'bad.json')], await crosswalks.knownCodes()).catch((error: unknown) => error)) as DataFilesRejected
  t.same(
    rules.errors.map((error) => [error.pointer, error.message]),
    [
      ['/links/0/to/code', 'framework "digcompedu" has no competency "DCE.9.9"'],
      ['/links/1/from/framework', 'no framework "no-such-framework" is loaded'],
      ['/links/2/to/framework', 'a crosswalk links competencies of two different frameworks'],
    ],
    'unknown codes and frameworks are errors',
  )
  const other = { ...structuredClone(file!), id: 'another-crosswalk', links: [file!.links[0]!] }
  await t.rejects(crosswalks.load([file!, other]), DataFilesRejected, 'a pair linked by two files is refused')
  const after = await db.selectFrom('crosswalk_links').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()
  t.equal(Number(after.n), file!.links.length + qaFile!.links.length, 'nothing changed')
  t.same(await crosswalks.load([file!]), { links: file!.links.length }, 'loading again replaces, it does not add')

  // Both directions.
  t.match(await crosswalks.related('iioe-hew', 'PRO.1'), [
    { relation: 'exact', frameworkSlug: 'digcompedu', code: 'DCE.1.4', title: 'Digital continuous professional development' },
    { relation: 'broader', frameworkSlug: 'unesco-ict-cft', code: 'A6.1', version: '3.0' },
  ])
  t.same((await crosswalks.related('unesco-ict-cft', 'A6.1')).map((entry) => [entry.relation, entry.code]), [
    ['narrower', 'PRO.1'],
    ['narrower', 'PRO.2'],
    ['narrower', 'PRO.3'],
  ])
  t.same(await crosswalks.related('digcompedu', 'DCE.5.3'), [], 'a competency without links')

  const lecturer = await signIn(app, 'lecturer@demo.test')
  const competency = await db
    .selectFrom('competencies')
    .innerJoin('institutions', 'institutions.framework_id', 'competencies.framework_id')
    .select('competencies.id')
    .where('institutions.name', '=', 'Demo University')
    .where('competencies.code', '=', 'PRO.1')
    .executeTakeFirstOrThrow()
  const page = await browserGet(app, lecturer, `/framework/${competency.id}`)
  t.equal(page.statusCode, 200)
  t.match(page.body, 'Related in other frameworks')
  t.match(page.body, /Same as <span class="code">DCE\.1\.4<\/span> Digital continuous professional development/)
  t.match(page.body, /Broader: <span class="code">A6\.1<\/span>/)
  const unlinked = await db
    .selectFrom('competencies')
    .innerJoin('institutions', 'institutions.framework_id', 'competencies.framework_id')
    .select('competencies.id')
    .where('institutions.name', '=', 'Demo University')
    .where('competencies.code', '=', 'LEAD.1')
    .executeTakeFirstOrThrow()
  t.match((await browserGet(app, lecturer, `/framework/${unlinked.id}`)).body, 'No related competencies in other frameworks.')
})
