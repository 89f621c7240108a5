import { loadConfig } from '../config.js'
import { connectDatabase } from '../db/connect.js'
import { migrateToLatest } from '../db/migrate.js'
import { runCli } from './run-cli.js'

/** npm run migrate: brings the configured database to the newest migration, and nothing else. */
await runCli(async () => {
  const config = loadConfig(process.env)
  const database = await connectDatabase(config.database, config.dataDir, (error) => console.error(error.message))
  try {
    const applied = await migrateToLatest(database.db)
    console.log(`${database.description}: ${applied.length === 0 ? 'already up to date' : `applied ${applied.join(', ')}`}`)
  } finally {
    await database.close()
  }
})
