import { prepareTestRun } from './helpers/test-run.js'

/** Runs once before the suite (tap's `before`): the server and the template database every test file copies. */
const started = performance.now()
const run = await prepareTestRun()
const where = run.kind === 'server' ? 'the PostgreSQL server of TEST_DATABASE_URL' : 'an embedded PostgreSQL server of this checkout'
console.log(`tests run against ${where}, each file in its own copy of ${run.template} (prepared in ${((performance.now() - started) / 1000).toFixed(1)} s)`)
