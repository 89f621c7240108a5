import pg from 'pg'
import t from 'tap'
import { startEmbeddedPostgres } from '../../server/db/embedded.js'
import { readSnapshot } from '../helpers/snapshot.js'

// Several pooled connections to the embedded database, each sending parameterised queries (the
// extended protocol) outside a transaction, at once: every answer must be its own query's.
t.test('concurrent parameterised queries over several embedded connections are not interleaved', async (t) => {
  const embedded = await startEmbeddedPostgres({ snapshot: await readSnapshot(), maxConnections: 5 })
  const pool = new pg.Pool({ connectionString: embedded.connectionString, max: 5 })
  t.teardown(async () => {
    await pool.end()
    await embedded.stop()
  })
  const answers = await Promise.allSettled(
    Array.from({ length: 300 }, (_, n) => pool.query<{ n: number; text: string }>('select $1::integer as n, $2::text as text', [n, `query ${n}`])),
  )
  const failures = answers.filter((answer) => answer.status === 'rejected').map((answer) => String((answer as PromiseRejectedResult).reason))
  t.same(failures, [], 'no query failed')
  t.same(
    answers.map((answer) => (answer.status === 'fulfilled' ? answer.value.rows[0] : undefined)),
    Array.from({ length: 300 }, (_, n) => ({ n, text: `query ${n}` })),
  )
  // A transaction on one connection is still kept whole while the others query.
  const client = await pool.connect()
  await client.query('begin')
  await client.query('create temporary table if not exists queue_probe (n integer)')
  const others = Promise.all(Array.from({ length: 20 }, (_, n) => pool.query<{ n: number }>('select $1::integer as n', [n])))
  await client.query('insert into queue_probe values ($1)', [7])
  const inside = await client.query<{ n: number }>('select n from queue_probe')
  await client.query('rollback')
  client.release()
  t.same(inside.rows, [{ n: 7 }])
  t.same((await others).map((result) => result.rows[0]!.n), Array.from({ length: 20 }, (_, n) => n))
})
