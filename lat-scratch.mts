import pg from 'pg'
import { startEmbeddedPostgres } from '/work/main/server/db/embedded.js'
const e = await startEmbeddedPostgres({ maxConnections: 5 })
const c = new pg.Client({ connectionString: e.connectionString }); await c.connect()
for (const [name, q] of [['simple', 'select 1'], ['extended', { text: 'select $1::int', values: [1] }]] as const) {
  for (let i = 0; i < 20; i++) await c.query(q as any)
  const t0 = performance.now(); for (let i = 0; i < 200; i++) await c.query(q as any)
  console.log(name, ((performance.now() - t0) / 200).toFixed(2), 'ms')
}
await c.end(); await e.stop()
