import { benchmarkRecommendations } from './recommendations.js'

/** npm run bench: each measurement beside its goal. */
const rows: { name: string; value: string; goal: string; met: boolean }[] = []

const recommendation = benchmarkRecommendations({ programmes: 200, competencies: 100, runs: 300 })
rows.push({
  name: 'recommendations + learning path, 200 programmes x 100 competencies (p95)',
  value: `${recommendation.p95.toFixed(2)} ms (p50 ${recommendation.p50.toFixed(2)} ms, max ${recommendation.max.toFixed(2)} ms, ${recommendation.runs} people)`,
  goal: '< 20 ms',
  met: recommendation.p95 < 20,
})

for (const row of rows) console.log(`${row.met ? 'MET   ' : 'MISSED'} ${row.name}: ${row.value}; goal ${row.goal}`)
