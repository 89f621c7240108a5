import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import type { CatalogueFile, RoleProfilesFile } from '../domain/catalogue-file.js'
import { createCrosswalkChecker, type CrosswalkFile } from '../domain/crosswalk-file.js'
import { createDataFileChecker, type DataFileError, type DataFileResult } from '../domain/data-file.js'
import { createFrameworkChecker, type FrameworkFile } from '../domain/framework-file.js'
import { PROJECT_ROOT } from '../paths.js'

export const FRAMEWORK_DATA_DIR = path.join(PROJECT_ROOT, 'framework-data') + path.sep

/**
 * Reads and checks framework files. All of them are checked before any is returned, so a caller
 * loads every file or none.
 *
 * ```ts
 * const frameworks = await readFrameworkFiles(await shippedFiles('frameworks'))
 * ```
 */
export async function readFrameworkFiles(files: readonly string[]): Promise<FrameworkFile[]> {
  return readDataFiles(files, createFrameworkChecker(await readSchema('framework')))
}

/** Reads programme catalogue files, checked against their schema (links are checked on load). */
export async function readCatalogueFiles(files: readonly string[]): Promise<CatalogueFile[]> {
  return readDataFiles(files, createDataFileChecker<CatalogueFile>(await readSchema('programmes')))
}

/** Checks one catalogue (e.g. uploaded by a designer) against the catalogue file schema. */
export async function catalogueFileChecker(): Promise<(data: unknown, file: string) => DataFileResult<CatalogueFile>> {
  return createDataFileChecker<CatalogueFile>(await readSchema('programmes'))
}

/** Reads default role profile files, checked against their schema (targets are checked on use). */
export async function readRoleProfileFiles(files: readonly string[]): Promise<RoleProfilesFile[]> {
  return readDataFiles(files, createDataFileChecker<RoleProfilesFile>(await readSchema('role-profiles')))
}

/** Reads crosswalk files, checked against their schema and against the loaded frameworks' codes. */
export async function readCrosswalkFiles(files: readonly string[], knows: Parameters<typeof createCrosswalkChecker>[1]): Promise<CrosswalkFile[]> {
  return readDataFiles(files, createCrosswalkChecker(await readSchema('crosswalk'), knows))
}

/** The JSON files shipped in one folder of framework-data (frameworks, programmes, role-profiles), by name. */
export async function shippedFiles(folder: 'frameworks' | 'programmes' | 'role-profiles' | 'crosswalks'): Promise<string[]> {
  const dir = path.join(FRAMEWORK_DATA_DIR, folder)
  const names = (await readdir(dir)).filter((name) => name.endsWith('.json')).sort()
  return names.map((name) => path.join(dir, name))
}

export class DataFilesRejected extends Error {
  override name = 'DataFilesRejected'
  constructor(readonly errors: readonly DataFileError[]) {
    super(`${errors.length} problem(s) in data files; nothing was loaded`)
  }
}

async function readDataFiles<T>(files: readonly string[], check: (data: unknown, file: string) => DataFileResult<T>): Promise<T[]> {
  const values: T[] = []
  const errors: DataFileError[] = []
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
    if (result.ok) values.push(result.value)
    else errors.push(...result.errors)
  }
  if (errors.length > 0) throw new DataFilesRejected(errors)
  return values
}

/** OpenSALT's JSON Schema of a CASE 1.0 package (MIT licence, see schema/case/LICENSE-opensalt). */
export async function readCaseSchema(): Promise<object> {
  return JSON.parse(await readFile(path.join(FRAMEWORK_DATA_DIR, 'schema', 'case', 'case-v1p0-cfpackage-schema.json'), 'utf8')) as object
}

export async function readSchema(name: string): Promise<object> {
  return JSON.parse(await readFile(path.join(FRAMEWORK_DATA_DIR, 'schema', `${name}.schema.json`), 'utf8')) as object
}
