/** Importing a framework version from a CASE 1.0 package or a framework file of ours. */
import type { FrameworkFile } from '../../domain/framework-file.js'
import { canonicalFramework, comparableTo, frameworkFileOf } from '../../domain/framework-rebuild.js'
import { appendAudit } from '../audit.js'
import { loadOne } from '../frameworks.js'
import type { Actor, ExchangeContext } from './context.js'
import { FrameworkRejected, refuseBrokenText, rethrowDuplicate, VersionConflict } from './refusals.js'
import { frameworkProblem } from '../../domain/framework-problems.js'

export type ImportFormat = 'case' | 'framework'

export interface ImportOutcome {
  readonly status: 'loaded' | 'unchanged'
  readonly id: number
  readonly slug: string
  readonly version: string
  readonly format: ImportFormat
  readonly warnings: readonly string[]
}

/** The exchange service's import (see createFrameworkExchangeService). */
export function frameworkImport({ db, frameworks, checkFramework, importCase, requireFramework }: ExchangeContext) {
  /** Our format or CASE, checked: the framework file and what the conversion had to say. */
  function parse(data: unknown, name: string): { file: FrameworkFile; format: ImportFormat; warnings: string[] } {
    refuseBrokenText(data, name, '')
    const isObject = typeof data === 'object' && data !== null && !Array.isArray(data)
    if (isObject && 'CFDocument' in data) {
      const result = importCase(data, name)
      if (!result.ok) throw new FrameworkRejected(result.errors)
      const checked = checkFramework(result.framework, name)
      if (!checked.ok) throw new FrameworkRejected(checked.errors)
      return { file: checked.value, format: 'case', warnings: result.warnings }
    }
    if (isObject && 'nodes' in data) {
      const checked = checkFramework(data, name)
      if (!checked.ok) throw new FrameworkRejected(checked.errors)
      return { file: checked.value, format: 'framework', warnings: [] }
    }
    throw new FrameworkRejected([{ file: name, ...frameworkProblem('', 'neitherFormat', {}) }])
  }

  /** 'unchanged' when the same slug and version is loaded with the same content; 409 when with other content. */
  async function sameAsLoaded(file: FrameworkFile): Promise<number | undefined> {
    const id = await frameworks.idOf(file.id, file.version)
    if (id === undefined) return undefined
    const loaded = await requireFramework(id)
    if (canonicalFramework(comparableTo(file, frameworkFileOf(loaded.row, loaded.tree.roots))) === canonicalFramework(file)) return id
    throw new VersionConflict('differentContent', file.id, file.version)
  }

  return {
    /**
     * Imports a CASE package or a framework file of ours (told apart by their shape) as a new framework
     * version: 422 (FrameworkRejected) with every problem, 409 when that slug and version is loaded with
     * other content, 'unchanged' when with the same. Audited.
     */
    async import(actor: Actor, data: unknown, name = 'upload'): Promise<ImportOutcome> {
      const { file, format, warnings } = parse(data, name)
      const existing = await sameAsLoaded(file)
      if (existing !== undefined) return { status: 'unchanged', id: existing, slug: file.id, version: file.version, format, warnings }
      const id = await db
        .transaction()
        .execute(async (trx) => {
          const outcome = await loadOne(trx, file)
          await appendAudit(trx, { institutionId: null, actorId: actor.id, action: 'framework.import', entity: 'framework', entityId: outcome.frameworkId, data: { slug: file.id, version: file.version, format, warnings: warnings.length } })
          return outcome.frameworkId
        })
        .catch(rethrowDuplicate(file))
      return { status: 'loaded', id, slug: file.id, version: file.version, format, warnings }
    },
  }
}
