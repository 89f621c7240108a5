import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { createFrameworkChecker, type FrameworkFile, type FrameworkFileError } from '../domain/framework-file.js'

export const FRAMEWORK_DATA_DIR = fileURLToPath(new URL('../../framework-data/', import.meta.url))

/**
 * Reads and checks framework files. All of them are checked before any is returned, so a caller
 * loads every file or none.
 *
 * ```ts
 * const frameworks = await readFrameworkFiles([path.join(FRAMEWORK_DATA_DIR, 'frameworks/iioe-hew.json')])
 * ```
 */
export async function readFrameworkFiles(files: readonly string[]): Promise<FrameworkFile[]> {
  const check = createFrameworkChecker(await readJson(path.join(FRAMEWORK_DATA_DIR, 'schema/framework.schema.json')))
  const frameworks: FrameworkFile[] = []
  const errors: FrameworkFileError[] = []
  for (const file of files) {
    const name = path.relative(process.cwd(), file) || file
    let data: unknown
    try {
      data = JSON.parse(await readFile(file, 'utf8'))
    } catch (error) {
      errors.push({ file: name, pointer: '', message: `cannot be read as JSON: ${(error as Error).message}` })
      continue
    }
    const result = check(data, name)
    if (result.ok) frameworks.push(result.framework)
    else errors.push(...result.errors)
  }
  if (errors.length > 0) throw new FrameworkFilesRejected(errors)
  return frameworks
}

/** The framework files shipped in framework-data/frameworks, in name order. */
export async function shippedFrameworkFiles(): Promise<string[]> {
  const dir = path.join(FRAMEWORK_DATA_DIR, 'frameworks')
  const names = (await readdir(dir)).filter((name) => name.endsWith('.json')).sort()
  return names.map((name) => path.join(dir, name))
}

export class FrameworkFilesRejected extends Error {
  override name = 'FrameworkFilesRejected'
  constructor(readonly errors: readonly FrameworkFileError[]) {
    super(`${errors.length} problem(s) in framework files; nothing was loaded`)
  }
}

async function readJson(file: string): Promise<object> {
  return JSON.parse(await readFile(file, 'utf8')) as object
}
