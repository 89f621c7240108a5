import { z } from 'zod'

/**
 * What people send about credentials: HR revoke one (saying why, for the log), and choose per
 * competency the level from which a validated rating earns a credential (none chosen: the person's
 * target).
 */

/** Why a credential was revoked: at most this long. */
export const REVOKE_REASON_MAX = 500

export const credentialRevocationShape = z
  .object({
    reason: z.string().max(REVOKE_REASON_MAX).optional().describe('Why it is revoked: kept in the audit log, never shown on the public page'),
  })
  .strict()
export type CredentialRevocationInput = z.infer<typeof credentialRevocationShape>

export const credentialLevelsShape = z
  .object({
    levels: z
      .array(
        z
          .object({
            competencyId: z.number().int().positive(),
            level: z.number().int().min(1).max(10).nullable().describe('From this validated level on, a credential is issued; null: from the person\'s target'),
          })
          .strict(),
      )
      .max(2000),
  })
  .strict()
export type CredentialLevelsInput = z.infer<typeof credentialLevelsShape>
