import t from 'tap'
import { ConfigError, loadConfig } from '../../server/config.js'
import { createMailer } from '../../server/mail/mailer.js'

t.test('the defaults run the embedded demo without mail', async (t) => {
  const config = loadConfig({})
  t.match(config, { port: 3000, host: '127.0.0.1', database: { kind: 'embedded' }, seedDemo: true, mail: { url: undefined }, publicUrl: undefined })
})

t.test('a real server needs a shared secret', async (t) => {
  t.throws(() => loadConfig({ DATABASE_URL: 'postgresql://app@db/app' }), { name: 'ConfigError', message: /JWT_SECRET: required with DATABASE_URL/ })
  const config = loadConfig({ DATABASE_URL: 'postgresql://app@db/app', JWT_SECRET: 'x'.repeat(32) })
  t.match(config, { database: { kind: 'server', url: 'postgresql://app@db/app' }, seedDemo: false })
  t.throws(() => loadConfig({ DATABASE_URL: 'postgresql://app@db/app', JWT_SECRET: 'short' }), { name: 'ConfigError', message: /JWT_SECRET: must be at least 32 characters/ })
  t.throws(() => loadConfig({ CREDENTIAL_SECRET: 'short' }), { name: 'ConfigError', message: /CREDENTIAL_SECRET: must be at least 32 characters/ })
  t.match(loadConfig({ CREDENTIAL_SECRET: 'c'.repeat(32) }), { credentialSecret: 'c'.repeat(32) })
  t.match(loadConfig({}), { credentialSecret: undefined })
})

t.test('an empty variable (as `NAME=` in an env file leaves it) is the same as an unset one', async (t) => {
  t.match(loadConfig({ DATABASE_URL: '', JWT_SECRET: '' }), { database: { kind: 'embedded' }, jwtSecret: undefined, seedDemo: true })
  t.throws(() => loadConfig({ DATABASE_URL: 'postgresql://app@db/app', JWT_SECRET: '' }), { name: 'ConfigError', message: /JWT_SECRET: required with DATABASE_URL/ })
})

t.test('mail settings are checked and every bad value is named', async (t) => {
  t.match(loadConfig({ MAIL_URL: 'smtps://user:secret@mail.example.edu:465', MAIL_FROM: 'HR <hr@example.edu>', PUBLIC_URL: 'https://skills.example.edu' }), {
    mail: { url: 'smtps://user:secret@mail.example.edu:465', from: 'HR <hr@example.edu>' },
    publicUrl: 'https://skills.example.edu',
  })
  t.match(loadConfig({ MAIL_URL: '' }).mail, { url: undefined })
  const error = (() => {
    try {
      loadConfig({ MAIL_URL: 'mail.example.edu', PUBLIC_URL: 'skills.example.edu', PORT: 'eighty' })
    } catch (caught) {
      return caught
    }
  })()
  t.type(error, ConfigError)
  t.match((error as Error).message, /MAIL_URL: must be "log" or an smtp:\/\/ or smtps:\/\/ URL/)
  t.match((error as Error).message, /PUBLIC_URL: must be an http:\/\/ or https:\/\/ URL/)
  t.match((error as Error).message, /PORT:/)
})

t.test('MAIL_URL=log writes each message to the log instead of sending it', async (t) => {
  const logged: object[] = []
  const mailer = createMailer({ url: 'log', from: 'Skills <no-reply@x.test>' }, { info: (data) => void logged.push(data), error: () => {} })
  t.equal(mailer.kind, 'log')
  t.equal(await mailer.send({ to: 'a@x.test', subject: 'Hi', text: 'Body' }), true)
  t.same(logged, [{ mail: { from: 'Skills <no-reply@x.test>', to: 'a@x.test', subject: 'Hi', text: 'Body' } }])
  const none = createMailer({ url: undefined, from: '' }, { info: () => {}, error: () => {} })
  t.equal(await none.send({ to: 'a@x.test', subject: 'Hi', text: 'Body' }), false, 'no transport: nothing goes out')
})
