import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto'

/**
 * Password hashing with scrypt (memory-hard, in node:crypto). The parameters are stored in the hash,
 * so they can be raised later without invalidating existing passwords.
 * Format: `scrypt$<N>$<r>$<p>$<salt base64>$<key base64>`.
 *
 * ```ts
 * const stored = await hashPassword('correct horse battery staple')
 * await verifyPassword('correct horse battery staple', stored) // true
 * ```
 */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16)
  const key = await derive(password, salt, KEY_LENGTH, DEFAULT_COST)
  return ['scrypt', DEFAULT_COST.N, DEFAULT_COST.r, DEFAULT_COST.p, salt.toString('base64'), key.toString('base64')].join('$')
}

/** True when `password` matches `stored`; false for a wrong password or a malformed hash. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, saltText, keyText] = stored.split('$')
  if (scheme !== 'scrypt' || saltText === undefined || keyText === undefined) return false
  const cost = { N: Number(n), r: Number(r), p: Number(p) }
  if (![cost.N, cost.r, cost.p].every(Number.isSafeInteger)) return false
  const expected = Buffer.from(keyText, 'base64')
  const actual = await derive(password, Buffer.from(saltText, 'base64'), expected.length, cost)
  return timingSafeEqual(actual, expected)
}

/**
 * Spends the time of one verification, so that signing in with an unknown email takes as long as
 * with a wrong password and does not reveal which emails exist.
 */
export async function verifyAgainstDummy(password: string): Promise<false> {
  dummyHash ??= hashPassword('dummy password for timing')
  await verifyPassword(password, await dummyHash)
  return false
}

const KEY_LENGTH = 32
// N=2^15, r=8: 32 MiB of memory per hash, about 0.1 s on our machines.
const DEFAULT_COST = { N: 2 ** 15, r: 8, p: 1 } as const
let dummyHash: Promise<string> | undefined

function derive(password: string, salt: Buffer, length: number, cost: { N: number; r: number; p: number }): Promise<Buffer> {
  const options: ScryptOptions = { ...cost, maxmem: 128 * cost.N * cost.r * 2 }
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFKC'), salt, length, options, (error, key) => (error ? reject(error) : resolve(key)))
  })
}
