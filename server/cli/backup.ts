import path from 'node:path'
import { loadConfig } from '../config.js'
import { backupDatabase } from '../db/backup.js'
import { connectForCommand } from '../db/connect.js'
import { runCli } from './run-cli.js'

/**
 * npm run backup [-- file]: writes a backup of the configured database (embedded or DATABASE_URL),
 * while the app runs or not, to `file` (default: competency-tracker-<time>.backup.gz here). Keep it
 * off the machine: a backup on the disk it protects is lost with it.
 */
await runCli(async () => {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-')
  const file = path.resolve(process.argv[2] ?? `competency-tracker-${stamp}.backup.gz`)
  const config = loadConfig(process.env)
  const database = await connectForCommand(config.database, config.dataDir)
  try {
    const { tables, rows } = await backupDatabase(database.connectionString, file)
    console.log(`backup written to ${file}: ${rows} rows of ${tables} tables`)
  } finally {
    await database.close()
  }
})
