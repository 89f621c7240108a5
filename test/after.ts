import { finishTestRun } from './helpers/test-run.js'

/** Runs once after the suite (tap's `after`): drops the template, or stops the embedded server. */
await finishTestRun()
