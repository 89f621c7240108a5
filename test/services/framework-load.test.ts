import { execFile } from 'node:child_process'
import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import t from 'tap'
import { migrateToLatest } from '../../server/db/migrate.js'
import { DataFilesRejected, readFrameworkFiles, shippedFiles } from '../../server/services/data-files.js'
import { createFrameworkService, FrameworkVersionConflict } from '../../server/services/frameworks.js'
import { createTestDatabase } from '../helpers/database.js'

const counts = async (db: Awaited<ReturnType<typeof createTestDatabase>>['db']) => ({
  frameworks: Number((await db.selectFrom('frameworks').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n),
  competencies: Number((await db.selectFrom('competencies').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n),
})

t.test('loading framework files', async (t) => {
  const database = await createTestDatabase({ empty: true })
  t.teardown(() => database.close())
  await migrateToLatest(database.db)
  const service = createFrameworkService(database.db)
  const shipped = await readFrameworkFiles(await shippedFiles('frameworks'))
  const scratch = await mkdtemp(path.join(tmpdir(), 'ct-frameworks-'))

  t.test('loads all shipped frameworks with their whole trees', async (t) => {
    const outcomes = await service.loadAll(shipped)
    t.same(
      outcomes.map((outcome) => [outcome.slug, outcome.status]),
      [
        ['digcompedu', 'loaded'],
        ['iioe-hew', 'loaded'],
        ['iioe-qa', 'loaded'],
        ['unesco-ict-cft', 'loaded'],
      ],
    )
    const dce = await service.get(outcomes[0]!.frameworkId)
    t.equal(dce?.tree.roots.length, 6)
    t.equal(dce?.tree.competencies.length, 22)
    t.equal(dce?.row.scale.levels.length, 6)
    const iioe = await service.get(outcomes[1]!.frameworkId)
    const nodes = (n: { children?: unknown[] }[]): number => n.reduce((sum, node) => sum + 1 + nodes((node.children ?? []) as { children?: unknown[] }[]), 0)
    t.equal(iioe?.tree.byId.size, nodes(shipped[1]!.nodes), 'every node of the file is stored')
    t.equal(await service.latestId('iioe-hew'), outcomes[1]!.frameworkId)
    const qa = await service.get(outcomes[2]!.frameworkId)
    t.same([qa?.row.subject, qa?.tree.roots.length, qa?.tree.roots.flatMap((root) => root.children).length, qa?.tree.competencies.length], ['institution', 6, 20, 61], 'the QA file: about the institution, 6 components of 20 sub-components of 61 areas')
    t.equal(qa?.tree.byId.size, nodes(shipped[2]!.nodes), 'every node of the nested tree is stored')
  })

  t.test('loading the same version again changes nothing', async (t) => {
    const before = await counts(database.db)
    const outcomes = await service.loadAll(shipped)
    t.same(
      outcomes.map((outcome) => outcome.status),
      ['unchanged', 'unchanged', 'unchanged', 'unchanged'],
    )
    t.same(await counts(database.db), before)
  })

  t.test('the same version with other content is refused, and nothing of the batch is loaded', async (t) => {
    const before = await counts(database.db)
    const renamed = { ...structuredClone(shipped[0]!), id: 'brand-new', version: '1' }
    const changed = structuredClone(shipped[1]!)
    changed.title = 'Edited without a new version'
    await t.rejects(service.loadAll([renamed, changed]), FrameworkVersionConflict)
    await t.rejects(service.loadAll([renamed, changed]), /iioe-hew version 2021\.1-provisional is already loaded with different content/)
    t.same(await counts(database.db), before, 'the new framework before the conflict was rolled back too')
    t.equal(await service.latestId('brand-new'), undefined)
  })

  t.test('the same version with only its translations changed refreshes them in place, without a new version', async (t) => {
    const before = await counts(database.db)
    const id = (await service.idOf('iioe-hew', shipped[1]!.version))!
    const cached = await service.get(id)
    const retranslated = structuredClone(shipped[1]!)
    retranslated.translations = { ...retranslated.translations, fr: { title: 'Titre corrigé', description: 'Description corrigée' } }
    const firstCompetency = retranslated.nodes[0]!.children![0]!
    firstCompetency.levelDescriptors!['1']!.translations = { zh: { description: '新的描述。' } }
    firstCompetency.translations = { ...firstCompetency.translations, fr: { title: 'Titre du nœud corrigé' } }
    retranslated.scale.levels[0]!.translations = { fr: { label: 'Niveau un', description: 'Le premier niveau.' } }

    const outcomes = await service.loadAll([retranslated])
    t.same(outcomes.map((outcome) => [outcome.slug, outcome.status, outcome.frameworkId]), [['iioe-hew', 'translated', id]])
    t.same(await counts(database.db), before, 'no new version, no new node')
    const reread = await service.get(id)
    t.not(reread, cached, 'the cached tree is read again')
    t.same(reread?.row.translations['fr'], { title: 'Titre corrigé', description: 'Description corrigée' })
    t.equal(reread?.row.scale.levels[0]?.translations?.['fr']?.label, 'Niveau un')
    const node = reread?.tree.competencies.find((competency) => competency.code === firstCompetency.code)
    t.same(node?.levelDescriptors['1']?.translations, { zh: { description: '新的描述。' } })
    t.equal(node?.translations['fr']?.title, 'Titre du nœud corrigé')
    t.same((await service.loadAll([retranslated])).map((outcome) => outcome.status), ['unchanged'], 'loaded again: unchanged')

    const alsoReworded = structuredClone(retranslated)
    alsoReworded.nodes[0]!.children![0]!.levelDescriptors!['1']!.description = 'Reworded in English too.'
    await t.rejects(service.loadAll([alsoReworded]), FrameworkVersionConflict, 'a change of the English text still needs a new version')

    t.same((await service.loadAll(shipped)).map((outcome) => outcome.status), ['unchanged', 'translated', 'unchanged', 'unchanged'], 'the shipped file puts its translations back')
    t.same((await service.get(id))?.row.translations, shipped[1]!.translations ?? {})
  })

  t.test('a bad file among good ones is refused with its errors before anything is loaded', async (t) => {
    const good = path.join(scratch, 'good.json')
    const bad = path.join(scratch, 'bad.json')
    const broken = path.join(scratch, 'broken.json')
    const text = await readFile((await shippedFiles('frameworks'))[0]!, 'utf8')
    await writeFile(good, text)
    const badData = JSON.parse(text)
    badData.nodes[2].children[0].code = 'has spaces'
    badData.scale.levels = []
    await writeFile(bad, JSON.stringify(badData))
    await writeFile(broken, '{ "id": ')
    const error = await readFrameworkFiles([good, bad, broken]).catch((e: unknown) => e)
    t.type(error, DataFilesRejected)
    const errors = (error as DataFilesRejected).errors
    t.ok(errors.some((e) => e.file.endsWith('bad.json') && e.pointer === '/nodes/2/children/0/code'))
    t.ok(errors.some((e) => e.file.endsWith('bad.json') && e.pointer === '/scale/levels' && /must NOT have fewer than 2 items/.test(e.message)))
    t.ok(errors.some((e) => e.file.endsWith('broken.json') && /cannot be read as JSON/.test(e.message)))
    t.notOk(errors.some((e) => e.file.endsWith('good.json')))
  })

  t.test('npm run framework:load lists every error of a bad file and exits 1', async (t) => {
    const bad = path.join(scratch, 'bad-cli.json')
    await writeFile(bad, JSON.stringify({ id: 'x', version: '1' }))
    const run = promisify(execFile)
    const result = await run(process.execPath, ['--import', 'tsx', 'server/cli/framework-load.ts', bad], {
      env: { ...process.env, DATA_DIR: scratch },
    }).catch((e: { code: number; stderr: string }) => e)
    t.equal((result as { code: number }).code, 1)
    const stderr = (result as { stderr: string }).stderr
    t.match(stderr, /nothing was loaded/)
    t.match(stderr, /bad-cli\.json: \/: must have required property 'title'/)
    t.match(stderr, /bad-cli\.json: \/: must have required property 'scale'/)
  })
})
