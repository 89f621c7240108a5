import { Migrator, type Kysely, type MigrationResultSet } from 'kysely'
import { migrations } from '../../migrations/index.js'

/**
 * Brings the schema to the newest migration; throws with the failing migration's name and cause.
 *
 * ```ts
 * const applied = await migrateToLatest(db) // ['0001_data_model'] on an empty database
 * ```
 */
export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  return applied(await createMigrator(db).migrateToLatest())
}

/** Brings the schema to the named migration (up or down), or to the newest when `name` is undefined. */
export async function migrateTo(db: Kysely<any>, name: string | undefined): Promise<string[]> {
  if (name === undefined) return migrateToLatest(db)
  return applied(await createMigrator(db).migrateTo(name))
}

/** Undoes every migration (development and tests only: production migrations are forward-only). */
export async function migrateDownToEmpty(db: Kysely<any>): Promise<string[]> {
  const migrator = createMigrator(db)
  const done: string[] = []
  for (;;) {
    const result = await migrator.migrateDown()
    const names = applied(result)
    if (names.length === 0) return done
    done.push(...names)
  }
}

function createMigrator(db: Kysely<any>): Migrator {
  return new Migrator({ db, provider: { getMigrations: async () => migrations } })
}

function applied({ error, results }: MigrationResultSet): string[] {
  if (error !== undefined) {
    const failed = results?.find((result) => result.status === 'Error')
    const cause = error instanceof Error ? error.message : String(error)
    throw new Error(`Migration ${failed?.migrationName ?? '(unknown)'} failed: ${cause}`, { cause: error })
  }
  return (results ?? []).filter((result) => result.status === 'Success').map((result) => result.migrationName)
}
