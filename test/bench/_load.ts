import { loadRatingSaves, signInToken } from './http.js'
const base = process.argv[2]!
const ids = process.argv[3]!.split(',').map(Number)
const tokens = [] as string[]
for (const email of ['lecturer@demo.test']) tokens.push(await signInToken(base, email, 'demo-password'))
const r = await loadRatingSaves({ baseUrl: base, tokens, competencyIds: ids, connections: 10, seconds: Number(process.argv[4] ?? 10) })
console.log(JSON.stringify(r))
