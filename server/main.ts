import { buildApp } from './app.js'
import { prepareDatabase } from './bootstrap.js'
import { describeFailure } from './cli/run-cli.js'
import { loadConfig } from './config.js'
import { connectDatabase } from './db/connect.js'
import { DEMO_ACCOUNTS } from './seed/demo.js'
import { isLoopback, planDemoSeed } from './seed/demo-password.js'
import { createSessionCache, SESSION_CHANGE_CHANNEL } from './services/session-cache.js'
import { resolveJwtSecret } from './secret.js'

const CLOSE_TIMEOUT_MS = 25_000

/** Process entry: read config, open and prepare the database, listen; close gracefully on a signal. */
async function main(): Promise<void> {
  const startedAt = performance.now()
  const config = loadConfig(process.env)
  const sessionCache = createSessionCache()
  const database = await connectDatabase(
    config.database,
    config.dataDir,
    (error) => console.error('database connection error:', error.message),
    { channel: SESSION_CHANGE_CHANNEL, onNotification: sessionCache.changed, onLive: sessionCache.setLive },
    // An embedded server that ended by itself (a crash it could not recover from, a disk that stayed
    // full) is not restarted here: the app exits, so that its supervisor starts it afresh.
    (message) => {
      console.error(`${message}\nexiting, so that a supervisor can start the app again`)
      process.exit(1)
    },
  )
  const demo = planDemoSeed(config)
  if (demo.seed && demo.warning !== undefined) console.warn(`\n${demo.warning}\n`)
  // Reachable from other machines, the app publishes CASE uris and mails links: they must name the address people use.
  if (config.publicUrl === undefined && !isLoopback(config.host)) {
    console.warn(`\nPUBLIC_URL is not set: CASE uris and links in mail will name http://localhost:${config.port}. Set PUBLIC_URL to the address people reach this app at.\n`)
  }
  const prepared = await prepareDatabase(database.db, {
    seedDemo: demo.seed,
    ...(demo.seed ? { demoPassword: demo.password } : {}),
    now: new Date(),
  })
  const app = await buildApp({
    db: database.db,
    jwtSecret: await resolveJwtSecret(config.jwtSecret, config.dataDir),
    ...(config.credentialSecret === undefined ? {} : { credentialSecret: config.credentialSecret }),
    ...(config.identitySecret === undefined ? {} : { identitySecret: config.identitySecret }),
    sessionHours: config.sessionHours,
    trustProxy: config.trustProxy,
    timeouts: config.timeouts,
    logger: { level: config.logLevel },
    // The sign-in page lists the demo accounts with the published password only.
    demoAccounts: demo.seed && demo.published ? DEMO_ACCOUNTS.map((account) => account.email) : [],
    mail: config.mail,
    publicUrl: config.publicUrl,
    caseClients: config.caseClients,
    listenUrl: `http://${config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host}:${config.port}`,
    sessionCache,
  })

  let closing = false
  const close = async (signal: string) => {
    if (closing) return
    closing = true
    app.log.info({ signal }, 'closing: finishing requests in flight')
    // A request that never ends must not keep the process alive forever.
    setTimeout(() => {
      console.error(`closing took longer than ${CLOSE_TIMEOUT_MS / 1000} s: exiting anyway`)
      process.exit(1)
    }, CLOSE_TIMEOUT_MS).unref()
    // server.close() reaps only the keep-alive connections idle at that moment: one whose request is
    // in flight would stay open after its answer (for the keep-alive timeout) and hold the exit back.
    const reaper = setInterval(() => app.server.closeIdleConnections(), 100)
    try {
      // New requests get 503; those in flight finish; then the pool (and the embedded server) close.
      await app.close()
      clearInterval(reaper)
      await database.close()
    } catch (error) {
      console.error('closing failed:', error instanceof Error ? error.message : error)
      process.exit(1)
    }
    process.exit(0)
  }
  process.on('SIGTERM', () => void close('SIGTERM'))
  process.on('SIGINT', () => void close('SIGINT'))

  const address = await app.listen({ port: config.port, host: config.host })
  const seconds = ((performance.now() - startedAt) / 1000).toFixed(1)
  const lines = [
    '',
    `competency-tracker is running at ${address.replace('127.0.0.1', 'localhost')} (ready in ${seconds} s)`,
    `database: ${database.description}`,
    `migrations applied now: ${prepared.migrations.length === 0 ? 'none (up to date)' : prepared.migrations.join(', ')}`,
    `mail: ${config.mail.url === undefined ? 'none (HR is shown invitation links)' : config.mail.url === 'log' ? 'written to the log' : 'SMTP'}`,
    `frameworks: ${prepared.frameworks.map((outcome) => `${outcome.slug} ${outcome.version} (${outcome.status})`).join(', ')}`,
  ]
  if (demo.seed) {
    if (demo.published) lines.push(`demo accounts (password "${demo.password}")${prepared.seeded ? ', just seeded' : ''}:`)
    else if (prepared.seeded) lines.push(`demo accounts, just seeded with a generated password (HOST is not loopback; shown this once, write it down): ${demo.password}`)
    else lines.push('demo accounts (with the password generated and shown when they were seeded; HOST is not loopback):')
    for (const account of DEMO_ACCOUNTS) lines.push(`  ${account.email.padEnd(22)} ${account.role}`)
  }
  console.log(lines.join('\n') + '\n')
}

main().catch((error: unknown) => {
  console.error(describeFailure(error))
  process.exit(1)
})
