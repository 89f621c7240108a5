import { isIP } from 'node:net'
import path from 'node:path'
import { z } from 'zod'
import type { MailConfig } from './mail/mailer.js'
import { LONGEST_PUBLIC_URL } from './domain/case-export.js'

/**
 * The process configuration, read once from the environment and validated, so a bad value stops the
 * process at start with a message that names the variable.
 *
 * ```ts
 * const config = loadConfig(process.env)
 * ```
 */
export function loadConfig(env: NodeJS.ProcessEnv): AppConfig {
  const parsed = environmentSchema.safeParse(env)
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`)
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`)
  }
  const e = parsed.data
  const embedded = e.DATABASE_URL === undefined
  if (!embedded && e.JWT_SECRET === undefined) {
    throw new ConfigError(
      'Invalid configuration:\n  JWT_SECRET: required with DATABASE_URL, so that every app process signs and checks the same tokens (at least 32 characters)',
    )
  }
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(e.DATA_DIR),
    database: embedded ? { kind: 'embedded' } : { kind: 'server', url: e.DATABASE_URL! },
    jwtSecret: e.JWT_SECRET,
    credentialSecret: e.CREDENTIAL_SECRET,
    identitySecret: e.IDENTITY_SECRET,
    seedDemo: e.SEED_DEMO ?? embedded,
    seedDemoExplicit: e.SEED_DEMO === true,
    sessionHours: e.SESSION_HOURS,
    trustProxy: e.TRUST_PROXY,
    logLevel: e.LOG_LEVEL,
    mail: { url: e.MAIL_URL, from: e.MAIL_FROM },
    publicUrl: e.PUBLIC_URL,
    caseClients: e.CASE_CLIENTS,
    timeouts: { connectionSeconds: e.CONNECTION_TIMEOUT_SECONDS, requestSeconds: e.REQUEST_TIMEOUT_SECONDS, keepAliveSeconds: e.KEEP_ALIVE_TIMEOUT_SECONDS },
  }
}

export class ConfigError extends Error {
  override name = 'ConfigError'
}

export interface AppConfig {
  readonly port: number
  readonly host: string
  /** Where the embedded database and its generated secret live. */
  readonly dataDir: string
  readonly database: DatabaseConfig
  /** Undefined only on the embedded default, where a secret is generated once and kept in dataDir. */
  readonly jwtSecret: string | undefined
  /** Encrypts the credential issuers' private keys; the JWT secret when unset (so changing that one retires the keys). */
  readonly credentialSecret: string | undefined
  /** Encrypts the identity providers' client secrets and the sign-in flow cookie; the JWT secret when unset. */
  readonly identitySecret: string | undefined
  readonly seedDemo: boolean
  /** SEED_DEMO=1 was set: the demo accounts take the published password even on a public HOST. */
  readonly seedDemoExplicit: boolean
  readonly sessionHours: number
  /** Which proxies' X-Forwarded-* headers are believed (Fastify's trustProxy): none, a hop count, or their addresses. */
  readonly trustProxy: TrustProxy
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent'
  /** Invitations by mail: none when MAIL_URL is unset. */
  readonly mail: MailConfig
  readonly publicUrl: string | undefined
  /**
   * The clients that may read the CASE provider service (CASE_CLIENTS), by id with their secret: when
   * there are some, the service answers only with an OAuth 2.0 client-credentials token; when none,
   * it is public (published frameworks).
   */
  readonly caseClients: ReadonlyMap<string, string>
  /** Server timeouts in seconds: idle socket, whole request received, idle keep-alive connection. */
  readonly timeouts: { readonly connectionSeconds: number; readonly requestSeconds: number; readonly keepAliveSeconds: number }
}

/** None (false), the number of proxies in front of the app, or the addresses and CIDRs of the proxies. */
export type TrustProxy = false | number | readonly string[]

export type DatabaseConfig = { readonly kind: 'embedded' } | { readonly kind: 'server'; readonly url: string }

const booleanFlag = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no'], { message: 'use 1 or 0' })
  .transform((value) => value === '1' || value === 'true' || value === 'yes')

const environmentSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  JWT_SECRET: z
    .string()
    .min(32, 'must be at least 32 characters')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  CREDENTIAL_SECRET: z
    .string()
    .min(32, 'must be at least 32 characters')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  IDENTITY_SECRET: z
    .string()
    .min(32, 'must be at least 32 characters')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  SEED_DEMO: booleanFlag.optional(),
  SESSION_HOURS: z.coerce.number().positive().max(24 * 30).default(8),
  TRUST_PROXY: z
    .string()
    .optional()
    .transform((value, context): TrustProxy => {
      const problem = (message: string) => {
        context.addIssue({ code: 'custom', message })
        return z.NEVER
      }
      const text = (value ?? '').trim()
      if (['', '0', 'false', 'no'].includes(text.toLowerCase())) return false
      if (['true', 'yes', 'all', '*'].includes(text.toLowerCase())) {
        return problem(
          `"${text}" would believe the X-Forwarded-For any client writes (its left-most address), so anyone could pick the address the sign-in limits count: give the number of proxies in front of the app (e.g. 1) or their addresses (e.g. 10.0.0.0/8,127.0.0.1)`,
        )
      }
      if (/^[0-9]+$/.test(text)) {
        const hops = Number(text)
        return hops <= 10 ? hops : problem('a number of proxies from 0 to 10, or a comma-separated list of their addresses or CIDRs')
      }
      const entries = text.split(',').map((entry) => entry.trim())
      const bad = entries.filter((entry) => !isProxyAddress(entry))
      if (bad.length > 0) return problem(`not an address or CIDR: ${bad.map((entry) => JSON.stringify(entry)).join(', ')} (use e.g. 1, or 10.0.0.0/8,127.0.0.1)`)
      return entries
    }),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  MAIL_URL: z
    .string()
    .regex(/^(log|smtps?:\/\/.+)$/, 'must be "log" or an smtp:// or smtps:// URL')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  MAIL_FROM: z.string().min(3).default('Competency Tracker <no-reply@localhost>'),
  PUBLIC_URL: z
    .string()
    .regex(/^https?:\/\/[^/\s]+/, 'must be an http:// or https:// URL such as https://skills.example.edu')
    // Exports are weighed with uris this long (domain/case-export.ts), so that each one imports again.
    .max(LONGEST_PUBLIC_URL, `must be at most ${LONGEST_PUBLIC_URL} characters`)
    .optional()
    .or(z.literal('').transform(() => undefined)),
  CASE_CLIENTS: z
    .string()
    .optional()
    .transform((value, context): ReadonlyMap<string, string> => {
      const clients = new Map<string, string>()
      for (const entry of (value ?? '').split(',').map((text) => text.trim()).filter(Boolean)) {
        const [id = '', secret = ''] = [entry.slice(0, entry.indexOf(':')), entry.slice(entry.indexOf(':') + 1)]
        if (!entry.includes(':') || !/^[A-Za-z0-9._-]{1,64}$/.test(id) || secret.length < 32 || clients.has(id)) {
          context.addIssue({ code: 'custom', message: 'a comma-separated list of client-id:secret, each id of letters, digits, dots, dashes or underscores (at most 64, each once), each secret at least 32 characters' })
          return z.NEVER
        }
        clients.set(id, secret)
      }
      return clients
    }),
  CONNECTION_TIMEOUT_SECONDS: z.coerce.number().int().min(0).max(3600).default(120),
  REQUEST_TIMEOUT_SECONDS: z.coerce.number().int().min(0).max(3600).default(30),
  KEEP_ALIVE_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(3600).default(72),
})

/** An IP address, a CIDR (address/prefix), or one of proxy-addr's names for ranges. */
function isProxyAddress(entry: string): boolean {
  if (['loopback', 'linklocal', 'uniquelocal'].includes(entry)) return true
  const [address = '', prefix, ...rest] = entry.split('/')
  const version = isIP(address)
  if (version === 0 || rest.length > 0) return false
  if (prefix === undefined) return true
  return /^[0-9]{1,3}$/.test(prefix) && Number(prefix) <= (version === 4 ? 32 : 128)
}
