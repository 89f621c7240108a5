import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import t from 'tap'
import { createOperatorFromCli, readAdminCreateArguments } from '../../server/cli/admin-create-command.js'
import { verifyPassword } from '../../server/services/passwords.js'
import { rowCounts, TEST_JWT_SECRET } from '../helpers/app.js'
import { createTestDatabase, testServerUrl } from '../helpers/database.js'
import { childEnv } from '../helpers/processes.js'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))

/** Runs `npm run admin:create`'s script with arguments, an environment and what stdin holds. */
function adminCreate(args: readonly string[], env: Record<string, string>, stdin = ''): Promise<{ code: number | null; output: string }> {
  const child = spawn('/bin/sh', ['-c', 'unset NODE_OPTIONS; exec "$0" "$@"', process.execPath, '--import', 'tsx', 'server/cli/admin-create.ts', ...args], { cwd: ROOT, env: childEnv(env), stdio: ['pipe', 'pipe', 'pipe'] })
  let output = ''
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stdin.end(stdin)
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, output })))
}

t.test('the command line is read strictly, and never for a password', async (t) => {
  t.same(readAdminCreateArguments(['--email', 'Ops@IIOE.test', '--name', 'Ops One', '--password-stdin']), { email: 'Ops@IIOE.test', name: 'Ops One', institution: undefined, country: undefined, passwordStdin: true })
  const refusals: [string[], RegExp][] = [
    [['--email', 'a@b.test', '--name', 'A', '--password', 'secret-words'], /never read from the command line/],
    [['--email', 'a@b.test', '--name', 'A', '--password=secret-words'], /never read from the command line/],
    [['--email', 'a@b.test'], /--email and --name are both required/],
    [['--email', 'not-an-email', '--name', 'A'], /"not-an-email" is not an email address/],
    [['--email', 'a@b.test', '--name', 'A', '--role', 'hr'], /Unknown option '--role'/],
    [['--email', 'a@b.test', '--name', 'x'.repeat(201)], /at most 200 characters/],
  ]
  for (const [args, message] of refusals) t.throws(() => readAdminCreateArguments(args), { name: 'AdminCreateRefused', message }, args.join(' '))
})

t.test('a password on argv is refused before any database is opened, exit 1', async (t) => {
  const run = await adminCreate(['--email', 'a@b.test', '--name', 'A', '--password', 'secret-words'], { DATABASE_URL: 'postgresql://nobody@127.0.0.1:1/none', JWT_SECRET: TEST_JWT_SECRET })
  t.equal(run.code, 1)
  t.match(run.output, 'A password is never read from the command line')
  t.notMatch(run.output, /at \w+ \(/, 'a sentence, no stack trace')
})

t.test('making an operator: with a password, or for an invitation; refusals write nothing', async (t) => {
  const database = await createTestDatabase()
  t.teardown(() => database.close())
  const { db } = database
  const args = (extra: Partial<ReturnType<typeof readAdminCreateArguments>> = {}) => ({ email: 'ops@iioe.test', name: 'Ops One', institution: undefined, country: undefined, passwordStdin: false, ...extra })

  const before = await rowCounts(db)
  const refusals: [ReturnType<typeof args>, string | undefined, RegExp][] = [
    [args(), undefined, /Say which institution keeps the account with --institution \(one of: Demo College, Demo University\)/],
    [args({ institution: 'Nowhere' }), undefined, /There is no institution called "Nowhere" \(the institutions are: Demo College, Demo University\)\. To create it, add --country/],
    [args({ institution: 'Demo University' }), 'password', /The password cannot be used: it is one of the most common/],
    [args({ institution: 'Demo University' }), 'Ops One', /The password cannot be used/],
    [args({ institution: 'demo university', email: 'HR@demo.test' }), undefined, /hr@demo.test already has an account: nothing was changed/],
  ]
  for (const [input, password, message] of refusals) await t.rejects(createOperatorFromCli(db, input, password), { name: 'AdminCreateRefused', message })
  t.same(await rowCounts(db), before, 'nothing written')

  const withPassword = await createOperatorFromCli(db, args({ institution: 'demo university' }), 'a long operator passphrase')
  t.match(withPassword, { kind: 'password', email: 'ops@iioe.test', institution: 'Demo University' })
  const stored = await db.selectFrom('users').select(['role', 'password_hash', 'institution_id']).where('email', '=', 'ops@iioe.test').executeTakeFirstOrThrow()
  t.equal(stored.role, 'admin')
  t.ok(await verifyPassword('a long operator passphrase', stored.password_hash!), 'the password is set, hashed')
  t.match(await db.selectFrom('audit_log').select(['action', 'actor_id', 'data']).where('entity', '=', 'staff').where('entity_id', '=', String(withPassword.id)).execute(), [{ action: 'operator.create', actor_id: null, data: { by: 'cli', password: true } }])

  const home = await createOperatorFromCli(db, args({ email: 'ops2@iioe.test', institution: 'IIOE Platform', country: 'China' }), undefined)
  t.match(home, { kind: 'invitation', institution: 'IIOE Platform', tokenVersion: 0 })
  t.equal((await db.selectFrom('users').select('password_hash').where('id', '=', home.id).executeTakeFirstOrThrow()).password_hash, null, 'no password: an invitation')
  t.ok(await db.selectFrom('institutions').select('id').where('name', '=', 'IIOE Platform').executeTakeFirst(), 'the named institution was created to keep the account')
})

t.test('npm run admin:create on a database server (DATABASE_URL): password from stdin, or an invitation link', { skip: testServerUrl === undefined ? 'needs TEST_DATABASE_URL' : false }, async (t) => {
  const database = await createTestDatabase()
  t.teardown(() => database.close())
  const env = { DATABASE_URL: database.connectionString, JWT_SECRET: TEST_JWT_SECRET, SEED_DEMO: '0', PUBLIC_URL: 'https://skills.example.edu' }
  const piped = await adminCreate(['--email', 'piped@iioe.test', '--name', 'Piped Operator', '--institution', 'Demo University', '--password-stdin'], env, 'a piped passphrase here\n')
  t.equal(piped.code, 0, piped.output)
  t.match(piped.output, 'piped@iioe.test is a platform operator (account kept in Demo University)')
  const stored = await database.db.selectFrom('users').select(['role', 'password_hash']).where('email', '=', 'piped@iioe.test').executeTakeFirstOrThrow()
  t.ok(stored.role === 'admin' && (await verifyPassword('a piped passphrase here', stored.password_hash!)), 'the piped password, without its newline')
  const invited = await adminCreate(['--email', 'invited@iioe.test', '--name', 'Invited Operator', '--institution', 'Demo College'], env)
  t.equal(invited.code, 0, invited.output)
  t.match(invited.output, /https:\/\/skills\.example\.edu\/invite\/[\w-]+\.[\w-]+\.[\w-]+/)
  const taken = await adminCreate(['--email', 'invited@iioe.test', '--name', 'Again', '--institution', 'Demo College'], env)
  t.equal(taken.code, 1)
  t.match(taken.output, 'invited@iioe.test already has an account: nothing was changed.')
})
