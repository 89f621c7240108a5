import path from 'node:path'
import { loadConfig } from '../config.js'
import { connectDatabase } from '../db/connect.js'
import { migrateToLatest } from '../db/migrate.js'
import { readFrameworkFiles, shippedFiles } from '../services/data-files.js'
import { createFrameworkService, type LoadOutcome } from '../services/frameworks.js'
import { runCli } from './run-cli.js'

/** What each outcome of a load is called on the console. */
const OUTCOME_TEXT: Record<LoadOutcome['status'], string> = {
  loaded: 'loaded',
  unchanged: 'already loaded, unchanged',
  translated: 'already loaded, translations refreshed',
}

/**
 * npm run framework:load [file.json ...]: checks the given framework files (default: the shipped
 * ones) and loads them all in one transaction, or none when any is refused.
 */
await runCli(async () => {
  const files = process.argv.slice(2).map((file) => path.resolve(file))
  const checked = await readFrameworkFiles(files.length > 0 ? files : await shippedFiles('frameworks'))
  const config = loadConfig(process.env)
  const database = await connectDatabase(config.database, config.dataDir, (error) => console.error(error.message))
  try {
    await migrateToLatest(database.db)
    const outcomes = await createFrameworkService(database.db).loadAll(checked)
    for (const outcome of outcomes) {
      console.log(`${outcome.slug} ${outcome.version}: ${OUTCOME_TEXT[outcome.status]} (id ${outcome.frameworkId})`)
    }
  } finally {
    await database.close()
  }
})
