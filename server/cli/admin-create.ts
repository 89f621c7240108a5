import Fastify from 'fastify'
import jwt from '@fastify/jwt'
import { prepareDatabase } from '../bootstrap.js'
import { loadConfig } from '../config.js'
import { connectDatabase } from '../db/connect.js'
import { INVITATION_DAYS } from '../plugins/auth.js'
import { resolveJwtSecret } from '../secret.js'
import { AdminCreateRefused, createOperatorFromCli, readAdminCreateArguments } from './admin-create-command.js'
import { runCli } from './run-cli.js'

/**
 * npm run admin:create -- --email … --name … [--institution … [--country …]] [--password-stdin]:
 * makes a platform operator on the configured database (embedded, or DATABASE_URL). The password is
 * read from stdin (--password-stdin) or ADMIN_PASSWORD, never from argv; without one, a one-time
 * invitation link is printed.
 */
await runCli(async () => {
  const args = readAdminCreateArguments(process.argv.slice(2))
  const password = args.passwordStdin ? await passwordFromStdin() : process.env['ADMIN_PASSWORD']
  const config = loadConfig(process.env)
  const database = await connectDatabase(config.database, config.dataDir, (error) => console.error(error.message))
  try {
    // As start-up does, so that the command works on a database the app has never opened.
    await prepareDatabase(database.db, { seedDemo: config.seedDemo, now: new Date() })
    const outcome = await createOperatorFromCli(database.db, args, password)
    if (outcome.kind === 'password') {
      console.log(`${outcome.email} is a platform operator (account kept in ${outcome.institution}); they sign in with the password given.`)
      return
    }
    // Signed as the app signs invitations (plugins/auth.ts), with the same secret.
    const signer = Fastify({ logger: false })
    await signer.register(jwt, { secret: await resolveJwtSecret(config.jwtSecret, config.dataDir) })
    await signer.ready()
    const token = signer.jwt.sign({ sub: outcome.id, ver: outcome.tokenVersion, purpose: 'invite' }, { expiresIn: INVITATION_DAYS * 86_400 })
    await signer.close()
    const origin = config.publicUrl?.replace(/\/+$/, '') ?? `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${config.port}`
    console.log(`${outcome.email} is a platform operator (account kept in ${outcome.institution}). One-time link to set the password (valid ${INVITATION_DAYS} days):`)
    console.log(`${origin}/invite/${token}`)
  } finally {
    await database.close()
  }
})

async function passwordFromStdin(): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
  // One line: the newline `echo` or a here-string adds is not part of the password.
  const password = Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '')
  if (password === '') throw new AdminCreateRefused('--password-stdin: nothing was read from stdin.')
  return password
}
