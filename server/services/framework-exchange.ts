import type { Kysely } from 'kysely'
import type { Database } from '../db/schema.js'
import { exchangeContext } from './framework-exchange/context.js'
import { frameworkExport } from './framework-exchange/export.js'
import { frameworkImport } from './framework-exchange/import.js'
import { frameworkVersions } from './framework-exchange/versions.js'
import { frameworkSubscriptions } from './framework-exchange/subscriptions.js'
import type { FrameworkService } from './frameworks.js'

/**
 * Framework exchange and versions: the list of loaded versions; export as our own file or as a CASE
 * package; import of either (from an upload or from a CASE server's address, re-synced from it
 * later); and loading a new version with a code map, which moves the institutions of the old version
 * to it and carries their people's current ratings and targets.
 *
 * ```ts
 * const exchange = createFrameworkExchangeService(db, frameworks, { framework: frameworkSchema, case: caseSchema })
 * await exchange.import(admin, JSON.parse(text)) // { status: 'loaded', id: 4, slug: 'my-framework', format: 'case', ... }
 * ```
 */
export function createFrameworkExchangeService(db: Kysely<Database>, frameworks: FrameworkService, schemas: { framework: object; case: object }) {
  const context = exchangeContext(db, frameworks, schemas)
  const imports = frameworkImport(context)
  return {
    ...frameworkExport(context),
    ...imports,
    ...frameworkVersions(context),
    ...frameworkSubscriptions(context, imports),
  }
}

export type FrameworkExchangeService = ReturnType<typeof createFrameworkExchangeService>
