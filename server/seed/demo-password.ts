import { randomBytes } from 'node:crypto'
import { isIP } from 'node:net'
import { DEMO_PASSWORD } from './demo.js'

/** What the demo seed does on this start: whether it seeds, with which password, and what to say about it. */
export type DemoSeedPlan =
  | { readonly seed: false }
  | { readonly seed: true; readonly password: string; readonly published: boolean; readonly warning: string | undefined }

/**
 * The demo accounts' password. The published one ("demo-password", in the README and on the sign-in
 * page) is fine where only this machine can connect; on any other HOST anyone who reaches the app
 * could sign in as admin with it. There it is used only when SEED_DEMO=1 says so (with a warning for
 * the log); otherwise the accounts get a generated password, which main.ts prints once, in the start
 * that seeds them.
 *
 * ```ts
 * planDemoSeed({ host: '0.0.0.0', seedDemo: true, seedDemoExplicit: false }) // { seed: true, password: 'k3…', published: false, warning: undefined }
 * ```
 */
export function planDemoSeed(
  config: { readonly host: string; readonly seedDemo: boolean; readonly seedDemoExplicit: boolean },
  generate: () => string = () => randomBytes(15).toString('base64url'),
): DemoSeedPlan {
  if (!config.seedDemo) return { seed: false }
  if (isLoopback(config.host)) return { seed: true, password: DEMO_PASSWORD, published: true, warning: undefined }
  if (config.seedDemoExplicit) {
    return {
      seed: true,
      password: DEMO_PASSWORD,
      published: true,
      warning: `WARNING: SEED_DEMO=1 with HOST=${config.host}: the demo accounts (admin included) use the published password "${DEMO_PASSWORD}", and anyone who can reach this address can sign in with it. Use this only for a demonstration, never with real data.`,
    }
  }
  return { seed: true, password: generate(), published: false, warning: undefined }
}

/** localhost, 127.0.0.0/8 or ::1: only this machine can connect. */
export function isLoopback(host: string): boolean {
  if (host === 'localhost') return true
  if (isIP(host) === 4) return host.startsWith('127.')
  return host === '::1' || host === '[::1]'
}
