import { PGlite } from '@electric-sql/pglite'

/**
 * Child-process entry: creates a PGlite data directory (`initdb`) at argv[2] and exits. PGlite's
 * first start takes about three times the memory of opening an existing directory (~800 MB against
 * ~280 MB, measured) and WebAssembly memory is never given back, so the app does this once in a
 * process that then ends, and opens the result.
 */
const dataDir = process.argv[2]
if (dataDir === undefined) {
  console.error('usage: embedded-init <data directory>')
  process.exit(2)
}
const pglite = await PGlite.create({ dataDir })
await pglite.query('select 1')
await pglite.close()
