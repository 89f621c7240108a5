import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import t from 'tap'

/**
 * The layers of README's architecture, checked on the source: the domain is pure, services do not
 * reach into HTTP, a route file does not borrow another route file's constants or schemas (shared
 * ones live in server/domain/ or server/http/), and views only render what they are given.
 */
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')

/** Route files whose whole job is to register their child route plugins. */
const routeRegistrationFiles = new Set(['server/routes/api/v1/index.ts', 'server/routes/pages/index.ts'])

interface Rule {
  name: string
  from: string
  forbidden: readonly string[]
  allows?: (importer: string) => boolean
}

const rules: readonly Rule[] = [
  { name: 'the domain is pure', from: 'server/domain/', forbidden: ['server/db/', 'server/routes/', 'server/services/', 'server/plugins/', 'server/http/'] },
  { name: 'services know nothing of HTTP', from: 'server/services/', forbidden: ['server/routes/', 'server/plugins/', 'server/http/'] },
  { name: 'what routes share imports no route', from: 'server/http/', forbidden: ['server/routes/'] },
  { name: 'views render what they are given', from: 'views/', forbidden: ['server/routes/', 'server/plugins/', 'server/http/'] },
  {
    name: 'a route file imports no other route file',
    from: 'server/routes/',
    forbidden: ['server/routes/'],
    allows: (importer) => routeRegistrationFiles.has(importer),
  },
]

t.test('every import follows the layers', async (t) => {
  const files = [...typeScriptFiles(join(root, 'server')), ...typeScriptFiles(join(root, 'views'))].map((file) => relative(root, file))
  t.ok(files.filter((file) => file.startsWith('server/domain/')).length > 30 && files.filter((file) => file.startsWith('views/')).length > 50, 'the source was found')
  const offences = files.flatMap((file) =>
    importedFiles(file).flatMap((imported) => rules.flatMap((rule) => breaks(rule, file, imported) ? [`${rule.name}: ${file} imports ${imported}`] : [])),
  )
  t.same(offences, [], 'no import crosses a layer the wrong way')
})

t.test('the registration files named above exist and only register routes', async (t) => {
  for (const file of routeRegistrationFiles) {
    const imports = importedFiles(file)
    t.ok(imports.length > 0, `${file} exists and imports its route plugins`)
    t.same(imports.filter((imported) => !imported.startsWith('server/routes/')), [], `${file} imports nothing but route plugins`)
  }
})

t.test('the import reader sees every form of import', async (t) => {
  const source = [
    "import t from 'tap'",
    "import type { Scale } from '../domain/scale.js'",
    'import {\n  a,\n  b,\n} from "./multi-line.js"',
    "export { x } from './re-export.js'",
    "export * from './star.js'",
    "import './side-effect.js'",
    "const lazy = await import('./dynamic.js')",
  ].join('\n')
  t.same(importSpecifiers(source), ['tap', '../domain/scale.js', './multi-line.js', './re-export.js', './star.js', './side-effect.js', './dynamic.js'])
})

function breaks(rule: Rule, importer: string, imported: string): boolean {
  if (!importer.startsWith(rule.from) || rule.allows?.(importer)) return false
  return rule.forbidden.some((layer) => imported.startsWith(layer))
}

/** The repository-relative .ts files a file imports (packages and node: modules are left out). */
function importedFiles(file: string): string[] {
  const source = readFileSync(join(root, file), 'utf8')
  return importSpecifiers(source)
    .filter((specifier) => specifier.startsWith('.'))
    .map((specifier) => relative(root, resolve(root, dirname(file), specifier)).replace(/\.js$/, '.ts'))
}

function importSpecifiers(source: string): string[] {
  const pattern = /(?:^|\n)\s*(?:import|export)\s+(?:[^'"]*?\s+from\s+)?['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/g
  return [...source.matchAll(pattern)].map((match) => (match[1] ?? match[2])!)
}

function typeScriptFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name)
    if (entry.isDirectory()) return typeScriptFiles(path)
    return entry.name.endsWith('.ts') ? [path] : []
  })
}
