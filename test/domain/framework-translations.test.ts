import { readFile } from 'node:fs/promises'
import t from 'tap'
import type { CatalogueFile } from '../../server/domain/catalogue-file.js'
import type { FrameworkFile, FrameworkFileNode } from '../../server/domain/framework-file.js'

const LANGUAGES = ['fr', 'zh'] as const
const readData = async <T>(file: string): Promise<T> => JSON.parse(await readFile(new URL(`../../framework-data/${file}`, import.meta.url), 'utf8')) as T
const hasText = (text: string | undefined): boolean => text !== undefined && text.trim() !== ''

/** The IIOE framework speaks the three languages of IIOE: its own title, its scale and every node have fr and zh text. */
t.test('the IIOE framework file has French and Chinese text for everything a reader sees', async (t) => {
  const file = await readData<FrameworkFile>('frameworks/iioe-hew.json')
  t.same(file.languages, ['en', 'fr', 'zh'])
  const missing: string[] = []
  for (const language of LANGUAGES) {
    if (!hasText(file.translations?.[language]?.title)) missing.push(`framework: ${language} title`)
    if (!hasText(file.translations?.[language]?.description)) missing.push(`framework: ${language} description`)
  }
  for (const level of file.scale.levels) {
    for (const language of LANGUAGES) {
      if (!hasText(level.translations?.[language]?.label)) missing.push(`scale level ${level.level}: ${language} label`)
      if (!hasText(level.translations?.[language]?.description)) missing.push(`scale level ${level.level}: ${language} description`)
    }
  }
  let descriptors = 0
  const visit = (node: FrameworkFileNode): void => {
    for (const language of LANGUAGES) if (!hasText(node.translations?.[language]?.title)) missing.push(`${node.code}: ${language} title`)
    for (const [level, descriptor] of Object.entries(node.levelDescriptors ?? {})) {
      descriptors++
      for (const language of LANGUAGES) if (!hasText(descriptor.translations?.[language]?.description)) missing.push(`${node.code} level ${level}: ${language} descriptor`)
    }
    ;(node.children ?? []).forEach(visit)
  }
  file.nodes.forEach(visit)
  t.same(missing, [])
  t.equal(descriptors, 99, 'every level of all 33 competencies has a descriptor')
  t.equal(file.scale.levels[0]?.translations?.['fr']?.label, 'Se préparer')
  t.equal(file.scale.levels[2]?.translations?.['zh']?.label, '实现转型')
})

t.test('every programme of the sample catalogue has a French and a Chinese title and description', async (t) => {
  const file = await readData<CatalogueFile>('programmes/iioe-sample-catalogue.json')
  t.equal(file.programmes.length, 49)
  const missing: string[] = []
  for (const programme of file.programmes) {
    for (const language of LANGUAGES) {
      if (!hasText(programme.translations?.[language]?.title)) missing.push(`${programme.code}: ${language} title`)
      if (hasText(programme.description) && !hasText(programme.translations?.[language]?.description)) missing.push(`${programme.code}: ${language} description`)
    }
  }
  t.same(missing, [])
})

t.test('the French and Chinese data texts follow the typography of the UI catalogues', async (t) => {
  const texts: { where: string; language: string; text: string }[] = []
  const collect = (value: unknown, where: string, language = ''): void => {
    if (typeof value === 'string') {
      if (language !== '') texts.push({ where, language, text: value })
    } else if (Array.isArray(value)) {
      value.forEach((entry, index) => collect(entry, `${where}/${index}`, language))
    } else if (value !== null && typeof value === 'object') {
      for (const [key, entry] of Object.entries(value)) collect(entry, `${where}/${key}`, LANGUAGES.includes(key as 'fr') ? key : language)
    }
  }
  for (const file of ['frameworks/iioe-hew.json', 'programmes/iioe-sample-catalogue.json', 'role-profiles/iioe-hew.json']) collect(await readData(file), file)
  t.ok(texts.some(({ language }) => language === 'fr') && texts.some(({ language }) => language === 'zh'), 'texts of both languages found')
  const straightApostrophes = texts.filter(({ language, text }) => language === 'fr' && /\p{L}'\p{L}/u.test(text)).map(({ where }) => where)
  t.same(straightApostrophes, [], 'French writes the typographic apostrophe')
  const halfWidth = texts.filter(({ language, text }) => language === 'zh' && /[\p{Script=Han}][,.;:()]|[,.;:(][\p{Script=Han}]|\)[\p{Script=Han}]/u.test(text)).map(({ where, text }) => `${where}: ${text}`)
  t.same(halfWidth, [], 'Chinese writes full-width punctuation next to Chinese text')
})
