import t from 'tap'
import { prepareDatabase } from '../../server/bootstrap.js'
import { loadConfig } from '../../server/config.js'
import { DEMO_PASSWORD } from '../../server/seed/demo.js'
import { planDemoSeed } from '../../server/seed/demo-password.js'
import { verifyPassword } from '../../server/services/passwords.js'
import { createTestDatabase } from '../helpers/database.js'

const generated = () => 'generated-for-the-test'

t.test('the published demo password only where nobody else can connect, or when SEED_DEMO=1 says so', async (t) => {
  for (const host of ['127.0.0.1', '127.0.1.1', 'localhost', '::1']) {
    t.same(planDemoSeed(loadConfig({ HOST: host }), generated), { seed: true, password: DEMO_PASSWORD, published: true, warning: undefined }, host)
  }
  for (const host of ['0.0.0.0', '::', '192.0.2.10', 'app.example.edu']) {
    t.same(planDemoSeed(loadConfig({ HOST: host }), generated), { seed: true, password: 'generated-for-the-test', published: false, warning: undefined }, `${host}: a generated password`)
  }
  const explicit = planDemoSeed(loadConfig({ HOST: '0.0.0.0', SEED_DEMO: '1' }), generated)
  t.match(explicit, { seed: true, password: DEMO_PASSWORD, published: true })
  t.match(explicit.seed && explicit.warning, /^WARNING: SEED_DEMO=1 with HOST=0\.0\.0\.0: .*published password "demo-password"/)
  t.same(planDemoSeed(loadConfig({ HOST: '0.0.0.0', SEED_DEMO: '0' }), generated), { seed: false })
  t.same(planDemoSeed(loadConfig({ HOST: '0.0.0.0', DATABASE_URL: 'postgresql://app@db/app', JWT_SECRET: 'x'.repeat(32) }), generated), { seed: false }, 'no demo on a real server by default')
  const random = planDemoSeed(loadConfig({ HOST: '0.0.0.0' }))
  const again = planDemoSeed(loadConfig({ HOST: '0.0.0.0' }))
  t.ok(random.seed && again.seed && random.password.length >= 20 && random.password !== again.password, 'generated passwords are long and differ')
})

t.test('HOST=0.0.0.0 on the embedded default: the demo accounts do not take "demo-password"', async (t) => {
  const database = await createTestDatabase({ empty: true })
  t.teardown(() => database.close())
  const plan = planDemoSeed(loadConfig({ HOST: '0.0.0.0' }), generated)
  if (!plan.seed) throw new Error('the embedded default seeds the demo')
  const prepared = await prepareDatabase(database.db, { seedDemo: plan.seed, demoPassword: plan.password, now: new Date() })
  t.equal(prepared.seeded, true)
  const admin = await database.db.selectFrom('users').select('password_hash').where('email', '=', 'admin@demo.test').executeTakeFirstOrThrow()
  t.equal(await verifyPassword(DEMO_PASSWORD, admin.password_hash!), false, 'the published password does not sign the admin in')
  t.equal(await verifyPassword('generated-for-the-test', admin.password_hash!), true, 'the generated one does')
})
