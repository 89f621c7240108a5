import { Ajv, type ErrorObject } from 'ajv'
import addFormats from 'ajv-formats'
import type { LevelDescriptor, NodeKind, Scale, SourceRef, StaffGroup, Translations } from '../db/schema.js'
import { scaleNumberingProblems } from './scale.js'

/** A framework file as framework.schema.json describes it. */
export interface FrameworkFile {
  id: string
  version: string
  title: string
  publisher: string
  description?: string
  status: 'provisional' | 'official'
  languages: string[]
  sources: SourceRef[]
  staffGroups?: StaffGroup[]
  scale: Scale
  nodes: FrameworkFileNode[]
}

export interface FrameworkFileNode {
  code: string
  kind: NodeKind
  title: string
  description?: string
  source: SourceRef
  appliesTo?: string[]
  importance?: number
  levelDescriptors?: Record<string, LevelDescriptor>
  translations?: Translations
  children?: FrameworkFileNode[]
}

/** One reason a file is refused: which file, where in it (JSON pointer), and why. */
export interface FrameworkFileError {
  readonly file: string
  readonly pointer: string
  readonly message: string
}

export type FrameworkFileResult =
  | { readonly ok: true; readonly framework: FrameworkFile }
  | { readonly ok: false; readonly errors: readonly FrameworkFileError[] }

/**
 * Makes a checker of framework files from the JSON Schema: the schema first, then the rules a schema
 * cannot say (unique codes, levels numbered 1..n, descriptors only for levels on the scale, staff
 * groups that exist). Every problem is reported, not only the first.
 *
 * ```ts
 * const check = createFrameworkChecker(schemaJson)
 * const result = check(JSON.parse(text), 'iioe-hew.json')
 * if (!result.ok) result.errors // [{ file: 'iioe-hew.json', pointer: '/nodes/0/code', message: '...' }]
 * ```
 */
export function createFrameworkChecker(schema: object): (data: unknown, file: string) => FrameworkFileResult {
  const ajv = new Ajv({ allErrors: true, strict: true })
  addFormats.default(ajv)
  const validate = ajv.compile<FrameworkFile>(schema)
  return (data, file) => {
    if (!validate(data)) {
      return { ok: false, errors: (validate.errors ?? []).map((error) => schemaError(file, error)) }
    }
    const errors = ruleErrors(data).map(({ pointer, message }) => ({ file, pointer, message }))
    return errors.length === 0 ? { ok: true, framework: data } : { ok: false, errors }
  }
}

/** Formats errors one per line, as a person reads them in a terminal. */
export function formatFrameworkErrors(errors: readonly FrameworkFileError[]): string {
  return errors.map((error) => `${error.file}: ${error.pointer || '/'}: ${error.message}`).join('\n')
}

function schemaError(file: string, error: ErrorObject): FrameworkFileError {
  const detail =
    error.keyword === 'additionalProperties'
      ? `${error.message} ("${String(error.params['additionalProperty'])}")`
      : error.keyword === 'enum' || error.keyword === 'const'
        ? `${error.message}: ${JSON.stringify(error.params['allowedValues'] ?? error.params['allowedValue'])}`
        : (error.message ?? 'is not valid')
  return { file, pointer: error.instancePath, message: detail }
}

function ruleErrors(framework: FrameworkFile): { pointer: string; message: string }[] {
  const errors: { pointer: string; message: string }[] = []
  for (const problem of scaleNumberingProblems(framework.scale)) errors.push({ pointer: '/scale/levels', message: problem })
  const levels = new Set(framework.scale.levels.map((entry) => String(entry.level)))
  const groups = new Set((framework.staffGroups ?? []).map((group) => group.code))
  const seenCodes = new Map<string, string>()

  const visit = (node: FrameworkFileNode, pointer: string): void => {
    const firstPointer = seenCodes.get(node.code)
    if (firstPointer !== undefined) {
      errors.push({ pointer: `${pointer}/code`, message: `code "${node.code}" is already used at ${firstPointer}` })
    } else {
      seenCodes.set(node.code, pointer)
    }
    for (const key of Object.keys(node.levelDescriptors ?? {})) {
      if (!levels.has(key)) {
        errors.push({ pointer: `${pointer}/levelDescriptors/${key}`, message: `level ${key} is not on the scale (levels ${[...levels].join(', ')})` })
      }
    }
    ;(node.appliesTo ?? []).forEach((group, index) => {
      if (!groups.has(group)) {
        errors.push({ pointer: `${pointer}/appliesTo/${index}`, message: `staff group "${group}" is not defined in staffGroups` })
      }
    })
    ;(node.children ?? []).forEach((child, index) => visit(child, `${pointer}/children/${index}`))
  }
  framework.nodes.forEach((node, index) => visit(node, `/nodes/${index}`))
  return errors
}
