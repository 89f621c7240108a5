import { hkdfSync, randomBytes } from 'node:crypto'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'

/**
 * The JWT secret: from the environment when given; on the embedded default, generated once and kept
 * in `dataDir/jwt-secret` (readable by the owner only), so sessions survive a restart.
 */
export async function resolveJwtSecret(fromEnvironment: string | undefined, dataDir: string): Promise<string> {
  if (fromEnvironment !== undefined) return fromEnvironment
  const file = path.join(dataDir, 'jwt-secret')
  try {
    const kept = (await readFile(file, 'utf8')).trim()
    if (kept.length >= 32) return kept
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
  }
  await mkdir(dataDir, { recursive: true })
  const secret = randomBytes(48).toString('base64url')
  await writeFile(file, `${secret}\n`, { mode: 0o600 })
  return secret
}

/**
 * The 256-bit key that encrypts the credential issuers' private keys (services/issuer-keys.ts): drawn
 * from CREDENTIAL_SECRET, else from the JWT secret, with HKDF, so no other use of the secret meets it.
 * Changing the secret retires the issuers' keys (new ones are made; the old stay published).
 */
export function credentialKeyFrom(secret: string): Uint8Array {
  return new Uint8Array(hkdfSync('sha256', secret, 'competency-tracker', 'credential issuer keys', 32))
}

/**
 * The 256-bit keys that encrypt the identity providers' client secrets (services/identity-providers.ts)
 * and the short-lived sign-in flow cookie (services/oidc.ts): drawn from IDENTITY_SECRET, else from the
 * JWT secret, with HKDF, a label for each. Changing the secret makes stored client secrets unreadable:
 * HR enter them again.
 */
export function identityKeyFrom(secret: string, purpose: 'provider secrets' | 'sign-in flow'): Uint8Array {
  return new Uint8Array(hkdfSync('sha256', secret, 'competency-tracker', `identity ${purpose}`, 32))
}
