import { readFile } from 'node:fs/promises'
import t from 'tap'
import type { FrameworkFile, FrameworkFileNode } from '../../server/domain/framework-file.js'

/** The IIOE framework speaks the three languages of IIOE: its scale and every node have fr and zh text. */
t.test('the IIOE framework file has French and Chinese scale labels and node titles', async (t) => {
  const file = JSON.parse(await readFile(new URL('../../framework-data/frameworks/iioe-hew.json', import.meta.url), 'utf8')) as FrameworkFile
  t.same(file.languages, ['en', 'fr', 'zh'])
  const missing: string[] = []
  for (const level of file.scale.levels) {
    for (const language of ['fr', 'zh']) {
      if (!level.translations?.[language]?.label?.trim()) missing.push(`scale level ${level.level}: ${language} label`)
      if (!level.translations?.[language]?.description?.trim()) missing.push(`scale level ${level.level}: ${language} description`)
    }
  }
  const visit = (node: FrameworkFileNode): void => {
    for (const language of ['fr', 'zh']) if (!node.translations?.[language]?.title?.trim()) missing.push(`${node.code}: ${language} title`)
    ;(node.children ?? []).forEach(visit)
  }
  file.nodes.forEach(visit)
  t.same(missing, [])
  t.equal(file.scale.levels[0]?.translations?.['fr']?.label, 'Se préparer')
  t.equal(file.scale.levels[2]?.translations?.['zh']?.label, '实现转型')
})
