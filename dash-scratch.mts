import { timeDashboardSql } from '/work/main/test/bench/floors.js'
import { signInToken, timeGet } from '/work/main/test/bench/http.js'
import { startServer } from '/work/main/test/bench/process.js'
const cs = 'postgresql://postgres@127.0.0.1:5432/ct_scratch10k'
const raw = await timeDashboardSql(cs, 1, 4, 30)
console.log('raw', raw.p50.toFixed(1), raw.p95.toFixed(1))
const app = await startServer('dist/server/main.js', { DATABASE_URL: cs, JWT_SECRET: 'x'.repeat(40), SEED_DEMO: '0' }, '/healthz', { nodeArgs: process.env['PROF'] ? ['--cpu-prof', '--cpu-prof-dir=/tmp/scratch/prof'] : [] })
try {
  const token = await signInToken(app.baseUrl, 'staff1@bench1.test', 'bench-password')
  for (let i = 0; i < 2; i++) {
    const d = await timeGet(`${app.baseUrl}/api/v1/institution/gaps?by=department`, token, 30)
    console.log('api', d.p50.toFixed(1), d.p95.toFixed(1), (d.bytes / 1024).toFixed(1), 'KB')
  }
} finally { await app.stop() }
