/** What the parts of the framework exchange service share: the database, the framework service, the file checkers and who acts. */
import type { Kysely } from 'kysely'
import type { Database } from '../../db/schema.js'
import { createCaseImporter, type CaseImporter } from '../../domain/case-import.js'
import { createFrameworkChecker } from '../../domain/framework-file.js'
import { NotFoundError } from '../errors.js'
import type { Framework, FrameworkService } from '../frameworks.js'

export interface Actor {
  readonly id: number
}

export interface ExchangeContext {
  readonly db: Kysely<Database>
  readonly frameworks: FrameworkService
  readonly checkFramework: ReturnType<typeof createFrameworkChecker>
  readonly importCase: CaseImporter
  /** The loaded framework with its tree; NotFoundError (404) when there is none of that id. */
  readonly requireFramework: (id: number) => Promise<Framework>
}

/** The context the exchange service's parts are made with, checkers compiled once from the schemas. */
export function exchangeContext(db: Kysely<Database>, frameworks: FrameworkService, schemas: { framework: object; case: object }): ExchangeContext {
  const checkFramework = createFrameworkChecker(schemas.framework)
  const importCase = createCaseImporter(schemas.case)

  async function requireFramework(id: number) {
    const framework = await frameworks.get(id)
    if (framework === undefined) throw NotFoundError.of('notFound', { thing: 'framework', id })
    return framework
  }

  return { db, frameworks, checkFramework, importCase, requireFramework }
}
