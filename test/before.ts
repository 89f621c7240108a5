import { buildSnapshot } from './helpers/snapshot.js'

/** Runs once before the suite (tap's `before`): prepares the embedded database every test file copies. */
if (process.env['TEST_DATABASE_URL']) {
  console.log(`tests run against the PostgreSQL server of TEST_DATABASE_URL, each file in its own database`)
} else {
  const started = performance.now()
  await buildSnapshot()
  console.log(`tests run against embedded PostgreSQL (PGlite); snapshot prepared in ${((performance.now() - started) / 1000).toFixed(1)} s`)
}
