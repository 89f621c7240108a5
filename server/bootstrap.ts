import { sql, type Kysely } from 'kysely'
import { migrateToLatest } from './db/migrate.js'
import type { Database } from './db/schema.js'
import { seedDemo } from './seed/demo.js'
import { createCrosswalkService } from './services/crosswalks.js'
import { readCatalogueFiles, readCrosswalkFiles, readFrameworkFiles, readRoleProfileFiles, shippedFiles } from './services/data-files.js'
import { createFrameworkService, DEFAULT_FRAMEWORK_SLUG, type LoadOutcome } from './services/frameworks.js'
import { createProgrammeService } from './services/programmes.js'

export interface PreparedDatabase {
  readonly migrations: string[]
  readonly frameworks: LoadOutcome[]
  readonly programmes: { added: number; kept: number }
  readonly crosswalks: { links: number }
  readonly seeded: boolean
}

/**
 * Makes a database ready for the app: migrate, load the shipped frameworks, crosswalks and programme
 * catalogue (no-ops when already loaded; crosswalks are replaced by the files), and on request seed the demo institution into an empty database.
 *
 * ```ts
 * await prepareDatabase(db, { seedDemo: true, now: new Date() })
 * ```
 */
export async function prepareDatabase(db: Kysely<Database>, options: PrepareOptions): Promise<PreparedDatabase> {
  // Several app processes may start at once on one database (behind a load balancer); the loaders
  // are idempotent one at a time but not side by side (two crosswalk replacements collide), so the
  // whole preparation runs under a session advisory lock, on one connection, released even on error
  // (and by the server if the process dies).
  return db.connection().execute(async (connection) => {
    await sql`select pg_advisory_lock(${PREPARATION_LOCK})`.execute(connection)
    try {
      return await prepareUnderLock(connection, options)
    } finally {
      await sql`select pg_advisory_unlock(${PREPARATION_LOCK})`.execute(connection)
    }
  })
}

export interface PrepareOptions {
  readonly seedDemo: boolean
  /** The demo accounts' password (planDemoSeed); the published one by default. */
  readonly demoPassword?: string
  readonly now: Date
}

/** The advisory lock key of database preparation (any bigint no other code uses; Kysely's migrator has its own). */
const PREPARATION_LOCK = 7_341_019_551n

async function prepareUnderLock(db: Kysely<Database>, options: PrepareOptions): Promise<PreparedDatabase> {
  const migrations = await migrateToLatest(db)
  const frameworks = createFrameworkService(db)
  const loaded = await frameworks.loadAll(await readFrameworkFiles(await shippedFiles('frameworks')))
  const crosswalkService = createCrosswalkService(db)
  const crosswalks = await crosswalkService.load(await readCrosswalkFiles(await shippedFiles('crosswalks'), await crosswalkService.knownCodes()))
  const programmes = await createProgrammeService(db, frameworks).loadCatalogues(await readCatalogueFiles(await shippedFiles('programmes')))
  let seeded = false
  if (options.seedDemo) {
    const frameworkId = await frameworks.latestId(DEFAULT_FRAMEWORK_SLUG)
    if (frameworkId === undefined) throw new Error(`The default framework ${DEFAULT_FRAMEWORK_SLUG} is not loaded`)
    const roleProfiles = await readRoleProfileFiles(await shippedFiles('role-profiles'))
    seeded = await seedDemo(db, frameworks, { frameworkId, roleProfiles, now: options.now, ...(options.demoPassword === undefined ? {} : { password: options.demoPassword }) })
  }
  const changed = migrations.length > 0 || seeded || programmes.added > 0 || loaded.some((outcome) => outcome.status !== 'unchanged')
  // Statistics at once for what this start wrote (autovacuum would catch up later): without them the
  // planner guesses one row per table and picks nested loops on the first requests.
  if (changed) await sql`analyze`.execute(db)
  return { migrations, frameworks: loaded, programmes, crosswalks, seeded }
}
