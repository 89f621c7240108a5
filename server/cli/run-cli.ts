import { ConfigError } from '../config.js'
import { BackupRefused } from '../db/backup.js'
import { EmbeddedDatabaseRefused } from '../db/embedded-lock.js'
import { formatDataFileErrors } from '../domain/data-file.js'
import { DataFilesRejected } from '../services/data-files.js'
import { FrameworkVersionConflict } from '../services/frameworks.js'
import { AdminCreateRefused } from './admin-create-command.js'

/** Runs a command: known problems are printed as sentences and exit 1; anything else with its stack. */
export async function runCli(command: () => Promise<void>): Promise<void> {
  try {
    await command()
  } catch (error) {
    console.error(describeFailure(error))
    process.exitCode = 1
  }
}

export function describeFailure(error: unknown): string {
  if (error instanceof DataFilesRejected) return `${error.message}:\n${formatDataFileErrors(error.errors)}`
  if (error instanceof ConfigError || error instanceof BackupRefused || error instanceof EmbeddedDatabaseRefused || error instanceof FrameworkVersionConflict || error instanceof AdminCreateRefused) return error.message
  return error instanceof Error ? (error.stack ?? error.message) : String(error)
}
