import path from 'node:path'
import { z } from 'zod'
import type { MailConfig } from './mail/mailer.js'

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
    seedDemo: e.SEED_DEMO ?? embedded,
    sessionHours: e.SESSION_HOURS,
    trustProxy: e.TRUST_PROXY,
    logLevel: e.LOG_LEVEL,
    mail: { url: e.MAIL_URL, from: e.MAIL_FROM },
    publicUrl: e.PUBLIC_URL,
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
  readonly seedDemo: boolean
  readonly sessionHours: number
  readonly trustProxy: boolean
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent'
  /** Invitations by mail: none when MAIL_URL is unset. */
  readonly mail: MailConfig
  readonly publicUrl: string | undefined
  /** Server timeouts in seconds: idle socket, whole request received, idle keep-alive connection. */
  readonly timeouts: { readonly connectionSeconds: number; readonly requestSeconds: number; readonly keepAliveSeconds: number }
}

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
  SEED_DEMO: booleanFlag.optional(),
  SESSION_HOURS: z.coerce.number().positive().max(24 * 30).default(8),
  TRUST_PROXY: booleanFlag.default(false),
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
    .optional()
    .or(z.literal('').transform(() => undefined)),
  CONNECTION_TIMEOUT_SECONDS: z.coerce.number().int().min(0).max(3600).default(120),
  REQUEST_TIMEOUT_SECONDS: z.coerce.number().int().min(0).max(3600).default(30),
  KEEP_ALIVE_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(3600).default(72),
})
