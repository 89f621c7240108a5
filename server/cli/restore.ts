import path from 'node:path'
import { loadConfig } from '../config.js'
import { BackupRefused, restoreDatabase } from '../db/backup.js'
import { connectForCommand } from '../db/connect.js'
import { openDatabase } from '../db/database.js'
import { migrateTo } from '../db/migrate.js'
import { runCli } from './run-cli.js'

/**
 * npm run restore -- file: loads a backup of npm run backup into the configured database, which must
 * be empty (a new DATA_DIR, or a new database with DATABASE_URL: so also from the embedded default to
 * a server). All of it or nothing.
 */
await runCli(async () => {
  const given = process.argv[2]
  if (given === undefined) throw new BackupRefused('usage: npm run restore -- <backup file>, into an empty database (a new DATA_DIR, or a new database with DATABASE_URL)')
  const file = path.resolve(given)
  const config = loadConfig(process.env)
  const database = await connectForCommand(config.database, config.dataDir)
  const handle = openDatabase({ connectionString: database.connectionString, poolSize: 1, onPoolError: () => {} })
  try {
    const { tables, rows } = await restoreDatabase(database.connectionString, file, async (name) => {
      await migrateTo(handle.db, name)
    })
    console.log(`restored ${rows} rows of ${tables} tables from ${file}`)
  } finally {
    await handle.close()
    await database.close()
  }
})
